"""Small building blocks the pages share."""

from __future__ import annotations

from typing import Callable, Sequence

import pandas as pd
import streamlit as st

from dashboard import downloads
from dashboard.i18n import format_timestamp
from dashboard.ui.context import lang, t


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


def chart_with_table(figure, table: pd.DataFrame, key: str) -> None:
    """A chart with a "Vis datatabel" switch that shows the same numbers as a table."""
    st.plotly_chart(figure, width="stretch", key=f"chart:{key}", config={"displaylogo": False})
    if st.toggle(t("common.show_table"), key=f"table:{key}"):
        st.dataframe(table, hide_index=True, width="stretch")


def download_buttons(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]], key: str) -> None:
    """CSV (standard, and semicolon for Danish Excel) and Excel of exactly the rows shown, with the
    active filters, the time and the view's link written in the file; links made absolute.

    The files are made only when a button is pressed (callables), in the viewer's language."""
    from dashboard.ui.urlstate import app_base_url, current_view_link

    language = lang()
    link_label = t("links.link")
    if not any(label == link_label for label, _ in filters):
        filters = [*filters, (link_label, current_view_link())]
    link_columns = [t("columns.link"), t("rec_columns.link")]
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
    """Short labelled facts side by side (text that a metric would cut off)."""
    for column, (label, value) in zip(st.columns(len(pairs)), pairs):
        with column.container(border=True):
            st.caption(label)
            st.markdown(f"**{value}**")
