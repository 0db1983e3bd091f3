"""Streamlit column settings for the labelled tables of dashboard.tables."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t


def portfolio_column_config(lang: str) -> dict:
    return {
        t("columns.name", lang): st.column_config.TextColumn(width="medium", pinned=True),
        t("columns.status_text", lang): st.column_config.TextColumn(width="large"),
        t("columns.link", lang): st.column_config.LinkColumn(display_text=t("columns.link", lang), width="small"),
    }
