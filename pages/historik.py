"""Historik: who changed what and when, for one record or across the data, and undo of deletes."""

import re

import streamlit as st

from dashboard.db.connection import READER, connect
from dashboard.entry import history, service
from dashboard.ui import components, session, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.tables import grid
from dashboard.ui.urlstate import ViewState
from dashboard.views import ENTRY_TYPES as TYPES

actor = session.require("secretariat")
ALL = "alle"

view = ViewState("historik", views.params("historik"))
components.page_header("entry.history.title", "entry.history.intro")
view.show_notices()

left, right = st.columns([1, 2])
type_param = left.selectbox(t("entry.history.choose_kind"), options=[ALL, *TYPES], key=view.key("type"),
                            format_func=lambda p: t("entry.history.all") if p == ALL else t(f"entry.kind.{TYPES[p]}"))
language = lang()
names = history.names_from(service.reference(), language)

if type_param == ALL:
    view["id"] = None
    st.subheader(t("entry.history.deleted"))
    deletions = history.deletions_view(service.recent_deletions(), language)
    if not deletions:
        st.caption(t("entry.history.no_deletions"))
    for entry in deletions:
        with st.container(border=True):
            text_column, button_column = st.columns([4, 1])
            # Names are data: shown with st.text, never interpreted as Markdown or HTML.
            text_column.text(entry["title"])
            text_column.caption(t("entry.history.deleted_by", who=entry["by"], when=entry["when"],
                                  related=entry["related"]))
            if button_column.button(t("entry.delete.undo"), key=f"restore:{entry['tx_id']}", icon=":material/undo:"):
                restored = service.restore(entry["tx_id"], actor)
                if restored.ok:
                    st.toast(t("entry.delete.restored", rows=restored.rows), icon=":material/undo:")
                    st.rerun()
                st.error(restored.form_error.message(language, markdown=True), icon=":material/error:")
    st.subheader(t("entry.history.recent"))
    with connect(role=READER) as conn:
        recent = history.read_recent_changes(conn, 100)
    grid(history.history_view(recent, language, names), text=t("entry.history.changes"))
else:
    kind = TYPES[type_param]
    labels = dict((str(key), label) for key, label in service.options(kind, language))
    current = view["id"]
    if current is not None and not re.fullmatch(r"[0-9]{1,9}", str(current)):
        st.warning(t("links.unknown_value", param="id", value=str(current)[:80]), icon="⚠️")
        view["id"] = current = None
    # A deleted record keeps its history: its id stays choosable when it comes from the link.
    choices = list(labels) + ([current] if current is not None and current not in labels else [])
    right.selectbox(t("entry.history.choose_record"), options=choices, index=None, key=view.key("id"),
                    format_func=lambda v: labels.get(v, plain("entry.history.deleted_record", id=v)),
                    placeholder=t("entry.form.choose"))
    if view["id"] is not None:
        frame = service.record_history(kind, int(view["id"]))
        if frame.empty:
            st.info(t("entry.history.empty"), icon=":material/info:")
        else:
            grid(history.history_view(frame, language, names), text=t("entry.history.changes"))
            st.caption(t("entry.history.count", count=len(frame)))

view.sync_url()
view.copy_link("historik")
