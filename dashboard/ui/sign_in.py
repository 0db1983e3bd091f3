"""The sign-in form: on the sign-in page, and in place of a secretariat page opened by someone who
is not signed in ("log ind for at fortsætte"), so they land on the page they asked for."""

from __future__ import annotations

import streamlit as st

from dashboard import accounts
from dashboard.ui import session
from dashboard.ui.context import t


def sign_in_form(next_path: str | None = None) -> None:
    """The user name and password form; after a correct password the person is signed in and the
    browser is sent on to ``next_path`` (the current page and query by default)."""
    if session.oidc_configured():
        if st.button(t("auth.oidc_button"), type="primary", icon=":material/badge:"):
            st.login()
        st.caption(t("auth.or_local"))

    with st.form("sign-in", clear_on_submit=True, enter_to_submit=True):
        username = st.text_input(t("auth.username"), key="sign_in:username", autocomplete="username")
        password = st.text_input(t("auth.password"), key="sign_in:password", type="password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary", icon=":material/login:")

    if not submitted:
        return
    outcome = accounts.sign_in(username, password)
    if outcome.actor is None:
        st.error(t(outcome.error_key, **(outcome.params or {})), icon=":material/error:")
        return
    if session.sign_in(outcome.actor, next_path):
        st.success(t("session.signing_in"), icon=":material/check_circle:")
        st.stop()  # the browser is on its way to the page (dashboard.web.signin)
    st.rerun()  # no server layer: the navigation is rebuilt for the person's role in this tab


def sign_in_to_continue(audience: str) -> None:
    """What a page shows, in its place, to someone not allowed to see it (``audience`` as in
    dashboard.ui.shell.PageSpec): signed in with too few rights, a notice; not signed in, the form."""
    person = session.actor()
    if person is not None:
        st.warning(t("auth.page_denied"), icon=":material/lock:")
        return
    key = "session.secretariat_only" if audience in ("secretariat", "admin") else "session.sign_in_to_continue"
    st.info(t(key), icon=":material/lock:")
    sign_in_form()
