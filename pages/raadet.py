"""Rådet: the council's members with their terms, the activities each took part in, and the
impartiality declarations."""

import streamlit as st

from dashboard.cases import tables as case_tables, vocab
from dashboard.tables import month_text
from dashboard.text import literal
from dashboard.ui import components, data, views
from dashboard.ui.cases_widgets import case_link
from dashboard.ui.context import lang, t
from dashboard.ui.urlstate import ViewState

LINKS_SHOWN = 10
L = lang()
view = ViewState("raadet", views.params("raadet"))
view.sync_url()
components.page_header("cases.council.title", "cases.council.intro")

members = data.load("cases_members")
taken_part = data.load("cases_member_cases")
declarations = data.load("cases_declarations")
# Demo cases of published members, or a demo declaration, make the view contain demo data too.
components.demo_banner(force=any(bool(f["is_demo"].any()) for f in (members, taken_part, declarations)))

st.subheader(t("cases.council.members"))
table = case_tables.members_view(members, L)
st.dataframe(table, hide_index=True, width="stretch")
components.download_buttons(table, t("cases.council.title"), [], key="council")
if bool((members["provenance"] == "published").any()):
    st.caption(t("cases.council.source_note"))

st.subheader(t("cases.council.took_part"))
by_member = {member: rows for member, rows in taken_part.groupby("member_id")}
for m in members.itertuples():
    mine = by_member.get(m.member_id, taken_part.iloc[0:0])
    label = m.name + (" " + t("cases.council.chair") if m.is_chair else "")
    with st.expander(f"{literal(label)} ({len(mine)})"):
        if mine.empty:
            st.caption(t("cases.council.no_activities"))
        # The newest activities as links; all of them in the list of cases, filtered on the member.
        for c in mine.head(LINKS_SHOWN).itertuples():
            when = month_text(c.month, L) or t("format.awaiting")
            case_link(c.case_id, f"{c.project_name} · {vocab.label('kind', c.kind, L)} · {when}")
        if not mine.empty:
            views.page_link("sager", t("cases.council.all_of_member", count=len(mine)), icon=":material/assignment:",
                            medlem=[m.name])

st.subheader(t("cases.council.declarations"))
if declarations.empty:
    st.caption(t("cases.council.no_declarations"))
else:
    st.dataframe(case_tables.declarations_view(declarations, L), hide_index=True, width="stretch")
with st.container(horizontal=True):
    view.copy_link("raadet")
    views.page_link("sager", t("cases.deadlines.all"), icon=":material/assignment:")
st.caption(t("app.source_note"))
