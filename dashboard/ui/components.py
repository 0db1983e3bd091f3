"""Small building blocks the pages share."""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import streamlit as st

from dashboard import downloads
from dashboard.status import attention
from dashboard.status import charts as status_charts
from dashboard.i18n import format_timestamp
from dashboard.tables import month_text
from dashboard.text import literal
from dashboard.ui import data
from dashboard.ui.context import lang, plain, t


def demo_banner(frame: pd.DataFrame | None = None, column: str = "is_demo", force: bool = False) -> None:
    """A visible notice whenever the rows shown include demo data."""
    if force or (frame is not None and column in frame and bool(frame[column].any())):
        st.warning(t("app.demo_banner"), icon=":material/science:")


def last_changed(changed_at) -> None:
    st.caption(t("app.last_changed", when=format_timestamp(changed_at.to_pydatetime(), lang())))


def page_header(title_key: str, intro_key: str | None = None) -> None:
    st.title(t(title_key))
    if intro_key:
        st.caption(t(intro_key))


# Plotly's own toolbar (English, and over the title on a phone) is left out; Streamlit's fullscreen
# button stays, and every chart has its numbers as a table.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def chart_with_table(figure, table: pd.DataFrame, key: str) -> None:
    """A chart with a "Vis datatabel" switch that shows the same numbers as a table."""
    st.plotly_chart(figure, width="stretch", key=f"chart:{key}", config=CHART_CONFIG)
    if st.toggle(t("common.show_table"), key=f"table:{key}"):
        st.dataframe(table, hide_index=True, width="stretch")


def responsive_chart(wide, phone, table: pd.DataFrame, key: str) -> None:
    """A chart drawn for a wide screen and, in its place on a phone, a smaller one (style.css
    shows one of the two by the window's width), with the table of the whole chart."""
    with st.container(key=f"wide-only-{key}"):
        st.plotly_chart(wide, width="stretch", key=f"chart:{key}", config=CHART_CONFIG)
    with st.container(key=f"phone-only-{key}"):
        st.plotly_chart(phone, width="stretch", key=f"chart:{key}:phone", config=CHART_CONFIG)
    if st.toggle(t("common.show_table"), key=f"table:{key}"):
        st.dataframe(table, hide_index=True, width="stretch")


def download_buttons(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]], key: str,
                     more_links: Sequence[str] = ()) -> None:
    """CSV (standard, and semicolon for Danish Excel) and Excel of exactly the rows shown, with the
    active filters, the time and the view's link written in the file; links made absolute (the
    "Åbn" columns and ``more_links``, e.g. a column of links to cases).

    The files are made only when a button is pressed (callables), in the viewer's language."""
    from dashboard.ui.urlstate import app_base_url, current_view_link

    language = lang()
    link_label = t("links.link")
    if not any(label == link_label for label, _ in filters):
        filters = [*filters, (link_label, current_view_link())]
    link_columns = [t("columns.link"), t("rec_columns.link"), *more_links]
    frame = downloads.absolute_links(frame, link_columns, app_base_url())
    csv_kind = {"mime": "text/csv", "on_click": "ignore", "icon": ":material/download:"}
    standard, danish, excel = st.columns(3)
    standard.download_button(
        t("common.download_csv"), data=lambda: downloads.to_csv(frame, title, filters, language),
        file_name=downloads.file_name(title, "csv"), key=f"csv:{key}", help=t("downloads.csv_help"), **csv_kind)
    danish.download_button(
        t("downloads.csv_semicolon"), data=lambda: downloads.to_csv(frame, title, filters, language, semicolon=True),
        file_name=downloads.file_name(title, "csv", t("downloads.semicolon_suffix")), key=f"csv-semicolon:{key}",
        help=t("downloads.csv_semicolon_help"), **csv_kind)
    excel.download_button(
        t("common.download_excel"),
        data=lambda: downloads.to_excel(frame, title, filters, language, link_columns=link_columns),
        file_name=downloads.file_name(title, "xlsx"), key=f"xlsx:{key}", icon=":material/table_view:",
        on_click="ignore", mime=downloads.EXCEL_MIME)


def facts(pairs: Sequence[tuple[str, str]]) -> None:
    """Short labelled facts side by side (text that a metric would cut off); a fact without a value
    is left out rather than shown as an empty tile. Values are data: shown as text."""
    pairs = [(label, value) for label, value in pairs if value]
    if not pairs:
        return
    for column, (label, value) in zip(st.columns(len(pairs)), pairs):
        with column.container(border=True):
            st.caption(label)
            st.markdown(f"**{literal(value)}**")


def cause_names() -> dict[str, str]:
    """Subcategory code -> its name in the viewer's language (the causes of yellow and red)."""
    taxonomy = data.load("status_taxonomy")
    return dict(zip(taxonomy["subcategory"], taxonomy[f"subcategory_{'en' if lang() == 'en' else 'da'}"]))


def _shortened(text: str | None, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def concern_lines(concern: attention.Concern, names: dict[str, str], with_since: bool = False,
                  limit: int = 220) -> list[str]:
    """What is yellow or red, why (cause and explanation), since when, and the action, as lines of
    Markdown with the data in them shown as text."""
    L = lang()
    lines = []
    for p in concern.parameters:
        cause = names.get(p.cause, p.cause) if p.cause else plain("overview.concern_no_cause")
        values = dict(parameter=status_charts.parameter_label(p.parameter, L),
                      status=status_charts.status_label(p.colour, L),
                      cause=cause + (f": {_shortened(p.note, limit)}" if p.note else ""))
        if with_since and p.since:
            lines.append(t("overview.concern_parameter_since", **values, since=month_text(p.since, L)))
        else:
            lines.append(t("overview.concern_parameter", **values))
    if concern.action:
        lines.append(t("overview.concern_action", action=status_charts.action_label(concern.action, L)))
    return lines


def concern_card(concern: attention.Concern, names: dict[str, str], as_of=None) -> None:
    """One project that needs attention: its name as the link to it, then what, why, since when
    and the action, in a few short lines (the explanations shortened; the project page has them)."""
    from dashboard.ui import views

    L = lang()
    with st.container(border=True, gap="small"):
        views.page_link("projekt", literal(concern.name), icon=":material/arrow_forward:", id=concern.slug)
        key = "overview.concern_head" if as_of is None or concern.month == as_of else "overview.concern_head_stale"
        head = t(key, status=status_charts.status_label(concern.overall, L), month=month_text(concern.month, L),
                 months=concern.months, since=month_text(concern.since, L))
        st.caption("  \n".join([head, *concern_lines(concern, names, limit=110)]))


def project_links(projects: Sequence[tuple[str, str]], limit: int, more_key: str) -> None:
    """A link to each project (slug, name), named by the project, side by side and wrapping to the
    next line (names are never cut); after ``limit`` links, how many more there are."""
    from dashboard.ui import views

    with st.container(horizontal=True, gap="small"):
        for slug, name in projects[:limit]:
            views.page_link("projekt", literal(name), icon=":material/arrow_forward:", id=slug)
    if len(projects) > limit:
        st.caption(t(more_key, count=len(projects) - limit))
