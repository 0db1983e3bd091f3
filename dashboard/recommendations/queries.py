"""The experience database (erfaringsdatabase): the council's recommendations as data.

Vocabularies of the follow-up, the filters every recommendation query takes, the pandera schemas
of their frames, and the arithmetic behind the page's note on figure 2's rounding. No Streamlit
and no database access here: the queries are dashboard/recommendations/queries/*.sql, run by
dashboard.repository.
"""

from __future__ import annotations

import datetime as dt
import re
import math
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandera.pandas as pa

from dashboard import domain
from dashboard.db.queries import TEXT, code_column

RESPONSES = ("accepted", "partly_accepted", "not_accepted")
IMPLEMENTATION_STATES = ("not_started", "in_progress", "implemented", "dropped")
# Where a recommendation stands (SQL: recommendation_followup_state, migration 0020).
FOLLOWUP_STATES = ("awaiting_response", "not_started", "in_progress", "implemented", "dropped", "not_accepted")
OPEN_STATES = ("awaiting_response", "not_started", "in_progress")
# The activities whose letter or minutes carry recommendations and risks (migration 0050). Figures 2
# and 3 ("Anbefalinger fra risikovurderinger") count FIGURE_ACTIVITIES only; the list, the follow-up
# and the risks show both unless the page's "aktivitet" filter asks for one.
ACTIVITY_TYPES = ("risk_assessment", "sparring_meeting")
FIGURE_ACTIVITIES = ("risk_assessment",)

# The council was founded in 2019; no assessment is older.
FIRST_MONTH = dt.date(2019, 1, 1)
# The list shows at most this many rows (newest first); the page says when there are more.
LIST_LIMIT = 500


def month_value(text: str) -> dt.date:
    """'2023-02' -> 2023-02-01 (raises ValueError on anything else)."""
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def month_code(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def month_codes(first: dt.date, last: dt.date) -> list[str]:
    """Every month from first to last as 'YYYY-MM'."""
    codes, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        codes.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return codes


def query_params(month_from: str | dt.date, month_to: str | dt.date, profiles: Iterable[str] = (),
                 organisation: str | None = None, project: str | None = None, search: str | None = None,
                 focus_area: str | None = None, subcategory: str | None = None,
                 followup: str | None = None, limit: int = LIST_LIMIT, include_demo: bool = True,
                 activities: Iterable[str] = ()) -> dict:
    """The bind parameters of the recommendation queries; an empty filter is NULL (= all).
    ``include_demo=False`` leaves demo recommendations out (the documents of dashboard/reports)."""
    def as_date(value):
        return month_value(value) if isinstance(value, str) else value

    # Control characters mean nothing to the full-text search, and a NUL would not reach PostgreSQL.
    search = re.sub(r"[\x00-\x1f\x7f]+", " ", search or "").strip() or None
    return {
        "month_from": as_date(month_from), "month_to": as_date(month_to),
        "profiles": list(profiles) or None, "organisation": organisation or None,
        "project": project or None, "search": search, "focus_area": focus_area or None,
        "subcategory": subcategory or None, "followup": followup or None, "limit": limit,
        "include_demo": bool(include_demo), "activities": list(activities) or None,
    }


# --- schemas of the frames ----------------------------------------------------------------------

_count = pa.Column(int, pa.Check.ge(0))
_pct = pa.Column(float, pa.Check.in_range(0, 100))

BY_FOCUS_AREA = pa.DataFrameSchema(
    {
        "focus_area": pa.Column(TEXT, unique=True),
        "name_da": pa.Column(TEXT),
        "name_en": pa.Column(TEXT),
        "count": _count,
        "share_pct": _pct,
        "published_share_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "published_total": pa.Column("Int64", nullable=True),
        "difference_pp": pa.Column(float, nullable=True),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: df["count"].sum() == 0 or abs(df["share_pct"].sum() - 100) < 1e-6,
                     name="shares_add_up_to_100")],
    strict=True, coerce=True, name="recommendations_by_focus_area",
)

