"""The secretariat's forms for assessment cases: open a case, assign council members, record steps,
the letter, risks, the project's response, evaluations, impartiality declarations and members.

They follow the forms of dashboard.entry to the letter and are saved by its service (one submit =
one transaction as the person's database role, an idempotent submit token, the record's version
for optimistic concurrency, the audit trail, field messages in Danish). This module only adds the
record types, as dashboard/screening/entry.py does, and registers them when imported.

The validators check every rule of migration 0050 first, so the person sees why under the field
(a declared member's refusal names the declaration's reason); the database checks them again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlalchemy as sa

from dashboard.cases import vocab
from dashboard.entry import checks, records
from dashboard.entry.checks import FieldError, LabelParam, run
from dashboard.entry.forms import FieldSpec
from dashboard.entry.records import Handler, Kind
from dashboard.entry.reference import Reference
from dashboard.entry.rooms import register_room
from dashboard.entry.validators import Validation
from dashboard.i18n import format_date, format_month, t

EARLIEST = dt.date(2019, 1, 1)
LAST_DAY = dt.date(checks.LAST_YEAR, 12, 31)

# URL value of /indtastning?type= and /historik?type= -> record type (readable Danish).
URL_TYPES = {"sag": "case", "sagsmedlem": "case_member", "sagstrin": "case_step", "brev": "case_letter",
             "risiko": "identified_risk", "responsum": "case_response", "evaluering": "case_evaluation",
             "habilitet": "declaration", "raadsmedlem": "council_member", "vurderingsperson": "assessor",
             "sagsvurderingsperson": "case_assessor"}

KINDS = {k.name: k for k in (
    Kind("case", "assessment_case"),
    Kind("case_member", "case_member"),
    Kind("case_step", "case_step"),
    Kind("case_letter", "case_letter", key_column="case_id"),
    Kind("identified_risk", "identified_risk"),
    Kind("case_response", "case_response"),
    Kind("case_evaluation", "case_evaluation"),
    Kind("declaration", "impartiality_declaration"),
    Kind("council_member", "council_member"),
    Kind("assessor", "assessor"),
    Kind("case_assessor", "case_assessor"),
)}

FORMS: dict[str, list[FieldSpec]] = {
    "case": [
        FieldSpec("case_activity", "select", "activities_without_case", True, new_only=True),
        FieldSpec("requested_by", "select", "requesters", group="state"),
        FieldSpec("case_state", "select", "case_states", True, group="state"),
        FieldSpec("note", "textarea", max_length=checks.LONG_TEXT),
    ],
    "case_member": [
        FieldSpec("case", "select", "open_cases", True),
        FieldSpec("member", "select", "members", True),
    ],
    "case_step": [
        FieldSpec("case", "select", "open_cases", True, group="what"),
        FieldSpec("step", "select", "steps", True, group="what"),
        FieldSpec("planned_on", "date", group="when"),
        FieldSpec("done_on", "date", group="when"),
        FieldSpec("done_by", "text", max_length=checks.SHORT_TEXT),
        FieldSpec("note", "textarea", max_length=checks.LONG_TEXT),
    ],
    "case_letter": [
        FieldSpec("case", "select", "assessment_cases_without_letter", True, new_only=True),
        FieldSpec("general_statement", "textarea", required=True, max_length=checks.LONG_TEXT),
        # Figure 9's sub-criteria and the council's judgement belong to the risk profile (recorded
        # with the Risikoprofil form); the letter's form adds them to it.
        FieldSpec("criteria", "multiselect", "criteria"),
        FieldSpec("judgement", "textarea", max_length=checks.LONG_TEXT),
        FieldSpec("lowering_advice", "textarea", max_length=checks.LONG_TEXT),
    ],
    "identified_risk": [
        FieldSpec("case", "select", "cases", True),
        FieldSpec("subcategory", "select", "subcategories", True),
        FieldSpec("risk_text", "textarea", required=True, max_length=checks.LONG_TEXT),
    ],
    "case_response": [
        FieldSpec("case", "select", "assessment_cases", True, group="what"),
        FieldSpec("received_on", "date", required=True, group="what"),
        FieldSpec("summary", "textarea", required=True, max_length=checks.LONG_TEXT),
    ],
    "case_evaluation": [
        FieldSpec("case", "select", "cases", True, group="what"),
        FieldSpec("respondent", "select", "respondents", True, group="what"),
        FieldSpec("received_on", "date", required=True, group="what"),
        FieldSpec("score_process", "select", "scores", True, group="scores"),
        FieldSpec("score_output", "select", "scores", True, group="scores"),
        FieldSpec("score_value", "select", "scores", True, group="scores"),
        FieldSpec("comment", "textarea", max_length=checks.LONG_TEXT),
    ],
    "declaration": [
        FieldSpec("member", "select", "members", True, group="who"),
        FieldSpec("project", "select", "projects", True, group="who"),
        FieldSpec("reason", "textarea", required=True, max_length=checks.LONG_TEXT),
        FieldSpec("declared_from", "date", required=True, group="when"),
        FieldSpec("declared_to", "date", group="when"),
    ],
    "council_member": [
        FieldSpec("name", "text", required=True, max_length=checks.SHORT_TEXT),
        FieldSpec("title", "text", max_length=checks.SHORT_TEXT, group="where"),
        FieldSpec("organisation_name", "text", max_length=checks.SHORT_TEXT, group="where"),
        FieldSpec("affiliation", "select", "affiliations", True, group="role"),
        FieldSpec("is_chair", "select", "yes_no", True, group="role"),
        FieldSpec("term_from", "date", group="term"),
        FieldSpec("term_to", "date", group="term"),
    ],
    "assessor": [
        FieldSpec("name", "text", required=True, max_length=checks.SHORT_TEXT),
        FieldSpec("organisation_name", "text", max_length=checks.SHORT_TEXT, group="where"),
        FieldSpec("field", "select", "assessor_fields", True, group="where"),
    ],
    "case_assessor": [
        FieldSpec("case", "select", "open_assessment_cases", True),
        FieldSpec("assessor", "select", "assessors", True),
    ],
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "case": {"case_state": "open"},
    "case_evaluation": {"respondent": "project"},
    "council_member": {"affiliation": "internal", "is_chair": "no"},
}


def _dated_today(*fields: str):
    return lambda ref: {name: ref.today for name in fields}


INITIAL_VALUES = {"case_response": _dated_today("received_on"), "case_evaluation": _dated_today("received_on"),
                  "declaration": _dated_today("declared_from")}


def _extra(ref: Reference, name: str) -> Any:
    return ref.extras.get(name) or {}


def _case(errors: dict, raw: Mapping[str, Any], ref: Reference, open_only: bool = False) -> dict | None:
    """The chosen case as the extras loader read it (its kind, state, project, ...)."""
    cases = _extra(ref, "cases")
    choices = {k: c for k, c in cases.items() if not open_only or c["state"] == "open"}
    case_id = run(errors, "case", checks.choice, raw.get("case"), choices, required=True)
    return cases.get(case_id) if case_id is not None else None


def _term_text(member: dict, lang: str = "da") -> str:
    start, end = member["term_from"], member["term_to"]
    return f"{format_date(start, lang) if start else '…'} – {format_date(end, lang) if end else '…'}"


def member_refusal(case: dict, member_id: int, ref: Reference) -> FieldError | None:
    """Why a member may not take part in a case (a standing declaration, outside the term), or None."""
    member = _extra(ref, "members").get(member_id)
    if member is None:
        return None
    on_day = case["reference_date"]
    for d in _extra(ref, "declarations").get((member_id, case["project_id"]), []):
        if d["from"] <= on_day and (d["to"] is None or d["to"] >= on_day):
            return FieldError("member_declared", member=member["name"], project=ref.projects[case["project_id"]].name
                              if case["project_id"] in ref.projects else "", start=d["from"], reason=d["reason"])
    if (member["term_from"] and member["term_from"] > on_day) or (member["term_to"] and member["term_to"] < on_day):
        return FieldError("member_outside_term", member=member["name"], date=on_day, term=_term_text(member))
    return None


# --- validators ---------------------------------------------------------------------------------

def validate_case(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    if record_id is None:
        v["case_activity"] = run(errors, "case_activity", checks.choice, raw.get("case_activity"), ref.activities,
                                 required=True)
        activity = ref.activities.get(v["case_activity"])
        if activity is not None:
            if activity.id in _extra(ref, "activities_with_case"):
                errors["case_activity"] = FieldError("case_exists")
            elif activity.type not in ("risk_assessment", "sparring_meeting", "revisit"):
                errors["case_activity"] = FieldError("case_undecided")
    v["requested_by"] = run(errors, "requested_by", checks.choice, raw.get("requested_by"), vocab.REQUESTERS,
                            required=False)
    v["case_state"] = run(errors, "case_state", checks.choice, raw.get("case_state"), vocab.STATES, required=True)
    v["note"] = run(errors, "note", checks.text, raw.get("note"), required=False, max_length=checks.LONG_TEXT,
                    multiline=True)
    return Validation(v, errors)


def validate_case_member(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    case = _case(errors, raw, ref, open_only=True)
    member = run(errors, "member", checks.choice, raw.get("member"), _extra(ref, "members"), required=True)
    if case is not None and member is not None:
        taken = _extra(ref, "case_members").get(case["id"], {})
        if member in taken and taken[member] != record_id:
            errors["member"] = FieldError("member_on_case")
        else:
            refusal = member_refusal(case, member, ref)
            if refusal is not None:
                errors["member"] = refusal
    return Validation({"case": case["id"] if case else None, "member": member}, errors)


def _eligible_count(case: dict, ref: Reference, leaving: int | None = None) -> int:
    members = [m for m in _extra(ref, "case_members").get(case["id"], {}) if m != leaving]
    return sum(member_refusal(case, m, ref) is None for m in members)


def validate_case_step(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    case = _case(errors, raw, ref)
    v["case"] = case["id"] if case else None
    v["step"] = run(errors, "step", checks.choice, raw.get("step"), vocab.STEPS, required=True)
    v["planned_on"] = run(errors, "planned_on", checks.date, raw.get("planned_on"), required=False,
                          earliest=EARLIEST, latest=LAST_DAY)
    v["done_on"] = run(errors, "done_on", checks.date, raw.get("done_on"), required=False, earliest=EARLIEST)
    v["done_by"] = run(errors, "done_by", checks.text, raw.get("done_by"), required=False)
    v["note"] = run(errors, "note", checks.text, raw.get("note"), required=False, max_length=checks.LONG_TEXT,
                    multiline=True)
    if "done_on" not in errors and v["done_on"] is not None and v["done_on"] > ref.today:
        errors["done_on"] = FieldError("date_in_future", today=ref.today)
    if not {"planned_on", "done_on"} & set(errors) and v["planned_on"] is None and v["done_on"] is None:
        errors["planned_on"] = FieldError("step_needs_a_date")
    if "done_by" not in errors and v["done_by"] and v["done_on"] is None and "done_on" not in errors:
        errors["done_on"] = FieldError("done_by_needs_date")
    if case is None or v["step"] is None:
        return Validation(v, errors)
    path = vocab.PATH[case["kind"]]
    if v["step"] not in path:
        errors["step"] = FieldError("step_not_on_path")
        return Validation(v, errors)
    others = {s: row for s, row in case["steps"].items() if row["id"] != record_id}
    if v["step"] in others:
        errors["step"] = FieldError("step_exists")
        return Validation(v, errors)
    done = v["done_on"]
    if done is not None and "done_on" not in errors:
        rank = path.index(v["step"])
        for step in path:
            other = others.get(step, {}).get("done_on")
            if other is None:
                continue
            if path.index(step) < rank and other > done:
                errors["done_on"] = FieldError("step_before", step=LabelParam(f"cases.step.{step}"), date=other)
                break
            if path.index(step) > rank and other < done:
                errors["done_on"] = FieldError("step_after", step=LabelParam(f"cases.step.{step}"), date=other)
                break
        starts = v["step"] not in vocab.NOT_STARTING
        started_before = any(row["done_on"] and s not in vocab.NOT_STARTING for s, row in others.items())
        if "done_on" not in errors and starts and not started_before:
            count = _eligible_count(case, ref)
            if count < 2:
                errors["done_on"] = FieldError("two_members_needed", count=count)
    return Validation(v, errors)


def validate_case_letter(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    if record_id is None:
        case = _case(errors, raw, ref)
        if case is not None:
            if case["kind"] != "risk_assessment":
                errors["case"] = FieldError("only_assessment")
            elif case["has_letter"]:
                errors["case"] = FieldError("letter_exists")
        case_id = case["id"] if case else None
    else:
        case_id = record_id
    statement = run(errors, "general_statement", checks.text, raw.get("general_statement"), required=True,
                    max_length=checks.LONG_TEXT, multiline=True)
    advice = run(errors, "lowering_advice", checks.text, raw.get("lowering_advice"), required=False,
                 max_length=checks.LONG_TEXT, multiline=True)
    criteria = run(errors, "criteria", checks.choices, raw.get("criteria") or [], vocab.CRITERIA, minimum=0,
                   maximum=len(vocab.CRITERIA))
    judgement = run(errors, "judgement", checks.text, raw.get("judgement"), required=False,
                    max_length=checks.LONG_TEXT, multiline=True)
    case = _extra(ref, "cases").get(case_id) if case_id is not None else None
    activity = ref.activities.get(case["activity_id"]) if case else None
    if (criteria or judgement) and activity is not None and not activity.has_result and "criteria" not in errors:
        errors["criteria"] = FieldError("criteria_need_profile")
    return Validation({"case": case_id, "general_statement": statement, "lowering_advice": advice,
                       "criteria": criteria or [], "judgement": judgement}, errors)


def validate_identified_risk(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    case = _case(errors, raw, ref)
    subcategory = run(errors, "subcategory", checks.choice, raw.get("subcategory"), ref.subcategories, required=True)
    text = run(errors, "risk_text", checks.text, raw.get("risk_text"), required=True, max_length=checks.LONG_TEXT,
               multiline=True)
    if case is not None and case["activity_type"] == "revisit":
        errors["case"] = FieldError("only_assessment")
    return Validation({"case": case["id"] if case else None, "activity": case["activity_id"] if case else None,
                       "subcategory": subcategory, "risk_text": text}, errors)


def _received(errors: dict, raw: Mapping[str, Any], ref: Reference) -> dt.date | None:
    day = run(errors, "received_on", checks.date, raw.get("received_on"), required=True, earliest=EARLIEST)
    if day is not None and day > ref.today:
        errors["received_on"] = FieldError("date_in_future", today=ref.today)
    return day


def validate_case_response(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    case = _case(errors, raw, ref)
    if case is not None:
        if case["kind"] != "risk_assessment":
            errors["case"] = FieldError("only_assessment")
        elif case["response_id"] is not None and case["response_id"] != record_id:
            errors["case"] = FieldError("response_exists")
    received = _received(errors, raw, ref)
    summary = run(errors, "summary", checks.text, raw.get("summary"), required=True, max_length=checks.LONG_TEXT,
                  multiline=True)
    return Validation({"case": case["id"] if case else None, "received_on": received, "summary": summary}, errors)


def validate_case_evaluation(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    case = _case(errors, raw, ref)
    v["case"] = case["id"] if case else None
    v["respondent"] = run(errors, "respondent", checks.choice, raw.get("respondent"), vocab.RESPONDENTS, required=True)
    v["received_on"] = _received(errors, raw, ref)
    for name in ("score_process", "score_output", "score_value"):
        v[name] = run(errors, name, checks.integer, raw.get(name), required=True, minimum=1, maximum=5)
    v["comment"] = run(errors, "comment", checks.text, raw.get("comment"), required=False,
                       max_length=checks.LONG_TEXT, multiline=True)
    if case is not None and v["respondent"] is not None:
        if case["kind"] == "sparring" and v["respondent"] == "assessors":
            errors["respondent"] = FieldError("only_assessment")
        elif case["evaluations"].get(v["respondent"]) not in (None, record_id):
            errors["respondent"] = FieldError("evaluation_exists")
    return Validation(v, errors)


def validate_declaration(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["member"] = run(errors, "member", checks.choice, raw.get("member"), _extra(ref, "members"), required=True)
    v["project"] = run(errors, "project", checks.choice, raw.get("project"), ref.projects, required=True)
    v["reason"] = run(errors, "reason", checks.text, raw.get("reason"), required=True, max_length=checks.LONG_TEXT,
                      multiline=True)
    v["declared_from"] = run(errors, "declared_from", checks.date, raw.get("declared_from"), required=True,
                             earliest=EARLIEST, latest=LAST_DAY)
    v["declared_to"] = run(errors, "declared_to", checks.date, raw.get("declared_to"), required=False,
                           earliest=EARLIEST, latest=LAST_DAY)
    start, end = v["declared_from"], v["declared_to"]
    if start and end and end < start:
        errors["declared_to"] = FieldError("declaration_order")
    if v["member"] is not None and v["project"] is not None and start and not errors:
        for case in _extra(ref, "cases").values():
            if case["project_id"] == v["project"] and case["state"] == "open" \
                    and v["member"] in _extra(ref, "case_members").get(case["id"], {}) \
                    and start <= case["reference_date"] and (end is None or end >= case["reference_date"]):
                errors["member"] = FieldError("declaration_member_on_case")
                break
    return Validation(v, errors)


def validate_council_member(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["name"] = run(errors, "name", checks.text, raw.get("name"), required=True)
    v["title"] = run(errors, "title", checks.text, raw.get("title"), required=False)
    v["organisation_name"] = run(errors, "organisation_name", checks.text, raw.get("organisation_name"), required=False)
    v["affiliation"] = run(errors, "affiliation", checks.choice, raw.get("affiliation"), vocab.AFFILIATIONS,
                           required=True)
    chair = run(errors, "is_chair", checks.choice, raw.get("is_chair"), ("yes", "no"), required=True)
    v["is_chair"] = None if chair is None else chair == "yes"
    v["term_from"] = run(errors, "term_from", checks.date, raw.get("term_from"), required=False, earliest=EARLIEST,
                         latest=LAST_DAY)
    v["term_to"] = run(errors, "term_to", checks.date, raw.get("term_to"), required=False, earliest=EARLIEST,
                       latest=LAST_DAY)
    if v["term_from"] and v["term_to"] and v["term_to"] < v["term_from"]:
        errors["term_to"] = FieldError("term_order")
    if v["name"] and any(m["name"].casefold() == v["name"].casefold() and key != record_id
                         for key, m in _extra(ref, "members").items()):
        errors["name"] = FieldError("member_name_taken")
    return Validation(v, errors)


def validate_assessor(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["name"] = run(errors, "name", checks.text, raw.get("name"), required=True)
    v["organisation_name"] = run(errors, "organisation_name", checks.text, raw.get("organisation_name"), required=False)
    v["field"] = run(errors, "field", checks.choice, raw.get("field"), vocab.ASSESSOR_FIELDS, required=True)
    if v["name"] and any((a["name"].casefold(), (a["organisation"] or "").casefold()) ==
                         (v["name"].casefold(), (v["organisation_name"] or "").casefold()) and key != record_id
                         for key, a in _extra(ref, "assessors").items()):
        errors["name"] = FieldError("assessor_exists")
    return Validation(v, errors)


def validate_case_assessor(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    case = _case(errors, raw, ref, open_only=True)
    assessor = run(errors, "assessor", checks.choice, raw.get("assessor"), _extra(ref, "assessors"), required=True)
    if case is not None:
        if case["kind"] != "risk_assessment":
            errors["case"] = FieldError("only_assessment")
        elif assessor is not None and _extra(ref, "case_assessors").get((case["id"], assessor)) not in (None, record_id):
            errors["assessor"] = FieldError("assessor_on_case")
    return Validation({"case": case["id"] if case else None, "assessor": assessor}, errors)


VALIDATORS = {"case": validate_case, "case_member": validate_case_member, "case_step": validate_case_step,
              "case_letter": validate_case_letter, "identified_risk": validate_identified_risk,
              "case_response": validate_case_response, "case_evaluation": validate_case_evaluation,
              "declaration": validate_declaration, "council_member": validate_council_member,
              "assessor": validate_assessor, "case_assessor": validate_case_assessor}


# --- what the validators check against ----------------------------------------------------------

def load_extras(conn: sa.Connection, ref: Reference) -> None:
    if conn.execute(sa.text("SELECT to_regclass('assessment_case') IS NULL")).scalar():
        return
    cases: dict[int, dict] = {}
    for r in conn.execute(sa.text(
            "SELECT c.id, c.activity_id, c.activity_type::text AS activity_type, c.kind::text AS kind,"
            " c.state::text AS state, a.project_id, case_reference_date(c.id) AS reference_date,"
            " EXISTS (SELECT 1 FROM case_letter l WHERE l.case_id = c.id) AS has_letter,"
            " (SELECT x.id FROM case_response x WHERE x.case_id = c.id) AS response_id"
            " FROM assessment_case c JOIN activity a ON a.id = c.activity_id")).mappings():
        cases[r["id"]] = {**r, "steps": {}, "evaluations": {}}
    for r in conn.execute(sa.text("SELECT id, case_id, step::text AS step, planned_on, done_on FROM case_step")).mappings():
        cases[r["case_id"]]["steps"][r["step"]] = dict(r)
    for r in conn.execute(sa.text("SELECT id, case_id, respondent::text AS respondent FROM case_evaluation")):
        cases[r.case_id]["evaluations"][r.respondent] = r.id
    ref.extras["cases"] = cases
    ref.extras["activities_with_case"] = {c["activity_id"] for c in cases.values()}
    members: dict[int, dict[int, int]] = {}
    for r in conn.execute(sa.text("SELECT id, case_id, member_id FROM case_member")):
        members.setdefault(r.case_id, {})[r.member_id] = r.id
    ref.extras["case_members"] = members
    ref.extras["members"] = {r["id"]: dict(r) for r in conn.execute(sa.text(
        "SELECT id, name, term_from, term_to FROM council_member ORDER BY position NULLS LAST, name")).mappings()}
    declarations: dict[tuple[int, int], list[dict]] = {}
    for r in conn.execute(sa.text("SELECT member_id, project_id, reason, declared_from, declared_to"
                                  " FROM impartiality_declaration ORDER BY declared_from DESC, id DESC")):
        declarations.setdefault((r.member_id, r.project_id), []).append(
            {"from": r.declared_from, "to": r.declared_to, "reason": r.reason})
    ref.extras["declarations"] = declarations
    ref.extras["assessors"] = {r["id"]: dict(r) for r in conn.execute(sa.text(
        "SELECT id, name, organisation, field::text AS field FROM assessor ORDER BY name")).mappings()}
    ref.extras["case_assessors"] = {(r.case_id, r.assessor_id): r.id for r in conn.execute(sa.text(
        "SELECT id, case_id, assessor_id FROM case_assessor"))}


def _case_label(ref: Reference, case: dict, lang: str) -> str:
    activity = ref.activities.get(case["activity_id"])
    project = ref.projects[activity.project_id].name if activity and activity.project_id in ref.projects else ""
    month = format_month(activity.month, lang) if activity and activity.month else t("format.awaiting", lang)
    return f"{project} · {vocab.label('kind', case['kind'], lang)} · {month} · #{case['id']}"


def _cases_where(test):
    def choices(ref: Reference, lang: str) -> list[tuple[Any, str]]:
        pairs = [(c["id"], _case_label(ref, c, lang)) for c in _extra(ref, "cases").values() if test(c)]
        return sorted(pairs, key=lambda pair: pair[1])
    return choices


def _labelled(vocabulary: str, codes) -> Any:
    return lambda ref, lang: [(code, vocab.label(vocabulary, code, lang)) for code in codes]


def _activities_without_case(ref: Reference, lang: str) -> list[tuple[Any, str]]:
    from dashboard.entry.records import activity_label

    taken = _extra(ref, "activities_with_case")
    pairs = [(a.id, activity_label(ref.projects[a.project_id].name, a.type, a.month, a.plan_year, lang))
             for a in ref.activities.values()
             if a.id not in taken and a.type in ("risk_assessment", "sparring_meeting", "revisit")
             and a.project_id in ref.projects]
    return sorted(pairs, key=lambda pair: pair[1])


CHOICE_LISTS = {
    "activities_without_case": _activities_without_case,
    "requesters": _labelled("requester", vocab.REQUESTERS),
    "case_states": _labelled("state", vocab.STATES),
    "steps": _labelled("step", vocab.STEPS),
    "respondents": _labelled("respondent", vocab.RESPONDENTS),
    "affiliations": _labelled("affiliation", vocab.AFFILIATIONS),
    "scores": lambda ref, lang: [(n, str(n)) for n in range(1, 6)],
    "criteria": _labelled("criterion", vocab.CRITERIA),
    "yes_no": lambda ref, lang: [("yes", t("entry.rsi.yes", lang)), ("no", t("entry.rsi.no", lang))],
    "members": lambda ref, lang: [(k, m["name"]) for k, m in _extra(ref, "members").items()],
    "open_cases": _cases_where(lambda c: c["state"] == "open"),
    "cases": _cases_where(lambda c: True),
    "assessment_cases": _cases_where(lambda c: c["kind"] == "risk_assessment"),
    "open_assessment_cases": _cases_where(lambda c: c["kind"] == "risk_assessment" and c["state"] == "open"),
    "assessor_fields": _labelled("field", vocab.ASSESSOR_FIELDS),
    "assessors": lambda ref, lang: [(k, a["name"] + (f" ({a['organisation']})" if a["organisation"] else ""))
                                    for k, a in _extra(ref, "assessors").items()],
    "assessment_cases_without_letter": _cases_where(lambda c: c["kind"] == "risk_assessment" and not c["has_letter"]),
}


# --- reads and writes ---------------------------------------------------------------------------

CASTS = {"activity_id": "integer", "activity_type": "activity_type", "state": "case_state",
         "requested_by": "case_requester", "note": "text", "case_id": "integer", "member_id": "integer",
         "step": "case_step_code", "planned_on": "date", "done_on": "date", "done_by": "text",
         "general_statement": "text", "lowering_advice": "text", "subcategory": "text", "text": "text",
         "received_on": "date", "summary": "text", "respondent": "evaluation_respondent",
         "score_process": "smallint", "score_output": "smallint", "score_value": "smallint", "comment": "text",
         "project_id": "integer", "reason": "text", "declared_from": "date", "declared_to": "date",
         "name": "text", "title": "text", "organisation": "text", "affiliation": "member_affiliation",
         "is_chair": "boolean", "term_from": "date", "term_to": "date", "criteria": "profile_criterion[]",
         "judgement": "text", "field": "assessor_field", "assessor_id": "integer"}
ENUMS = {"activity_type", "case_state", "case_requester", "case_step_code", "evaluation_respondent",
         "member_affiliation", "assessor_field"}

# record type -> (table, key column, form field -> column)
_COLUMNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "case": ("assessment_case", "id", {"case_activity": "activity_id", "case_state": "state",
                                       "requested_by": "requested_by", "note": "note"}),
    "case_member": ("case_member", "id", {"case": "case_id", "member": "member_id"}),
    "case_step": ("case_step", "id", {"case": "case_id", "step": "step", "planned_on": "planned_on",
                                      "done_on": "done_on", "done_by": "done_by", "note": "note"}),
    "case_letter": ("case_letter", "case_id", {"case": "case_id", "general_statement": "general_statement",
                                               "lowering_advice": "lowering_advice"}),   # + criteria, judgement
    "identified_risk": ("identified_risk", "id", {"activity": "activity_id", "subcategory": "subcategory",
                                                  "risk_text": "text"}),
    "case_response": ("case_response", "id", {"case": "case_id", "received_on": "received_on",
                                              "summary": "summary"}),
    "case_evaluation": ("case_evaluation", "id", {
        "case": "case_id", "respondent": "respondent", "received_on": "received_on",
        "score_process": "score_process", "score_output": "score_output", "score_value": "score_value",
        "comment": "comment"}),
    "declaration": ("impartiality_declaration", "id", {
        "member": "member_id", "project": "project_id", "reason": "reason", "declared_from": "declared_from",
        "declared_to": "declared_to"}),
    "assessor": ("assessor", "id", {"name": "name", "organisation_name": "organisation", "field": "field"}),
    "case_assessor": ("case_assessor", "id", {"case": "case_id", "assessor": "assessor_id"}),
    "council_member": ("council_member", "id", {
        "name": "name", "title": "title", "organisation_name": "organisation", "affiliation": "affiliation",
        "is_chair": "is_chair", "term_from": "term_from", "term_to": "term_to"}),
}
# Form fields that are not stored as such: read back from the row instead.
_READ_BACK = {"is_chair": lambda value: "yes" if value else "no"}


def _handler(kind: str) -> Handler:
    table, key_column, columns = _COLUMNS[kind]

    def values(v: dict, with_key: bool) -> dict:
        out = {column: v[field] for field, column in columns.items()
               if field in v and (with_key or column != key_column)}
        if kind == "case" and not with_key:
            out.pop("activity_id", None)     # the activity of a case is never changed
        if kind == "case" and with_key:
            out["activity_type"] = "risk_assessment"   # replaced by the activity's type (trigger)
        return out

    def profile_parts(conn: sa.Connection, case_id: Any, v: dict, user: str) -> bool:
        """The letter's sub-criteria and judgement, on its risk profile (if there is one)."""
        if kind != "case_letter":
            return False
        activity = conn.execute(sa.text("SELECT activity_id FROM assessment_case WHERE id = :c"),
                                {"c": case_id}).scalar()
        return records.update_row(conn, "risk_assessment_result", "activity_id", activity,
                                  {"criteria": sorted(v.get("criteria") or [], key=vocab.CRITERIA.index),
                                   "judgement": v.get("judgement")}, user, casts=CASTS) \
            if conn.execute(sa.text("SELECT 1 FROM risk_assessment_result WHERE activity_id = :a"),
                            {"a": activity}).first() else False

    def insert(conn: sa.Connection, v: dict, user: str) -> Any:
        key = records.insert_row(conn, table, values(v, True), user, key_column, casts=CASTS)
        profile_parts(conn, key, v, user)
        return key

    def update(conn: sa.Connection, record_id: Any, v: dict, user: str) -> bool:
        changed = records.update_row(conn, table, key_column, record_id, values(v, False), user, casts=CASTS)
        return profile_parts(conn, record_id, v, user) or changed

    def load(conn: sa.Connection, record_id: Any) -> dict | None:
        selected = ", ".join(f"{column}{'::text' if CASTS[column] in ENUMS else ''} AS {field}"
                             for field, column in columns.items())
        row = conn.execute(sa.text(f"SELECT {selected} FROM {table} WHERE {key_column} = :k"),
                           {"k": record_id}).mappings().first()
        if row is None:
            return None
        out = {field: _READ_BACK[field](value) if field in _READ_BACK else value for field, value in row.items()}
        if kind == "case_letter":
            extra = conn.execute(sa.text(
                "SELECT array_to_string(r.criteria, ',') AS criteria, r.judgement FROM assessment_case c"
                " JOIN risk_assessment_result r ON r.activity_id = c.activity_id WHERE c.id = :c"),
                {"c": record_id}).first()
            out["criteria"] = [c for c in (extra.criteria or "").split(",") if c] if extra else []
            out["judgement"] = extra.judgement if extra else None
        if kind == "identified_risk":
            out["case"] = conn.execute(sa.text("SELECT id FROM assessment_case WHERE activity_id = :a"),
                                       {"a": out.pop("activity")}).scalar()
        return out

    return Handler(insert=insert, update=update, load=load, options=lambda conn, lang: _options(kind, conn, lang))


