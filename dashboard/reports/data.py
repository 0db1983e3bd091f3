"""The reports' own queries (dashboard/reports/queries/*.sql), read through the query layer of
dashboard.repository and validated with the pandera schemas below. No Streamlit here.

Every query takes ``include_demo``: a document leaves demo rows out unless it is asked for them
(``--med-demo``), and then says so on every page.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.db.queries import TEXT, code_column, read_frame

_MONTH = pa.Column("datetime64[ns]", nullable=True, coerce=True)


TABLE1 = pa.DataFrameSchema(
    {
        "project_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "purpose": pa.Column(TEXT, nullable=True),
        "responsible": pa.Column(TEXT),
        "state": code_column(domain.PROJECT_STATES),
        "end_month": _MONTH,
        "finished": pa.Column(bool),
        "last_activity_month": pa.Column("datetime64[ns]", coerce=True),
        "status_text": pa.Column(TEXT, nullable=True),
        "status_date": _MONTH,
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: ~df["finished"] | df["end_month"].notna(), name="finished_has_end_month"),
            pa.Check(lambda df: df["status_text"].isna() == df["status_date"].isna(), name="status_text_dated")],
    strict=True, coerce=True, name="report_table1")

HELD_ACTIVITIES = pa.DataFrameSchema(
    {
        "project_id": pa.Column(int),
        "activity_id": pa.Column(int, unique=True),
        "type": code_column(("risk_assessment", "sparring_meeting", "revisit")),
        "month": pa.Column("datetime64[ns]", coerce=True),
        "partner_council": pa.Column(TEXT, nullable=True),
        "is_demo": pa.Column(bool),
    },
    strict=True, coerce=True, name="report_held_activities")

PIPELINE = pa.DataFrameSchema(
    {
        "activity_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT),
        "project": pa.Column(TEXT),
        "responsible": pa.Column(TEXT),
        "type": code_column(domain.ACTIVITY_TYPES),
        "month": _MONTH,
        "state": code_column(("planned", "awaiting")),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: (df["state"] == "awaiting") == df["month"].isna(), name="awaiting_has_no_month")],
    strict=True, coerce=True, name="report_pipeline")

RISK_PROFILES = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "short_name": pa.Column(TEXT, nullable=True),
        "risk_profile": code_column(domain.RISK_PROFILES),
        "assessed_month": pa.Column("datetime64[ns]", coerce=True),
        "complexity": code_column(domain.COMPLEXITY_LEVELS, nullable=True),
        "risk": code_column(domain.RISK_LEVELS, nullable=True),
        "is_demo": pa.Column(bool),
    },
    strict=True, coerce=True, name="report_risk_profiles")

STATUS_TEXT_HISTORY = pa.DataFrameSchema(
    {
        "status_date": pa.Column("datetime64[ns]", unique=True, coerce=True),
        "status_text": pa.Column(TEXT),
        "provenance": code_column(domain.PROVENANCES),
        "source_ref": pa.Column(TEXT, nullable=True),
        "entered_by": pa.Column(TEXT, nullable=True),
        "entered_at": pa.Column("datetime64[ns, UTC]", nullable=True, coerce=True),
        "recorded_at": pa.Column("datetime64[ns, UTC]", coerce=True),
    },
    strict=True, coerce=True, name="report_status_text_history")

DATA_STAMP = pa.DataFrameSchema(
    {
        "version": pa.Column(int, pa.Check.ge(1)),
        "changed_at": pa.Column("datetime64[ns, UTC]", coerce=True),
        "has_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: len(df) == 1, name="one_row")],
    strict=True, coerce=True, name="report_data_stamp")

MEETING_CASES_CLOSED = pa.DataFrameSchema(
    {
        "case_id": pa.Column(int, unique=True),
        "closed_on": pa.Column("datetime64[ns]", coerce=True),
    },
    strict=True, coerce=True, name="meeting_cases_closed")


MEETING_PIPELINE = pa.DataFrameSchema(
    {
        "activity_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT),
        "project": pa.Column(TEXT),
        "responsible": pa.Column(TEXT),
        "type": code_column(domain.ACTIVITY_TYPES),
        "month": _MONTH,
        "state": code_column(("planned", "awaiting")),
        "plan_year": pa.Column("Int64", nullable=True, coerce=True),
        "is_demo": pa.Column(bool),
    },
    strict=True, coerce=True, name="meeting_pipeline")

MEETING_MARKS = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT),
        "month": pa.Column("datetime64[ns]", coerce=True),
        "parameter": code_column(domain.STATUS_PARAMETERS),
        "colour": code_column(("yellow", "red")),
        "subcategory": pa.Column(TEXT),
        "subcategory_da": pa.Column(TEXT),
        "subcategory_en": pa.Column(TEXT),
        "focus_area_da": pa.Column(TEXT),
        "focus_area_en": pa.Column(TEXT),
        "explanation": pa.Column(TEXT),
        "action": code_column(domain.STATUS_ACTIONS),
    },
    strict=True, coerce=True, name="meeting_marks")


def table1(conn: sa.Connection, period_to: dt.date, status_as_of: dt.date, include_demo: bool) -> pd.DataFrame:
    return read_frame(conn, "reports/report_table1", TABLE1, {
        "period_to": period_to, "status_as_of": status_as_of, "include_demo": include_demo})


def held_activities(conn: sa.Connection, period_to: dt.date, include_demo: bool) -> pd.DataFrame:
    return read_frame(conn, "reports/report_held_activities", HELD_ACTIVITIES,
                      {"period_to": period_to, "include_demo": include_demo})


def pipeline(conn: sa.Connection, year: int, include_demo: bool) -> pd.DataFrame:
    return read_frame(conn, "reports/report_pipeline", PIPELINE, {"year": year, "include_demo": include_demo})


def risk_profiles(conn: sa.Connection, period_to: dt.date, include_demo: bool) -> pd.DataFrame:
    return read_frame(conn, "reports/report_risk_profiles", RISK_PROFILES,
                      {"period_to": period_to, "include_demo": include_demo})


def status_text_history(conn: sa.Connection, slug: str) -> pd.DataFrame:
    return read_frame(conn, "reports/report_status_text_history", STATUS_TEXT_HISTORY, {"slug": slug})


def data_stamp(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "reports/report_data_stamp", DATA_STAMP)


def meeting_cases_closed(conn: sa.Connection, since: dt.date, meeting_date: dt.date) -> pd.DataFrame:
    """The cases closed from the last meeting to this one, with the day (the audit trail's)."""
    return read_frame(conn, "reports/meeting_cases_closed", MEETING_CASES_CLOSED,
                      {"since": since, "meeting_date": meeting_date})


def meeting_pipeline(conn: sa.Connection, meeting_month: dt.date, last_month: dt.date,
                     include_demo: bool) -> pd.DataFrame:
    return read_frame(conn, "reports/meeting_pipeline", MEETING_PIPELINE, {
        "meeting_month": meeting_month, "last_month": last_month, "include_demo": include_demo})


def meeting_marks(conn: sa.Connection, reports: list[tuple[str, dt.date]]) -> pd.DataFrame:
    """The yellow and red parameters of these status reports (slug, month)."""
    return read_frame(conn, "reports/meeting_marks", MEETING_MARKS, {
        "slugs": [slug for slug, _ in reports], "months": [month for _, month in reports]})
