-- 0045: a restore of the whole database (`itraad db restore FILE`) is itself recorded in the
-- restored database's audit trail: who restored, when, from which file, and the file's SHA-256,
-- so replacing every row never happens silently.
--
-- `itraad db restore` runs this file again inside the restore's own transaction, after the dump's
-- content (a dump made before this migration has no such table), and then inserts one row; the
-- audit trigger writes that row to audit_log (operation INSERT, reason 'database:restore').
-- The table is bookkeeping, not data: the app's roles may read it but never write it.

CREATE TABLE IF NOT EXISTS database_restore (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    restored_at  timestamptz NOT NULL DEFAULT now(),
    restored_by  text NOT NULL CHECK (btrim(restored_by) <> ''),
    db_login     text NOT NULL DEFAULT session_user,
    file_name    text NOT NULL CHECK (btrim(file_name) <> ''),
    file_sha256  text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    file_bytes   bigint NOT NULL CHECK (file_bytes > 0)
);
COMMENT ON TABLE database_restore IS 'Every restore of the whole database from a dump file: who (cli:<OS user>), when, which file and its SHA-256. Audited, so the restored audit trail says it was restored.';
COMMENT ON COLUMN database_restore.file_name IS 'The dump file as given to itraad db restore (resolved path).';
COMMENT ON COLUMN database_restore.file_sha256 IS 'SHA-256 of the dump file, lower-case hex: which exact file the content came from.';

-- Not domain data: no writer grants and no data_version bump from itraad_secure_tables().
CREATE OR REPLACE FUNCTION itraad_bookkeeping_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['audit_log', 'data_version', 'schema_migration', 'seed_load', 'form_submission', 'app_user',
                 'web_session', 'sign_in_handoff', 'database_restore']
$$;

-- Audited like app_user (itraad_secure_tables audits only data tables and app_user).
DO $$ BEGIN
    IF to_regproc('audit_row_change') IS NOT NULL THEN
        CREATE OR REPLACE TRIGGER database_restore_audit AFTER INSERT OR UPDATE OR DELETE ON database_restore
            FOR EACH ROW EXECUTE FUNCTION audit_row_change('{id}', '{}');
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'itraad_reader') THEN
        GRANT SELECT ON database_restore TO itraad_reader;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON database_restore FROM itraad_writer;
    END IF;
END $$;
