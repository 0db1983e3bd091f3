"""Every view's URL parameters, declared once (no Streamlit here).

A page reads its state from these declarations (dashboard.ui.urlstate.ViewState), and every link
to a page is written with them (dashboard.ui.urlstate.page_query): the link holds the page's
full state, defaults included, exactly as the page itself writes it into the address bar. So
following a link adds one entry to the browser's history, and Back returns to the view before.

Defaults that depend on the data (the status period, the pipeline year, the recommendations'
months) are arguments; ``choices`` matter only for reading a URL and may be left out for writing
one.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from dashboard import domain
from dashboard.i18n import copenhagen_today
from dashboard.status import queries as status
from dashboard.portfolio import SORT_KEYS
from dashboard.cases import vocab as cases_vocab
from dashboard.cases.entry import URL_TYPES as CASES_ENTRY_TYPES
from dashboard.screening import vocab as screening_vocab
from dashboard.screening.entry import URL_TYPES as SCREENING_ENTRY_TYPES
from dashboard.viewstate import Param, encode

# The values every page's link carries besides its own parameters.
LANG = "lang"

PROJECT_SECTIONS = ("oversigt", "aktiviteter", "anbefalinger")
STATUS_VIEWS = ("historik", "fordeling", "aarsager", "advarsler", "aendringer")
STATUS_SORTS = {"kritisk": "critical", "navn": "name"}
STATUS_PARAMETERS = {name: code for code, name in status.PARAMETER_URL_NAMES.items()}  # "tid" -> "time"
RUN_CHOICES = tuple(range(2, 13))
RECOMMENDATION_VIEWS = ("fordeling", "anbefalinger", "opfoelgning", "risici", "gode-raad")
ENTRY_TYPES = {"projekt": "project", "aktivitet": "activity", "pipeline": "pipeline_item",
               "risikoprofil": "risk_result", "status": "status_report", "anbefaling": "recommendation",
               "opfoelgning": "followup", "organisation": "organisation", **SCREENING_ENTRY_TYPES,
               **CASES_ENTRY_TYPES}
ALL = ""  # "no choice" in a select box: all projects, all focus areas (?projekt=)


def overview(since: dt.date | None) -> list[Param]:
    """The director's front page: ``siden`` is the last council meeting (see status.default_since)."""
    return [Param("siden", since, kind="date")]


def portfolio(organisations: Sequence[str] | None = None, years: Sequence[int] | None = None) -> list[Param]:
    return [
        Param("ansvarlig", default=[], multi=True, choices=organisations),
        Param("tilstand", default=[], multi=True,
              choices=[domain.to_url_value("state", c) for c in domain.PROJECT_STATES]),
        Param("profil", default=[], multi=True,
              choices=[domain.to_url_value("profile", c) for c in (*domain.RISK_PROFILES, "none")]),
        Param("aktivitet", default=[], multi=True,
              choices=[domain.to_url_value("activity_type", c) for c in domain.ACTIVITY_TYPES]),
        Param("aar", default=[], multi=True, kind="int", choices=years),
        Param("soeg", default=""),
        Param("risikovurdering", default=[], multi=True,
              choices=[screening_vocab.to_url("verdict", c) for c in screening_vocab.VERDICTS]),
        Param("sorter", default="navn", choices=list(SORT_KEYS)),
        Param("orden", default="stigende", choices=["stigende", "faldende"]),
    ]


def project(slugs: Sequence[str] | None = None) -> list[Param]:
    return [Param("id", default=None, choices=slugs), Param("fane", default="oversigt", choices=PROJECT_SECTIONS)]


def pipeline(default_year: int, years: Sequence[int] | None = None,
             organisations: Sequence[str] | None = None) -> list[Param]:
    return [
        Param("aar", default=default_year, kind="int", choices=years),
        Param("ansvarlig", default=[], multi=True, choices=organisations),
        Param("aktivitet", default=[], multi=True,
              choices=[domain.to_url_value("activity_type", c) for c in domain.ACTIVITY_TYPES]),
    ]


def pipeline_default_year(years: Sequence[int], today: dt.date | None = None) -> int:
    """The current year when it has a pipeline, else the latest year that has one."""
    this_year = (today or copenhagen_today()).year
    return this_year if this_year in years or not years else years[-1]


def status_view(first: dt.date, last: dt.date, slugs: Sequence[str] | None = None,
                focus_areas: Sequence[str] | None = None, subcategories: Sequence[str] | None = None) -> list[Param]:
    """The status page between the first and the latest month with reports."""
    codes = [status.month_code(m) for m in status.months_between(first, last)]
    return [
        Param("visning", STATUS_VIEWS[0], choices=STATUS_VIEWS),
        Param("fra", status.month_code(max(first, status.month_add(last, -23))), choices=codes),
        Param("til", status.month_code(last), choices=codes),
        Param("parameter", "samlet", choices=list(STATUS_PARAMETERS)),
        Param("projekt", ALL, choices=None if slugs is None else [ALL, *slugs]),
        Param("sortering", "kritisk", choices=list(STATUS_SORTS)),
        Param("side", 1, kind="int"),
        Param("fokusomraade", ALL, choices=None if focus_areas is None else [ALL, *focus_areas]),
        Param("aarsag", ALL, choices=None if subcategories is None else [ALL, *subcategories]),
        Param("n", 3, kind="int", choices=RUN_CHOICES),
        Param("siden", status.default_since(last), kind="date"),
    ]


