"""The query layer: named SQL files in dashboard/queries, each read into a pandera-validated frame.

Functions take an open connection, so the CLI, the pages (through dashboard.ui.data's caches)
and the tests all run the same SQL.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import recommendations as rec
from dashboard import schemas
from dashboard.errors import DataValidationError

log = logging.getLogger(__name__)


@cache
def sql(name: str) -> str:
    """The text of dashboard/queries/<name>.sql; "<room>/<name>" is a feature room's own query,
    dashboard/<room>/queries/<name>.sql (e.g. "reports/report_table1")."""
    room, _, file = name.rpartition("/")
    folder = resources.files("dashboard").joinpath(room, "queries") if room else \
        resources.files("dashboard").joinpath("queries")
    return folder.joinpath(f"{file}.sql").read_text("utf-8")


def read_frame(conn: sa.Connection, name: str, schema: pa.DataFrameSchema,
               params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run a named query and validate its rows; a failure raises DataValidationError and is logged.

    A parameterised query is planned for the values given. Many queries filter with "NULL means
    all" conditions, which only such a plan can drop; psycopg prepares a statement after five
    runs, and PostgreSQL may then switch to a generic plan that keeps every condition (measured:
    20 ms became 1.6 s on 20,000 recommendations). The setting holds for this transaction only.
    """
    if params:
        conn.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
    result = conn.execute(sa.text(sql(name)), params or {})
    frame = pd.DataFrame.from_records(result.fetchall(), columns=list(result.keys()))
    return validate(frame, schema, name)


def text_nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Every missing value of a text (or other non-numeric) column as None, as SQL's NULL.

    pandas 3 gives text columns its string dtype, in which a NULL arrives as NaN: a float, so
    ``value or ""`` keeps it, ``value.startswith`` fails and a page prints "nan". Frames leave the
    query layer with None for NULL in every column that is not numeric, boolean or a date, so code
    reads them as Python values (``None``, a str, a dict) whatever pandas version resolves."""
    if frame.empty:
        return frame
    missing = frame.isna()
    for column in missing.columns[missing.any().to_numpy()]:
        series = frame[column]
        if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            frame[column] = series.astype(object).where(~missing[column], None)
    return frame


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, name: str) -> pd.DataFrame:
    try:
        return text_nulls_as_none(schema.validate(frame, lazy=True))
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        details = "; ".join(
            f"{row.column}: {row.check} ({row.failure_case!r})" for row in cases.head(5).itertuples()
        )
        log.error("validation of %s failed: %s", name, details)
        raise DataValidationError("errors.validation", query=name, details=details) from None


def portfolio(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "portfolio", schemas.PORTFOLIO)


def activities(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "activities", schemas.ACTIVITIES)


def key_figures(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "key_figures", schemas.KEY_FIGURES)


def recommendation_shares(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendation_shares", schemas.RECOMMENDATION_SHARES)


def data_version(conn: sa.Connection) -> tuple[int, pd.Timestamp]:
    """The data's version and when it changed. Read by every page run (the caches' key), so it is
    checked in plain Python, not through a frame: one row, a positive version, a time with a zone
    (pandera took 5 to 20 ms here on every run, more than the rest of a warm page)."""
    rows = conn.execute(sa.text(sql("data_version"))).all()
    if len(rows) != 1 or not isinstance(rows[0][0], int) or rows[0][0] < 1 or rows[0][1] is None \
            or rows[0][1].tzinfo is None:
        log.error("validation of data_version failed: %r", rows)
        raise DataValidationError("errors.validation", query="data_version", details=repr(rows)[:200])
    return int(rows[0][0]), pd.Timestamp(rows[0][1]).tz_convert("UTC")


def risk_matrix(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "risk_matrix", schemas.RISK_MATRIX)


def front_page_status(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "front_page_status", schemas.FRONT_PAGE_STATUS)


def front_page_attention(conn: sa.Connection, row_limit: int = 10) -> pd.DataFrame:
    return read_frame(conn, "front_page_attention", schemas.FRONT_PAGE_ATTENTION, {"row_limit": row_limit})


def pipeline(conn: sa.Connection, year: int) -> pd.DataFrame:
    return read_frame(conn, "pipeline", schemas.PIPELINE, {"year": year})


def pipeline_years(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "pipeline_years", schemas.PIPELINE_YEARS)


# Status history (issue 4): its queries live in dashboard/status.py and are reachable here by
# name, so pages load them like the others (dashboard.ui.data.load("status_heatmap", ...)).
from dashboard.status import (  # noqa: E402,F401
    status_bounds, status_cause_reports, status_causes, status_changes, status_distribution, status_heatmap,
    status_project_strip, status_projects, status_taxonomy, status_warnings)


# --- Recommendations and the experience database (issue 5) -----------------------------------
# Filters as in dashboard.recommendations.query_params; schemas in dashboard.recommendations.

def _read_filtered(conn: sa.Connection, name: str, schema: pa.DataFrameSchema, filters: dict) -> pd.DataFrame:
    return read_frame(conn, name, schema, rec.query_params(**filters))


def recommendations_by_focus_area(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_by_focus_area", rec.BY_FOCUS_AREA, filters)


def recommendations_by_subcategory(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_by_subcategory", rec.BY_SUBCATEGORY, filters)


def recommendations_list(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_list", rec.LIST, filters)


def recommendations_followup(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_followup", rec.FOLLOWUP, filters)


def recommendations_projects(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations_projects", rec.PROJECTS)


def recommendations_organisations(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations_organisations", rec.ORGANISATIONS)


def recommendations_period(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations_period", rec.PERIOD)


def recommendations_taxonomy(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations_taxonomy", rec.TAXONOMY)


def recommendations_good_advice(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations_good_advice", rec.GOOD_ADVICE)


# Project facts and the screening rule (issue 15): the queries of the dashboard/screening room,
# reachable by name like the others (dashboard.ui.data.load("screening_rule", judged_on=...)).
from dashboard.screening.queries import (  # noqa: E402,F401
    screening_nominations, screening_project_budgets, screening_project_lineage, screening_project_outcome,
    screening_project_phases, screening_rule, screening_thresholds, screening_verdicts)

# Assessment cases (issue 13): the queries of the dashboard/cases room, reachable by name like the
# others (dashboard.ui.data.load("cases_list")).
from dashboard.cases.queries import (  # noqa: E402,F401
    cases_declarations, cases_feedback, cases_findings, cases_letter, cases_list, cases_member_cases, cases_members,
    cases_participants, cases_steps)
