"""The screening room's named queries (dashboard/screening/queries/*.sql) and their pandera schemas.

Re-exported by dashboard.repository, so pages load them by name through dashboard.ui.data.load
("screening_rule", judged_on=...), cached per data version like every other frame.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.db.queries import TEXT, code_column, read_frame
from dashboard.screening import vocab


_DATE = pa.Column("datetime64[ns]", nullable=True, coerce=True)
_REQUIRED_DATE = pa.Column("datetime64[ns]", coerce=True)
_MKR = pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True)
_TEXT = pa.Column(TEXT, nullable=True)

RULE = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "short_name": _TEXT,
        "responsible": pa.Column(TEXT),
        "state": code_column(domain.PROJECT_STATES),
        "is_rsi": pa.Column(object, nullable=True),
        "project_id": pa.Column(int, unique=True),
        "scope": code_column(vocab.SCOPES, nullable=True),
        "development": code_column(vocab.DEVELOPMENTS, nullable=True),
        "phase": code_column(vocab.PHASES, nullable=True),
        "phase_since": _DATE,
        "budget_id": pa.Column("Int64", nullable=True, coerce=True),
        "budget_kind": code_column(vocab.BUDGET_KINDS, nullable=True),
        "budget_as_of": _DATE,
        "budget_mkr": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "regional_share_mkr": _MKR,
        "start_on": _DATE,
        "planned_end_on": _DATE,
        "current_end_on": _DATE,
        "amount_mkr": _MKR,
        "threshold_mkr": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "threshold_from": _DATE,
        "verdict": code_column(vocab.VERDICTS),
        "reason": code_column(vocab.REASONS),
        "assessed_month": _DATE,
        "assessment_amount_mkr": _MKR,
        "assessment_threshold_mkr": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "phase_at_assessment": code_column(vocab.PHASES, nullable=True),
        "reassessment": pa.Column(bool),
        "facts_demo": pa.Column(bool),
        "next_type": code_column(("risk_assessment", "sparring_or_assessment"), nullable=True),
        "next_month": _DATE,
        "next_state": code_column(("planned", "awaiting"), nullable=True),
        "nomination": code_column(vocab.DECISIONS, nullable=True),
        "nominated_on": _DATE,
        "nominated_by": _TEXT,
        "is_demo": pa.Column(bool),
    },
    checks=[
        # The verdict follows from the reason (the SQL function decides both; they never disagree).
        # Whole-frame checks answer with one bool: pandera inspects a boolean Series row by row.
        pa.Check(lambda df: bool(((df["verdict"] == "required") == (df["reason"] == "over_threshold")).all()),
                 name="verdict_of_reason"),
        # A re-assessment trigger is a project that must be assessed and has been.
        pa.Check(lambda df: bool((~df["reassessment"] | ((df["verdict"] == "required")
                                                        & df["assessed_month"].notna())).all()),
                 name="reassessment_is_required_and_assessed"),
    ],
    strict=True,
    coerce=True,
    name="screening_rule",
)

VERDICTS = pa.DataFrameSchema(
    {"project_id": pa.Column(int, unique=True), "verdict": code_column(vocab.VERDICTS)},
    strict=True, coerce=True, name="screening_verdicts")

PHASE_HISTORY = pa.DataFrameSchema(
    {"id": pa.Column(int, unique=True), "slug": pa.Column(TEXT), "phase": code_column(vocab.PHASES),
     "began_on": _REQUIRED_DATE,
     "provenance": code_column(domain.PROVENANCES), "source_ref": _TEXT, "entered_by": _TEXT},
    checks=[pa.Check(lambda df: not df.duplicated(["slug", "phase"]).any(), name="each_phase_once")],
    strict=True, coerce=True, name="screening_project_phases")

BUDGET_HISTORY = pa.DataFrameSchema(
    {"id": pa.Column(int, unique=True), "slug": pa.Column(TEXT), "kind": code_column(vocab.BUDGET_KINDS),
     "as_of": _REQUIRED_DATE,
     "amount_mkr": pa.Column(float, pa.Check.gt(0)), "regional_share_mkr": _MKR, "start_on": _DATE, "end_on": _DATE,
     "source": pa.Column(TEXT), "provenance": code_column(domain.PROVENANCES), "source_ref": _TEXT, "entered_by": _TEXT},
    checks=[pa.Check(lambda df: bool((df["regional_share_mkr"].isna()
                                      | (df["regional_share_mkr"] <= df["amount_mkr"])).all()),
                     name="share_within_amount")],
    strict=True, coerce=True, name="screening_project_budgets")

OUTCOME = pa.DataFrameSchema(
    {"slug": pa.Column(TEXT, unique=True),   # at most one outcome per project
     "budget_outcome": code_column(vocab.BUDGET_OUTCOMES, nullable=True),
     "budget_variance_mkr": pa.Column(float, nullable=True, coerce=True),
     "schedule_outcome": code_column(vocab.SCHEDULE_OUTCOMES, nullable=True),
     "schedule_variance_months": pa.Column("Int64", nullable=True, coerce=True),
     "statement": _TEXT, "source": pa.Column(TEXT), "provenance": code_column(domain.PROVENANCES),
     "source_ref": _TEXT, "entered_by": _TEXT},
    strict=True, coerce=True, name="screening_project_outcome")

LINEAGE = pa.DataFrameSchema(
    {"direction": code_column(("continues", "continued_by")), "slug": pa.Column(TEXT), "name": pa.Column(TEXT),
     "note": _TEXT, "provenance": code_column(domain.PROVENANCES), "source_ref": _TEXT},
    strict=True, coerce=True, name="screening_project_lineage")

NOMINATIONS = pa.DataFrameSchema(
    {"id": pa.Column(int, unique=True), "slug": pa.Column(TEXT), "name": pa.Column(TEXT),
     "responsible": pa.Column(TEXT), "decision": code_column(vocab.DECISIONS), "grounds": code_column(vocab.GROUNDS, nullable=True),
     "decided_by": pa.Column(TEXT), "decided_on": _REQUIRED_DATE, "note": _TEXT,
     "provenance": code_column(domain.PROVENANCES), "entered_by": _TEXT,
     "entered_at": pa.Column("datetime64[ns, UTC]", nullable=True, coerce=True), "is_demo": pa.Column(bool)},
    strict=True, coerce=True, name="screening_nominations")

THRESHOLDS = pa.DataFrameSchema(
    {"id": pa.Column(int, unique=True), "applies_to": code_column(vocab.THRESHOLD_SCOPES), "valid_from": _REQUIRED_DATE,
     "amount_mkr": pa.Column(float, pa.Check.gt(0)), "source": pa.Column(TEXT),
     "provenance": code_column(domain.PROVENANCES), "source_ref": _TEXT, "entered_by": _TEXT},
    checks=[pa.Check(lambda df: not df.duplicated(["applies_to", "valid_from"]).any(), name="one_per_kind_and_date")],
    strict=True, coerce=True, name="screening_thresholds")


def _read(conn: sa.Connection, name: str, schema: pa.DataFrameSchema, params: dict | None = None) -> pd.DataFrame:
    return read_frame(conn, f"screening/{name}", schema, params)


def screening_rule(conn: sa.Connection, judged_on: dt.date, slug: str | None = None) -> pd.DataFrame:
    """Every project (or one) judged by the rule as of ``judged_on`` (db/migrations/0071_screening_rule.sql)."""
    return _read(conn, "rule", RULE, {"judged_on": judged_on, "slug": slug})


def screening_verdicts(conn: sa.Connection, judged_on: dt.date) -> pd.DataFrame:
    """Only the verdict of every project (the portfolio's column and filter)."""
    return _read(conn, "verdicts", VERDICTS, {"judged_on": judged_on})


def screening_project_phases(conn: sa.Connection, slug: str | None = None) -> pd.DataFrame:
    """One project's phase history (None: every project's)."""
    return _read(conn, "project_phases", PHASE_HISTORY, {"slug": slug})


def screening_project_budgets(conn: sa.Connection, slug: str | None = None) -> pd.DataFrame:
    """One project's budget and schedule figures (None: every project's)."""
    return _read(conn, "project_budgets", BUDGET_HISTORY, {"slug": slug})


def screening_project_outcome(conn: sa.Connection, slug: str | None = None) -> pd.DataFrame:
    """One project's outcome at closure (None: every project's; at most one each)."""
    return _read(conn, "project_outcome", OUTCOME, {"slug": slug})


def screening_project_lineage(conn: sa.Connection, slug: str) -> pd.DataFrame:
    return _read(conn, "project_lineage", LINEAGE, {"slug": slug})


def screening_nominations(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "nominations", NOMINATIONS)


def screening_thresholds(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "thresholds", THRESHOLDS)
