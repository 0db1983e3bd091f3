"""One validator per record type: raw form or spreadsheet values in, clean values and
field -> error out. The council's rules are checked here with a message a person can act on;
the database checks the same rules again (db/schema.sql) as the last line of defence.

Every validator has the signature ``validate_x(raw, ref, record_id=None) -> Validation`` where
``raw`` maps field names to what the widgets (or cells) gave, ``ref`` holds the allowed choices
and ``record_id`` is the record being edited (None for a new one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from dashboard import domain
from dashboard.entry import checks
from dashboard.entry.checks import FieldError, LabelParam, run
from dashboard.entry.reference import Reference

ORGANISATION_KINDS = ("region", "association", "national_agency", "municipality")
RECOMMENDATION_RESPONSES = ("accepted", "partly_accepted", "not_accepted")
IMPLEMENTATION_STATUSES = ("not_started", "in_progress", "implemented", "dropped")
RSI_CHOICES = ("yes", "no", "unknown")
MAX_RESPONSIBLE = 5
MAX_BUDGET_MKR = 100_000.0
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Validation:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, FieldError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages(self, lang: str = "da") -> dict[str, str]:
        return checks.messages(self.errors, lang)


def slugify(name: str) -> str:
    """A readable link name: 'Fælles Sundhedsjournal 2.0' -> 'faelles-sundhedsjournal-2-0'."""
    text = name.lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


def _tri_state(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    code = checks.choice(value, RSI_CHOICES, required=False)
    return {"yes": True, "no": False}.get(code)


# --- organisation ---------------------------------------------------------------------------

def validate_organisation(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    errors: dict[str, FieldError] = {}
    name = run(errors, "name", checks.name, raw.get("name"), required=True)
    kind = run(errors, "kind", checks.choice, raw.get("kind"), ORGANISATION_KINDS, required=True)
    # Unique as a reader sees it (checks.name_key; the database's unique index uses the same key).
    if name and any(checks.name_key(n) == checks.name_key(name) and i != record_id
                    for i, n in ref.organisations.items()):
        errors["name"] = FieldError("organisation_name_taken")
    return Validation({"name": name, "kind": kind}, errors)


# --- project --------------------------------------------------------------------------------

def validate_project(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["name"] = run(errors, "name", checks.name, raw.get("name"), required=True)
    if record_id is None:
        slug_given = raw.get("slug")
        if checks.is_blank(slug_given):
            # The link name is optional: it is made from the name. Without a valid name the name's
            # own message says what to do; a name with no letters or digits needs a link name.
            slug_given = slugify(v["name"]) if v["name"] else None
            if v["name"] and not slug_given:
                errors["slug"] = FieldError("slug_from_name")
        v["slug"] = run(errors, "slug", checks.text, slug_given, required=False, max_length=80)
        if v["slug"] and not SLUG_PATTERN.match(v["slug"]):
            errors["slug"] = FieldError("slug_format")
        elif v["slug"] and ref.project_by_slug(v["slug"]) is not None:
            errors["slug"] = FieldError("slug_taken")
    v["short_name"] = run(errors, "short_name", checks.name, raw.get("short_name"), required=False, max_length=40)
    v["purpose"] = run(errors, "purpose", checks.text, raw.get("purpose"), required=False,
                       max_length=checks.LONG_TEXT, multiline=True)
    v["state"] = run(errors, "state", checks.choice, raw.get("state"), domain.PROJECT_STATES, required=True)
    v["is_rsi"] = run(errors, "is_rsi", _tri_state, raw.get("is_rsi"))
    v["budget_mkr"] = run(errors, "budget_mkr", checks.decimal, raw.get("budget_mkr"), required=False,
                          minimum_exclusive=0, maximum=MAX_BUDGET_MKR, decimals=1)
    v["responsible"] = run(errors, "responsible", checks.choices, raw.get("responsible"), ref.organisations,
                           minimum=1, maximum=MAX_RESPONSIBLE)
    v["status_text"] = run(errors, "status_text", checks.text, raw.get("status_text"), required=False,
                           max_length=checks.LONG_TEXT, multiline=True)
    v["status_date"] = run(errors, "status_date", checks.month, raw.get("status_date"), required=False,
                           latest=ref.this_month)
    v["end_month"] = run(errors, "end_month", checks.month, raw.get("end_month"), required=False,
                         latest=ref.this_month)

    if v["name"]:
        same = ref.project_by_name(v["name"])
        if same is not None and same.id != record_id:
            errors["name"] = FieldError("project_name_taken")
    # A status text is dated, and a date belongs to a text (schema: project_status_dated).
    if "status_text" not in errors and "status_date" not in errors:
        if v["status_text"] and not v["status_date"]:
            errors["status_date"] = FieldError("status_needs_date")
        elif v["status_date"] and not v["status_text"]:
            errors["status_text"] = FieldError("date_needs_status")
    if v["end_month"] and v["state"] in ("ongoing", "paused"):
        errors["end_month"] = FieldError("end_month_only_finished")
    return Validation(v, errors)


# --- activities and the pipeline ------------------------------------------------------------

def _validate_activity(raw: Mapping[str, Any], ref: Reference, record_id: int | None, pipeline: bool) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["project"] = run(errors, "project", checks.choice, raw.get("project"), ref.projects, required=True)
    v["type"] = run(errors, "type", checks.choice, raw.get("type"), domain.ACTIVITY_TYPES, required=True)
    states = ("planned", "awaiting") if pipeline else domain.ACTIVITY_STATES
    v["state"] = run(errors, "state", checks.choice, raw.get("state"), states, required=True)
    v["partner_council"] = run(errors, "partner_council", checks.choice, raw.get("partner_council"),
                               ref.councils, required=False)
    if pipeline:
        v["plan_year"] = run(errors, "plan_year", checks.integer, raw.get("plan_year"), required=True,
                             minimum=checks.FIRST_MONTH.year, maximum=checks.LAST_YEAR)
    else:
        # Edited in the activity form, a pipeline item keeps its year until it has been held.
        existing = ref.activities.get(record_id) if record_id is not None else None
        keep_year = existing is not None and existing.plan_year is not None and v["state"] != "held"
        v["plan_year"] = existing.plan_year if keep_year else None
    latest = ref.this_month if v["state"] == "held" else None
    v["month"] = run(errors, "month", checks.month, raw.get("month"), required=False, latest=latest)

    if "month" not in errors and v["state"]:
        if v["state"] == "awaiting" and v["month"] is not None:
            errors["month"] = FieldError("awaiting_has_no_month")
        elif v["state"] != "awaiting" and v["month"] is None:
            errors["month"] = FieldError("month_required_unless_awaiting")
    if v["state"] == "held" and v["type"] == "sparring_or_assessment":
        errors["type"] = FieldError("held_must_be_decided")
    if v["plan_year"] and v["month"] and v["month"].year != v["plan_year"] and "month" not in errors:
        errors["month"] = FieldError("month_outside_plan_year", year=v["plan_year"])
    # An assessment with a risk profile or recommendations stays an assessment.
    existing = ref.activities.get(record_id) if record_id is not None else None
    if existing and v["type"] and v["type"] != "risk_assessment" and existing.type == "risk_assessment" \
            and (existing.has_result or existing.recommendations):
        errors["type"] = FieldError("assessment_has_results")
    return Validation(v, errors)


def validate_activity(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    return _validate_activity(raw, ref, record_id, pipeline=False)


def validate_pipeline_item(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    return _validate_activity(raw, ref, record_id, pipeline=True)


# --- risk-assessment result -----------------------------------------------------------------

def validate_risk_result(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    """record_id is the assessment's activity id when an existing result is edited."""
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    assessments = {a.id: a for a in ref.activities.values() if a.type == "risk_assessment"}
    if record_id is not None:
        v["activity"] = record_id
    else:
        v["activity"] = run(errors, "activity", checks.choice, raw.get("activity"), assessments, required=True)
        if v["activity"] is not None and assessments[v["activity"]].has_result:
            errors["activity"] = FieldError("assessment_has_profile")
    v["profile"] = run(errors, "profile", checks.choice, raw.get("profile"), domain.RISK_PROFILES, required=True)
    v["complexity"] = run(errors, "complexity", checks.choice, raw.get("complexity"), domain.COMPLEXITY_LEVELS,
                          required=False)
    v["risk"] = run(errors, "risk", checks.choice, raw.get("risk"), domain.RISK_LEVELS, required=False)
    if "complexity" not in errors and "risk" not in errors:
        if (v["complexity"] is None) != (v["risk"] is None):
            missing = "risk" if v["risk"] is None else "complexity"
            errors[missing] = FieldError("axes_together")
        elif v["complexity"] and v["profile"]:
            # Figure 9: the extremes are never called the other way round.
            if v["complexity"] == "high" and v["risk"] == "many" and v["profile"] == "C":
                errors["profile"] = FieldError("profile_against_matrix", suggested="A")
            if v["complexity"] == "low" and v["risk"] == "few" and v["profile"] == "A":
                errors["profile"] = FieldError("profile_against_matrix", suggested="C")
    return Validation(v, errors)


