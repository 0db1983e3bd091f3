-- 0040: sign-in sessions kept by the server, so a sign-in survives a reload without a token in any URL.
--
-- A correct password starts a web_session (the account, when, last seen). The browser that signed in
-- already holds the server's own HttpOnly cookie (itraad_browser, set with the first page); a
-- sign_in_handoff ties the new session to that cookie for one minute. The browser then visits the
-- server's /_itraad/sign-in, which finds the handoff by its cookie, gives the session a fresh random
-- token and sets it as the HttpOnly, SameSite=Strict session cookie (itraad_session). The database
-- holds only SHA-256 hashes of both cookies, so a copy of these tables signs nobody in.
-- Signing out, idle expiry (ITRAAD_SESSION_IDLE_MINUTES), a new password, a new role and a disabled
-- account end sessions (ended_at with end_reason); see dashboard/sessions.py.

CREATE TABLE IF NOT EXISTS web_session (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    app_user_id   integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- SHA-256 of the session cookie's random token; replaced when the cookie is handed to the browser.
    token_hash    bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    ended_at      timestamptz,
    end_reason    text CHECK (end_reason IN ('signed_out', 'idle', 'password_changed', 'role_changed',
                                             'disabled', 'replaced')),
    CONSTRAINT web_session_ended_with_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CONSTRAINT web_session_seen_after_start CHECK (last_seen_at >= created_at)
);
COMMENT ON TABLE web_session IS 'A sign-in of a local account in one browser: open until signed out, idle too long, or ended by a new password, a new role or a disabled account.';
COMMENT ON COLUMN web_session.token_hash IS 'SHA-256 of the random token in the browser''s HttpOnly session cookie; the token itself is never stored.';
COMMENT ON COLUMN web_session.last_seen_at IS 'The last click of the session; a session idle longer than ITRAAD_SESSION_IDLE_MINUTES is over.';
COMMENT ON COLUMN web_session.end_reason IS 'signed_out, idle, password_changed, role_changed, disabled, or replaced (another sign-in in the same browser).';
CREATE INDEX IF NOT EXISTS web_session_open_by_account ON web_session (app_user_id) WHERE ended_at IS NULL;

CREATE TABLE IF NOT EXISTS sign_in_handoff (
    -- SHA-256 of the browser's own HttpOnly cookie (itraad_browser): only that browser can redeem it.
    browser_hash    bytea PRIMARY KEY CHECK (octet_length(browser_hash) = 32),
    web_session_id  bigint NOT NULL REFERENCES web_session (id) ON DELETE CASCADE,
    -- The page (and query) asked for, relative to the app's root: where the browser lands.
    next_path       text NOT NULL CHECK (next_path ~ '^/([^/]|$)' AND length(next_path) <= 4000),
    expires_at      timestamptz NOT NULL
);
COMMENT ON TABLE sign_in_handoff IS 'A sign-in waiting for its browser to fetch the session cookie (one use, about a minute).';

-- Bookkeeping, not domain data: no audit trigger, no data_version bump (a click must not empty the
-- caches), and not readable or writable by the data roles. The list of 0031 plus the two tables above.
CREATE OR REPLACE FUNCTION itraad_bookkeeping_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['audit_log', 'data_version', 'schema_migration', 'seed_load', 'form_submission', 'app_user',
                 'web_session', 'sign_in_handoff']
$$;

-- The default privileges of 0031 gave every new table to the data roles; these two are for sign-in only.
REVOKE ALL ON web_session, sign_in_handoff FROM itraad_reader, itraad_writer;
GRANT SELECT, INSERT, UPDATE ON web_session TO itraad_auth;
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_handoff TO itraad_auth;
-- Account management ends the sessions of an account whose password or role changes.
GRANT SELECT (id, app_user_id, ended_at), UPDATE (ended_at, end_reason) ON web_session TO itraad_admin;
