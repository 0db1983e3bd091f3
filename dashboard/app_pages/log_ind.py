"""Log ind / Log ud: sign in with a local account or the organisation's OpenID Connect sign-in;
signed in, the page says who you are and signs you out."""

import streamlit as st

from dashboard import accounts, domain
from dashboard.ui import components, session
from dashboard.ui.context import lang, plain, t
from dashboard.ui.shell import page_path

person = session.actor()
if person is not None:
    components.page_header("auth.account_title")
    st.text(plain("auth.signed_in_as", name=person.label, role=domain.label("entry.role", person.role, lang())))
    if person.can_write:
        st.page_link(page_path("indtastning"), label=t("nav.entry"), icon=":material/edit_note:")
    if st.button(t("nav.logout"), icon=":material/logout:", type="primary"):
        session.sign_out()
        st.switch_page(page_path(""))
    st.stop()

components.page_header("auth.title", "auth.intro")
if session.consume_expired_notice():
    st.info(t("auth.expired"), icon=":material/timer_off:")
error_key = st.session_state.pop("_auth_error", None)
if error_key:
    st.error(t(error_key), icon=":material/error:")

if session.oidc_configured():
    if st.button(t("auth.oidc_button"), type="primary", icon=":material/badge:"):
        st.login()
    st.caption(t("auth.or_local"))

with st.form("sign-in", clear_on_submit=True, enter_to_submit=True):
    username = st.text_input(t("auth.username"), key="sign_in:username", autocomplete="username")
    password = st.text_input(t("auth.password"), key="sign_in:password", type="password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("auth.submit"), type="primary", icon=":material/login:")

if submitted:
    outcome = accounts.sign_in(username, password)
    if outcome.actor is None:
        st.error(t(outcome.error_key, **(outcome.params or {})), icon=":material/error:")
    else:
        session.sign_in(outcome.actor)
        st.rerun()  # the navigation is rebuilt for the person's role
