"""Brugere: the admin's account management (add accounts, change roles, switch off, new password)."""

import pandas as pd
import streamlit as st

from dashboard import accounts, domain
from dashboard.i18n import format_timestamp
from dashboard.ui import components, session
from dashboard.ui.context import lang, t

actor = session.require("admin")
language = lang()
components.page_header("entry.users.title", "entry.users.intro")


def _when(value) -> str:
    return "" if value is None or pd.isna(value) else format_timestamp(value.to_pydatetime(), language)


with accounts.accounts_connection(actor) as conn:
    users = accounts.list_users(conn)
st.dataframe(pd.DataFrame({
    t("auth.username"): users["username"],
    t("entry.users.name"): users["display_name"].fillna(""),
    t("entry.users.role"): users["role"].map(lambda r: domain.label("entry.role", r, language)),
    t("entry.users.active"): users["active"].map(lambda a: t("format.yes" if a else "format.no")),
    t("entry.users.sign_in"): users["has_password"].map(
        lambda p: t("entry.users.local" if p else "entry.users.oidc")),
    t("entry.users.last_login"): users["last_login_at"].map(_when),
}), hide_index=True, width="stretch")

roles = list(accounts.ROLES)
add, change = st.columns(2)
with add:
    st.subheader(t("entry.users.add"))
    with st.form("users:add", clear_on_submit=False, enter_to_submit=False):
        username = st.text_input(t("auth.username"), help=t("entry.users.username_help"))
        display_name = st.text_input(t("entry.users.name"))
        role = st.selectbox(t("entry.users.role"), roles, format_func=lambda r: domain.label("entry.role", r, language))
        oidc_only = st.checkbox(t("entry.users.oidc_only"))
        password = st.text_input(t("auth.password"), type="password", autocomplete="new-password",
                                 help=t("entry.users.password_help", min=accounts.MIN_PASSWORD_LENGTH))
        repeat = st.text_input(t("entry.users.repeat"), type="password", autocomplete="new-password")
        if st.form_submit_button(t("entry.users.add_button"), type="primary", icon=":material/person_add:"):
            try:
                if not oidc_only and password != repeat:
                    raise accounts.AuthError("auth.passwords_differ")
                with accounts.accounts_connection(actor) as conn:
                    name = accounts.create_user(conn, username, role, None if oidc_only else password,
                                                display_name, actor.username)
                st.success(t("entry.users.added", username=name), icon=":material/check_circle:")
            except accounts.AuthError as exc:
                st.error(exc.message(language, markdown=True), icon=":material/error:")

with change:
    st.subheader(t("entry.users.change"))
    with st.form("users:change", clear_on_submit=False, enter_to_submit=False):
        who = st.selectbox(t("auth.username"), list(users["username"]), index=None,
                           placeholder=t("entry.form.choose"))
        new_role = st.selectbox(t("entry.users.new_role"), [None, *roles], index=0,
                                format_func=lambda r: t("entry.users.keep") if r is None else domain.label("entry.role", r, language))
        activity = st.selectbox(t("entry.users.active"), [None, True, False], index=0,
                                format_func=lambda a: t("entry.users.keep") if a is None else t("entry.users.on" if a else "entry.users.off"))
        new_password = st.text_input(t("entry.users.new_password"), type="password", autocomplete="new-password")
        if st.form_submit_button(t("entry.users.change_button"), icon=":material/manage_accounts:"):
            try:
                if who is None:
                    raise accounts.AuthError("auth.choose_user")
                accounts.check_own_account(actor, who, new_role, activity)
                with accounts.accounts_connection(actor) as conn:
                    accounts.update_user(conn, who, role=new_role, active=activity, password=new_password or None,
                                        keep_session=session.web_session_id())
                st.success(t("entry.users.changed", username=who), icon=":material/check_circle:")
            except accounts.AuthError as exc:
                st.error(exc.message(language, markdown=True), icon=":material/error:")
