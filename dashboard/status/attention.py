"""Why a project needs attention: which parameters of its latest report are yellow or red, their
causes and explanations, the chosen action, and since when (no Streamlit here).

The front page lists the projects that need attention (queries/front_page_attention.sql); the
project page says the same about one project at its top (from its reports,
queries/status_project_strip.sql). Both read it through ``Concern``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard import domain
from dashboard.i18n import copenhagen_today
from dashboard.status import queries as status

# The front page's status groups, in the order they are shown.
CATEGORIES = ("green", "yellow", "red", "no_report", "overdue")


@dataclass(frozen=True)
class ParameterConcern:
    parameter: str            # deliveries | time | money | resources
    colour: str               # yellow | red
    cause: str | None         # subcategory code
    note: str | None          # the project's explanation
    since: dt.date | None     # first month of this parameter's current yellow/red run


@dataclass(frozen=True)
class Concern:
    slug: str
    name: str
    month: dt.date            # the latest report's month
    overall: str              # yellow | red
    action: str | None
    since: dt.date            # first report after the latest green overall status
    parameters: list[ParameterConcern] = field(default_factory=list)
    is_demo: bool = False

    @property
    def months(self) -> int:
        """How many months the overall status has not been green, the latest month included."""
        return lasting_months(self.since, self.month)


def lasting_months(since: dt.date, month: dt.date) -> int:
    return len(status.months_between(since, month))


def _date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def from_front_page(frame: pd.DataFrame) -> list[Concern]:
    """The rows of front_page_attention as concerns, in the query's order (worst first)."""
    concerns = []
    for row in frame.itertuples(index=False):
        parameters = [ParameterConcern(p["parameter"], p["colour"], p["cause"], p["note"], None)
                      for p in row.parameters]
        concerns.append(Concern(row.slug, row.name, _date(row.month), row.overall, row.action,
                                _date(row.run_start), parameters, bool(row.is_demo)))
    return concerns


def from_reports(slug: str, name: str, reports: pd.DataFrame) -> Concern | None:
    """The concern of one project from its monthly reports (oldest first), or None when its latest
    report is green or there is none. Each parameter's run is counted from its own last green."""
    if reports.empty:
        return None
    latest = reports.iloc[-1]
    if latest["overall"] == "green":
        return None

    def run_start(column: str) -> dt.date:
        green = reports.index[reports[column] == "green"]
        after = reports.loc[reports.index > green[-1]] if len(green) else reports
        return _date(after["month"].iloc[0])

    parameters = [ParameterConcern(p, latest[p], latest[f"{p}_cause"], latest[f"{p}_note"], run_start(p))
                  for p in domain.STATUS_PARAMETERS if latest[p] != "green"]
    return Concern(slug, name, _date(latest["month"]), latest["overall"], latest["action"],
                   run_start("overall"), parameters, bool(latest["is_demo"]))


def is_old(month: dt.date | None, today: dt.date | None = None) -> bool:
    """A report month is old when it is before last month: the reports for a month come in during
    the next, so last month's are the newest a portfolio can have."""
    if month is None:
        return False
    this_month = (today or copenhagen_today()).replace(day=1)
    return month < status.month_add(this_month, -1)


def category_counts(frame: pd.DataFrame) -> dict[str, tuple[int, list[str]]]:
    """front_page_status as {category: (projects, first names)}, every category present."""
    found = {row.category: (int(row.projects), list(row.names or [])) for row in frame.itertuples()}
    return {category: found.get(category, (0, [])) for category in CATEGORIES}
