"""Accounts, roles and sign-in (no Streamlit here).

Three roles: ``viewer`` (directors, council members: read only), ``secretariat`` (enters and
maintains the data) and ``admin`` (also manages accounts). Local accounts live in the
``app_user`` table with an argon2id password hash (argon2-cffi); accounts that sign in through
the organisation's OpenID Connect provider have no password and are matched on their e-mail
address. The database role each transaction runs as follows from the person's role
(``data_role``), so the database refuses what the app must not do even if the app had a bug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.db.connection import ACCOUNTS, READER, SIGN_IN, WRITER, connect
from dashboard.db.queries import TEXT
from dashboard.errors import UserError

ROLES = ("viewer", "secretariat", "admin")
WRITE_ROLES = ("secretariat", "admin")
MAX_FAILED_SIGN_INS = 5          # in a row; then the account is locked for a while
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024       # argon2 hashes anything, but a megabyte "password" is an attack
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,99}$")

# argon2id with the library's defaults (RFC 9106 "low memory" profile: 3 passes, 64 MiB, 4 lanes).
_hasher = PasswordHasher()
# Verified when the account does not exist, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only here to spend the same time")


class AuthError(UserError):
    """Sign-in or account management refused; the message says why and what to do."""


class PermissionDenied(UserError):
    """The signed-in person's role does not allow this."""


@dataclass(frozen=True)
class Actor:
    """Who is asking: the signed-in person and their role."""

    username: str
    role: str
    display_name: str | None = None
    source: str = "local"   # local | oidc

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def can_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        return self.display_name or self.username


def data_role(actor: Actor | None) -> str:
    """The database role for this person's work on the data: only secretariat and admin write."""
    return WRITER if actor is not None and actor.can_write else READER


def require_write(actor: Actor | None) -> Actor:
    """Refuse unless the person may change data (checked on every write, whatever the page)."""
    if actor is None or not actor.can_write:
        raise PermissionDenied("auth.write_denied")
    return actor


def require_admin(actor: Actor | None) -> Actor:
    if actor is None or not actor.can_admin:
        raise PermissionDenied("auth.admin_denied")
    return actor


# --- passwords ------------------------------------------------------------------------------

def normalise_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise AuthError("auth.bad_username")
    return name


