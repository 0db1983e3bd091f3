"""Statushistorik: the monthly traffic lights of the RSI projects (report section 7, figures 6-8).

Five views of one period, parameter and project, all in the URL: the heatmap of projects by
month, the green/yellow/red distribution (figure 6), the causes by focus area and subcategory
with their drill-down (figures 7 and 8), early warnings, and the changes since a date.
Only the chosen view's queries run.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import views as view_params
from dashboard.status import queries as status
from dashboard.status import charts as status_charts
from dashboard.i18n import format_date, format_number
from dashboard.tables import month_text
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.status_widgets import clickable_chart, new_click, project_links
from dashboard.ui.tables import grid
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Notice

URL_PATH = "status"
VIEWS = view_params.STATUS_VIEWS
SORTS = view_params.STATUS_SORTS
PARAMETERS = view_params.STATUS_PARAMETERS  # "tid" -> "time"
RUN_CHOICES = view_params.RUN_CHOICES
ALL = view_params.ALL  # "no choice" in a selectbox (all projects, all focus areas, no cause): ?projekt=
PAGE_SIZE = 30      # projects per heatmap page
ROW_LIMIT = 200     # rows per list; the downloads hold the same rows


def month_label(code: str) -> str:
    return month_text(status.parse_month_code(code), lang())


def settle(view: ViewState, taxonomy: pd.DataFrame) -> None:
    """Make the state consistent before the widgets draw: a reversed period is turned round, a
    page below 1 is page 1, and the chosen cause and focus area agree."""
    if view["fra"] > view["til"]:
        st.warning(t("status.period_swapped", first=month_label(view["til"]), last=month_label(view["fra"])),
                   icon="⚠️")
        view["fra"], view["til"] = view["til"], view["fra"]
    if not isinstance(view["side"], int) or view["side"] < 1:
        view.notices.append(Notice("side", str(view["side"])))
        view["side"] = 1
    if view["aarsag"]:
        area = taxonomy.set_index("subcategory").loc[view["aarsag"], "focus_area"]
        if not view["fokusomraade"]:
            view["fokusomraade"] = area
        elif view["fokusomraade"] != area:
            view["aarsag"] = ALL


def common_filters(view: ViewState, projects: pd.DataFrame, codes: list[str]) -> None:
    names = dict(zip(projects["slug"], projects["name"]))
    st.segmented_control(t("status.view"), VIEWS, format_func=lambda v: t(f"status.view_{v}"),
                         key=view.key("visning"), required=True)
    cols = st.columns([1, 1, 1, 2])
    cols[0].selectbox(t("status.period_from"), codes, format_func=month_label, key=view.key("fra"))
    cols[1].selectbox(t("status.period_to"), codes, format_func=month_label, key=view.key("til"))
    cols[2].selectbox(t("status.parameter"), list(PARAMETERS),
                      format_func=lambda name: status_charts.parameter_label(PARAMETERS[name], lang()),
                      key=view.key("parameter"))
    cols[3].selectbox(t("status.project"), [ALL, *projects["slug"]],
                      format_func=lambda slug: names[slug] if slug else t("status.all_projects"),
                      key=view.key("projekt"))


def show_list(view: ViewState, table: pd.DataFrame, frame: pd.DataFrame, title: str, filters, key: str) -> None:
    grid(table, text=t("status.col_explanation"), link=t("columns.link"), name=t("columns.name"))
    # The file names the view's filters and carries its link (the state as drawn, clicks included).
    components.download_buttons(table, title, [*filters, (plain("links.link"), view.link(URL_PATH))], key=key)
    project_links(frame)


def _heatmap_with_table(frame, lang, parameter, **_):
    return (status_charts.heatmap(frame, parameter, lang), status_charts.heatmap_phone(frame, parameter, lang),
            status_charts.heatmap_table(frame, lang))


def heatmap_view(view: ViewState, query: dict) -> None:
    controls = st.container()
    sort = SORTS[view["sortering"]]
    frame = data.load("status_heatmap", **query, sort=sort, page_size=PAGE_SIZE,
                      page_offset=(view["side"] - 1) * PAGE_SIZE)
    if frame.empty and view["side"] > 1:   # past the last page (e.g. after narrowing the filters)
        view["side"] = 1
        frame = data.load("status_heatmap", **query, sort=sort, page_size=PAGE_SIZE, page_offset=0)
    if frame.empty:
        st.info(t("status.no_reports_in_period"))
        return
    total = int(frame["projects_total"].iloc[0])
    pages = max(1, math.ceil(total / PAGE_SIZE))
    with controls:
        left, right = st.columns(2)
        left.selectbox(t("status.sort"), list(SORTS), format_func=lambda s: t(f"status.sort_{s}"),
                       key=view.key("sortering"))
        right.number_input(t("status.page", pages=pages), min_value=1, max_value=pages, step=1,
                           key=view.key("side"))
    components.demo_banner(frame)
    # The same for every viewer of this view: built once per data version (itraad bench: the
    # figure was a third of this page's run on the large set).
    components.responsive_chart(*data.derived(_heatmap_with_table, "status_heatmap", lang=lang(), **query, sort=sort,
                                              page_size=PAGE_SIZE, page_offset=(view["side"] - 1) * PAGE_SIZE),
                                key="status_heatmap")
    shown = frame["position"]
    st.caption(t("status.heatmap_caption", first=int(shown.min()), last=int(shown.max()),
                 total=format_number(total, lang())))


def distribution_view(query: dict) -> None:
    frame = data.load("status_distribution", **query)
    if frame["marks"].sum() == 0:
        st.info(t("status.no_reports_in_period"))
        return
    components.demo_banner(frame)
    components.chart_with_table(status_charts.distribution(frame, query["parameter"], lang()),
                                status_charts.distribution_table(frame, lang()), key="status_distribution")
    st.caption(t("status.distribution_caption"))


def causes_view(view: ViewState, query: dict, taxonomy: pd.DataFrame, filters) -> None:
    causes = data.load("status_causes", **query)
    controls = st.container()
    if causes["marks"].sum() == 0:
        st.info(t("status.no_causes"))
    else:
        components.demo_banner(causes)
        left, right = st.columns(2)
        with left:
            clicked_area = new_click(clickable_chart(status_charts.causes_by_focus_area(causes, lang()),
                                                     status_charts.causes_table(causes, lang()),
                                                     key="status_focus_areas"), "status_focus_areas")
        if clicked_area is not None:
            view["fokusomraade"], view["aarsag"] = clicked_area, ALL
        with right:
            clicked_cause = new_click(clickable_chart(
                status_charts.causes_by_subcategory(causes, lang(), view["fokusomraade"] or None),
                status_charts.causes_table(causes, lang()), key="status_subcategories"), "status_subcategories")
        if clicked_cause is not None:
            view["aarsag"] = clicked_cause
            view["fokusomraade"] = taxonomy.set_index("subcategory").loc[clicked_cause, "focus_area"]
        st.caption(t("status.causes_caption"))

    area_names = dict(zip(taxonomy["focus_area"], taxonomy[f"focus_area_{'en' if lang() == 'en' else 'da'}"]))
    cause_names = dict(zip(taxonomy["subcategory"], taxonomy[f"subcategory_{'en' if lang() == 'en' else 'da'}"]))
    counts = dict(zip(causes["subcategory"], causes["marks"]))
    in_area = [c for c, a in zip(taxonomy["subcategory"], taxonomy["focus_area"])
               if not view["fokusomraade"] or a == view["fokusomraade"]]
    with controls:
        left, right = st.columns(2)
        left.selectbox(t("status.focus_area"), [ALL, *area_names],
                       format_func=lambda c: area_names[c] if c else t("status.all_focus_areas"),
                       key=view.key("fokusomraade"))
        right.selectbox(t("status.cause"), [ALL, *in_area],
                        format_func=lambda c: f"{cause_names[c]} ({counts.get(c, 0)})" if c else t("status.pick_cause"),
                        key=view.key("aarsag"))

    if not view["aarsag"] and not view["fokusomraade"]:
        st.info(t("status.drill_hint"), icon=":material/ads_click:")
        return
    rows = data.load("status_cause_reports", **query, subcategory=view["aarsag"] or None,
                     focus_area=None if view["aarsag"] else view["fokusomraade"], row_limit=ROW_LIMIT)
    chosen = cause_names[view["aarsag"]] if view["aarsag"] else area_names[view["fokusomraade"]]
    total = int(rows["rows_total"].iloc[0]) if not rows.empty else 0
    st.subheader(t("status.drill_heading", cause=chosen, count=format_number(total, lang())))
    if rows.empty:
        st.info(t("status.drill_none"))
        return
    components.demo_banner(rows)
    if total > len(rows):
        st.caption(t("status.rows_limited", shown=len(rows), total=format_number(total, lang())))
    show_list(view, status_charts.cause_reports_table(rows, causes, lang()), rows,
              plain("status.drill_heading", cause=chosen, count=total),
              [*filters, (plain("status.cause"), chosen)], key="status_drill")


def warnings_view(view: ViewState, query: dict, filters) -> None:
    st.columns(3)[0].selectbox(t("status.min_run"), RUN_CHOICES, key=view.key("n"))
    as_of = query["period_to"]
    frame = data.load("status_warnings", as_of=as_of, parameter=query["parameter"], project=query["project"],
                      min_run=view["n"])
    st.caption(t("status.warnings_as_of", month=month_text(as_of, lang())))
    components.demo_banner(frame)
    for kind in status.WARNING_KINDS:
        part = frame[frame["kind"] == kind]
        title = t(f"status.warning_{kind}", n=view["n"])
        st.subheader(f"{title} ({len(part)})")
        st.caption(t(f"status.warning_{kind}_help", n=view["n"], month=month_text(as_of, lang())))
        if part.empty:
            st.info(t("status.warning_none"), icon=":material/check_circle:")
            continue
        table = status_charts.warnings_table(part, lang())
        table = table.loc[:, (table != "").any()]   # a run has no "month before", a change no run
        show_list(view, table, part, plain(f"status.warning_{kind}", n=view["n"]),
                  [*filters, (plain("status.min_run"), str(view["n"]))], key=f"status_warning_{kind}")


def changes_view(view: ViewState, query: dict, filters) -> None:
    st.columns(3)[0].date_input(t("status.since"), key=view.key("siden"), format="DD.MM.YYYY")
    since = view["siden"]
    frame = data.load("status_changes", since=since, parameter=query["parameter"], project=query["project"],
                      row_limit=ROW_LIMIT)
    total = int(frame["rows_total"].iloc[0]) if not frame.empty else 0
    heading = t("status.changes_heading", date=format_date(since, lang()))
    file_title = plain("status.changes_heading", date=format_date(since, lang()))
    st.subheader(f"{heading} ({format_number(total, lang())})")
    st.caption(t("status.changes_help"))
    if frame.empty:
        st.info(t("status.changes_none"))
        return
    components.demo_banner(frame)
    if total > len(frame):
        st.caption(t("status.rows_limited", shown=len(frame), total=format_number(total, lang())))
    show_list(view, status_charts.changes_table(frame, lang()), frame, file_title,
              [*filters, (plain("status.since"), format_date(since, lang()))], key="status_changes")


def main() -> None:
    components.page_header("status.title", "status.intro")
    bounds = data.load("status_bounds")
    first, last = bounds["first_month"].iloc[0], bounds["last_month"].iloc[0]
    if pd.isna(last):
        st.info(t("status.no_reports"), icon=":material/info:")
        return
    first, last = first.date(), last.date()
    projects = data.load("status_projects")
    taxonomy = data.load("status_taxonomy")
    view = ViewState("status", views.params(URL_PATH))
    settle(view, taxonomy)
    notices = st.container()
    codes = [status.month_code(m) for m in status.months_between(first, last)]
    common_filters(view, projects, codes)

    query = {"period_from": status.parse_month_code(view["fra"]), "period_to": status.parse_month_code(view["til"]),
             "parameter": PARAMETERS[view["parameter"]], "project": view["projekt"] or None}
    names = dict(zip(projects["slug"], projects["name"]))
    filters = [(plain("status.period_from"), month_label(view["fra"])),
               (plain("status.period_to"), month_label(view["til"])),
               (plain("status.parameter"), status_charts.parameter_label(query["parameter"], lang())),
               (plain("status.project"), names.get(view["projekt"], plain("status.all_projects")))]
    if view["projekt"]:
        views.page_link("projekt", t("status.open_project", name=names[view["projekt"]]),
                        icon=":material/arrow_forward:", id=view["projekt"])

    chosen = view["visning"]
    if chosen == "historik":
        heatmap_view(view, query)
    elif chosen == "fordeling":
        distribution_view(query)
    elif chosen == "aarsager":
        causes_view(view, query, taxonomy, filters)
    elif chosen == "advarsler":
        warnings_view(view, query, filters)
    else:
        changes_view(view, query, filters)

    with notices:
        view.show_notices()
    view.copy_link(URL_PATH)
    view.sync_url()
    st.caption(t("status.source_note"))


main()
