"""Which PostgreSQL to use and how to talk to it.

``DATABASE_URL`` names a server (``postgresql://`` or ``postgresql+psycopg://``). Without it the
embedded server of ``dashboard.db.embedded`` is used. All access goes through SQLAlchemy with
psycopg 3.

Every transaction can run as one of the application's database roles (migration 0031): pages
read as ``READER``, forms write as ``WRITER``, account management runs as ``ACCOUNTS`` and
sign-in as ``SIGN_IN``; ``connect(role=..., user=...)`` sets the role and the signed-in person
for that transaction only (SET LOCAL), so the audit trigger knows who made a change and the
database refuses what the role may not do. Without a role the login role is used as is (the CLI,
migrations, the seed).
"""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from dashboard.errors import DatabaseUnavailable, UserError

# The application's NOLOGIN database roles (db/migrations/0031_accounts_and_roles.sql).
READER = "itraad_reader"
WRITER = "itraad_writer"
ACCOUNTS = "itraad_admin"
SIGN_IN = "itraad_auth"
DATABASE_ROLES = (READER, WRITER, ACCOUNTS, SIGN_IN)

# What a connection error looks like to SQLAlchemy: the server is down, refuses us, or vanished.
CONNECTION_ERRORS = (sa.exc.OperationalError, sa.exc.InterfaceError)


def normalise_url(raw: str) -> URL:
    """Accept ``postgresql://`` and ``postgresql+psycopg://`` and return a psycopg 3 URL.

    Raises UserError for anything else, so a typo in DATABASE_URL is a one-line message.
    """
    raw = raw.strip()
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw[len("postgres://"):]
    try:
        url = make_url(raw)
    except Exception:
        raise UserError("errors.bad_database_url", url=mask_url(raw)) from None
    if url.drivername not in ("postgresql", "postgresql+psycopg"):
        raise UserError("errors.bad_database_url", url=mask_url(raw))
    return url.set(drivername="postgresql+psycopg")


def mask_url(url: str | URL) -> str:
    """The URL with its password replaced by ***, for printing and logging."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def configured_url() -> URL | None:
    """The server named by DATABASE_URL, or None when the embedded server is to be used."""
    raw = os.environ.get("DATABASE_URL", "").strip()
    return normalise_url(raw) if raw else None


def database_url() -> URL:
    """The URL in use: DATABASE_URL, else the embedded server (started if needed)."""
    url = configured_url()
    if url is not None:
        return url
    from dashboard.db.embedded import embedded_url

    return embedded_url()


_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine(url: URL | None = None) -> sa.Engine:
    """One engine (connection pool) per database URL and process."""
    url = url or database_url()
    key = url.render_as_string(hide_password=False)
    with _ENGINES_LOCK:
        eng = _ENGINES.get(key)
        if eng is None:
            eng = _ENGINES[key] = sa.create_engine(
                url,
                pool_size=5,
                max_overflow=10,
                pool_pre_ping=True,  # a server restart must not leave dead connections in the pool
                pool_recycle=1800,
                connect_args={"connect_timeout": 5, "application_name": "itraad"},
            )
        return eng


def dispose_engines() -> None:
    """Close every pooled connection (before dropping a database or stopping the server)."""
    with _ENGINES_LOCK:
        for eng in _ENGINES.values():
            eng.dispose()
        _ENGINES.clear()


def stop_embedded() -> None:
    """Close this process's pools, then release the embedded server (it stops when unused)."""
    from dashboard.db import embedded

    dispose_engines()
    embedded.stop()


@contextmanager
def connect(url: URL | None = None, *, role: str | None = None, user: str | None = None,
            reason: str | None = None) -> Iterator[sa.Connection]:
    """A connection in a transaction that commits on success; connection failures become
    DatabaseUnavailable with a message saying what to do.

    ``role``: run the transaction as this application role (one of DATABASE_ROLES);
    ``user``: the signed-in person, recorded by the audit trail; ``reason``: what the
    application is doing (recorded in the audit trail too)."""
    if role is not None and role not in DATABASE_ROLES:
        raise ValueError(f"unknown database role {role!r}")
    try:
        eng = engine(url)
        with eng.begin() as conn:
            _set_transaction_context(conn, role=role, user=user, reason=reason)
            yield conn
    except CONNECTION_ERRORS as exc:
        if _is_connection_failure(exc):
            raise DatabaseUnavailable("errors.database_unavailable",
                                      url=mask_url(url or _safe_url())) from None
        raise


def _set_transaction_context(conn: sa.Connection, **settings: str | None) -> None:
    """SET LOCAL the role, itraad.user and itraad.reason in one round trip (ends with the transaction)."""
    names = {"role": "role", "user": "itraad.user", "reason": "itraad.reason"}
    given = {name: value for name, value in settings.items() if value is not None}
    if given:
        columns = ", ".join(f"set_config('{names[name]}', :{name}, true)" for name in given)
        conn.execute(sa.text(f"SELECT {columns}"), given)


def _safe_url() -> str:
    try:
        return mask_url(database_url())
    except Exception:
        return "?"


def _is_connection_failure(exc: Exception) -> bool:
    if isinstance(exc, sa.exc.InterfaceError):
        return True
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None)
    # No SQLSTATE: the failure happened before the server answered (refused, timeout, DNS).
    # Class 08: connection exception; 57P: operator intervention (shutdown, restart).
    return sqlstate is None or sqlstate.startswith("08") or sqlstate.startswith("57P")


def check_connection(url: URL | None = None) -> None:
    with connect(url) as conn:
        conn.execute(sa.text("SELECT 1"))
