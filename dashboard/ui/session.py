"""Who is signed in, in this browser session: sign-in, sign-out, expiry, and the page guards.

A sign-in lives in the Streamlit session (one browser tab's connection to the server). It ends
after ``ITRAAD_SESSION_IDLE_MINUTES`` (default 30) without a click, when the person signs out,
or when the tab is closed or reloaded. On every run the account is read again, so a changed role
or a disabled account takes effect on the person's next click. With OpenID Connect configured
in ``.streamlit/secrets.toml`` ([auth], see README), ``st.login`` signs people in through the
organisation's provider; their role comes from their account, else they are viewers.
"""

from __future__ import annotations

import logging
import os
import time

import streamlit as st

from dashboard import accounts
from dashboard.accounts import Actor
from dashboard.errors import DatabaseUnavailable
from dashboard.ui.context import t

log = logging.getLogger(__name__)

_KEY = "_auth"
_EXPIRED = "_auth_expired"


def idle_limit_seconds() -> float:
    try:
        minutes = float(os.environ.get("ITRAAD_SESSION_IDLE_MINUTES", "30"))
    except ValueError:
        minutes = 30.0
    return max(minutes, 1.0) * 60


def sign_in_required() -> bool:
    """ITRAAD_REQUIRE_SIGN_IN=1: nothing is shown before signing in (default: reading is open)."""
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


def sign_in(person: Actor) -> None:
    st.session_state[_KEY] = {"actor": person, "last_seen": time.time()}
    st.session_state.pop(_EXPIRED, None)


def sign_out() -> None:
    state = st.session_state.pop(_KEY, None)
    if state and state["actor"].source == "oidc" and oidc_configured():
        st.logout()


def refresh() -> Actor | None:
    """Called by the shell at the start of every run: expire an idle session, follow changes to
    the account, and pick up an OpenID Connect sign-in."""
    state = st.session_state.get(_KEY)
    now = time.time()
    if state and now - state["last_seen"] > idle_limit_seconds():
        st.session_state[_EXPIRED] = True
        sign_out()
        return None
    if state is None and oidc_configured() and getattr(st.user, "is_logged_in", False):
        try:
            sign_in(accounts.oidc_actor(st.user.get("email", ""), st.user.get("name")))
        except accounts.AuthError as exc:
            st.session_state["_auth_error"] = exc.key
            st.logout()
            return None
        return actor()
    if state is None:
        return None
    person: Actor = state["actor"]
    try:
        account = accounts.current_account(person.username)
    except DatabaseUnavailable:
        account = (person.role, True)  # the page will say the database is away
    if account is None and person.source == "local":
        sign_out()
        return None
    if account is not None:
        role, active = account
        if not active:
            sign_out()
            return None
        if role != person.role:
            person = Actor(person.username, role, person.display_name, person.source)
    st.session_state[_KEY] = {"actor": person, "last_seen": now}
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
    person = actor()
    if person is not None and can_see(audience, person):
        return person
    st.warning(t("auth.page_denied"), icon=":material/lock:")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
