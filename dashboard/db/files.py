"""Where the schema, migrations and seed data live.

In a source checkout they are the repository's ``db/`` folder; an installed wheel carries the same
folder inside the package as ``dashboard/db_files`` (see pyproject.toml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def db_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "db_files", package.parent / "db"):
        if (candidate / "schema.sql").is_file():
            return candidate
    raise FileNotFoundError("db/schema.sql not found next to the dashboard package")


def schema_file() -> Path:
    return db_dir() / "schema.sql"


def migration_files() -> list[Path]:
    return sorted((db_dir() / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))


def seed_dir() -> Path:
    return db_dir() / "seed"
