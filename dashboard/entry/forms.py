"""What each form shows: its fields, their widgets and their choices (no Streamlit here).

The page renders these specs; the validators decide what is accepted. Choices come from the
``Reference`` and the catalogue, as (value, label) pairs in the viewer's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from dashboard import domain
from dashboard.entry import checks
from dashboard.entry.reference import Reference
from dashboard.entry.validators import (IMPLEMENTATION_STATUSES, ORGANISATION_KINDS, RECOMMENDATION_RESPONSES,
                                        RSI_CHOICES)
from dashboard.i18n import format_month, t


@dataclass(frozen=True)
class FieldSpec:
    name: str
    widget: str                    # text | textarea | select | multiselect | month | date | decimal | year
    options: str | None = None     # the choice list (see ``choices``)
    required: bool = False         # marked with * (the validator decides)
    max_length: int | None = None
    new_only: bool = False         # shown only when creating (a project's link name is never changed)
    group: str | None = None       # fields shown side by side share a group


def _parameter_fields() -> list[FieldSpec]:
    fields = []
    for p in domain.STATUS_PARAMETERS:
        fields += [FieldSpec(p, "select", "colours", True, group=p),
                   FieldSpec(f"{p}_cause", "select", "subcategories", group=p),
                   FieldSpec(f"{p}_note", "textarea", max_length=checks.LONG_TEXT, group=p)]
    return fields


FORMS: dict[str, list[FieldSpec]] = {
    "project": [
        FieldSpec("name", "text", required=True, max_length=checks.SHORT_TEXT),
        FieldSpec("slug", "text", max_length=80, new_only=True),
        FieldSpec("short_name", "text", max_length=40),
        FieldSpec("purpose", "textarea", max_length=checks.LONG_TEXT),
        FieldSpec("state", "select", "project_states", True, group="state"),
        FieldSpec("is_rsi", "select", "rsi", True, group="state"),
        # Typed as text ("12,5"), so what was sent reaches the validator: a number widget would
        # silently turn a forged -1, inf or NaN into "no budget".
        FieldSpec("budget_mkr", "decimal", group="state"),
        FieldSpec("responsible", "multiselect", "organisations", True),
        FieldSpec("status_text", "textarea", max_length=checks.LONG_TEXT),
        FieldSpec("status_date", "month", "months_optional", group="dates"),
        FieldSpec("end_month", "month", "months_optional", group="dates"),
    ],
    "organisation": [
        FieldSpec("name", "text", required=True, max_length=checks.SHORT_TEXT),
        FieldSpec("kind", "select", "organisation_kinds", True),
    ],
    "activity": [
        FieldSpec("project", "select", "projects", True),
        FieldSpec("type", "select", "activity_types", True, group="what"),
        FieldSpec("state", "select", "activity_states", True, group="what"),
        FieldSpec("month", "month", "months_awaiting", group="when"),
        FieldSpec("partner_council", "select", "councils", group="when"),
    ],
    "pipeline_item": [
        FieldSpec("project", "select", "projects", True),
        FieldSpec("plan_year", "year", "years", True, group="what"),
        FieldSpec("type", "select", "activity_types", True, group="what"),
        FieldSpec("state", "select", "pipeline_states", True, group="when"),
        FieldSpec("month", "month", "months_awaiting", group="when"),
        FieldSpec("partner_council", "select", "councils"),
    ],
    "risk_result": [
        FieldSpec("activity", "select", "assessments_without_profile", True, new_only=True),
        FieldSpec("profile", "select", "profiles", True),
        FieldSpec("complexity", "select", "complexity", group="matrix"),
        FieldSpec("risk", "select", "risk", group="matrix"),
    ],
    "status_report": [
        FieldSpec("project", "select", "projects", True, group="who"),
        FieldSpec("month", "month", "months_required", True, group="who"),
        FieldSpec("reported_by", "text", required=True, max_length=checks.SHORT_TEXT, group="reported"),
        FieldSpec("reported_on", "date", required=True, group="reported"),
        *_parameter_fields(),
        FieldSpec("action", "select", "actions"),
    ],
    "recommendation": [
        FieldSpec("activity", "select", "letters_and_minutes", True),
        FieldSpec("subcategory", "select", "subcategories", True),
        FieldSpec("text", "textarea", required=True, max_length=checks.LONG_TEXT),
    ],
    "followup": [
        FieldSpec("response", "select", "responses", group="response"),
        FieldSpec("response_date", "date", group="response"),
        FieldSpec("implementation", "select", "implementations", group="implementation"),
        FieldSpec("implementation_date", "date", group="implementation"),
    ],
}

# Initial values of a new record's form.
DEFAULTS: dict[str, dict[str, Any]] = {
    "project": {"state": "ongoing", "is_rsi": "unknown", "responsible": []},
    "activity": {"state": "planned"},
    "pipeline_item": {"state": "awaiting", "type": "sparring_or_assessment"},
    "status_report": {p: "green" for p in domain.STATUS_PARAMETERS},
}


# Choice lists and dynamic initial values of a feature room's forms (registered by dashboard/<room>/entry.py).
CHOICE_LISTS: dict[str, Callable[[Reference, str], list[tuple[Any, str]]]] = {}
INITIAL_VALUES: dict[str, Callable[[Reference], dict[str, Any]]] = {}


def initial_values(kind: str, ref: Reference) -> dict[str, Any]:
    values = dict(DEFAULTS.get(kind, {}))
    if kind in INITIAL_VALUES:
        values.update(INITIAL_VALUES[kind](ref))
    if kind == "pipeline_item":
        values["plan_year"] = ref.today.year + 1
    if kind == "status_report":
        values["reported_on"] = ref.today
    return values


def month_range(ref: Reference, years_ahead: int = 5) -> list[dt.date]:
    """Every month from the council's first (January 2019) to December some years ahead, newest first."""
    last = ref.today.year + years_ahead
    return [dt.date(y, m, 1) for y in range(last, checks.FIRST_MONTH.year - 1, -1) for m in range(12, 0, -1)]


