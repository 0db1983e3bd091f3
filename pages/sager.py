"""Sager: every assessment case with its project, the step reached, the working days used of the
budget, the next deadline and the members; filters in the URL, CSV and Excel downloads."""

import streamlit as st

from dashboard.cases import rules, tables as case_tables, vocab
from dashboard.ui import components, session, views
from dashboard.ui.cases_widgets import cases_table, cases_with_progress
from dashboard.ui.context import lang, t
from dashboard.ui.tables import grid
from dashboard.ui.urlstate import ViewState

L = lang()
today = rules.today_in_copenhagen()
cases = cases_with_progress(today)
view = ViewState("sager", views.params("sager"))

components.page_header("cases.title", "cases.intro")
view.show_notices()

states = [vocab.to_url("state", c) for c in vocab.STATES]
steps = [vocab.to_url("step", c) for c in (*vocab.STEPS, "none")]
overdue_choices = list(vocab.URL_VALUES["overdue"].values())
members = rules.member_names(cases)
years = sorted(set(rules.case_years(cases)) | set(view["aar"]))

with st.container(border=True):
    c1, c2, c3 = st.columns([1, 2, 1])
    c1.multiselect(t("cases.filter_state"), states, key=view.key("tilstand"), placeholder=t("common.all"),
                   format_func=lambda v: vocab.label("state", vocab.from_url("state", v), L))
    c2.multiselect(t("cases.filter_step"), steps, key=view.key("trin"), placeholder=t("common.all"),
                   format_func=lambda v: (t("cases.step_none") if v == "ingen"
                                          else vocab.label("step", vocab.from_url("step", v), L)))
    c3.selectbox(t("cases.filter_overdue"), overdue_choices, key=view.key("frister"),
                 format_func=lambda v: t(f"cases.overdue.{vocab.from_url('overdue', v)}"))
    c4, c5 = st.columns([3, 1])
    c4.multiselect(t("cases.filter_member"), sorted(set(members) | set(view["medlem"])), key=view.key("medlem"),
                   placeholder=t("common.all"))
    c5.multiselect(t("cases.filter_year"), years, key=view.key("aar"), placeholder=t("common.all"))

chosen = rules.CaseFilter(
    states=[vocab.from_url("state", v) for v in view["tilstand"]],
    steps=[vocab.from_url("step", v) for v in view["trin"]],
    overdue=vocab.from_url("overdue", view["frister"]) or "all",
    members=view["medlem"],
    years=view["aar"],
)
rows = rules.apply_filter(cases, chosen)
view.sync_url()

components.demo_banner(rows)
with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.markdown(t("cases.count", shown=len(rows), total=len(cases)), width="content")
    view.copy_link("sager")
    if session.can_see("secretariat", session.actor()):
        views.page_link("indtastning", t("cases.new_case"), icon=":material/add:", type="sag", id="ny")

if rows.empty:
    st.info(t("common.no_rows"), icon=":material/filter_alt_off:")
else:
    table = cases_table(rows, today)
    link = t("columns.link")
    # On the page: what the secretariat scans (state, profile, partner and source are in the downloads
    # and on the case's page). No column is the key text: each gets what its values need.
    shown = case_tables.cases_page_view(table, L)
    event = grid(shown, link=link, name=case_tables.col("project", L),
                 on_select="rerun", selection_mode="single-row", key="cases_table")
    st.caption(t("cases.open_hint"))
    selected = event.selection.rows if event is not None else []
    if selected:
        views.switch_page("sag", id=str(rows.iloc[selected[0]]["case_id"]))
    filters = [(t("cases.filter_state"), ", ".join(vocab.label("state", c, L) for c in chosen.states) or t("common.all")),
               (t("cases.filter_step"), ", ".join(t("cases.step_none") if c == "none" else vocab.label("step", c, L)
                                                  for c in chosen.steps) or t("common.all")),
               (t("cases.filter_overdue"), t(f"cases.overdue.{chosen.overdue}")),
               (t("cases.filter_member"), ", ".join(chosen.members) or t("common.all")),
               (t("cases.filter_year"), ", ".join(map(str, chosen.years)) or t("common.all")),
               (t("links.link"), view.link("sager"))]
    components.download_buttons(table, t("cases.title"), filters, key="cases")
if not rows.empty and bool((rows["provenance"] == "published").any()):
    st.caption(t("cases.published_note"))
st.caption(t("app.source_note"))
