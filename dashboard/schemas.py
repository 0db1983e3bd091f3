"""pandera schemas for every DataFrame read from the database.

A frame that breaks its schema is not shown: the page says so and the log has the details.
Codes are checked against the domain's vocabularies, so a value the interface cannot label
is caught here rather than shown raw.
"""

from __future__ import annotations

import pandera.pandas as pa

from dashboard import domain
from dashboard.db.queries import TEXT, code_column

_month = pa.Column("datetime64[ns]", nullable=True, coerce=True)


PORTFOLIO = pa.DataFrameSchema(
    {
        "project_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT, pa.Check.str_matches(r"^[a-z0-9]+(-[a-z0-9]+)*$"), unique=True),
        "name": pa.Column(TEXT, pa.Check.str_length(1, 200)),
        "short_name": pa.Column(TEXT, nullable=True),
        "purpose": pa.Column(TEXT, nullable=True),
        "responsible": pa.Column(TEXT),
        "state": code_column(domain.PROJECT_STATES),
        "is_rsi": pa.Column(object, nullable=True),
        "budget_mkr": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "risk_profile": code_column(domain.RISK_PROFILES, nullable=True),
        "assessed_month": _month,
        "complexity": code_column(domain.COMPLEXITY_LEVELS, nullable=True),
        "risk": code_column(domain.RISK_LEVELS, nullable=True),
        "activities_held": pa.Column(int, pa.Check.ge(0)),
        "activities_planned": pa.Column(int, pa.Check.ge(0)),
        "last_activity_month": _month,
        "activity_types": pa.Column(TEXT),
        "status_text": pa.Column(TEXT, nullable=True),
        "status_date": _month,
        "end_month": _month,
        "provenance": code_column(domain.PROVENANCES),
        "is_demo": pa.Column(bool),
    },
    strict=True,
    coerce=True,
    name="portfolio",
)

ACTIVITIES = pa.DataFrameSchema(
    {
        "activity_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT),
        "project": pa.Column(TEXT),
        "type": code_column(domain.ACTIVITY_TYPES),
        "month": _month,
        "state": code_column(domain.ACTIVITY_STATES),
        "partner_council": pa.Column(TEXT, nullable=True),
        "plan_year": pa.Column("Int64", nullable=True, coerce=True),
        "risk_profile": code_column(domain.RISK_PROFILES, nullable=True),
        "provenance": code_column(domain.PROVENANCES),
    },
    checks=[
        # Afventer means no month; everything else has one (mirrors the database rule).
        pa.Check(lambda df: (df["state"] == "awaiting") == df["month"].isna(), name="awaiting_has_no_month"),
    ],
    strict=True,
    coerce=True,
    name="activities",
)

KEY_FIGURES = pa.DataFrameSchema(
    {
        "figure": code_column(["held_by_type", "held_per_year", "projects_by_state", "profiles"]),
        "code": pa.Column(TEXT),
        "value": pa.Column(int, pa.Check.ge(0)),
        "first_year": pa.Column("Int64", nullable=True, coerce=True),
        "last_year": pa.Column("Int64", nullable=True, coerce=True),
    },
    strict=True,
    coerce=True,
    name="key_figures",
)

RECOMMENDATION_SHARES = pa.DataFrameSchema(
    {
        "focus_area": pa.Column(TEXT, unique=True),
        "name_da": pa.Column(TEXT),
        "name_en": pa.Column(TEXT),
        "share_pct": pa.Column(float, pa.Check.in_range(0, 100)),
        "total_count": pa.Column(int, pa.Check.gt(0)),
        "period_from": pa.Column(int),
        "period_to": pa.Column(int),
        "source_ref": pa.Column(TEXT),
    },
    strict=True,
    coerce=True,
    name="recommendation_shares",
)

RISK_MATRIX = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "short_name": pa.Column(TEXT, nullable=True),
        "risk_profile": code_column(domain.RISK_PROFILES),
        "complexity": code_column(domain.COMPLEXITY_LEVELS, nullable=True),
        "risk": code_column(domain.RISK_LEVELS, nullable=True),
        "is_demo": pa.Column(bool),
    },
    strict=True,
    coerce=True,
    name="risk_matrix",
)

FRONT_PAGE_STATUS = pa.DataFrameSchema(
    {
        "category": code_column(("green", "yellow", "red", "overdue", "no_report"), ),
        "projects": pa.Column(int, pa.Check.ge(1)),
        "names": pa.Column(object),
        "is_demo": pa.Column(bool),
        "as_of": pa.Column("datetime64[ns]", nullable=True, coerce=True),
    },
    unique=["category"],
    strict=True,
    coerce=True,
    name="front_page_status",
)

PIPELINE = pa.DataFrameSchema(
    {
        "activity_id": pa.Column(int, unique=True),
        "slug": pa.Column(TEXT),
        "project": pa.Column(TEXT),
        "responsible": pa.Column(TEXT),
        "type": code_column(domain.ACTIVITY_TYPES),
        "month": _month,
        "state": code_column(["planned", "awaiting"]),
        "partner_council": pa.Column(TEXT, nullable=True),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: (df["state"] == "awaiting") == df["month"].isna(), name="awaiting_has_no_month")],
    strict=True,
    coerce=True,
    name="pipeline",
)

PIPELINE_YEARS = pa.DataFrameSchema({"year": pa.Column(int, pa.Check.in_range(2019, 2100))},
                                    strict=True, coerce=True, name="pipeline_years")
