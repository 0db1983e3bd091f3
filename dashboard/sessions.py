"""Sign-in sessions kept by the server (no Streamlit here): a sign-in survives a reload, never
travels in a URL, and can be ended from the server.

How a sign-in reaches the browser (table comments in db/migrations/0040_web_sessions.sql):

1. Every page the server sends sets the browser's own cookie ``itraad_browser`` (random, HttpOnly,
   SameSite=Lax, a session cookie) if the browser has none yet. The app's script sees it through
   ``st.context.cookies`` (the websocket handshake carries it).
2. A correct password starts a ``web_session`` row and, when the browser has that cookie, a
   ``sign_in_handoff`` keyed by the cookie's hash, valid for a minute, naming the page asked for.
3. The app sends the browser to ``/_itraad/sign-in`` (dashboard.web.signin). The server finds the
   handoff by the cookie the browser sends, gives the session a fresh random token, sets it as
   ``itraad_session`` (HttpOnly, SameSite=Strict, a session cookie: closing the browser ends it) and
   redirects to the page asked for. No token is ever part of a URL, and a stolen handoff is useless
   without the browser's HttpOnly cookie.
4. On every script run the session is looked up by the cookie's hash (or, within one Streamlit
   session, by its id): it must be open, not idle longer than ITRAAD_SESSION_IDLE_MINUTES, and its
   account active. Each look-up records the click (last_seen_at).

Only SHA-256 hashes of the cookies are stored. Sessions end on sign-out, on idleness, when the
account's password or role changes (its other sessions) or when it is switched off (all of them).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.accounts import Actor
from dashboard.db.connection import SIGN_IN, connect

BROWSER_COOKIE = "itraad_browser"
SESSION_COOKIE = "itraad_session"
HANDOFF_SECONDS = 60
DEFAULT_IDLE_MINUTES = 30.0
END_REASONS = ("signed_out", "idle", "password_changed", "role_changed", "disabled", "replaced")
_TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def new_token() -> str:
    """A random cookie value (256 bits)."""
    return secrets.token_urlsafe(32)


def well_formed(token: str | None) -> bool:
    return isinstance(token, str) and bool(_TOKEN_PATTERN.match(token))


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


def idle_minutes() -> float:
    """ITRAAD_SESSION_IDLE_MINUTES (default 30, at least 1)."""
    try:
        minutes = float(os.environ.get("ITRAAD_SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(minutes, 1.0)


def safe_next(path: str | None, page_paths) -> str:
    """The page to land on after signing in: a path of one of this app's pages (with its query),
    relative to the app's root; anything else (another site, ``//host``, an unknown page) is "/"."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//") or len(path) > 4000:
        return "/"
    if "\\" in path or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return "/"
    page = path[1:].split("?", 1)[0].split("#", 1)[0]
    return path.split("#", 1)[0] if page in set(page_paths) else "/"


@dataclass(frozen=True)
class Current:
    """A session looked up on a script run: who is signed in, or why nobody is any more."""

    session_id: int | None
    actor: Actor | None
    ended: str | None = None     # the end reason when this look-up found the session over


def start(username: str, *, browser_token: str | None = None, next_path: str = "/", url=None) -> int:
    """Start a session for a local account that has just given its password; with the browser's
    cookie, also leave a handoff so that browser can fetch the session cookie. Returns the session id."""
    with connect(url, role=SIGN_IN, user=username, reason="auth:session") as conn:
        conn.execute(sa.text("DELETE FROM sign_in_handoff WHERE expires_at < now()"))
        session_id = conn.execute(sa.text(
            "INSERT INTO web_session (app_user_id, token_hash)"
            " SELECT id, :h FROM app_user WHERE username = :u RETURNING id"),
            {"u": username, "h": token_hash(new_token())}).scalar_one()
        if well_formed(browser_token):
            conn.execute(sa.text(
                "INSERT INTO sign_in_handoff (browser_hash, web_session_id, next_path, expires_at)"
                " VALUES (:b, :s, :n, now() + make_interval(secs => :ttl))"
                " ON CONFLICT (browser_hash) DO UPDATE SET web_session_id = excluded.web_session_id,"
                " next_path = excluded.next_path, expires_at = excluded.expires_at"),
                {"b": token_hash(browser_token), "s": session_id, "n": next_path, "ttl": HANDOFF_SECONDS})
    return session_id


