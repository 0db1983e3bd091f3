-- 0031: application accounts, database roles, and the per-table security of the data.
--
-- People sign in as viewer (directors, council members: read only), secretariat (enters and
-- maintains the data) or admin (also manages accounts). The database enforces the same split:
-- the app runs every transaction as one of these NOLOGIN roles (SET LOCAL ROLE), so a bug in
-- the app cannot make a viewer's request write anything:
--   itraad_reader   SELECT on the data, the audit trail and the bookkeeping tables
--   itraad_writer   itraad_reader + INSERT/UPDATE/DELETE on the data tables; never on audit_log
--   itraad_admin    itraad_writer + the accounts table (without reading password hashes)
--   itraad_auth     sign-in only: reads an account with its hash, records the attempt
-- The role that runs the migrations (the app's login role) needs CREATEROLE the first time, or an
-- administrator runs `itraad db init` once as a superuser (see README "Roles and sign-in").
--
-- itraad_secure_tables() attaches the audit trigger and the data_version trigger to every data
-- table of the public schema and grants the roles, so tables added by any later migration are
-- covered too: dashboard/db/migrate.py calls it after each run that applied a migration.

DO $$ BEGIN
    CREATE TYPE app_role AS ENUM ('viewer', 'secretariat', 'admin');
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE IF NOT EXISTS app_user (
    id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@+-]{1,99}$'),
    display_name         short_text,
    role                 app_role NOT NULL,
    -- argon2id (argon2-cffi); NULL for an account that signs in only through OpenID Connect.
    password_hash        text CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    active               boolean NOT NULL DEFAULT true,
    failed_logins        smallint NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until         timestamptz,
    last_login_at        timestamptz,
    password_changed_at  timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL
);
COMMENT ON TABLE app_user IS 'A person who may sign in: local account (argon2id password hash) or OpenID Connect identity (username = e-mail), with a role.';
COMMENT ON COLUMN app_user.username IS 'Lower case; the e-mail address for OpenID Connect accounts. Written as entered_by and in the audit trail.';
COMMENT ON COLUMN app_user.failed_logins IS 'Failed sign-ins in a row; after five the account is locked for a while (locked_until).';

-- One row per form submit that saved something: a second submit of the same form render (a
-- double click, a resent request) finds its token here and saves nothing.
CREATE TABLE IF NOT EXISTS form_submission (
    token         uuid PRIMARY KEY,
    form          text NOT NULL,
    app_user      text NOT NULL,
    record_key    text,
    submitted_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE form_submission IS 'Idempotency tokens of saved form submits (one per form render), so a double click saves once.';

-- The NOLOGIN roles (cluster-wide; shared by every Rådsportalen database on the server).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['itraad_reader', 'itraad_writer', 'itraad_admin', 'itraad_auth'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile by another database's init
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'the database role % does not exist and % may not create roles', r, current_user
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'Run "itraad db init" once as a role with CREATEROLE or as a superuser.';
            END;
        END IF;
    END LOOP;
END $$;

-- Membership: writer reads, admin writes, and the app's login role may SET ROLE to each.
DO $$
DECLARE
    grant_pair text[];
BEGIN
    FOREACH grant_pair SLICE 1 IN ARRAY ARRAY[
        ARRAY['itraad_reader', 'itraad_writer'],
        ARRAY['itraad_writer', 'itraad_admin'],
        ARRAY['itraad_reader', current_user::text],
        ARRAY['itraad_writer', current_user::text],
        ARRAY['itraad_admin', current_user::text],
        ARRAY['itraad_auth', current_user::text]] LOOP
        IF NOT pg_has_role(grant_pair[2], grant_pair[1], 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', grant_pair[1], grant_pair[2]);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END LOOP;
END $$;

-- Tables that are not domain data: not audited as data, not bumping data_version, not writable
-- by itraad_writer. (app_user is audited, without its secrets.)
CREATE OR REPLACE FUNCTION itraad_bookkeeping_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['audit_log', 'data_version', 'schema_migration', 'seed_load', 'form_submission', 'app_user']
$$;
COMMENT ON FUNCTION itraad_bookkeeping_tables IS 'Tables of the public schema that are not domain data (everything else is audited and writable by itraad_writer).';

CREATE OR REPLACE FUNCTION itraad_secure_tables() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    rel          record;
    key_columns  text[];
    hidden       text[];
    secured      integer := 0;
BEGIN
    FOR rel IN
        SELECT c.oid, c.relname::text AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND (c.relname <> ALL (itraad_bookkeeping_tables()) OR c.relname = 'app_user')
        ORDER BY c.relname
    LOOP
        SELECT coalesce(array_agg(a.attname::text ORDER BY k.ord), '{}') INTO key_columns
        FROM pg_index i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = rel.oid AND i.indisprimary;
        -- Not logged: secrets, and generated columns (derived from the logged ones, e.g. a
        -- status report's overall colour or a recommendation's search vector).
        SELECT coalesce(array_agg(a.attname::text), '{}') INTO hidden
        FROM pg_attribute a WHERE a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> '';
        IF rel.name = 'app_user' THEN
            hidden := hidden || ARRAY['password_hash', 'failed_logins', 'locked_until', 'last_login_at'];
        END IF;
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION audit_row_change(%L, %L)',
                       rel.name || '_audit', rel.name, key_columns, hidden);
        IF rel.name <> 'app_user' THEN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = rel.oid AND tgname = rel.name || '_bump_version') THEN
                EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                               'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()',
                               rel.name || '_bump_version', rel.name);
            END IF;
            EXECUTE format('GRANT SELECT ON %I TO itraad_reader', rel.name);
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO itraad_writer', rel.name);
        END IF;
        secured := secured + 1;
    END LOOP;
    FOR rel IN
        SELECT c.relname::text AS name FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
    LOOP
        EXECUTE format('GRANT SELECT ON %I TO itraad_reader', rel.name);
    END LOOP;

    GRANT USAGE ON SCHEMA public TO itraad_reader, itraad_auth;
    GRANT SELECT ON audit_log, data_version, schema_migration, seed_load TO itraad_reader;
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, schema_migration, seed_load FROM itraad_writer;
    -- The data_version trigger runs as the writer.
    GRANT UPDATE ON data_version TO itraad_writer;
    GRANT SELECT, INSERT, UPDATE ON form_submission TO itraad_writer;
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO itraad_writer;
    -- Accounts: admins manage them without seeing hashes; sign-in reads the hash of one account.
    REVOKE ALL ON app_user FROM itraad_reader, itraad_writer;
    GRANT SELECT (id, username, display_name, role, active, locked_until, last_login_at,
                  password_changed_at, created_at, created_by) ON app_user TO itraad_admin;
    GRANT INSERT, UPDATE (display_name, role, active, password_hash, failed_logins, locked_until,
                          password_changed_at) ON app_user TO itraad_admin;
    GRANT SELECT, UPDATE (password_hash, failed_logins, locked_until, last_login_at) ON app_user TO itraad_auth;
    RETURN secured;
END $$;
COMMENT ON FUNCTION itraad_secure_tables IS 'Audit trigger, data_version trigger and role grants on every table of the public schema; idempotent, run after migrations.';

-- Tables created later by the same login role get the grants at once as well.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO itraad_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO itraad_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO itraad_writer;

SELECT itraad_secure_tables();
