-- 0030: the audit trail. Every insert, update and delete of a data row is recorded by a
-- database trigger, whatever program made it: who (the application user the app passes for
-- each transaction with set_config('itraad.user', ..., true); 'db:<login>' when a person or
-- script works on the database directly), when, and the old and new values as jsonb.
--
-- The log is append-only: the application's database roles may read it but not change it (see
-- 0031), and a trigger refuses UPDATE, DELETE and TRUNCATE for everyone else too.
--
-- Deleting is a real DELETE. The log keeps the old values of every deleted row, also those
-- removed by ON DELETE CASCADE, under the deleting transaction's id, so "undo" re-inserts exactly
-- the rows of that transaction (dashboard/entry/service.py). Other queries never need to filter
-- out deleted rows.

CREATE TABLE IF NOT EXISTS audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_id       bigint NOT NULL,
    changed_at  timestamptz NOT NULL,
    app_user    text NOT NULL,
    db_role     text NOT NULL,
    table_name  text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    row_key     jsonb,
    old_row     jsonb,
    new_row     jsonb,
    reason      text,
    CONSTRAINT audit_log_values_match_operation CHECK (
        (old_row IS NULL) = (operation = 'INSERT') AND (new_row IS NULL) = (operation = 'DELETE'))
);
CREATE INDEX IF NOT EXISTS audit_log_record_idx ON audit_log (table_name, row_key);
CREATE INDEX IF NOT EXISTS audit_log_key_idx ON audit_log USING gin (row_key jsonb_path_ops);
CREATE INDEX IF NOT EXISTS audit_log_tx_idx ON audit_log (tx_id);
CREATE INDEX IF NOT EXISTS audit_log_changed_at_idx ON audit_log (changed_at);
COMMENT ON TABLE audit_log IS 'Append-only history of every change to the data: who, when, old and new values. Also the source of undo after a delete.';
COMMENT ON COLUMN audit_log.tx_id IS 'The database transaction that made the change: one form submit, one import, one delete (with its cascades).';
COMMENT ON COLUMN audit_log.changed_at IS 'Start of that transaction (the same for all its rows).';
COMMENT ON COLUMN audit_log.app_user IS 'The signed-in application user, or db:<login role> for direct database work (CLI, migrations, seed).';
COMMENT ON COLUMN audit_log.db_role IS 'The database role the change ran as (itraad_writer for the app''s forms).';
COMMENT ON COLUMN audit_log.row_key IS 'The primary key of the changed row, as {"column": value}.';
COMMENT ON COLUMN audit_log.reason IS 'What the application was doing (entry:save, entry:delete, restore:<tx_id>, import:status), from set_config(''itraad.reason'', ...).';

-- Row trigger for every audited table. TG_ARGV[0]: the primary-key columns; TG_ARGV[1]: columns
-- never written to the log (password hashes, generated columns). SECURITY DEFINER so that the application's roles
-- need no privilege on audit_log to have their changes recorded, and cannot write it otherwise.
CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key_columns text[] := coalesce(TG_ARGV[0], '{}')::text[];
    hidden      text[] := coalesce(TG_ARGV[1], '{}')::text[];
    old_values  jsonb;
    new_values  jsonb;
    key_values  jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_values := to_jsonb(OLD) - hidden; END IF;
    IF TG_OP <> 'DELETE' THEN new_values := to_jsonb(NEW) - hidden; END IF;
    IF TG_OP = 'UPDATE' AND old_values = new_values THEN
        RETURN NULL;  -- nothing visible changed (e.g. only a hidden column)
    END IF;
    SELECT jsonb_object_agg(k, coalesce(new_values, old_values) -> k) INTO key_values
    FROM unnest(key_columns) AS k;
    INSERT INTO audit_log (tx_id, changed_at, app_user, db_role, table_name, operation,
                           row_key, old_row, new_row, reason)
    VALUES (pg_current_xact_id()::text::bigint, now(),
            coalesce(nullif(current_setting('itraad.user', true), ''), 'db:' || session_user),
            CASE current_setting('role') WHEN 'none' THEN session_user ELSE current_setting('role') END,
            TG_TABLE_NAME, TG_OP, key_values, old_values, new_values,
            nullif(current_setting('itraad.reason', true), ''));
    RETURN NULL;
END $$;
COMMENT ON FUNCTION audit_row_change IS 'Records one changed row in audit_log (attached to every data table by itraad_secure_tables).';

CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