# A subcategory of the taxonomy with its focus area, both named in Danish and English.
_SUBCATEGORY = {
    "focus_area": pa.Column(TEXT),
    "focus_name_da": pa.Column(TEXT),
    "focus_name_en": pa.Column(TEXT),
    "subcategory": pa.Column(TEXT, unique=True),
    "name_da": pa.Column(TEXT),
    "name_en": pa.Column(TEXT),
}

BY_SUBCATEGORY = pa.DataFrameSchema(
    {
        **_SUBCATEGORY,
        "count": _count,
        "share_pct": _pct,
        "share_of_focus_pct": _pct,
        "is_demo": pa.Column(bool),
    },
    strict=True, coerce=True, name="recommendations_by_subcategory",
)

# What the list of recommendations and the list of risks both show of an item: where it was given
# (project, month, activity), and its classification and text.
_ITEM = {
    "slug": pa.Column(TEXT),
    "project": pa.Column(TEXT),
    "month": pa.Column("datetime64[ns]"),
    "activity_type": code_column(ACTIVITY_TYPES),
    "risk_profile": code_column(domain.RISK_PROFILES, nullable=True),
    "focus_area": pa.Column(TEXT),
    "focus_name_da": pa.Column(TEXT),
    "focus_name_en": pa.Column(TEXT),
    "subcategory": pa.Column(TEXT),
    "subcategory_name_da": pa.Column(TEXT),
    "subcategory_name_en": pa.Column(TEXT),
    "text": pa.Column(TEXT),
}

LIST = pa.DataFrameSchema(
    {
        "recommendation_id": pa.Column(int, unique=True),
        **_ITEM,
        "response": code_column(RESPONSES, nullable=True),
        "response_date": pa.Column("datetime64[ns]", nullable=True),
        "implementation": code_column(IMPLEMENTATION_STATES, nullable=True),
        "implementation_date": pa.Column("datetime64[ns]", nullable=True),
        "followup_state": code_column(FOLLOWUP_STATES),
        "followup_by": pa.Column(TEXT, nullable=True),
        "followup_at": pa.Column("datetime64[ns, UTC]", nullable=True),
        "provenance": code_column(domain.PROVENANCES),
        "is_demo": pa.Column(bool),
        "total_rows": _count,
    },
    strict=True, coerce=True, name="recommendations_list",
)

RISKS = pa.DataFrameSchema(
    {
        "risk_id": pa.Column(int, unique=True),
        "case_id": pa.Column("Int64", nullable=True),
        **_ITEM,
        "provenance": code_column(domain.PROVENANCES),
        "is_demo": pa.Column(bool),
        "total_rows": _count,
    },
    strict=True, coerce=True, name="recommendations_risks",
)

FOLLOWUP = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "project": pa.Column(TEXT),
        "responsible": pa.Column(TEXT),
        "last_assessment": pa.Column("datetime64[ns]"),
        "count": _count,
        "accepted": _count,
        "partly_accepted": _count,
        "not_accepted": _count,
        "awaiting_response": _count,
        "not_started": _count,
        "in_progress": _count,
        "implemented": _count,
        "dropped": _count,
        "open": _count,
        "is_demo": pa.Column(bool),
    },
    checks=[
        pa.Check(lambda df: df["accepted"] + df["partly_accepted"] + df["not_accepted"] + df["awaiting_response"]
                 == df["count"], name="responses_add_up"),
        pa.Check(lambda df: df["awaiting_response"] + df["not_started"] + df["in_progress"] == df["open"],
                 name="open_is_awaiting_not_started_or_in_progress"),
    ],
    strict=True, coerce=True, name="recommendations_followup",
)

PROJECTS = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "last_assessment": pa.Column("datetime64[ns]"),
        "is_demo": pa.Column(bool),
    },
    strict=True, coerce=True, name="recommendations_projects",
)

ORGANISATIONS = pa.DataFrameSchema(
    {"name": pa.Column(TEXT, unique=True)},
    strict=True, coerce=True, name="recommendations_organisations",
)

