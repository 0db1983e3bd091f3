"""Log ind / Log ud: sign in with a local account or the organisation's OpenID Connect sign-in;
signed in, the page says who you are and signs you out."""

import streamlit as st

from dashboard import domain
from dashboard.ui import components, session
from dashboard.ui.context import lang, plain, t
from dashboard.ui.shell import page_path
from dashboard.ui.sign_in import sign_in_form

person = session.actor()
if person is not None:
    components.page_header("auth.account_title")
    st.text(plain("auth.signed_in_as", name=person.label, role=domain.label("entry.role", person.role, lang())))
    if person.can_write:
        st.page_link(page_path("indtastning"), label=t("nav.entry"), icon=":material/edit_note:")
    if st.button(t("nav.logout"), icon=":material/logout:", type="primary"):
        if session.sign_out():
            st.success(t("session.signing_out"), icon=":material/logout:")
            st.stop()  # the browser is on its way (dashboard.web.signin removes the cookie)
        st.switch_page(page_path(""))
    st.stop()

components.page_header("auth.title", "auth.intro")
if session.consume_expired_notice():
    st.info(t("auth.expired"), icon=":material/timer_off:")
error_key = st.session_state.pop("_auth_error", None)
if error_key:
    st.error(t(error_key), icon=":material/error:")

sign_in_form()
