"""Projekt: one project with its purpose, organisations, risk profile, activities and status."""

import streamlit as st

from dashboard import charts, domain, tables
from dashboard.i18n import format_mkr
from dashboard.ui import components, data
from dashboard.ui.context import lang, t
from dashboard.ui.shell import page_path
from dashboard.ui.recommendation_widgets import render_project_recommendations
from dashboard.ui.screening_widgets import render_project_facts
from dashboard.ui.status_widgets import render_status_strip
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Param

portfolio = data.load("portfolio")
activities = data.load("activities")
slugs = portfolio["slug"].tolist()
SECTIONS = ["oversigt", "aktiviteter", "anbefalinger"]

view = ViewState("projekt", [
    Param("id", default=None, choices=slugs),
    Param("fane", default="oversigt", choices=SECTIONS),
])
L = lang()
view.show_notices()

names = dict(zip(portfolio["slug"], portfolio["name"]))
st.selectbox(t("project.choose"), slugs, key=view.key("id"), format_func=names.get, index=None,
             placeholder=t("project.choose_placeholder"))
slug = view["id"]
if slug is None:
    view.sync_url()
    st.title(t("project.title"))
    st.info(t("project.none_chosen"), icon=":material/folder_open:")
    st.page_link(page_path("portefolje"), label=t("project.to_portfolio"), icon=":material/table_rows:")
    st.stop()

project = portfolio[portfolio["slug"] == slug].iloc[0]
own = activities[activities["slug"] == slug]

st.title(project["name"])
if project["short_name"] and project["short_name"] != project["name"]:
    st.caption(project["short_name"])
components.demo_banner(force=bool(project["is_demo"]))

components.facts([
    (t("columns.state"), domain.label("state", project["state"], L)),
    (t("columns.risk_profile"), domain.profile_label(project["risk_profile"], L)),
    (t("columns.responsible"), tables.responsible_text(project["responsible"], L)),
    (t("columns.is_rsi"), {True: t("format.yes"), False: t("format.no")}.get(project["is_rsi"], t("format.unknown"))),
])

st.segmented_control(t("project.section"), SECTIONS, key=view.key("fane"),
                     format_func=lambda s: t(f"project.section_{s}"), label_visibility="collapsed")
view.sync_url()
section = view["fane"] or "oversigt"

if section == "oversigt":
    if isinstance(project["purpose"], str):
        st.subheader(t("columns.purpose"))
        st.write(project["purpose"])
    st.subheader(t("project.latest_status"))
    if isinstance(project["status_text"], str):
        st.markdown(f"**{t('columns.status_date')} {tables.month_text(project['status_date'], L)}**")
        st.write(project["status_text"])
    else:
        st.caption(t("project.no_status"))
    render_status_strip(slug)
    render_project_facts(slug)   # the rule's verdict and reason, type, phase, budget, outcome, lineage
    if tables.month_text(project["end_month"], L):
        st.caption(f"{t('columns.end_month')}: {tables.month_text(project['end_month'], L)}")
    if project["budget_mkr"] == project["budget_mkr"] and project["budget_mkr"] is not None:
        st.caption(f"{t('project.budget')}: {format_mkr(project['budget_mkr'], L)}")
    if isinstance(project["risk_profile"], str):
        st.subheader(t("project.profile_heading"))
        components.chart_with_table(charts.risk_matrix(portfolio[portfolio["slug"] == slug], L),
                                    charts.risk_matrix_table(portfolio[portfolio["slug"] == slug], L),
                                    key="project_matrix")
    st.subheader(t("project.more"))
    links = st.columns(3)
    links[0].page_link(page_path("status"), label=t("project.to_status"), query_params={"projekt": slug},
                       icon=":material/traffic:")
    links[1].page_link(page_path("anbefalinger"), label=t("project.to_recommendations"),
                       query_params={"projekt": slug}, icon=":material/recommend:")
    links[2].page_link(page_path("portefolje"), label=t("project.to_portfolio"), icon=":material/table_rows:")
elif section == "anbefalinger":
    render_project_recommendations(slug)
else:
    st.subheader(t("project.timeline_title"))
    if own.empty:
        st.info(t("project.no_activities"))
    else:
        table = tables.activities_view(own, L)
        components.chart_with_table(charts.activity_timeline(own, L), table, key="project_timeline")
        components.download_buttons(table, f"{project['name']} – {t('columns.activities')}",
                                    [(t("columns.name"), project["name"]), (t("links.link"), view.link("projekt"))],
                                    key="project_activities")

with st.sidebar:
    view.copy_link("projekt")
st.caption(t("app.source_note"))
