"""The query layer: every named query of the dashboard, by name, each read into a pandera-validated
frame. The portfolio's, the overview's and the pipeline's SQL is in dashboard/queries; the feature
rooms' (status, recommendations, screening) live in their rooms and are re-exported here, so the
pages load any of them by name (dashboard.ui.data.load("status_heatmap", ...)).

Functions take an open connection, so the CLI, the pages (through dashboard.ui.data's caches)
and the tests all run the same SQL; dashboard.db.queries runs them.
"""

from __future__ import annotations

import logging

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import schemas
from dashboard.db.queries import read_frame, sql
from dashboard.errors import DataValidationError
from dashboard.recommendations import queries as rec

log = logging.getLogger(__name__)


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


def pipeline(conn: sa.Connection, year: int) -> pd.DataFrame:
    return read_frame(conn, "pipeline", schemas.PIPELINE, {"year": year})


def pipeline_years(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "pipeline_years", schemas.PIPELINE_YEARS)


# Status history (issue 4) and the front page's attention list: the queries of dashboard/status.
from dashboard.status.queries import (  # noqa: E402,F401
    front_page_attention, status_bounds, status_cause_reports, status_causes, status_changes, status_distribution,
    status_heatmap, status_project_strip, status_projects, status_taxonomy, status_warnings)


# --- Recommendations and the experience database (issue 5) -----------------------------------
# SQL in dashboard/recommendations/queries/; filters (query_params) and schemas in
# dashboard.recommendations.queries.

def _read_filtered(conn: sa.Connection, name: str, schema: pa.DataFrameSchema, filters: dict) -> pd.DataFrame:
    return read_frame(conn, f"recommendations/{name}", schema, rec.query_params(**filters))


def recommendations_by_focus_area(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_by_focus_area", rec.BY_FOCUS_AREA, filters)


def recommendations_by_subcategory(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_by_subcategory", rec.BY_SUBCATEGORY, filters)


def recommendations_list(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_list", rec.LIST, filters)


def recommendations_followup(conn: sa.Connection, **filters) -> pd.DataFrame:
    return _read_filtered(conn, "recommendations_followup", rec.FOLLOWUP, filters)


def recommendations_risks(conn: sa.Connection, **filters) -> pd.DataFrame:
    """The risks identified by assessments and sparring meetings, with the list's filters."""
    return _read_filtered(conn, "recommendations_risks", rec.RISKS, filters)


def recommendations_projects(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations/recommendations_projects", rec.PROJECTS)


def recommendations_organisations(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations/recommendations_organisations", rec.ORGANISATIONS)


def recommendations_period(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations/recommendations_period", rec.PERIOD)


def recommendations_taxonomy(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations/recommendations_taxonomy", rec.TAXONOMY)


def recommendations_good_advice(conn: sa.Connection) -> pd.DataFrame:
    return read_frame(conn, "recommendations/recommendations_good_advice", rec.GOOD_ADVICE)


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
