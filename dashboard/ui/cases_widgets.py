"""The Streamlit side of the cases room shared by several pages: the cases with their progress,
"Kommende frister" on the overview, and a project's cases on the project page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.cases import rules, tables as case_tables, vocab
from dashboard.text import literal
from dashboard.ui import data, views
from dashboard.ui.context import lang, t

DEADLINES_SHOWN = 8


@st.cache_resource(max_entries=16, show_spinner=False)
def _progress(database: str, version: int, today: dt.date) -> pd.DataFrame:
    return rules.with_progress(data.load("cases_list"), today)


def cases_with_progress(today: dt.date) -> pd.DataFrame:
    """Every case with where it stands today: built once per data version and day and shared by
    every session (the same for everyone; read-only), as the large set has thousands of steps."""
    return _progress(data.database_key(), data.current_version()[0], today)


@st.cache_resource(max_entries=16, show_spinner=False)
def _table(database: str, version: int, today: dt.date, lang: str) -> pd.DataFrame:
    return case_tables.cases_view(cases_with_progress(today), lang, keep_index=True)


def cases_table(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The labelled table (tables.cases_view) of ``rows``, a selection of cases_with_progress(today):
    the whole list's labels are built once per data version, day and language."""
    full = _table(data.database_key(), data.current_version()[0], today, lang())
    return full.loc[rows.index].reset_index(drop=True)


def case_link(case_id: int, label: str, container=None) -> None:
    views.page_link("sag", literal(label), icon=":material/arrow_forward:", container=container, id=str(case_id))


def render_deadlines(today: dt.date) -> None:
    """"Kommende frister": the open cases' overdue steps and next deadlines (the secretariat's start)."""
    L = lang()
    st.subheader(t("cases.deadlines.title"))
    st.caption(t("cases.deadlines.intro"))
    due = rules.deadlines(cases_with_progress(today), today)
    if due.empty:
        st.info(t("cases.deadlines.none"), icon=":material/event_available:")
    for row in due.head(DEADLINES_SHOWN).itertuples():
        with st.container(border=True, gap="small"):
            case_link(row.case_id, f"{row.project_name} · {vocab.label('kind', row.kind, L)}")
            if row.overdue:
                for step, day in zip(row.overdue_steps, row.overdue_days):
                    st.markdown(t("cases.deadlines.line_overdue", step=vocab.label("step", step, L),
                                  date=case_tables.date_text(day, L)))
            else:
                st.caption(t("cases.deadlines.line_due", step=vocab.label("step", row.next_deadline_step, L),
                             date=case_tables.date_text(row.next_deadline, L)))
    if len(due) > DEADLINES_SHOWN:
        st.caption(t("cases.deadlines.more", count=len(due) - DEADLINES_SHOWN))
    views.page_link("sager", t("cases.deadlines.all"), icon=":material/assignment:", tilstand=["aaben"])


def render_project_cases(slug: str, today: dt.date) -> None:
    """A project's cases with where each stands, each a link to its page."""
    L = lang()
    st.subheader(t("cases.case.project_cases"))
    cases = data.load("cases_list", slug=slug)
    if cases.empty:
        st.caption(t("cases.case.project_no_cases"))
        return
    rows = rules.with_progress(cases, today)
    for row in rows.itertuples():
        month = case_tables.core_tables.month_text(row.month, L) or t("format.awaiting", L)
        case_link(row.case_id, f"{vocab.label('kind', row.kind, L)} · {month} · {vocab.label('state', row.state, L)}")
