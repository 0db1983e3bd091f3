"""The web app's database login is not a superuser and can only become the app's roles (issue 11,
must-fix 5): a transaction that resets its role can read and write nothing, and the audit trigger
cannot be switched off. Run on the embedded server and on PostgreSQL 15 (TEST_DATABASE_URL)."""

from __future__ import annotations

import json
import threading

import pytest
import sqlalchemy as sa

from dashboard.db import logins
from dashboard.db.connection import READER, WRITER, connect, dispose_engines
from dashboard.errors import UserError

REFUSED = [
    "SET ROLE itraad_writer; RESET ROLE; UPDATE project SET name = name || '!'",
    "RESET ROLE; UPDATE project SET name = name || '!'",
    "RESET ROLE; SELECT count(*) FROM project",
    "RESET ROLE; DELETE FROM audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "SET ROLE itraad_writer; ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "SET ROLE itraad_admin; ALTER TABLE project DISABLE TRIGGER project_audit",
    "SET ROLE itraad_writer; DELETE FROM audit_log",
    "SET ROLE itraad_writer; TRUNCATE project CASCADE",
    "SET ROLE postgres",
    "SET SESSION AUTHORIZATION postgres",
    "CREATE TABLE public.ny_tabel (id int)",
    "CREATE ROLE ny_rolle SUPERUSER",
    "SET ROLE itraad_admin; GRANT itraad_writer TO itraad_reader",
    "SET ROLE itraad_writer; UPDATE app_user SET role = 'admin'",
]


@pytest.fixture
def app_login(db_url, tmp_path):
    """This test's own app login (its own data dir), dropped afterwards: roles are server-wide."""
    url = logins.app_url(db_url, data_dir=tmp_path)
    yield url
    dispose_engines()
    admin = sa.create_engine(db_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP ROLE IF EXISTS "{url.username}"'))
    admin.dispose()


def test_the_app_login_is_unprivileged_and_kept_private(app_login, db_url, tmp_path):
    assert app_login.username != db_url.username and app_login.username.startswith("itraad_app_")
    assert (tmp_path / "app-login.json").stat().st_mode & 0o777 == 0o600
    assert json.loads((tmp_path / "app-login.json").read_text())["login"] == app_login.username
    admin = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        role = conn.execute(sa.text(
            "SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin FROM pg_roles"
            " WHERE rolname = :n"), {"n": app_login.username}).one()
        member_of = set(conn.execute(sa.text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"), {"n": app_login.username}).scalars())
    admin.dispose()
    assert tuple(role) == (False, False, False, False, False, True)
    assert member_of == {"itraad_reader", "itraad_writer", "itraad_admin", "itraad_auth"}


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_login_cannot_escape_its_roles(app_login, db, statement):
    before = _audit_and_names(db)
    engine = sa.create_engine(app_login, poolclass=sa.pool.NullPool)
    with pytest.raises(sa.exc.DBAPIError) as refused:
        with engine.begin() as conn:
            for part in statement.split("; "):
                conn.execute(sa.text(part))
    engine.dispose()
    assert refused.value.orig.sqlstate == "42501", refused.value   # insufficient_privilege
    assert _audit_and_names(db) == before


def _audit_and_names(db):
    with db.connect() as conn:
        return conn.execute(sa.text(
            "SELECT (SELECT count(*) FROM audit_log), (SELECT string_agg(name, ',' ORDER BY id) FROM project),"
            " (SELECT count(*) FROM pg_trigger WHERE NOT tgenabled = 'O')")).one()


def test_the_app_login_works_through_the_app_roles(app_login):
    with connect(app_login, role=READER) as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project")).scalar() >= 17
    with connect(app_login, role=WRITER, user="anna", reason="test") as conn:
        conn.execute(sa.text("INSERT INTO organisation (name, kind, provenance, entered_by, entered_at)"
                             " VALUES ('Region Test', 'region', 'entered', 'anna', now())"))
    with connect(app_login, role=READER) as conn:
        who = conn.execute(sa.text("SELECT app_user, db_role FROM audit_log WHERE table_name = 'organisation'"
                                   " ORDER BY id DESC LIMIT 1")).one()
    assert tuple(who) == ("anna", "itraad_writer")


def test_concurrent_starts_share_one_login_and_a_lost_password_is_set_again(db_url, tmp_path):
    urls, errors = [], []

    def start() -> None:
        try:
            urls.append(logins.app_url(db_url, data_dir=tmp_path))
        except Exception as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    admin = sa.create_engine(db_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        assert errors == [] and len({u.render_as_string(hide_password=False) for u in urls}) == 1
        name = urls[0].username
        with admin.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'itraad_app_%'"
                                        " AND rolname = :n"), {"n": name}).scalar() == 1
            conn.execute(sa.text(f'ALTER ROLE "{name}" INHERIT CREATEDB'))   # someone widened it
        again = logins.app_url(db_url, data_dir=tmp_path)
        assert again == urls[0]
        with admin.connect() as conn:
            assert conn.execute(sa.text("SELECT rolinherit OR rolcreatedb FROM pg_roles WHERE rolname = :n"),
                                {"n": name}).scalar() is False
    finally:
        dispose_engines()
        with admin.connect() as conn:
            for url in {u.username for u in urls}:
                conn.execute(sa.text(f'DROP ROLE IF EXISTS "{url}"'))
        admin.dispose()


def test_a_privileged_login_is_refused_for_the_app(db_url, monkeypatch):
    monkeypatch.setenv(logins.APP_URL_ENV, db_url.render_as_string(hide_password=False))   # the superuser
    with pytest.raises(UserError) as refused:
        logins.app_url(db_url)
    assert refused.value.key == "app_login.privileged"
    assert "superbruger" in refused.value.message("da")


def test_itraad_run_serves_the_app_as_the_app_login(app_server, db_url):
    """The running app's connections to its database are the app login's, none the superuser's."""
    from dashboard.bench.client import Viewer, run_sync

    async def visit() -> list:
        async with Viewer(app_server.ws_url) as viewer:
            return [await viewer.open(page) for page in ("portefolje", "status")]

    assert all(r.status == "FINISHED_SUCCESSFULLY" and not r.exceptions for r in run_sync(visit()))
    admin = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        sessions = conn.execute(sa.text(
            "SELECT usename, (SELECT rolsuper FROM pg_roles WHERE rolname = usename) AS super"
            " FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"), {"d": db_url.database}).all()
    admin.dispose()
    assert sessions and all(s.usename.startswith("itraad_app_") and not s.super for s in sessions), sessions