# --- monthly status report ------------------------------------------------------------------

def validate_status_report(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["project"] = run(errors, "project", checks.choice, raw.get("project"), ref.projects, required=True)
    v["month"] = run(errors, "month", checks.month, raw.get("month"), required=True, latest=ref.this_month)
    for parameter in domain.STATUS_PARAMETERS:
        colour = run(errors, parameter, checks.choice, raw.get(parameter), domain.STATUS_COLOURS, required=True)
        v[parameter] = colour
        cause = run(errors, f"{parameter}_cause", checks.choice, raw.get(f"{parameter}_cause"),
                    ref.subcategories, required=False)
        note = run(errors, f"{parameter}_note", checks.text, raw.get(f"{parameter}_note"), required=False,
                   max_length=checks.LONG_TEXT, multiline=True)
        label = LabelParam(f"entry.field.{parameter}")
        if colour in ("yellow", "red"):
            if cause is None and f"{parameter}_cause" not in errors:
                errors[f"{parameter}_cause"] = FieldError("cause_required", parameter=label)
            if note is None and f"{parameter}_note" not in errors:
                errors[f"{parameter}_note"] = FieldError("note_required", parameter=label)
        elif colour == "green":
            if cause is not None:
                errors[f"{parameter}_cause"] = FieldError("green_has_no_cause", parameter=label)
            if note is not None:
                errors[f"{parameter}_note"] = FieldError("green_has_no_cause", parameter=label)
        v[f"{parameter}_cause"] = cause
        v[f"{parameter}_note"] = note
    colours = [v[p] for p in domain.STATUS_PARAMETERS]
    v["action"] = run(errors, "action", checks.choice, raw.get("action"), domain.STATUS_ACTIONS, required=False)
    if None not in colours and "action" not in errors:
        all_green = all(c == "green" for c in colours)
        if all_green and v["action"] is not None:
            errors["action"] = FieldError("action_only_when_not_green")
        elif not all_green and v["action"] is None:
            errors["action"] = FieldError("action_required")
    v["reported_by"] = run(errors, "reported_by", checks.text, raw.get("reported_by"), required=True)
    earliest = v["month"] or checks.FIRST_MONTH
    v["reported_on"] = run(errors, "reported_on", checks.date, raw.get("reported_on"), required=True,
                           earliest=earliest, latest=ref.today)
    return Validation(v, errors)


# --- recommendation and its follow-up -------------------------------------------------------

def validate_recommendation(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    # A risk assessment's letter, or a sparring meeting's minutes (report section 10, migration 0050).
    sources = {a.id: a for a in ref.activities.values() if a.type in ("risk_assessment", "sparring_meeting")}
    v["activity"] = run(errors, "activity", checks.choice, raw.get("activity"), sources, required=True)
    v["subcategory"] = run(errors, "subcategory", checks.choice, raw.get("subcategory"), ref.subcategories,
                           required=True)
    v["text"] = run(errors, "text", checks.text, raw.get("text"), required=True, max_length=checks.LONG_TEXT,
                    multiline=True)
    return Validation(v, errors)


def validate_followup(raw: Mapping[str, Any], ref: Reference, record_id: int | None = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["response"] = run(errors, "response", checks.choice, raw.get("response"), RECOMMENDATION_RESPONSES,
                        required=False)
    v["response_date"] = run(errors, "response_date", checks.date, raw.get("response_date"), required=False,
                             latest=ref.today)
    v["implementation"] = run(errors, "implementation", checks.choice, raw.get("implementation"),
                              IMPLEMENTATION_STATUSES, required=False)
    v["implementation_date"] = run(errors, "implementation_date", checks.date, raw.get("implementation_date"),
                                   required=False, latest=ref.today)
    for what in ("response", "implementation"):
        date_field = f"{what}_date"
        if what in errors or date_field in errors:
            continue
        if v[what] is not None and v[date_field] is None:
            errors[date_field] = FieldError("date_required_with", field=LabelParam(f"entry.field.{what}"))
        elif v[what] is None and v[date_field] is not None:
            errors[what] = FieldError("value_required_with_date")
    if v["implementation"] is not None and v["response"] is None and "response" not in errors:
        errors["response"] = FieldError("implementation_needs_response")
    if v["response"] == "not_accepted" and v["implementation"] in ("in_progress", "implemented"):
        errors["implementation"] = FieldError("rejected_not_implemented")
    if v["implementation_date"] and v["response_date"] and v["implementation_date"] < v["response_date"] \
            and "implementation_date" not in errors:
        errors["implementation_date"] = FieldError("implementation_before_response", earliest=v["response_date"])
    return Validation(v, errors)


VALIDATORS: dict[str, Callable[..., Validation]] = {
    "organisation": validate_organisation,
    "project": validate_project,
    "activity": validate_activity,
    "pipeline_item": validate_pipeline_item,
    "risk_result": validate_risk_result,
    "status_report": validate_status_report,
    "recommendation": validate_recommendation,
    "followup": validate_followup,
}


def validate(kind: str, raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    return VALIDATORS[kind](raw, ref, record_id)
