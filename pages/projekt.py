"""Projekt: one project. A yellow or red project says at the top why: which parameters are yellow or
red, their causes and explanations, the action and since when, with links to the council's
recommendations to the project in the same focus areas. Then purpose, organisations, risk profile,
activities, status history and recommendations."""

import streamlit as st

from dashboard import charts, domain, tables, views as view_params
from dashboard.status import attention
from dashboard.text import literal
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, t
from dashboard.ui.recommendation_widgets import ALL_TIME, render_project_recommendations
from dashboard.ui.reports_widgets import render_status_text_history
from dashboard.ui.screening_widgets import render_project_facts
from dashboard.ui.status_widgets import render_status_strip
from dashboard.ui.urlstate import ViewState

portfolio = data.load("portfolio")
activities = data.load("activities")
slugs = portfolio["slug"].tolist()
SECTIONS = list(view_params.PROJECT_SECTIONS)

view = ViewState("projekt", views.params("projekt"))
L = lang()
view.show_notices()

names = dict(zip(portfolio["slug"], portfolio["name"]))
# Select-box options are shown as plain text (no Markdown), so names go in as they are.
st.selectbox(t("project.choose"), slugs, key=view.key("id"), format_func=names.get, index=None,
             placeholder=t("project.choose_placeholder"))
slug = view["id"]
if slug is None:
    view.sync_url()
    st.title(t("project.title"))
    st.info(t("project.none_chosen"), icon=":material/folder_open:")
    views.page_link("portefolje", t("project.to_portfolio"), icon=":material/table_rows:")
    st.stop()

project = portfolio[portfolio["slug"] == slug].iloc[0]
own = activities[activities["slug"] == slug]

st.title(literal(project["name"]))
if project["short_name"] and project["short_name"] != project["name"]:
    st.caption(literal(project["short_name"]))
components.demo_banner(force=bool(project["is_demo"]))


def why(reports) -> None:
    """What is yellow or red in the latest report, why, since when, the action; and the council's
    recommendations to the project in the focus areas of those causes."""
    concern = attention.from_reports(slug, project["name"], reports)
    if concern is None:
        return
    taxonomy = data.load("status_taxonomy")
    cause_names = components.cause_names()
    # A box edged in the status colour (style.css), the status in words and symbol inside it.
    with st.container(border=True, key=f"concern-{concern.overall}"):
        st.markdown("  \n".join([
            t("project.why_heading", status=charts.status_label(concern.overall, L),
              month=tables.month_text(concern.month, L), months=concern.months,
              since=tables.month_text(concern.since, L)),
            *components.concern_lines(concern, cause_names, with_since=True, limit=600)]))
    areas = dict(zip(taxonomy["subcategory"], taxonomy["focus_area"]))
    area_names = dict(zip(taxonomy["focus_area"], taxonomy[f"focus_area_{'en' if L == 'en' else 'da'}"]))
    wanted = list(dict.fromkeys(areas[p.cause] for p in concern.parameters if p.cause in areas))
    given = data.load("recommendations_list", **ALL_TIME, project=slug, limit=10_000)
    counts = given["focus_area"].value_counts()
    links = [(area, int(counts.get(area, 0))) for area in wanted]
    for area, count in links:
        if count:
            views.page_link("anbefalinger", t("project.why_recommendations", count=count, area=area_names[area]),
                            icon=":material/recommend:", visning="anbefalinger", projekt=slug, fokus=area)
    missing = [area_names[area] for area, count in links if not count]
    if missing:
        st.caption(t("project.why_no_recommendations", areas=domain.join_names(missing, L)))


reports = data.load("status_project_strip", slug=slug)
why(reports)

rsi = {True: t("format.yes"), False: t("format.no")}.get(project["is_rsi"])
components.facts([
    (t("columns.state"), domain.label("state", project["state"], L)),
    (t("columns.risk_profile"), domain.profile_label(project["risk_profile"], L)),
    (t("columns.responsible"), tables.responsible_text(project["responsible"], L)),
    (t("columns.is_rsi"), rsi),
])   # the budget is a project fact with its history: render_project_facts below, its one home

st.segmented_control(t("project.section"), SECTIONS, key=view.key("fane"),
                     format_func=lambda s: t(f"project.section_{s}"), label_visibility="collapsed")
view.sync_url()
section = view["fane"] or "oversigt"

if section == "oversigt":
    if project["purpose"]:
        st.subheader(t("columns.purpose"))
        st.text(project["purpose"])  # data: shown as typed, never as Markdown
    st.subheader(t("project.latest_status"))
    if project["status_text"]:
        st.markdown(f"**{t('project.status_as_of', month=tables.month_text(project['status_date'], L))}**")
        st.text(project["status_text"])
    else:
        st.caption(t("project.no_status"))
    render_status_text_history(slug)
    render_status_strip(slug, reports)
    render_project_facts(slug)   # the rule's verdict and reason, type, phase, budget, outcome, lineage
    if tables.month_text(project["end_month"], L):
        st.caption(f"{t('columns.end_month')}: {tables.month_text(project['end_month'], L)}")
    if project["risk_profile"]:
        st.subheader(t("project.profile_heading"))
        components.chart_with_table(charts.risk_matrix(portfolio[portfolio["slug"] == slug], L),
                                    charts.risk_matrix_table(portfolio[portfolio["slug"] == slug], L),
                                    key="project_matrix")
    st.subheader(t("project.more"))
    with st.container(horizontal=True, gap="medium"):
        views.page_link("status", t("project.to_status"), icon=":material/traffic:", projekt=slug)
        views.page_link("anbefalinger", t("project.to_recommendations"), icon=":material/recommend:",
                        visning="anbefalinger", projekt=slug)
        views.page_link("portefolje", t("project.to_portfolio"), icon=":material/table_rows:")
elif section == "anbefalinger":
    render_project_recommendations(slug, view.link("projekt"))
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
    # Each activity's case (issue 13), a link to its page.
    from dashboard.cases.rules import today_in_copenhagen
    from dashboard.ui.cases_widgets import render_project_cases

    render_project_cases(slug, today_in_copenhagen())

with st.sidebar:
    view.copy_link("projekt")
st.caption(t("app.source_note"))
