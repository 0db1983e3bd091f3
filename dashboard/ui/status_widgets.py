"""Streamlit pieces of the traffic-light history: the per-project strip (for the project page),
clickable charts for the drill-down, and the lists' project links."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.status import charts as status_charts
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, t


def render_status_strip(slug: str, frame: pd.DataFrame | None = None) -> None:
    """The project's monthly overall status as a strip of symbols and colours, with "Vis datatabel"
    and a link to the project's status history (``frame``: its status_project_strip, if read)."""
    if frame is None:
        frame = data.load("status_project_strip", slug=slug)
    st.subheader(t("status.strip_heading"))
    if frame.empty:
        st.caption(t("status.strip_none"))
        return
    components.demo_banner(frame)
    components.responsive_chart(status_charts.strip(frame, lang()), status_charts.strip_phone(frame, lang()),
                                status_charts.strip_table(frame, lang()), key=f"status_strip-{slug}")
    views.page_link("status", t("status.strip_open_history"), icon=":material/traffic:", projekt=slug)


def clickable_chart(figure, table: pd.DataFrame, key: str) -> list[dict]:
    """Like components.chart_with_table, but a click on a bar selects it; returns the selected points."""
    event = st.plotly_chart(figure, width="stretch", key=f"chart:{key}", on_select="rerun",
                            selection_mode="points", config=components.CHART_CONFIG)
    if st.toggle(t("common.show_table"), key=f"table:{key}"):
        st.dataframe(table, hide_index=True, width="stretch")
    return list(event.selection.points) if event is not None and event.selection else []


def new_click(points: list[dict], key: str) -> str | None:
    """The code (customdata) of a bar clicked since the last run, or None. A chart keeps its
    selection across reruns, so a click is acted on once and later choices in the selectboxes win."""
    signature = tuple(str(p.get("customdata")) for p in points)
    seen = st.session_state.get(f"_clicked:{key}")
    st.session_state[f"_clicked:{key}"] = signature
    if points and signature != seen:
        value = points[0].get("customdata")
        return value[0] if isinstance(value, list) else value
    return None


def project_links(frame: pd.DataFrame, limit: int = 12) -> None:
    """Links to the project page of each project in a list (the first ``limit``), each named by its
    project."""
    projects = list(frame.drop_duplicates("slug")[["slug", "name"]].itertuples(index=False, name=None))
    if not projects:
        return
    st.caption(t("status.open_projects"))
    components.project_links(projects, limit, "status.more_projects")
