"""Streamlit pieces of the recommendations area, shared by the page Anbefalinger and the project page.

``render_project_recommendations(slug)`` is the project page's section: the project's
recommendations and what came of them.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import streamlit as st

from dashboard.recommendations import charts as rc
from dashboard.i18n import format_number, format_percent
from dashboard.recommendations.queries import FIRST_MONTH, month_code
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.tables import grid

# The widest period: every assessment the council can have held.
ALL_TIME = {"month_from": month_code(FIRST_MONTH), "month_to": "2100-12"}
MAX_PROJECT_LINKS = 12


# On the page: the columns that fit beside the recommendation's text (the downloads have them all).
PAGE_COLUMNS = ("rec_columns.project", "rec_columns.text", "rec_columns.subcategory", "rec_columns.focus_area",
                "rec_columns.activity", "rec_columns.followup", "rec_columns.link")
RISK_PAGE_COLUMNS = ("rec_columns.project", "rec_columns.risk", "rec_columns.subcategory", "rec_columns.focus_area",
                     "rec_columns.activity", "rec_columns.case", "rec_columns.link")


def show_list(table: pd.DataFrame) -> None:
    """A list of recommendations with the recommendation's text in full."""
    shown = [t(c) for c in PAGE_COLUMNS if t(c) in table.columns]
    grid(table[shown], text=t("rec_columns.text"), link=t("rec_columns.link"), name=t("rec_columns.project"))


def project_links(frame: pd.DataFrame) -> None:
    """A link to each project in the list (in list order), so the drill-down ends at the project."""
    projects = list(frame.drop_duplicates("slug")[["slug", "project"]].itertuples(index=False, name=None))
    components.project_links(projects, MAX_PROJECT_LINKS, "recommendations.more_projects")


def render_list(frame: pd.DataFrame, filters: Sequence[tuple[str, str]], key: str,
                with_project: bool = True) -> None:
    """The recommendations of a drill-down: how many, the table, links to the projects, downloads."""
    total = int(frame["total_rows"].iloc[0]) if not frame.empty else 0
    if frame.empty:
        st.info(t("recommendations.none"), icon=":material/search_off:")
        return
    if total > len(frame):
        st.warning(t("recommendations.list_cut", shown=format_number(len(frame), lang()),
                     count=format_number(total, lang())), icon=":material/filter_alt:")
    else:
        st.caption(t("recommendations.list_count", count=format_number(total, lang())))
    table = rc.list_view(frame, lang(), with_project=with_project)
    show_list(table)
    if with_project:
        st.markdown(f"**{t('recommendations.open_projects')}**")
        project_links(frame)
    components.download_buttons(table, t("recommendations.list_file"), filters, key=key)


def render_risks(frame: pd.DataFrame, filters: Sequence[tuple[str, str]], key: str) -> None:
    """The identified risks of a search: how many, the table (with links to each risk's case and
    project), links to the projects, downloads."""
    if frame.empty:
        st.info(t("recommendations.risks_none"), icon=":material/search_off:")
        return
    total = int(frame["total_rows"].iloc[0])
    if total > len(frame):
        st.warning(t("recommendations.risks_cut", shown=format_number(len(frame), lang()),
                     count=format_number(total, lang())), icon=":material/filter_alt:")
    else:
        st.caption(t("recommendations.risks_count", count=format_number(total, lang())))
    table = rc.risks_view(frame, lang())
    shown = [t(c) for c in RISK_PAGE_COLUMNS]
    grid(table[shown], text=t("rec_columns.risk"), link=t("rec_columns.link"), name=t("rec_columns.project"),
         links={t("rec_columns.case"): t("rec_columns.case_link")})
    st.markdown(f"**{t('recommendations.open_projects')}**")
    project_links(frame)
    components.download_buttons(table, t("recommendations.risks_file"), filters, key=key,
                                more_links=[t("rec_columns.case")])


def followup_metrics(followup: pd.DataFrame) -> None:
    """Totals of the follow-up overview: how many, accepted, implemented, open."""
    total = int(followup["count"].sum())
    accepted = int(followup["accepted"].sum() + followup["partly_accepted"].sum())
    implemented = int(followup["implemented"].sum())
    cols = st.columns(4)
    cols[0].metric(t("recommendations.total"), format_number(total, lang()), border=True)
    cols[1].metric(t("recommendations.accepted_share"), format_number(accepted, lang()), border=True,
                   help=format_percent(100 * accepted / total if total else 0, lang(), 1))
    cols[2].metric(t("recommendations.implemented_share"), format_number(implemented, lang()), border=True,
                   help=format_percent(100 * implemented / total if total else 0, lang(), 1))
    cols[3].metric(t("recommendations.open"), format_number(int(followup["open"].sum()), lang()), border=True,
                   help=t("recommendations.open_help"))


def render_project_recommendations(slug: str, link: str | None = None) -> None:
    """The project page's section: the project's recommendations and their follow-up (``link``: the
    view's link, written into the downloads)."""
    st.subheader(t("recommendations.project_heading"))
    recommendations = data.load("recommendations_list", **ALL_TIME, project=slug, limit=10_000)
    if recommendations.empty:
        st.caption(t("recommendations.project_none"))
        return
    components.demo_banner(recommendations)
    followup_metrics(data.load("recommendations_followup", **ALL_TIME, project=slug))
    table = rc.list_view(recommendations, lang(), with_project=False)
    show_list(table)
    components.download_buttons(table, f"{plain('recommendations.list_file')} {slug}",
                                [(plain("recommendations.project"), str(recommendations["project"].iloc[0])),
                                 *([(plain("links.link"), link)] if link else [])],
                                key=f"project-recommendations:{slug}")
    views.page_link("anbefalinger", t("recommendations.project_all"), icon=":material/recommend:",
                    visning="anbefalinger", projekt=slug)
