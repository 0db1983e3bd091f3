"""Where the schema, migrations and seed data live.

In a source checkout they are the repository's ``db/`` folder; an installed wheel carries the same
folder inside the package as ``dashboard/db_files`` (see dashboard/files.py and pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

from dashboard.files import project_file


def db_dir() -> Path:
    return project_file("db")


def schema_file() -> Path:
    return db_dir() / "schema.sql"


def migration_files() -> list[Path]:
    return sorted((db_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def seed_dir() -> Path:
    return db_dir() / "seed"
