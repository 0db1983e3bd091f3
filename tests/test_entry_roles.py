"""Roles, sign-in and the database's own enforcement: a viewer's write is refused by the app and
by the database, the audit trail cannot be altered, tables added later are covered too."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import sqlalchemy as sa

from dashboard import accounts
from dashboard.accounts import Actor, PermissionDenied
from dashboard.db.connection import ACCOUNTS, READER, SIGN_IN, WRITER, connect
from dashboard.db.migrate import secure_tables
from dashboard.entry import service
from helpers import table_checksums

VIEWER = Actor("vera", "viewer")
ANNA = Actor("anna", "secretariat")
ORGANISATION = {"name": "Testkommune", "kind": "municipality"}


def test_a_viewers_write_is_refused_by_the_app(db):
    with db.connect() as conn:
        before = table_checksums(conn)
    with pytest.raises(PermissionDenied) as refused:
        service.save("organisation", ORGANISATION, VIEWER, token=service.new_token())
    assert "ikke ret til at ændre data" in refused.value.message("da")
    with pytest.raises(PermissionDenied):
        service.delete("organisation", 1, VIEWER, opened_version=0)
    with pytest.raises(PermissionDenied):
        service.restore(1, VIEWER)
    with pytest.raises(PermissionDenied):
        service.save("organisation", ORGANISATION, None, token=service.new_token())
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_a_viewers_write_is_refused_by_the_database_too(db):
    """Skip the app's check (as a bug would): the transaction runs as itraad_reader, which
    the database does not let write."""
    with db.connect() as conn:
        before = table_checksums(conn)
    with pytest.raises(PermissionDenied):
        service._save("organisation", ORGANISATION, VIEWER, token=service.new_token(), record_id=None,
                      opened_version=None, url=None)
    for statement in ("INSERT INTO organisation (name, kind, provenance, entered_by, entered_at)"
                      " VALUES ('X', 'region', 'entered', 'vera', now())",
                      "UPDATE project SET purpose = 'x'", "DELETE FROM status_report",
                      "TRUNCATE activity CASCADE", "UPDATE data_version SET version = 0"):
        with pytest.raises(sa.exc.ProgrammingError) as exc:
            with connect(role=READER, user="vera") as conn:
                conn.execute(sa.text(statement))
        assert exc.value.orig.sqlstate == "42501", statement
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_pages_read_as_the_read_only_role(db):
    with connect(role=READER) as conn:
        assert conn.execute(sa.text("SELECT current_user")).scalar() == "itraad_reader"
        assert conn.execute(sa.text("SELECT count(*) FROM project")).scalar() == 17


def test_the_audit_trail_cannot_be_altered_by_the_app(db):
    service.save("organisation", ORGANISATION, ANNA, token=service.new_token())
    for role in (WRITER, ACCOUNTS, READER):
        for statement in ("UPDATE audit_log SET app_user = 'someone else'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log",
                          "INSERT INTO audit_log (tx_id, changed_at, app_user, db_role, table_name, operation, new_row)"
                          " VALUES (1, now(), 'forged', 'x', 'project', 'INSERT', '{}')"):
            with pytest.raises(sa.exc.ProgrammingError) as exc:
                with connect(role=role, user="anna") as conn:
                    conn.execute(sa.text(statement))
            assert exc.value.orig.sqlstate == "42501", (role, statement)
    # Not even the owner changes it without first switching the trigger off deliberately.
    with pytest.raises(sa.exc.ProgrammingError):
        with db.begin() as conn:
            conn.execute(sa.text("DELETE FROM audit_log"))
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE app_user = 'anna'")).scalar() == 1


def test_the_writer_cannot_read_or_change_accounts(db):
    with db.begin() as conn:
        accounts.create_user(conn, "vera", "viewer", "et langt og godt kodeord", None, "test")
    for role in (READER, WRITER):
        with pytest.raises(sa.exc.ProgrammingError):
            with connect(role=role) as conn:
                conn.execute(sa.text("SELECT username FROM app_user"))
    with pytest.raises(sa.exc.ProgrammingError):  # admins manage accounts without reading hashes
        with connect(role=ACCOUNTS) as conn:
            conn.execute(sa.text("SELECT password_hash FROM app_user"))
    with pytest.raises(sa.exc.ProgrammingError):  # sign-in reads, never creates accounts
        with connect(role=SIGN_IN) as conn:
            conn.execute(sa.text("INSERT INTO app_user (username, role, created_by) VALUES ('x1', 'admin', 'x')"))


def test_password_hashes_never_reach_the_audit_trail(db):
    with db.begin() as conn:
        accounts.create_user(conn, "vera", "viewer", "et langt og godt kodeord", "Vera", "test")
    assert accounts.sign_in("vera", "et langt og godt kodeord").actor is not None
    with db.connect() as conn:
        rows = conn.execute(sa.text("SELECT new_row::text FROM audit_log WHERE table_name = 'app_user'")).scalars().all()
    assert len(rows) == 1 and "argon2" not in rows[0] and "vera" in rows[0]   # sign-ins are not logged as changes


def test_a_table_added_by_a_later_migration_is_audited_and_granted(db):
    with db.begin() as conn:
        conn.execute(sa.text("CREATE TABLE meeting_note (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                             " note text NOT NULL)"))
        secure_tables(conn)
        before = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
    with connect(role=WRITER, user="anna") as conn:
        conn.execute(sa.text("INSERT INTO meeting_note (note) VALUES ('hej')"))
    with pytest.raises(sa.exc.ProgrammingError):
        with connect(role=READER) as conn:
            conn.execute(sa.text("DELETE FROM meeting_note"))
    with db.connect() as conn:
        audit = conn.execute(sa.text("SELECT app_user, row_key FROM audit_log WHERE table_name = 'meeting_note'")).one()
        assert audit == ("anna", {"id": 1})
        assert conn.execute(sa.text("SELECT version FROM data_version")).scalar() == before + 1


def test_every_data_table_is_audited_and_bumps_the_data_version(db):
    with db.connect() as conn:
        missing = conn.execute(sa.text(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
            " AND c.relname <> ALL (itraad_bookkeeping_tables())"
            " AND (NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgname = c.relname || '_audit')"
            "  OR NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = c.oid AND tgname = c.relname || '_bump_version'))"
        )).scalars().all()
    assert missing == []


# --- accounts and sign-in -------------------------------------------------------------------

def test_sign_in_with_a_local_account(db):
    with db.begin() as conn:
        accounts.create_user(conn, "Anna", "secretariat", "korrekt hest batteri", "Anna A.", "test")
    assert accounts.sign_in("anna", "korrekt hest batteri").actor == Actor("anna", "secretariat", "Anna A.", "local")
    wrong = accounts.sign_in("anna", "forkert kodeord!!")
    unknown = accounts.sign_in("nobody", "korrekt hest batteri")
    assert wrong.actor is None and unknown.actor is None and wrong.error_key == unknown.error_key  # no hint which
    with db.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM app_user WHERE username = 'anna'")).scalar()
    assert stored.startswith("$argon2id$") and "korrekt" not in stored


def test_five_wrong_passwords_lock_the_account(db):
    with db.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", "korrekt hest batteri", None, "test")
    for _ in range(accounts.MAX_FAILED_SIGN_INS):
        assert accounts.sign_in("anna", "forkert kodeord!!").actor is None
    locked = accounts.sign_in("anna", "korrekt hest batteri")
    assert locked.actor is None and locked.error_key == "auth.sign_in_failed"  # as for any failure (test_sessions)
    with db.begin() as conn:  # an admin's new password unlocks it
        accounts.update_user(conn, "anna", password="et helt nyt kodeord")
    assert accounts.sign_in("anna", "et helt nyt kodeord").actor is not None


def test_a_disabled_account_cannot_sign_in_and_a_role_change_is_seen(db):
    with db.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", "korrekt hest batteri", None, "test")
        accounts.update_user(conn, "anna", role="viewer")
    assert accounts.current_account("anna") == ("viewer", True)
    with db.begin() as conn:
        accounts.update_user(conn, "anna", active=False)
    assert accounts.sign_in("anna", "korrekt hest batteri").actor is None
    assert accounts.current_account("anna") == ("viewer", False)


@pytest.mark.parametrize("password, key", [("kort", "auth.password_short"), ("aaaaaaaaaaaaaaaa", "auth.password_weak"),
                                           ("anna-anna-anna", "auth.password_weak"), ("anna er sekretær", None), ("x" * 2000, "auth.password_long")])
def test_password_policy(password, key):
    if key is None:
        accounts.check_password_policy(password, "anna")
        return
    with pytest.raises(accounts.AuthError) as exc:
        accounts.check_password_policy(password, "anna")
    assert exc.value.key == key


def test_an_oidc_person_without_an_account_only_reads(db):
    person = accounts.oidc_actor("Ukendt@Region.dk", "Ukendt")
    assert person == Actor("ukendt@region.dk", "viewer", "Ukendt", "oidc") and not person.can_write
    with db.begin() as conn:
        accounts.create_user(conn, "sekr@regioner.dk", "secretariat", None, None, "test")
    assert accounts.oidc_actor("sekr@regioner.dk", "S").role == "secretariat"
    assert accounts.sign_in("sekr@regioner.dk", "anything at all").actor is None  # no local password


def test_admin_cannot_lock_themselves_out():
    admin = Actor("ada", "admin")
    with pytest.raises(accounts.AuthError):
        accounts.check_own_account(admin, "ada", "viewer", None)
    with pytest.raises(accounts.AuthError):
        accounts.check_own_account(admin, "ada", None, False)
    accounts.check_own_account(admin, "bo", "viewer", False)


def _itraad(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_itraad_user_add_reads_the_password_from_stdin(db_url, db):
    done = _itraad("user", "add", "sekr", "--role", "secretariat", "--name", "Sekretær", stdin="korrekt hest batteri\n")
    assert done.returncode == 0, done.stderr
    assert "sekr" in done.stdout
    # A Danish sentence names the role in Danish (it said "rollen secretariat"), the code after it.
    assert "med rollen sekretariat (secretariat)" in done.stdout
    assert accounts.sign_in("sekr", "korrekt hest batteri").actor.role == "secretariat"
    again = _itraad("user", "add", "sekr", "--role", "viewer", stdin="korrekt hest batteri\n")
    assert again.returncode == 2 and "findes allerede" in again.stderr and "Traceback" not in again.stderr
    weak = _itraad("user", "add", "bo", "--role", "viewer", stdin="kort\n")
    assert weak.returncode == 2 and "mindst 12 tegn" in weak.stderr
    listed = _itraad("user", "list")
    assert "sekr" in listed.stdout and "secretariat" in listed.stdout and "Sekretariat" in listed.stdout
    changed = _itraad("user", "set", "sekr", "--role", "admin", "--disable")
    assert changed.returncode == 0, changed.stderr
    assert accounts.current_account("sekr") == ("admin", False)
    with db.connect() as conn:
        audit = conn.execute(sa.text("SELECT app_user FROM audit_log WHERE table_name = 'app_user'")).scalars().all()
    assert audit and all(a.startswith("cli:") for a in audit)


def test_writes_pass_the_person_to_the_database_for_the_transaction_only(db):
    service.save("organisation", ORGANISATION, ANNA, token=service.new_token())
    with connect() as conn:  # the next transaction on the same pool is nobody in particular
        assert conn.execute(sa.text("SELECT current_setting('itraad.user', true)")).scalar() in (None, "")
        assert conn.execute(sa.text("SELECT current_user")).scalar() != "itraad_writer"


def test_reported_at_is_the_day_in_copenhagen():
    from dashboard.entry.records import reported_at

    assert reported_at(dt.date(2024, 3, 31)).astimezone(dt.timezone.utc).date() == dt.date(2024, 3, 31)


def test_a_login_role_without_the_app_roles_gets_a_message_saying_what_to_do(server_admin_url, run_id):
    """`itraad db init` as a role that may neither create nor be granted itraad_* roles."""
    from dashboard.db.admin import init_database
    from dashboard.db.connection import dispose_engines
    from dashboard.errors import UserError

    role, database = f"itraad_test_plain_{run_id}", f"itraad_t_{run_id}_plain"
    admin = sa.create_engine(server_admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(sa.text(f'CREATE DATABASE "{database}" OWNER "{role}"'))
    try:
        owner = sa.create_engine(server_admin_url.set(database=database), isolation_level="AUTOCOMMIT",
                                 poolclass=sa.pool.NullPool)
        with owner.connect() as conn:
            conn.execute(sa.text(f'ALTER SCHEMA public OWNER TO "{role}"'))
        with pytest.raises(UserError) as refused:
            init_database(server_admin_url.set(database=database, username=role, password=None))
        assert refused.value.key == "auth.roles_missing" and "GRANT itraad_reader" in refused.value.message("da")
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
