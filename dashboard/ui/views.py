"""The pages' URL parameters with the data they depend on, and complete links to every page.

``params(url_path)`` gives a page's parameters (dashboard.views) with its data-dependent defaults
and allowed values read through the shared cache. ``query(url_path, **values)`` is a page's full
query, defaults included, and ``page_link`` / ``switch_page`` open a page with it. A link that
holds the full state is exactly the address the page writes itself, so following it adds one
entry to the browser's history (not two), and Back returns to the view before.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import views
from dashboard.i18n import copenhagen_today
from dashboard.status import queries as status
from dashboard.portfolio import activity_years, organisations_of
from dashboard.ui import data
from dashboard.ui.context import lang
from dashboard.viewstate import Param


def _status_bounds():
    bounds = data.load("status_bounds")
    first, last = bounds["first_month"].iloc[0], bounds["last_month"].iloc[0]
    return (None, None) if pd.isna(last) else (first.date(), last.date())


def _overview(choices: bool) -> list[Param]:
    # The front page reads the newest report month from its own query (one query less per first run).
    as_of = data.load("front_page_status")["as_of"].dropna()
    return views.overview(status.default_since(as_of.iloc[0].date()) if not as_of.empty else None)


def _portfolio(choices: bool) -> list[Param]:
    if not choices:
        return views.portfolio()
    return views.portfolio(organisations_of(data.load("portfolio")), activity_years(data.load("activities")))


def _project(choices: bool) -> list[Param]:
    return views.project(list(data.load("portfolio")["slug"]) if choices else None)


def _pipeline(choices: bool) -> list[Param]:
    years = data.load("pipeline_years")["year"].tolist()
    default = views.pipeline_default_year(years)
    if not choices:
        return views.pipeline(default)
    return views.pipeline(default, years or [default], organisations_of(data.load("portfolio")))


def _status(choices: bool) -> list[Param] | None:
    first, last = _status_bounds()
    if last is None:
        return None
    if not choices:
        return views.status_view(first, last)
    taxonomy = data.load("status_taxonomy")
    return views.status_view(first, last, list(data.load("status_projects")["slug"]),
                             list(dict.fromkeys(taxonomy["focus_area"])), list(taxonomy["subcategory"]))


def recommendation_months() -> list[str]:
    latest = data.load("recommendations_period")["last_month"].iloc[0]
    return views.recommendation_months(None if pd.isna(latest) else latest.date())


def _recommendations(choices: bool) -> list[Param]:
    return views.recommendations(recommendation_months())


def _cases(choices: bool) -> list[Param]:
    if not choices:
        return views.cases()
    return views.cases(list(data.load("cases_members")["name"]), list(range(2019, copenhagen_today().year + 3)))


def _case(choices: bool) -> list[Param]:
    # Any id is read; the page looks the case up itself (one row, not the whole list).
    return views.case(None)


def _screening(choices: bool) -> list[Param]:
    from dashboard.screening.rules import today_in_copenhagen

    if not choices:
        return views.screening(today_in_copenhagen())
    from dashboard.ui.screening_widgets import organisations

    return views.screening(today_in_copenhagen(), organisations())


_BUILDERS = {
    "": _overview,
    "portefolje": _portfolio,
    "projekt": _project,
    "pipeline": _pipeline,
    "status": _status,
    "anbefalinger": _recommendations,
    "screening": _screening,
    "sager": _cases,
    "sag": _case,
    "raadet": lambda choices: views.council(),
    "indtastning": lambda choices: views.entry(),
    "historik": lambda choices: views.history(),
}


def params(url_path: str, choices: bool = True) -> list[Param] | None:
    """The page's parameters (None for a page without a view state, or the status page without
    reports); ``choices=False`` leaves out the allowed values that only reading a URL needs."""
    builder = _BUILDERS.get(url_path)
    return builder(choices) if builder else None


def query(url_path: str, **values: Any) -> dict[str, list[str]]:
    """The page's complete query: ``values`` (as the page's parameters take them), every other
    parameter at its default, and the viewer's language."""
    declared = params(url_path, choices=False)
    if declared is None:
        return {views.LANG: [lang()]}
    return views.full_query(declared, values, lang())


def page_link(url_path: str, label: str, icon: str | None = None, container=None, **values: Any) -> None:
    """A link to a page's view (``label`` is catalogue text through ui.context.t, or literal data)."""
    from dashboard.ui.shell import page_path

    (container or st).page_link(page_path(url_path), label=label, icon=icon, query_params=query(url_path, **values))


def switch_page(url_path: str, **values: Any) -> None:
    from dashboard.ui.shell import page_path

    st.switch_page(page_path(url_path), query_params=query(url_path, **values))
