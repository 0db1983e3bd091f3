"""The web app's own database login: not a superuser, owns nothing, can only become the app roles.

Two logins touch a Rådsportalen database:

- the **administration login** (``DATABASE_URL``, or the embedded server's superuser ``postgres``)
  owns the tables and runs the migrations, the seed and ``itraad db …`` / ``itraad user …``;
- the **app login**, used by the web app that ``itraad run`` serves. It is a LOGIN role with
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS and NOINHERIT, a member of the four
  NOLOGIN roles of migration 0031 (itraad_reader, itraad_writer, itraad_admin, itraad_auth) and of
  nothing else. Every transaction of the app runs ``SET LOCAL ROLE`` to one of them; with NOINHERIT
  the login itself has no privilege on any table, so a transaction that says ``RESET ROLE`` can
  read and write nothing, and it owns no table, so it can never ``ALTER TABLE … DISABLE TRIGGER``.

``ITRAAD_APP_DATABASE_URL`` names an app login the operator made. Without it ``itraad run`` makes
one with the administration login (which must be a superuser or have CREATEROLE): the name
``itraad_app_<8 hex>`` and a generated password are kept in ``<data dir>/app-login.json``
(permissions 0600), created once, so every process using that data dir uses the same login. Roles
are server-wide: every data dir (every installation, every test run) has its own login, so two of
them never fight over a password, and creating, granting and checking are idempotent and safe when
several processes do it at the same time.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import URL

from dashboard.db.connection import DATABASE_ROLES, normalise_url
from dashboard.errors import UserError

log = logging.getLogger(__name__)

APP_URL_ENV = "ITRAAD_APP_DATABASE_URL"
LOGIN_FILE = "app-login.json"
# Errors two processes get when they create or grant the same thing at the same moment.
_RACES = ("42710", "23505", "XX000", "40001", "40P01")  # duplicate_object, unique_violation, "tuple concurrently updated", …


def login_file(data_dir: Path | None = None) -> Path:
    from dashboard.db.embedded import default_data_dir

    return (data_dir or default_data_dir()) / LOGIN_FILE


def credentials(data_dir: Path | None = None) -> tuple[str, str]:
    """The app login's name and password for this data dir, made once (0600) and then reused."""
    path = login_file(data_dir)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    name, password = f"itraad_app_{secrets.token_hex(4)}", secrets.token_urlsafe(32)
    partial = path.with_name(f".{LOGIN_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"login": name, "password": password}, handle)
    try:
        os.link(partial, path)  # atomic, and refused if another process was first: then use theirs
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links: the last writer wins, still a whole file
        if not path.exists():
            os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> tuple[str, str]:
    values = json.loads(path.read_text("utf-8"))
    return values["login"], values["password"]


def app_url(admin_url: URL, data_dir: Path | None = None) -> URL:
    """The URL the web app connects with: ITRAAD_APP_DATABASE_URL, else this data dir's app login
    on ``admin_url``'s server and database (created or repaired first). Refuses a privileged login."""
    configured = os.environ.get(APP_URL_ENV, "").strip()
    if configured:
        url = normalise_url(configured)
        check_unprivileged(url)
        return url
    name, password = credentials(data_dir)
    ensure_app_login(admin_url, name, password)
    url = admin_url.set(username=name, password=password)
    check_unprivileged(url)
    return url


def ensure_app_login(admin_url: URL, name: str, password: str, attempts: int = 5) -> None:
    """Create the login (or put it right) as the administration login; idempotent and race-safe."""
    for attempt in range(attempts):
        try:
            _ensure_once(admin_url, name, password)
            return
        except (sa.exc.DBAPIError, psycopg.Error) as exc:
            orig = getattr(exc, "orig", exc)
            sqlstate = getattr(orig, "sqlstate", None) or ""
            if sqlstate == "42501":
                raise UserError("app_login.cannot_create", login=name, env=APP_URL_ENV) from None
            if sqlstate not in _RACES or attempt == attempts - 1:
                raise
            log.info("app login %s: raced with another process (%s), trying again", name, sqlstate)
            time.sleep(0.05 * (attempt + 1))


def _ensure_once(admin_url: URL, name: str, password: str) -> None:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    quoted = _quote_ident(name)
    try:
        with engine.connect() as conn:
            role = conn.execute(sa.text(
                "SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin"
                " FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
            attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
            if role is None:
                conn.exec_driver_sql(f"CREATE ROLE {quoted} {attributes} PASSWORD '{scram_verifier(password)}'")
                log.info("created the app's database login %s", name)
            elif tuple(role) != (False, False, False, False, False, False, True):
                conn.execute(sa.text(f"ALTER ROLE {quoted} {attributes}"))
            version = int(conn.execute(sa.text("SHOW server_version_num")).scalar())
            for app_role in DATABASE_ROLES:
                member = conn.execute(sa.text("SELECT pg_has_role(:n, :r, 'MEMBER')"),
                                      {"n": name, "r": app_role}).scalar()
                if not member:
                    # PostgreSQL 16+: say it per grant too (SET yes, INHERIT no); 15 uses NOINHERIT.
                    option = " WITH INHERIT FALSE, SET TRUE" if version >= 160000 else ""
                    conn.execute(sa.text(f"GRANT {app_role} TO {quoted}{option}"))
        if not _can_log_in(admin_url.set(username=name, password=password)):
            with engine.connect() as conn:  # the password was changed or lost: set ours again
                conn.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD '{scram_verifier(password)}'")
    finally:
        engine.dispose()


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677), made here so
    the password itself never travels in a statement (DDL takes no parameters; it could be logged)."""
    import base64
    import hashlib
    import hmac

    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(hashlib.sha256(client_key).digest())}:{b64(server_key)}"


def _quote_ident(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name.isascii():
        raise ValueError(f"unexpected login name {name!r}")
    return f'"{name}"'


def _can_log_in(url: URL) -> bool:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.OperationalError as exc:
        if getattr(getattr(exc, "orig", None), "sqlstate", None) == "28P01":  # invalid_password
            return False
        raise
    finally:
        engine.dispose()


def check_unprivileged(url: URL) -> None:
    """Refuse to serve the app with a login that could escape its roles: a superuser, a role that
    may create roles or databases or bypass row security, one that inherits privileges, or one
    that owns a table or the schema of this database."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.text(
                "SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls"
                "       OR r.rolinherit AS privileged,"
                "       EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid"
                "               AND c.relnamespace = 'public'::regnamespace)"
                "       OR EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspowner = r.oid AND n.nspname = 'public')"
                "       OR EXISTS (SELECT 1 FROM pg_database d WHERE d.datdba = r.oid AND d.datname = current_database())"
                "       AS owner"
                " FROM pg_roles r WHERE r.rolname = session_user")).one()
    finally:
        engine.dispose()
    if row.privileged or row.owner:
        raise UserError("app_login.privileged", login=url.username or "?")
