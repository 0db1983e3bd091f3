"""The cases room's named queries (dashboard/cases/queries/*.sql) and their pandera schemas.

Re-exported by dashboard.repository, so pages load them by name through dashboard.ui.data.load
("cases_list"), cached per data version like every other frame (nothing here is per viewer).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.cases import vocab
from dashboard.db.queries import TEXT, code_column, read_frame


_DATE = pa.Column("datetime64[ns]", nullable=True, coerce=True)
_REQUIRED_DATE = pa.Column("datetime64[ns]", coerce=True)
_TEXT = pa.Column(TEXT, nullable=True)
_PROVENANCE = code_column(domain.PROVENANCES)
_SCORE = pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True, coerce=True)

CASES = pa.DataFrameSchema(
    {
        "case_id": pa.Column(int, unique=True),
        "activity_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT),
        "project_name": pa.Column(TEXT),
        "responsible": pa.Column(TEXT),
        "kind": code_column(vocab.KINDS),
        "activity_type": code_column(("risk_assessment", "sparring_meeting", "revisit")),
        "month": _DATE,
        "activity_state": code_column(domain.ACTIVITY_STATES),
        "partner_council": _TEXT,
        "profile": code_column(domain.RISK_PROFILES, nullable=True),
        "state": code_column(vocab.STATES),
        "requested_by": code_column(vocab.REQUESTERS, nullable=True),
        "note": _TEXT,
        "members": pa.Column(TEXT),
        "provenance": _PROVENANCE,
        "source_ref": _TEXT,
        "is_demo": pa.Column(bool),
        # The recorded steps, in the path's order: codes, planned days and days done (None: not).
        "step_codes": pa.Column(object),
        "step_planned": pa.Column(object),
        "step_done": pa.Column(object),
    },
    # A risk profile is a risk assessment's only (the schema's rule, read back).
    checks=[pa.Check(lambda df: bool((df["profile"].isna() | (df["kind"] == "risk_assessment")).all()),
                     name="profile_only_on_assessment"),
            pa.Check(lambda df: all(set(codes) <= set(vocab.PATH[kind]) and len(codes) == len(planned) == len(done)
                                    for kind, codes, planned, done in zip(df["kind"], df["step_codes"],
                                                                          df["step_planned"], df["step_done"])),
                     name="steps_on_the_path")],
    strict=True, coerce=True, name="cases_list")

STEPS = pa.DataFrameSchema(
    {
        "case_id": pa.Column(int),
        "step_id": pa.Column(int, unique=True),
        "step": code_column(vocab.STEPS),
        "planned_on": _DATE,
        "done_on": _DATE,
        "done_by": _TEXT,
        "note": _TEXT,
        "provenance": _PROVENANCE,
    },
    checks=[pa.Check(lambda df: not df.duplicated(["case_id", "step"]).any(), name="each_step_once"),
            pa.Check(lambda df: bool((df["planned_on"].notna() | df["done_on"].notna()).all()), name="dated")],
    strict=True, coerce=True, name="cases_steps")

PARTICIPANTS = pa.DataFrameSchema(
    {"case_id": pa.Column(int), "role": code_column(("member", "assessor")), "name": pa.Column(TEXT), "title": _TEXT,
     "organisation": _TEXT, "field": code_column(vocab.ASSESSOR_FIELDS, nullable=True), "is_chair": pa.Column(bool),
     "eligible": pa.Column(bool), "provenance": _PROVENANCE},
    strict=True, coerce=True, name="cases_participants")

LETTER = pa.DataFrameSchema(
    {"general_statement": _TEXT, "lowering_advice": _TEXT, "profile": code_column(domain.RISK_PROFILES, nullable=True),
     "complexity": code_column(domain.COMPLEXITY_LEVELS, nullable=True), "risk": code_column(domain.RISK_LEVELS, nullable=True),
     "criteria": pa.Column(TEXT), "judgement": _TEXT, "provenance": _PROVENANCE},
    checks=[pa.Check(lambda df: len(df) <= 1, name="at_most_one"),
            pa.Check(lambda df: all(c in vocab.CRITERIA for v in df["criteria"] for c in v.split(",") if c),
                     name="known_criteria")],
    strict=True, coerce=True, name="cases_letter")

FINDINGS = pa.DataFrameSchema(
    {"finding": code_column(("risk", "recommendation")), "id": pa.Column(int), "focus_area": pa.Column(TEXT),
     "focus_area_da": pa.Column(TEXT), "focus_area_en": pa.Column(TEXT), "subcategory_da": pa.Column(TEXT),
     "subcategory_en": pa.Column(TEXT), "text": pa.Column(TEXT), "followup": _TEXT, "provenance": _PROVENANCE},
    strict=True, coerce=True, name="cases_findings")

FEEDBACK = pa.DataFrameSchema(
    {"record": code_column(("response", "evaluation")), "respondent": code_column(vocab.RESPONDENTS, nullable=True),
     "received_on": _REQUIRED_DATE, "score_process": _SCORE, "score_output": _SCORE, "score_value": _SCORE,
     "text": _TEXT, "provenance": _PROVENANCE},
    strict=True, coerce=True, name="cases_feedback")

MEMBERS = pa.DataFrameSchema(
    {"member_id": pa.Column(int, unique=True), "name": pa.Column(TEXT, unique=True), "title": _TEXT,
     "organisation": _TEXT, "affiliation": code_column(vocab.AFFILIATIONS), "is_chair": pa.Column(bool),
     "term_from": _DATE, "term_to": _DATE, "cases": pa.Column(int, pa.Check.ge(0)), "provenance": _PROVENANCE,
     "source_ref": _TEXT, "is_demo": pa.Column(bool)},
    strict=True, coerce=True, name="cases_members")

MEMBER_CASES = pa.DataFrameSchema(
    {"member_id": pa.Column(int), "case_id": pa.Column(int), "slug": pa.Column(TEXT), "project_name": pa.Column(TEXT),
     "kind": code_column(vocab.KINDS), "month": _DATE, "state": code_column(vocab.STATES), "is_demo": pa.Column(bool)},
    strict=True, coerce=True, name="cases_member_cases")

DECLARATIONS = pa.DataFrameSchema(
    {"id": pa.Column(int, unique=True), "member": pa.Column(TEXT), "slug": pa.Column(TEXT),
     "project_name": pa.Column(TEXT), "reason": pa.Column(TEXT), "declared_from": _REQUIRED_DATE,
     "declared_to": _DATE, "provenance": _PROVENANCE, "is_demo": pa.Column(bool)},
    strict=True, coerce=True, name="cases_declarations")


def _read(conn: sa.Connection, name: str, schema: pa.DataFrameSchema, params: dict | None = None) -> pd.DataFrame:
    return read_frame(conn, f"cases/{name}", schema, params)


def cases_list(conn: sa.Connection, case_id: int | None = None, slug: str | None = None) -> pd.DataFrame:
    """Every case (or one case, or one project's cases)."""
    return _read(conn, "cases", CASES, {"case_id": case_id, "slug": slug})


def cases_steps(conn: sa.Connection, case_id: int | None = None) -> pd.DataFrame:
    """The recorded steps of every case (or one)."""
    return _read(conn, "steps", STEPS, {"case_id": case_id})


def cases_participants(conn: sa.Connection, case_id: int) -> pd.DataFrame:
    return _read(conn, "participants", PARTICIPANTS, {"case_id": case_id})


def cases_letter(conn: sa.Connection, case_id: int) -> pd.DataFrame:
    return _read(conn, "letter", LETTER, {"case_id": case_id})


def cases_findings(conn: sa.Connection, case_id: int) -> pd.DataFrame:
    return _read(conn, "findings", FINDINGS, {"case_id": case_id})


def cases_feedback(conn: sa.Connection, case_id: int) -> pd.DataFrame:
    return _read(conn, "feedback", FEEDBACK, {"case_id": case_id})


def cases_members(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "members", MEMBERS)


def cases_member_cases(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "member_cases", MEMBER_CASES)


def cases_declarations(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "declarations", DECLARATIONS)
