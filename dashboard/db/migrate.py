"""Apply the schema and the ordered migrations, each exactly once.

``db/schema.sql`` is version 1. ``db/migrations/NNNN_name.sql`` are versions NNNN, applied in
order in one transaction with the version recorded in ``schema_migration``. Every file is also
written to be idempotent, so even a replay changes nothing.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import sqlalchemy as sa

from dashboard.db import files

log = logging.getLogger(__name__)

_LOCK_KEY = 764_221_001  # pg_advisory_xact_lock key: one migrator at a time per database


def _version_of(path: Path) -> int:
    match = re.match(r"^(\d{4})_", path.name)
    if not match:
        raise ValueError(f"migration file name must start with four digits: {path.name}")
    return int(match.group(1))


def run_sql_file(conn: sa.Connection, path: Path) -> None:
    """Run a whole SQL file (several statements, DO blocks) on the connection's transaction."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(path.read_text("utf-8"))
    finally:
        cursor.close()


def applied_versions(conn: sa.Connection) -> set[int]:
    exists = conn.execute(sa.text("SELECT to_regclass('schema_migration') IS NOT NULL")).scalar()
    if not exists:
        return set()
    return set(conn.execute(sa.text("SELECT version FROM schema_migration")).scalars())


def migrate(conn: sa.Connection) -> list[str]:
    """Bring the database to the newest schema; return the names of the files applied."""
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    done = applied_versions(conn)
    applied: list[str] = []
    if 1 not in done:
        run_sql_file(conn, files.schema_file())
        applied.append(files.schema_file().name)
    for path in files.migration_files():
        version = _version_of(path)
        if version <= 1:
            raise ValueError(f"migration versions start at 0002: {path.name}")
        if version in done:
            continue
        run_sql_file(conn, path)
        conn.execute(
            sa.text("INSERT INTO schema_migration (version, name) VALUES (:v, :n) ON CONFLICT DO NOTHING"),
            {"v": version, "n": path.name},
        )
        applied.append(path.name)
    if applied:
        secure_tables(conn)
        log.info("schema: applied %s", ", ".join(applied))
    return applied


def secure_tables(conn: sa.Connection) -> None:
    """Audit trigger, data_version trigger and role grants on every data table (migration 0031),
    so tables added by any migration are covered, whatever its number."""
    if conn.execute(sa.text("SELECT to_regproc('itraad_secure_tables') IS NOT NULL")).scalar():
        conn.execute(sa.text("SELECT itraad_secure_tables()"))


def schema_version(conn: sa.Connection) -> int:
    versions = applied_versions(conn)
    return max(versions) if versions else 0