def choices(source: str, ref: Reference, lang: str, current: Any = None) -> list[tuple[Any, str]]:
    """(value, label) for a select box; the record's current value is always among them."""
    pairs: list[tuple[Any, str]]
    if source == "project_states":
        pairs = [(c, domain.label("state", c, lang)) for c in domain.PROJECT_STATES]
    elif source == "rsi":
        pairs = [(c, t(f"entry.rsi.{c}", lang)) for c in RSI_CHOICES]
    elif source == "organisations":
        pairs = list(ref.organisations.items())
    elif source == "organisation_kinds":
        pairs = [(c, t(f"org_kind.{c}", lang)) for c in ORGANISATION_KINDS]
    elif source == "projects":
        pairs = [(p.id, p.name) for p in ref.projects.values()]
    elif source == "activity_types":
        pairs = [(c, domain.label("activity_type", c, lang)) for c in domain.ACTIVITY_TYPES]
    elif source == "activity_states":
        pairs = [(c, domain.label("activity_state", c, lang)) for c in domain.ACTIVITY_STATES]
    elif source == "pipeline_states":
        pairs = [(c, domain.label("activity_state", c, lang)) for c in ("planned", "awaiting")]
    elif source == "councils":
        pairs = [(c, domain.label("council", c, lang)) for c in ref.councils]
    elif source in ("months_awaiting", "months_optional", "months_required"):
        pairs = [(m, format_month(m, lang)) for m in month_range(ref)]
    elif source == "years":
        pairs = [(y, str(y)) for y in range(ref.today.year + 5, checks.FIRST_MONTH.year - 1, -1)]
    elif source in ("assessments", "assessments_without_profile", "letters_and_minutes"):
        from dashboard.entry.records import activity_label

        # A recommendation comes from a risk assessment's letter or a sparring meeting's minutes.
        types = ("risk_assessment", "sparring_meeting") if source == "letters_and_minutes" else ("risk_assessment",)
        pairs = [(a.id, activity_label(ref.projects[a.project_id].name, a.type, a.month, a.plan_year, lang))
                 for a in ref.activities.values()
                 if a.type in types and (source != "assessments_without_profile" or not a.has_result)]
        pairs.sort(key=lambda pair: pair[1])
    elif source == "profiles":
        pairs = [(c, domain.profile_label(c, lang)) for c in domain.RISK_PROFILES]
    elif source == "complexity":
        pairs = [(c, t(f"entry.complexity.{c}", lang)) for c in domain.COMPLEXITY_LEVELS]
    elif source == "risk":
        pairs = [(c, t(f"entry.risk.{c}", lang)) for c in domain.RISK_LEVELS]
    elif source == "colours":
        pairs = [(c, t(f"entry.colour.{c}", lang)) for c in domain.STATUS_COLOURS]
    elif source == "subcategories":
        pairs = [(s.code, f"{s.focus_area_da if lang == 'da' else s.focus_area_en} › "
                          f"{s.name_da if lang == 'da' else s.name_en}") for s in ref.subcategories.values()]
    elif source == "actions":
        pairs = [(c, t(f"entry.action.{c}", lang)) for c in domain.STATUS_ACTIONS]
    elif source == "responses":
        pairs = [(c, t(f"entry.response.{c}", lang)) for c in RECOMMENDATION_RESPONSES]
    elif source == "implementations":
        pairs = [(c, t(f"entry.implementation.{c}", lang)) for c in IMPLEMENTATION_STATUSES]
    elif source in CHOICE_LISTS:
        pairs = CHOICE_LISTS[source](ref, lang)
    else:
        raise ValueError(f"unknown choice list {source}")
    values = [value for value, _ in pairs]
    for value in (current if isinstance(current, list) else [current]):
        if value is not None and value not in values:
            label = format_month(value, lang) if isinstance(value, dt.date) else str(value)
            pairs.append((value, label))
    return pairs


def none_label(source: str | None, lang: str) -> str:
    """What an empty select box means: "Afventer" for an activity's month, else "none"."""
    if source == "months_awaiting":
        return t("entry.form.awaiting_no_month", lang)
    return t("entry.form.none", lang)
