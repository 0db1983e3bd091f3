"""Import: monthly status reports from a CSV or Excel file, validated, previewed, all rows or none."""

import hashlib

import pandas as pd
import streamlit as st

from dashboard.entry import service, status_import
from dashboard.ui import components, session
from dashboard.ui.context import lang, t

actor = session.require("secretariat")
language = lang()
components.page_header("entry.import.title", "entry.import.intro")

with st.expander(t("entry.import.columns_heading"), icon=":material/view_column:"):
    st.dataframe(pd.DataFrame({
        t("entry.import.column"): status_import.COLUMNS,
        t("entry.import.required"): [t("format.yes" if c in status_import.REQUIRED_COLUMNS else "format.no")
                                               for c in status_import.COLUMNS],
        t("entry.import.meaning"): [t(f"entry.import.col.{c}") for c in status_import.COLUMNS],
    }), hide_index=True, width="stretch")

saved = st.session_state.pop("import:done", None)
if saved is not None:
    st.success(t("entry.import.saved", count=saved), icon=":material/check_circle:")

uploader_key = f"import:file:{st.session_state.get('import:generation', 0)}"
upload = st.file_uploader(t("entry.import.upload"), type=["csv", "xlsx"], key=uploader_key)
if upload is None:
    st.stop()

data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
state = st.session_state.get("import:checked")
if state is None or state["digest"] != digest:
    bar = st.progress(0.0, text=t("entry.import.checking"))
    try:
        checked = status_import.check_file(upload.name, data,
                                           progress=lambda what, done: bar.progress(done, text=t("entry.import.checking")))
    except status_import.ImportFailure as failure:
        bar.empty()
        st.error(failure.error.message(language, markdown=True), icon=":material/error:")
        st.stop()
    bar.empty()
    state = {"digest": digest, "checked": checked, "token": service.new_token()}
    st.session_state["import:checked"] = state
checked = state["checked"]
ref = service.reference()

if checked.problems:
    st.error(t("entry.import.has_problems", count=len(checked.problems)), icon=":material/error:")
    st.dataframe(status_import.problems_table(checked.problems, language), hide_index=True, width="stretch")
else:
    st.success(t("entry.import.all_valid", count=len(checked.rows)), icon=":material/check_circle:")

st.subheader(t("entry.import.preview"))
st.caption(t("entry.import.preview_caption", valid=len(checked.rows), total=len(checked.frame)))
if checked.rows:
    st.dataframe(status_import.preview(checked, ref, language), hide_index=True, width="stretch")

if st.button(t("entry.import.commit", count=len(checked.rows)), type="primary", disabled=not checked.ok,
             icon=":material/save:", key=f"import:commit:{state['token']}"):
    bar = st.progress(0.0, text=t("entry.import.saving"))
    result = status_import.commit(checked, actor, token=state["token"],
                                  progress=lambda what, done: bar.progress(done, text=t("entry.import.saving")))
    bar.empty()
    if result.ok:
        st.session_state.pop("import:checked", None)
        st.session_state["import:generation"] = st.session_state.get("import:generation", 0) + 1
        st.session_state["import:done"] = result.saved
        st.rerun()
    st.error(t("entry.import.refused"), icon=":material/error:")
    st.dataframe(status_import.problems_table(result.problems, language), hide_index=True, width="stretch")