def _options(kind: str, conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    """The existing records of a type, for the form's "edit" list."""
    case_label = ("p.name || ' · ' || coalesce(to_char(a.month, 'YYYY-MM'), '–') || ' · #' || c.id")
    joins = "JOIN assessment_case c ON c.id = x.case_id JOIN activity a ON a.id = c.activity_id" \
            " JOIN project p ON p.id = a.project_id"
    if kind == "case":
        rows = conn.execute(sa.text(
            f"SELECT c.id, {case_label} AS label, c.kind::text AS kind FROM assessment_case c"
            " JOIN activity a ON a.id = c.activity_id JOIN project p ON p.id = a.project_id"
            " ORDER BY a.month DESC NULLS FIRST, c.id DESC")).all()
        return [(r.id, f"{r.label} · {vocab.label('kind', r.kind, lang)}") for r in rows]
    if kind == "case_member":
        rows = conn.execute(sa.text(f"SELECT x.id, {case_label} || ' · ' || m.name AS label FROM case_member x"
                                    f" {joins} JOIN council_member m ON m.id = x.member_id ORDER BY c.id DESC, m.name")).all()
    elif kind == "case_step":
        rows = conn.execute(sa.text(f"SELECT x.id, {case_label} AS label, x.step::text AS step FROM case_step x"
                                    f" {joins} ORDER BY c.id DESC, x.step")).all()
        return [(r.id, f"{r.label} · {vocab.label('step', r.step, lang)}") for r in rows]
    elif kind == "case_letter":
        rows = conn.execute(sa.text(f"SELECT x.case_id AS id, {case_label} AS label FROM case_letter x {joins}"
                                    " ORDER BY c.id DESC")).all()
    elif kind == "identified_risk":
        rows = conn.execute(sa.text(
            "SELECT x.id, p.name || ' · ' || coalesce(to_char(a.month, 'YYYY-MM'), '–') || ' · '"
            " || left(x.text, 60) AS label FROM identified_risk x JOIN activity a ON a.id = x.activity_id"
            " JOIN project p ON p.id = a.project_id ORDER BY x.id DESC")).all()
    elif kind == "case_response":
        rows = conn.execute(sa.text(f"SELECT x.id, {case_label} AS label FROM case_response x {joins}"
                                    " ORDER BY c.id DESC")).all()
    elif kind == "case_evaluation":
        rows = conn.execute(sa.text(f"SELECT x.id, {case_label} AS label, x.respondent::text AS who"
                                    f" FROM case_evaluation x {joins} ORDER BY c.id DESC")).all()
        return [(r.id, f"{r.label} · {vocab.label('respondent', r.who, lang)}") for r in rows]
    elif kind == "case_assessor":
        rows = conn.execute(sa.text(f"SELECT x.id, {case_label} || ' · ' || v.name AS label FROM case_assessor x"
                                    f" {joins} JOIN assessor v ON v.id = x.assessor_id ORDER BY c.id DESC, v.name")).all()
    elif kind == "assessor":
        rows = conn.execute(sa.text("SELECT id, name || coalesce(' (' || organisation || ')', '') AS label"
                                    " FROM assessor ORDER BY name")).all()
    elif kind == "declaration":
        rows = conn.execute(sa.text(
            "SELECT d.id, m.name || ' · ' || p.name || ' · ' || to_char(d.declared_from, 'YYYY-MM-DD') AS label"
            " FROM impartiality_declaration d JOIN council_member m ON m.id = d.member_id"
            " JOIN project p ON p.id = d.project_id ORDER BY d.declared_from DESC, d.id DESC")).all()
    else:
        rows = conn.execute(sa.text("SELECT id, name AS label FROM council_member"
                                    " ORDER BY position NULLS LAST, name")).all()
    return [(r.id, r.label) for r in rows]


# The database's refusals of this room's rows, as the same field messages (see dashboard.entry.dberrors).
CONSTRAINTS: dict[str, tuple[str | None, str]] = {
    "assessment_case_one_per_activity": ("case_activity", "case_exists"),
    "assessment_case_decided": ("case_activity", "case_undecided"),
    "assessment_case_activity_fkey": ("case_activity", "reference_gone"),
    "case_member_once": ("member", "member_on_case"),
    "case_member_impartial": ("member", "member_declared_db"),
    "case_member_in_term": ("member", "member_outside_term_db"),
    "case_member_case_id_fkey": ("case", "reference_gone"),
    "case_member_member_id_fkey": ("member", "reference_gone"),
    "case_two_eligible_members": (None, "two_members_needed_db"),
    "case_step_once": ("step", "step_exists"),
    "case_step_of_kind": ("step", "step_not_on_path"),
    "case_step_in_order": ("done_on", "step_out_of_order"),
    "case_step_not_in_future": ("done_on", "date_in_future_db"),
    "case_step_has_a_date": ("planned_on", "step_needs_a_date"),
    "case_step_done_by_needs_date": ("done_on", "done_by_needs_date"),
    "case_step_plausible": ("planned_on", "db_invalid_value"),
    "case_step_case_id_fkey": ("case", "reference_gone"),
    "case_letter_pkey": ("case", "letter_exists"),
    "case_letter_only_assessment": ("case", "only_assessment"),
    "case_response_once": ("case", "response_exists"),
    "case_response_only_assessment": ("case", "only_assessment"),
    "case_response_not_in_future": ("received_on", "date_in_future_db"),
    "case_evaluation_once": ("respondent", "evaluation_exists"),
    "case_evaluation_only_assessment": ("respondent", "only_assessment"),
    "case_evaluation_not_in_future": ("received_on", "date_in_future_db"),
    "identified_risk_from_assessment_or_sparring": ("case", "only_assessment"),
    "identified_risk_subcategory_fkey": ("subcategory", "reference_gone"),
    "impartiality_declaration_order": ("declared_to", "declaration_order"),
    "impartiality_declaration_member_on_case": ("member", "declaration_member_on_case"),
    "impartiality_declaration_member_id_fkey": ("member", "reference_gone"),
    "impartiality_declaration_project_id_fkey": ("project", "reference_gone"),
    "council_member_name_once": ("name", "member_name_taken"),
    "assessor_once": ("name", "assessor_exists"),
    "case_assessor_once": ("assessor", "assessor_on_case"),
    "case_assessor_case_id_fkey": ("case", "reference_gone"),
    "case_assessor_assessor_id_fkey": ("assessor", "reference_gone"),
    "council_member_term_order": ("term_to", "term_order"),
}
KIND_CONSTRAINTS = {("council_member", "case_member_member_id_fkey"): (None, "member_in_use"),
                    ("assessor", "case_assessor_assessor_id_fkey"): (None, "assessor_in_use")}

HISTORY_VOCABULARIES = {"step": "cases.step", "requested_by": "cases.requester", "respondent": "cases.respondent",
                        "affiliation": "cases.affiliation", "field": "cases.field"}


def register() -> None:
    """Add this room's record types to dashboard.entry (idempotent)."""
    register_room(kinds=KINDS, handler=_handler, validators=VALIDATORS, forms=FORMS, defaults=DEFAULTS,
                  initial_values=INITIAL_VALUES, choice_lists=CHOICE_LISTS, constraints=CONSTRAINTS,
                  kind_constraints=KIND_CONSTRAINTS,
                  history_vocabularies=HISTORY_VOCABULARIES, extra_loader=load_extras)


register()
