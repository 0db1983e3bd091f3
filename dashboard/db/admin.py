"""Database administration used by the CLI, the app's start-up and the tests."""

from __future__ import annotations

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import URL

from dashboard.db.connection import connect
from dashboard.db.migrate import migrate
from dashboard.db.seed import load_published
from dashboard.errors import UserError


def init_database(url: URL | None = None) -> dict[str, object]:
    """Schema and migrations, then the published data if not loaded yet. Idempotent."""
    try:
        with connect(url) as conn:
            applied = migrate(conn)
            loaded = load_published(conn)
    except (sa.exc.DBAPIError, psycopg.Error) as exc:
        # Migration 0031 creates the app's database roles; a login role without CREATEROLE cannot.
        # (Migration files run on the raw psycopg cursor, so the error may not be wrapped.)
        orig = getattr(exc, "orig", exc)
        if getattr(orig, "sqlstate", None) == "42501" and "itraad_" in str(orig):
            raise UserError("auth.roles_missing") from None
        raise
    return {"applied": applied, **loaded}


def reset_database(url: URL | None = None) -> dict[str, object]:
    """Drop everything in the public schema and initialise again."""
    with connect(url) as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(764221001)"))
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    return init_database(url)


def is_initialised(url: URL | None = None) -> bool:
    with connect(url) as conn:
        return bool(conn.execute(sa.text("SELECT to_regclass('schema_migration') IS NOT NULL")).scalar())