def redeem(browser_token: str | None, *, previous_token: str | None = None, url=None) -> tuple[str, str] | None:
    """The server's half of a sign-in: the handoff left for this browser (one use, unexpired) gives
    its session a new token. Returns (the session cookie's token, the page to land on), or None.
    A different open session of the same browser (the cookie it sent) ends as replaced."""
    if not well_formed(browser_token):
        return None
    token = new_token()
    with connect(url, role=SIGN_IN, reason="auth:session") as conn:
        handoff = conn.execute(sa.text(
            "DELETE FROM sign_in_handoff WHERE browser_hash = :b RETURNING web_session_id, next_path,"
            " expires_at > now() AS valid"), {"b": token_hash(browser_token)}).mappings().first()
        if handoff is None or not handoff["valid"]:
            return None
        handed = conn.execute(sa.text(
            "UPDATE web_session SET token_hash = :h, last_seen_at = now()"
            " WHERE id = :s AND ended_at IS NULL RETURNING id"),
            {"h": token_hash(token), "s": handoff["web_session_id"]}).first()
        if handed is None:
            return None
        if well_formed(previous_token):
            conn.execute(sa.text(
                "UPDATE web_session SET ended_at = now(), end_reason = 'replaced'"
                " WHERE token_hash = :h AND ended_at IS NULL AND id <> :s"),
                {"h": token_hash(previous_token), "s": handoff["web_session_id"]})
    return token, handoff["next_path"]


def current(*, session_id: int | None = None, token: str | None = None, url=None) -> Current:
    """The session of this script run, by its id (known within one Streamlit session) or by the
    browser's session cookie (after a reload). Records the click; ends the session if it has been
    idle too long or its account is switched off."""
    if session_id is None and not well_formed(token):
        return Current(None, None)
    where = "s.id = :key" if session_id is not None else "s.token_hash = :key"
    key = session_id if session_id is not None else token_hash(token)
    with connect(url, role=SIGN_IN, reason="auth:session") as conn:
        row = conn.execute(sa.text(
            "WITH found AS ("
            "  SELECT s.id, s.last_seen_at > now() - make_interval(secs => :idle) AS fresh, u.active,"
            "         u.username, u.role::text AS role, u.display_name"
            "  FROM web_session s JOIN app_user u ON u.id = s.app_user_id"
            f"  WHERE {where} AND s.ended_at IS NULL FOR UPDATE OF s)"
            " UPDATE web_session w SET"
            "  last_seen_at = CASE WHEN f.fresh AND f.active THEN now() ELSE w.last_seen_at END,"
            "  ended_at = CASE WHEN f.fresh AND f.active THEN NULL ELSE now() END,"
            "  end_reason = CASE WHEN NOT f.fresh THEN 'idle' WHEN NOT f.active THEN 'disabled' END"
            " FROM found f WHERE w.id = f.id"
            " RETURNING w.id, w.end_reason, f.username, f.role, f.display_name"),
            {"key": key, "idle": idle_minutes() * 60}).mappings().first()
    if row is None:
        return Current(None, None, "unknown")
    if row["end_reason"] is not None:
        return Current(row["id"], None, row["end_reason"])
    return Current(row["id"], Actor(row["username"], row["role"], row["display_name"], "local"))


def end(session_id: int | None, reason: str = "signed_out", url=None) -> None:
    if session_id is None:
        return
    with connect(url, role=SIGN_IN, reason="auth:session") as conn:
        conn.execute(sa.text(
            "UPDATE web_session SET ended_at = now(), end_reason = :r WHERE id = :s AND ended_at IS NULL"),
            {"s": session_id, "r": reason})


def is_open(token: str | None, url=None) -> bool:
    """Whether the browser's session cookie belongs to an open session (the sign-out route keeps an
    open session's cookie: only the app itself signs a person out)."""
    if not well_formed(token):
        return False
    with connect(url, role=SIGN_IN) as conn:
        return conn.execute(sa.text(
            "SELECT EXISTS (SELECT 1 FROM web_session WHERE token_hash = :h AND ended_at IS NULL)"),
            {"h": token_hash(token)}).scalar()


def end_for_account(conn: sa.Connection, app_user_id: int, reason: str, *, keep: int | None = None) -> int:
    """End the open sessions of an account (all, or all but ``keep``) on the caller's transaction."""
    return conn.execute(sa.text(
        "UPDATE web_session SET ended_at = now(), end_reason = :r"
        " WHERE app_user_id = :a AND ended_at IS NULL AND id IS DISTINCT FROM CAST(:k AS bigint)"),
        {"a": app_user_id, "r": reason, "k": keep}).rowcount
