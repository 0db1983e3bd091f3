"""Who is signed in, in this browser: sign-in, sign-out, expiry, and the page guards.

A local account's sign-in is a server-side session (dashboard.sessions): a row in ``web_session``
and, in the browser, an HttpOnly, SameSite=Strict session cookie that the server sets itself
(dashboard.web.signin), so the sign-in survives a reload and no token is ever in a URL. The script
sees the cookie through ``st.context.cookies``. A session ends after ``ITRAAD_SESSION_IDLE_MINUTES``
(default 30) without a click, on *Log ud*, when the browser is closed (the cookie has no expiry),
when the account gets a new password or role (its other sessions) or is switched off. Every run
checks the session and the account again, so all of this takes effect on the person's next click.

Without the server layer (``streamlit run dashboard/app.py``, AppTest) there is no browser cookie:
the session row still exists and is checked on every run, but a reload ends the sign-in.

With OpenID Connect configured in ``.streamlit/secrets.toml`` ([auth], see README), ``st.login``
signs people in through the organisation's provider (Streamlit's own signed cookie keeps it across
reloads); their role comes from their account, else they are viewers.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import streamlit as st

from dashboard import accounts, sessions
from dashboard.accounts import Actor
from dashboard.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

_KEY = "_auth"              # {"actor": Actor, "last_seen": float, "session_id": int | None}
_EXPIRED = "_auth_expired"
_DEAD_COOKIE = "_auth_dead_cookie"  # a session cookie already found to be over (not looked up again)


def idle_limit_seconds() -> float:
    return sessions.idle_minutes() * 60


def sign_in_required() -> bool:
    """ITRAAD_REQUIRE_SIGN_IN=1: nothing is shown before signing in (default: reading is open)."""
    import os

    return os.environ.get("ITRAAD_REQUIRE_SIGN_IN", "").strip() in ("1", "true", "yes")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def actor() -> Actor | None:
    """The signed-in person of this session, as checked at the start of this run."""
    state = st.session_state.get(_KEY)
    return state["actor"] if state else None


def web_session_id() -> int | None:
    """The server-side session of this sign-in (None for OpenID Connect or nobody)."""
    state = st.session_state.get(_KEY)
    return state.get("session_id") if state else None


def _cookie(name: str) -> str | None:
    try:
        return st.context.cookies.get(name)
    except Exception:  # no browser connection (AppTest)
        return None


def _remember(person: Actor, session_id: int | None) -> None:
    st.session_state[_KEY] = {"actor": person, "last_seen": time.time(), "session_id": session_id}


def _forget(expired: bool = False) -> None:
    st.session_state.pop(_KEY, None)
    if expired:
        st.session_state[_EXPIRED] = True


def send_browser_to(url: str) -> None:
    """Make the browser load ``url`` (how st.login and st.logout leave the app: Streamlit's
    auth_redirect message, on which the frontend sets window.location)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    message = ForwardMsg()
    message.auth_redirect.url = url
    ctx.enqueue(message)


def current_address() -> str:
    """This page's path and query, relative to the app's root: where a sign-in should land."""
    from dashboard.ui import urlstate

    page = st.session_state.get(urlstate._CURRENT_PAGE, "")
    query = [(name, value) for name in st.query_params.keys() for value in st.query_params.get_all(name)]
    return f"/{page}" + (f"?{urlencode(query)}" if query else "")


def _app_root() -> str:
    from dashboard.ui import urlstate

    return urlstate.app_base_url()


def sign_in(person: Actor, next_path: str | None = None) -> bool:
    """Sign the person in. For a local account a server-side session starts; when the browser has
    the server's cookie, the browser is sent to fetch its session cookie and then to ``next_path``
    (this page by default). Returns True when the browser is being sent away."""
    st.session_state.pop(_EXPIRED, None)
    if person.source != "local":
        _remember(person, None)
        return False
    from dashboard.web.pages import page_paths

    browser = _cookie(sessions.BROWSER_COOKIE)
    target = sessions.safe_next(next_path or current_address(), page_paths())
    session_id = sessions.start(person.username, browser_token=browser, next_path=target)
    _remember(person, session_id)
    if not sessions.well_formed(browser):
        return False  # no server layer (AppTest, `streamlit run dashboard/app.py`): this tab only
    from dashboard.web.signin import SIGN_IN_PATH

    send_browser_to(f"{_app_root()}/{SIGN_IN_PATH}")
    return True


