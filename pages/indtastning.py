"""Indtastning: the secretariat's forms (new, edit, delete with undo) for every record type."""

import streamlit as st

from dashboard.entry import service
from dashboard.entry.records import KINDS
from dashboard.ui import components, entry_form, session, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.urlstate import ViewState
from dashboard.views import ENTRY_TYPES as TYPES  # URL value -> record type (readable Danish in the link)

actor = session.require("secretariat")
NEW = "ny"
_PENDING_ID = "entry:pending_id"
_UNDO = "entry:undo"

view = ViewState("indtastning", views.params("indtastning"))
if _PENDING_ID in st.session_state:
    view["id"] = st.session_state.pop(_PENDING_ID)
components.page_header("entry.title", "entry.intro")
view.show_notices()

left, right = st.columns([1, 2])
type_param = left.selectbox(t("entry.choose_kind"), options=list(TYPES),
                            format_func=lambda p: t(f"entry.kind.{TYPES[p]}"), key=view.key("type"))
kind = TYPES[type_param]
if st.session_state.get("entry:last_type") not in (None, type_param):
    view["id"] = NEW if KINDS[kind].can_create else None
st.session_state["entry:last_type"] = type_param

labels = dict((str(key), label) for key, label in service.options(kind, lang()))
record_choices = ([NEW] if KINDS[kind].can_create else []) + list(labels)
if view["id"] not in record_choices:
    if view["id"] not in (None, NEW):
        st.warning(t("links.unknown_value", param="id", value=str(view["id"])[:80]), icon="⚠️")
    view["id"] = record_choices[0] if record_choices else None
right.selectbox(t("entry.choose_record"), options=record_choices, key=view.key("id"),
                format_func=lambda v: plain("entry.new_record", kind=plain(f"entry.kind.{kind}")) if v == NEW else labels.get(v, v))
record_id = None if view["id"] in (None, NEW) else int(view["id"])

undo = st.session_state.get(_UNDO)
if undo:
    with st.container(border=True):
        st.info(t("entry.delete.done", what=undo["what"], related=undo["related"]),
                icon=":material/delete:")
        if st.button(t("entry.delete.undo"), icon=":material/undo:", key=f"undo:{undo['tx_id']}"):
            restored = service.restore(undo["tx_id"], actor)
            st.session_state.pop(_UNDO, None)
            if restored.ok:
                st.toast(t("entry.delete.restored", rows=restored.rows), icon=":material/undo:")
                st.session_state[_PENDING_ID] = undo["record"]
                st.rerun()
            st.error(restored.form_error.message(lang(), markdown=True), icon=":material/error:")

flash = entry_form.pop_flash()
if flash:
    st.success(t(f"entry.form.{flash['status']}", kind=t(f"entry.kind.{flash['kind']}")), icon=":material/check_circle:")
    views.page_link("historik", t("entry.history.open"), icon=":material/history:", type=type_param,
                    id=str(flash["record_id"]))

if record_choices:
    ref = service.reference()
    entry_form.render(kind, record_id, actor, ref)
else:
    st.info(t("entry.form.nothing_to_edit", kind=t(f"entry.kind.{kind}")), icon=":material/info:")

if record_id is not None:
    links, delete_column = st.columns([3, 1])
    views.page_link("historik", t("entry.history.open"), icon=":material/history:", container=links,
                    type=type_param, id=str(record_id))
    if entry_form.can_delete(kind):
        with delete_column.popover(t("entry.delete.button"), icon=":material/delete:"):
            st.markdown(t("entry.delete.confirm_text", kind=plain(f"entry.kind.{kind}")))
            if st.button(t("entry.delete.confirm"), type="primary", key=f"delete:{kind}:{record_id}"):
                deleted = service.delete(kind, record_id, actor,
                                         opened_version=entry_form.opened_version(kind, record_id) or 0)
                if deleted.ok:
                    st.session_state[_UNDO] = {"tx_id": deleted.tx_id, "what": labels.get(str(record_id), ""),
                                               "related": sum(deleted.rows.values()) - 1, "record": str(record_id)}
                    entry_form.reset(kind, record_id)
                    st.session_state[_PENDING_ID] = NEW if KINDS[kind].can_create else None
                    st.rerun()
                st.error(deleted.form_error.message(lang(), markdown=True), icon=":material/error:")

view.sync_url()
view.copy_link("indtastning")
