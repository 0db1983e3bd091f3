"""Small building blocks the pages share."""

from __future__ import annotations

import re
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


def slug_for_file(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "udtraek"


def download_buttons(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]], key: str) -> None:
    """CSV and Excel of exactly the rows shown, with the active filters written in the file."""
    name = slug_for_file(title)
    left, right = st.columns(2)
    left.download_button(t("common.download_csv"), data=downloads.to_csv(frame, title, filters),
                         file_name=f"{name}.csv", mime="text/csv", key=f"csv:{key}",
                         icon=":material/download:", on_click="ignore")
    right.download_button(
        t("common.download_excel"),
        data=lambda: downloads.to_excel(frame, title, filters, filter_sheet=t("common.filters_sheet")),
        file_name=f"{name}.xlsx", key=f"xlsx:{key}", icon=":material/table_view:", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def facts(pairs: Sequence[tuple[str, str]]) -> None:
    """Short labelled facts side by side (text that a metric would cut off)."""
    for column, (label, value) in zip(st.columns(len(pairs)), pairs):
        with column.container(border=True):
            st.caption(label)
            st.markdown(f"**{value}**")
