"""Filtering and sorting the portfolio (Portefølje page, its downloads and tests).

Filters combine with AND; the values inside one filter with OR. Filter values are the codes of
dashboard.domain (the URL's Danish values are translated by the page's view state).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import domain

SORT_KEYS = {
    # URL value -> (column, ascending by default)
    "navn": ("name", True),
    "ansvarlig": ("responsible", True),
    "tilstand": ("state", True),
    "profil": ("profile_rank", True),
    "seneste-aktivitet": ("last_activity_month", False),
}


@dataclass
class PortfolioFilter:
    responsible: list[str] = field(default_factory=list)     # organisation names
    states: list[str] = field(default_factory=list)          # project_state codes
    profiles: list[str] = field(default_factory=list)        # A/B/C, or "none" for not assessed
    activity_types: list[str] = field(default_factory=list)  # activity_type codes (any state)
    years: list[int] = field(default_factory=list)           # an activity in one of these years
    search: str = ""                                         # in name, short name, purpose, responsible
    must_assess: list[str] = field(default_factory=list)     # the rule's verdicts (dashboard.screening.rules)


def organisations_of(portfolio: pd.DataFrame) -> list[str]:
    return sorted({name for value in portfolio["responsible"] for name in domain.responsible_names(value)})


def with_responsible(rows: pd.DataFrame, organisations: list[str]) -> pd.DataFrame:
    """Rows whose responsible organisations include any of ``organisations`` (all when empty)."""
    if not organisations:
        return rows
    wanted = set(organisations)
    return rows[rows["responsible"].map(lambda r: bool(wanted & set(domain.responsible_names(r))))]


def filter_pipeline(items: pd.DataFrame, organisations: list[str], activity_types: list[str]) -> pd.DataFrame:
    """A year's pipeline narrowed to responsible organisations and activity type codes (all when empty)."""
    items = with_responsible(items, organisations)
    return items[items["type"].isin(activity_types)] if activity_types else items


def activity_years(activities: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in activities["month"].dropna().dt.year})


def apply_filter(portfolio: pd.DataFrame, activities: pd.DataFrame, f: PortfolioFilter) -> pd.DataFrame:
    rows = portfolio
    rows = with_responsible(rows, f.responsible)
    if f.states:
        rows = rows[rows["state"].isin(f.states)]
    if f.profiles:
        profile = rows["risk_profile"].fillna("none")
        rows = rows[profile.isin(f.profiles)]
    if f.activity_types or f.years:
        acts = activities
        if f.activity_types:
            acts = acts[acts["type"].isin(f.activity_types)]
        if f.years:
            acts = acts[acts["month"].dt.year.isin(f.years)]
        rows = rows[rows["slug"].isin(set(acts["slug"]))]
    if f.must_assess:   # needs the column of dashboard.screening.rules.with_verdict
        rows = rows[rows["must_assess"].isin(f.must_assess)]
    text = f.search.strip().casefold()
    if text:
        haystack = (rows["name"] + " " + rows["short_name"].fillna("") + " " + rows["purpose"].fillna("")
                    + " " + rows["responsible"]).str.casefold()
        rows = rows[haystack.str.contains(text, regex=False)]
    return rows


def sort_portfolio(rows: pd.DataFrame, key: str, descending: bool = False) -> pd.DataFrame:
    column, ascending = SORT_KEYS.get(key, SORT_KEYS["navn"])
    ranked = rows.assign(profile_rank=rows["risk_profile"].fillna("Z"))
    if descending:
        ascending = not ascending
    return ranked.sort_values([column, "name"], ascending=[ascending, True], na_position="last",
                              key=lambda s: s.str.casefold() if s.dtype == object or str(s.dtype) == "str" else s
                              ).drop(columns="profile_rank")