def recommendations(months: Sequence[str]) -> list[Param]:
    """The recommendations page; ``months`` are the period's choices, oldest first."""
    from dashboard.recommendations.queries import ACTIVITY_TYPES, FOLLOWUP_STATES

    return [
        Param("visning", default="fordeling", choices=list(RECOMMENDATION_VIEWS)),
        Param("fra", default=months[0]),
        Param("til", default=months[-1]),
        Param("profil", default=[], multi=True, choices=domain.RISK_PROFILES),
        Param("ansvarlig"),
        Param("projekt"),
        Param("soeg", default=""),
        Param("fokus"),
        Param("underkategori"),
        Param("opfoelgning", choices=FOLLOWUP_STATES),
        # The list, the follow-up and the risks; figures 2 and 3 count risk assessments only.
        Param("aktivitet", choices=[domain.to_url_value("activity_type", c) for c in ACTIVITY_TYPES]),
    ]


def recommendation_months(latest: dt.date | None, today: dt.date | None = None) -> list[str]:
    """The months the recommendations page offers: from the council's start to the end of this
    year or of the latest assessment's year, whichever is later."""
    from dashboard.recommendations.queries import FIRST_MONTH, month_codes

    last_year = max((today or copenhagen_today()).year, latest.year if latest is not None else 0)
    return month_codes(FIRST_MONTH, dt.date(last_year, 12, 1))


def cases(members: Sequence[str] | None = None, years: Sequence[int] | None = None) -> list[Param]:
    """The list of assessment cases (/sager): state, the step reached, overdue or not, a member, the year."""
    return [
        Param("tilstand", default=[], multi=True,
              choices=[cases_vocab.to_url("state", c) for c in cases_vocab.STATES]),
        Param("trin", default=[], multi=True,
              choices=[cases_vocab.to_url("step", c) for c in (*cases_vocab.STEPS, "none")]),
        Param("frister", default="alle", choices=list(cases_vocab.URL_VALUES["overdue"].values())),
        Param("medlem", default=[], multi=True, choices=members),
        Param("aar", default=[], multi=True, kind="int", choices=years),
    ]


# The screening page's views: URL value -> view code.
SCREENING_VIEWS = {"skal-vurderes": "must_assess", "analyse": "analysis", "genvurdering": "reassessment",
                   "indstillinger": "nominations", "figur-4": "figure4", "figur-5": "figure5"}
SCREENING_SCOPES = [screening_vocab.to_url("scope", code) for code in (*screening_vocab.SCOPES, screening_vocab.UNKNOWN)]


def screening(today: dt.date, organisations: Sequence[str] | None = None) -> list[Param]:
    """Screening (/screening): the view, the day judged (today in Copenhagen by default), the
    responsible organisations and the kinds of project."""
    return [
        Param("visning", "skal-vurderes", choices=list(SCREENING_VIEWS)),
        Param("dato", today, kind="date"),
        Param("ansvarlig", default=[], multi=True, choices=organisations),
        Param("type", default=[], multi=True, choices=SCREENING_SCOPES),
    ]


def case(ids: Sequence[str] | None = None) -> list[Param]:
    """One case (/sag?id=12): its number, as a text so that an unknown one gets the usual notice."""
    return [Param("id", default=None, choices=ids, max_length=12)]


def council() -> list[Param]:
    """The council (/raadet) has no choices besides the language."""
    return []


def case_paths(case_ids, lang: str):
    """Relative, complete links to cases' pages: a case id or a Series of them."""
    from urllib.parse import urlencode

    template = "sag?" + urlencode(full_query(case(), {"id": "\x00"}, lang), doseq=True)
    before, after = template.split("%00")
    if isinstance(case_ids, (int, str)):
        return before + str(case_ids) + after
    return before + case_ids.astype(str) + after


def entry(new: str = "ny") -> list[Param]:
    return [Param("type", "projekt", choices=list(ENTRY_TYPES)), Param("id", new, max_length=12)]


def history(all_types: str = "alle") -> list[Param]:
    return [Param("type", all_types, choices=[all_types, *ENTRY_TYPES]), Param("id", None, max_length=12)]


def full_query(params: Sequence[Param], values: dict, lang: str) -> dict[str, list[str]]:
    """A view's complete query: the given values, every other parameter at its default, the language."""
    known = {p.name for p in params}
    unknown = set(values) - known
    if unknown:
        raise KeyError(f"not parameters of this view: {sorted(unknown)}")
    return {**encode(params, {**{p.name: p.default for p in params}, **values}), LANG: [lang]}


def project_paths(slugs, lang: str):
    """Relative, complete links to projects' pages (for the "Åbn" columns of tables): a slug or a
    Series of slugs (slugs are URL-safe by the schema's rule)."""
    from urllib.parse import urlencode

    template = "projekt?" + urlencode(full_query(project(), {"id": "\x00"}, lang), doseq=True)
    before, after = template.split("%00")
    return before + slugs + after