def sign_out() -> bool:
    """*Log ud*: end the session here and on the server; the browser's dead cookie is then removed
    by the server. Returns True when the browser is being sent away."""
    from dashboard.ui.context import lang

    state = st.session_state.pop(_KEY, None)
    if state and state.get("session_id") is not None:
        sessions.end(state["session_id"], "signed_out")
    if state and state["actor"].source == "oidc" and oidc_configured():
        st.logout()
        return True
    if _cookie(sessions.SESSION_COOKIE) is None:
        return False
    from dashboard.web.signin import SIGN_OUT_PATH

    send_browser_to(f"{_app_root()}/{SIGN_OUT_PATH}" + ("?lang=en" if lang() == "en" else ""))
    return True


def refresh() -> Actor | None:
    """Called by the shell at the start of every run: who is signed in now. Checks this session's
    server-side session (open, not idle, account active; records the click), resumes one from the
    browser's session cookie after a reload, and picks up an OpenID Connect sign-in."""
    state = st.session_state.get(_KEY)
    if state is None:
        return _resume()
    if state.get("session_id") is not None:
        found = sessions.current(session_id=state["session_id"])
        if found.actor is None:
            _forget(expired=found.ended == "idle")
            return None
        _remember(found.actor, found.session_id)
        return found.actor
    return _refresh_without_server_session(state)


def _resume() -> Actor | None:
    """Nobody is signed in in this Streamlit session: the browser's cookie, or OpenID Connect."""
    token = _cookie(sessions.SESSION_COOKIE)
    if token is not None and token != st.session_state.get(_DEAD_COOKIE):
        found = sessions.current(token=token)
        if found.actor is not None:
            _remember(found.actor, found.session_id)
            return found.actor
        st.session_state[_DEAD_COOKIE] = token
        if found.ended == "idle":
            st.session_state[_EXPIRED] = True
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        try:
            person = accounts.oidc_actor(st.user.get("email", ""), st.user.get("name"))
        except accounts.AuthError as exc:
            st.session_state["_auth_error"] = exc.key
            st.logout()
            return None
        _remember(person, None)
        return person
    return None


def _refresh_without_server_session(state: dict) -> Actor | None:
    """OpenID Connect (and state set directly by tests): idle time kept here, the account read
    again on every run so a changed role or a switched-off account takes effect at once."""
    now = time.time()
    person: Actor = state["actor"]
    if now - state["last_seen"] > idle_limit_seconds():
        _forget(expired=True)
        if person.source == "oidc" and oidc_configured():
            st.logout()
        return None
    try:
        account = accounts.current_account(person.username)
    except DatabaseUnavailable:
        account = (person.role, True)  # the page will say the database is away
    if account is None and person.source == "local":
        _forget()
        return None
    if account is not None:
        role, active = account
        if not active:
            _forget()
            return None
        if role != person.role:
            person = Actor(person.username, role, person.display_name, person.source)
    st.session_state[_KEY] = {**state, "actor": person, "last_seen": now}
    return person


def consume_expired_notice() -> bool:
    return bool(st.session_state.pop(_EXPIRED, False))


def can_see(audience: str, person: Actor | None) -> bool:
    """Whether a page of this audience is in the person's navigation."""
    if audience == "anonymous":
        return person is None
    if audience == "secretariat":
        return person is not None and person.can_write
    if audience == "admin":
        return person is not None and person.can_admin
    return person is not None or not sign_in_required()


def require(audience: str) -> Actor:
    """Stop the page unless the signed-in person may see it (whatever URL led here)."""
    from dashboard.ui.context import t

    person = actor()
    if person is not None and can_see(audience, person):
        return person
    st.warning(t("auth.page_denied"), icon=":material/lock:")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