PERIOD = pa.DataFrameSchema(
    {
        "first_month": pa.Column("datetime64[ns]", nullable=True),
        "last_month": pa.Column("datetime64[ns]", nullable=True),
    },
    checks=[pa.Check(lambda df: len(df) == 1, name="one_row")],
    strict=True, coerce=True, name="recommendations_period",
)

TAXONOMY = pa.DataFrameSchema(
    {
        **_SUBCATEGORY,
    },
    strict=True, coerce=True, name="recommendations_taxonomy",
)

GOOD_ADVICE = pa.DataFrameSchema(
    {
        "focus_area": pa.Column(TEXT),
        "focus_name_da": pa.Column(TEXT),
        "focus_name_en": pa.Column(TEXT),
        "title": pa.Column(TEXT, unique=True),
        "text": pa.Column(TEXT),
        "source_ref": pa.Column(TEXT),
    },
    strict=True, coerce=True, name="recommendations_good_advice",
)


# --- figure 2's rounding ------------------------------------------------------------------------

def _round_half_up(value: float, decimals: int) -> float:
    factor = 10 ** decimals
    return math.floor(value * factor + 0.5 + 1e-9) / factor


def _decimals(shares: Iterable[float]) -> int:
    """Whole per cent when every published share is whole, else one decimal (numeric(5,1))."""
    return 0 if all(float(s).is_integer() for s in shares) else 1


def rounded_share(count: int, total: int, decimals: int = 0) -> float:
    return _round_half_up(100 * count / total, decimals) if total else 0.0


@dataclass(frozen=True)
class RoundingCheck:
    """Whether whole recommendations can reproduce a published, rounded share per area."""

    total: int
    feasible: bool                     # some allocation of `total` rounds to every published share
    matching: dict[str, tuple[int, int] | None]  # per area: the counts that round to its share
    matching_sum: tuple[int, int]      # the least and most recommendations all-matching counts add up to
    closest: dict[str, int]            # the allocation of `total` nearest the published shares
    closest_shares: dict[str, float]   # its shares (unrounded)
    mismatched: tuple[str, ...]        # areas whose rounded share in `closest` differs from the published


def closest_allocation(shares: Mapping[str, float], total: int) -> dict[str, int]:
    """Whole counts adding up to ``total`` nearest to ``shares`` (largest remainders: the least
    squared deviation); ties go to the larger share, where one more is the smaller relative change."""
    weight = sum(shares.values())
    exact = {area: share / weight * total for area, share in shares.items()}
    counts = {area: math.floor(value) for area, value in exact.items()}
    order = sorted(shares, key=lambda a: (-(exact[a] - counts[a]), -shares[a]))
    for area in order[: total - sum(counts.values())]:
        counts[area] += 1
    return counts


def check_rounding(shares: Mapping[str, float], total: int) -> RoundingCheck:
    decimals = _decimals(shares.values())
    matching: dict[str, tuple[int, int] | None] = {}
    for area, share in shares.items():
        fits = [c for c in range(total + 1) if rounded_share(c, total, decimals) == _round_half_up(share, decimals)]
        matching[area] = (min(fits), max(fits)) if fits else None
    if all(matching.values()):
        low = sum(m[0] for m in matching.values())
        high = sum(m[1] for m in matching.values())
    else:
        low = high = 0
    feasible = all(matching.values()) and low <= total <= high
    if feasible:
        # Stay inside the matching counts, filling up where the exact value is furthest above.
        weight = sum(shares.values())
        closest = {area: m[0] for area, m in matching.items()}
        while sum(closest.values()) < total:
            room = [a for a in shares if closest[a] < matching[a][1]]
            pick = max(room, key=lambda a: (shares[a] / weight * total - closest[a], shares[a]))
            closest[pick] += 1
    else:
        closest = closest_allocation(shares, total)
    closest_shares = {area: 100 * count / total for area, count in closest.items()}
    mismatched = tuple(a for a in shares if rounded_share(closest[a], total, decimals) != float(shares[a]))
    return RoundingCheck(total, feasible, matching, (low, high), closest, closest_shares, mismatched)
