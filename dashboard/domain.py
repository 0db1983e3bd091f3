"""The council's domain rules and vocabularies, independent of any interface.

Codes are English (as in the database); labels come from the catalogue in dashboard.i18n.
"""

from __future__ import annotations

from dashboard.i18n import DEFAULT_LANGUAGE, t

PROJECT_STATES = ("ongoing", "completed", "closed", "paused")
ACTIVITY_TYPES = ("risk_assessment", "sparring_meeting", "revisit", "sparring_or_assessment")
ACTIVITY_STATES = ("held", "planned", "awaiting")
RISK_PROFILES = ("A", "B", "C")
COMPLEXITY_LEVELS = ("low", "high")
RISK_LEVELS = ("few", "many")
PROVENANCES = ("published", "entered", "demo")
STATUS_COLOURS = ("green", "yellow", "red")
STATUS_PARAMETERS = ("deliveries", "time", "money", "resources")
STATUS_ACTIONS = ("back_on_plan", "new_plan", "close_project")


def worst_of(*colours: str) -> str:
    """The overall status is the worst of the parameters (report section 7): red > yellow > green."""
    if not colours:
        raise ValueError("no colours")
    return max(colours, key=STATUS_COLOURS.index)


def matrix_zone(complexity: str | None, risk: str | None) -> str | None:
    """The profile figure 9 suggests for a place in the matrix (the council may judge otherwise)."""
    if complexity is None or risk is None:
        return None
    score = (complexity == "high") + (risk == "many")
    return {2: "A", 1: "B", 0: "C"}[score]


def label(vocabulary: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The interface label of a code, e.g. label('state', 'ongoing') -> 'Igangværende'."""
    if code is None or code != code:
        return ""
    return t(f"{vocabulary}.{code}", lang)


def profile_label(profile: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    return label("profile", profile if profile else "none", lang)


def responsible_names(responsible: str) -> list[str]:
    """The organisations of a project's responsible text ("A; B", as the queries aggregate it)."""
    return [name.strip() for name in responsible.split(";") if name.strip()]


def join_names(names: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'A', 'A og B', 'A, B og C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('format.and', lang)} {names[-1]}"


# Readable Danish values for codes in links (?tilstand=igangvaerende&aktivitet=risikovurdering).
URL_VALUES = {
    "state": {"ongoing": "igangvaerende", "completed": "afsluttet", "closed": "lukket", "paused": "pauseret"},
    "activity_type": {"risk_assessment": "risikovurdering", "sparring_meeting": "sparringsmoede",
                      "revisit": "genbesoeg", "sparring_or_assessment": "sparring-eller-vurdering"},
    "profile": {"A": "A", "B": "B", "C": "C", "none": "ingen"},
}


def to_url_value(vocabulary: str, code: str) -> str:
    return URL_VALUES[vocabulary][code]


def from_url_value(vocabulary: str, value: str) -> str | None:
    return next((code for code, text in URL_VALUES[vocabulary].items() if text == value), None)