def check_password_policy(password: str, username: str) -> None:
    if not isinstance(password, str) or "\x00" in password:
        raise AuthError("auth.password_invalid")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError("auth.password_short", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError("auth.password_long", max=MAX_PASSWORD_LENGTH)
    if password.strip().lower() == username.lower() or len(set(password)) < 4:
        raise AuthError("auth.password_weak")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# --- account management ---------------------------------------------------------------------

def create_user(conn: sa.Connection, username: str, role: str, password: str | None,
                display_name: str | None, created_by: str) -> str:
    """Create an account; password None makes an OpenID Connect account (no local sign-in)."""
    name = normalise_username(username)
    if role not in ROLES:
        raise AuthError("auth.bad_role", roles=", ".join(ROLES))
    if password is not None:
        check_password_policy(password, name)
    display = (display_name or "").strip() or None
    if display is not None and (len(display) > 200 or "\x00" in display):
        raise AuthError("auth.bad_display_name")
    exists = conn.execute(sa.text("SELECT 1 FROM app_user WHERE username = :u"), {"u": name}).first()
    if exists:
        raise AuthError("auth.user_exists", username=name)
    conn.execute(sa.text(
        "INSERT INTO app_user (username, display_name, role, password_hash, password_changed_at, created_by)"
        " VALUES (:u, :d, :r, :h, CASE WHEN CAST(:h AS text) IS NULL THEN NULL ELSE now() END, :by)"),
        {"u": name, "d": display, "r": role, "h": hash_password(password) if password is not None else None,
         "by": created_by})
    return name


def update_user(conn: sa.Connection, username: str, *, role: str | None = None, active: bool | None = None,
                password: str | None = None, keep_session: int | None = None) -> None:
    """Change an account's role, switch it on or off, or set a new password (which also unlocks it).

    A new password or a new role ends the account's other sign-in sessions (all but
    ``keep_session``, the session of the person making the change); switching it off ends all."""
    from dashboard import sessions

    name = normalise_username(username)
    if role is not None and role not in ROLES:
        raise AuthError("auth.bad_role", roles=", ".join(ROLES))
    if password is not None:
        check_password_policy(password, name)
    # Only the columns that change are written: the accounts role may not read the password hash
    # or the failure count, so no SET expression may mention them.
    changes = ["role = coalesce(CAST(:r AS app_role), app_user.role)", "active = coalesce(:a, app_user.active)"]
    if password is not None:
        changes.append("password_hash = :h, password_changed_at = now(), failed_logins = 0, locked_until = NULL")
    changed = conn.execute(sa.text(
        "WITH before AS (SELECT id, role, active FROM app_user WHERE username = :u FOR UPDATE)"
        f" UPDATE app_user SET {', '.join(changes)}"
        " FROM before WHERE app_user.id = before.id"
        " RETURNING app_user.id, app_user.role <> before.role AS role_changed,"
        " before.active AND NOT app_user.active AS disabled"),
        {"u": name, "r": role, "a": active, "h": hash_password(password) if password is not None else None}
    ).mappings().first()
    if changed is None:
        raise AuthError("auth.no_such_user", username=name)
    if changed["disabled"]:
        sessions.end_for_account(conn, changed["id"], "disabled")
    elif password is not None:
        sessions.end_for_account(conn, changed["id"], "password_changed", keep=keep_session)
    elif changed["role_changed"]:
        sessions.end_for_account(conn, changed["id"], "role_changed", keep=keep_session)


def check_own_account(actor: Actor, username: str, role: str | None, active: bool | None) -> None:
    """An admin cannot take away their own admin role or switch their own account off (lock-out)."""
    if normalise_username(username) == actor.username and (
            (role is not None and role != "admin") or active is False):
        raise AuthError("auth.own_account")


USERS = pa.DataFrameSchema(
    {
        "username": pa.Column(TEXT, pa.Check.str_matches(USERNAME_PATTERN.pattern), unique=True),
        "display_name": pa.Column(TEXT, nullable=True),
        "role": pa.Column(TEXT, pa.Check.isin(list(ROLES))),
        "active": pa.Column(bool),
        "locked_until": pa.Column("datetime64[ns, UTC]", nullable=True),
        "last_login_at": pa.Column("datetime64[ns, UTC]", nullable=True),
        "created_at": pa.Column("datetime64[ns, UTC]"),
        "created_by": pa.Column(TEXT),
        "has_password": pa.Column(bool),
    },
    strict=True,
    coerce=True,
    name="users",
)


def list_users(conn: sa.Connection) -> pd.DataFrame:
    from dashboard.db.queries import validate

    result = conn.execute(sa.text(
        "SELECT username, display_name, role::text AS role, active, locked_until, last_login_at, created_at,"
        " created_by, password_changed_at IS NOT NULL AS has_password"
        " FROM app_user ORDER BY username"))
    frame = pd.DataFrame.from_records(result.fetchall(), columns=list(result.keys()))
    return validate(frame, USERS, "users")


# --- sign-in --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignIn:
    actor: Actor | None
    error_key: str | None = None
    params: dict | None = None


# One answer for every failed sign-in: wrong name, wrong password, switched off or locked.
_FAILED = SignIn(None, "auth.sign_in_failed", {"minutes": LOCK_MINUTES})


def sign_in(username: str, password: str, url=None) -> SignIn:
    """Check a local account's password. Failures are counted; five in a row lock the account
    for a while. The answer never says whether the name or the password was wrong, or whether
    the account exists, is switched off or is locked: the message and the time taken are the same."""
    try:
        name = normalise_username(username)
    except AuthError:
        name = None
    if name is None or not isinstance(password, str) or not password or len(password) > MAX_PASSWORD_LENGTH:
        _spend_time(password)
        return _FAILED
    with connect(url, role=SIGN_IN, user=name, reason="auth:sign-in") as conn:
        row = conn.execute(sa.text(
            "SELECT username, display_name, role::text AS role, password_hash, active, failed_logins,"
            " coalesce(locked_until > now(), false) AS locked, coalesce(locked_until <= now(), false) AS lock_expired"
            " FROM app_user WHERE username = :u FOR UPDATE"), {"u": name}).mappings().first()
        if row is None or not row["active"] or row["password_hash"] is None or row["locked"]:
            # An unknown, switched-off or locked account: the same message after the same work
            # (an argon2 verify) as a wrong password, so the answer tells nothing about the account.
            _spend_time(password)
            return _FAILED
        try:
            _hasher.verify(row["password_hash"], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            # A lock that has run out starts the count again (locked_until is then in the past).
            failed = (0 if row["lock_expired"] else row["failed_logins"]) + 1
            conn.execute(sa.text(
                "UPDATE app_user SET failed_logins = :f,"
                " locked_until = CASE WHEN CAST(:f AS int) >= CAST(:max AS int)"
                " THEN now() + make_interval(mins => CAST(:lock AS int)) END"
                " WHERE username = :u"),
                {"f": failed, "max": MAX_FAILED_SIGN_INS, "lock": LOCK_MINUTES, "u": name})
            return _FAILED
        new_hash = hash_password(password) if _hasher.check_needs_rehash(row["password_hash"]) else None
        conn.execute(sa.text(
            "UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = now(),"
            " password_hash = coalesce(:h, password_hash) WHERE username = :u"), {"u": name, "h": new_hash})
        return SignIn(Actor(row["username"], row["role"], row["display_name"], "local"))


def _spend_time(password: object) -> None:
    try:
        _hasher.verify(_DUMMY_HASH, password if isinstance(password, str) else "")
    except (VerificationError, InvalidHashError):
        pass


def oidc_actor(email: str, name: str | None, url=None) -> Actor:
    """The person signed in through OpenID Connect: their account's role, or viewer when the
    secretariat has not given them an account (so signing in never grants more than reading)."""
    username = (email or "").strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise AuthError("auth.oidc_no_email")
    with connect(url, role=SIGN_IN, user=username) as conn:
        row = conn.execute(sa.text(
            "SELECT role::text AS role, display_name, active FROM app_user WHERE username = :u"),
            {"u": username}).mappings().first()
        if row is not None and row["active"]:
            conn.execute(sa.text("UPDATE app_user SET last_login_at = now() WHERE username = :u"), {"u": username})
    if row is None:
        return Actor(username, "viewer", name, "oidc")
    if not row["active"]:
        raise AuthError("auth.account_disabled")
    return Actor(username, row["role"], row["display_name"] or name, "oidc")


def current_account(username: str, url=None) -> tuple[str, bool] | None:
    """(role, active) of an account now, so a role change or a disabled account takes effect on
    the person's next click; None when there is no such account."""
    with connect(url, role=SIGN_IN) as conn:
        row = conn.execute(sa.text("SELECT role::text, active FROM app_user WHERE username = :u"),
                           {"u": username}).first()
    return (row[0], bool(row[1])) if row else None


def accounts_connection(actor: Actor, url=None):
    """A transaction for account management, as the accounts role, after checking the person."""
    require_admin(actor)
    return connect(url, role=ACCOUNTS, user=actor.username, reason="accounts")
