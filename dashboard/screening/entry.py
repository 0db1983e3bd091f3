"""The secretariat's forms for project facts: type, phases, budget and schedule, outcome at closure,
lineage, the threshold and the nomination list.

They follow the forms of dashboard.entry to the letter and are saved by its service (one submit =
one transaction as the person's database role, an idempotent submit token, the record's version
for optimistic concurrency, the audit trail, field messages in Danish). This module only adds the
record types: their validators, form fields, choice lists, reads and writes, and the translation
of this room's database constraints. It registers them when imported (dashboard/entry/__init__.py
imports it), so every page, the service and the tests see the same record types.

The database checks the same rules again (db/migrations/0070_project_facts.sql): a negative
budget, an end before the start, a regional share above the budget, phases out of order, a
project continuing itself, an applied threshold changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlalchemy as sa

from dashboard.entry import checks, records, validators
from dashboard.entry.checks import FieldError, Invalid, LabelParam, NumberParam, run
from dashboard.entry.forms import FieldSpec
from dashboard.entry.records import Handler, Kind
from dashboard.entry.reference import Reference
from dashboard.entry.rooms import register_room
from dashboard.entry.validators import Validation
from dashboard.i18n import format_date, format_mkr, t
from dashboard.screening import vocab

EARLIEST = dt.date(2000, 1, 1)          # the schema's plausible-date bound for phases and budgets
LAST_DAY = dt.date(checks.LAST_YEAR, 12, 31)
MAX_MKR = validators.MAX_BUDGET_MKR
MAX_MONTHS = 240
FINISHED = ("completed", "closed")

# URL value of /indtastning?type= and /historik?type= -> record type (readable Danish).
URL_TYPES = {"projekttype": "project_type", "fase": "phase", "budget": "budget", "resultat": "outcome",
             "forloeb": "lineage", "beloebsgraense": "threshold", "indstilling": "nomination"}

KINDS = {k.name: k for k in (
    Kind("project_type", "project_type", key_column="project_id"),
    Kind("phase", "project_phase"),
    Kind("budget", "project_budget"),
    Kind("outcome", "project_outcome", key_column="project_id"),
    Kind("lineage", "project_lineage"),
    Kind("threshold", "assessment_threshold"),
    Kind("nomination", "nomination"),
)}

FORMS: dict[str, list[FieldSpec]] = {
    "project_type": [
        FieldSpec("project", "select", "projects_without_type", True, new_only=True),
        FieldSpec("scope", "select", "scopes", True, group="type"),
        FieldSpec("development", "select", "developments", group="type"),
    ],
    "phase": [
        FieldSpec("project", "select", "projects", True),
        FieldSpec("phase", "select", "phases", True, group="phase"),
        FieldSpec("began_on", "date", required=True, group="phase"),
    ],
    "budget": [
        FieldSpec("project", "select", "projects", True),
        FieldSpec("budget_kind", "select", "budget_kinds", True, group="what"),
        FieldSpec("as_of", "date", required=True, group="what"),
        FieldSpec("amount_mkr", "text", required=True, max_length=20, group="amount"),
        FieldSpec("regional_share_mkr", "text", max_length=20, group="amount"),
        FieldSpec("start_on", "date", group="schedule"),
        FieldSpec("end_on", "date", group="schedule"),
        FieldSpec("source", "text", required=True, max_length=checks.SHORT_TEXT),
    ],
    "outcome": [
        FieldSpec("project", "select", "finished_projects_without_outcome", True, new_only=True),
        FieldSpec("budget_outcome", "select", "budget_outcomes", group="budget"),
        FieldSpec("budget_variance_mkr", "text", max_length=20, group="budget"),
        FieldSpec("schedule_outcome", "select", "schedule_outcomes", group="schedule"),
        FieldSpec("schedule_variance_months", "text", max_length=10, group="schedule"),
        FieldSpec("statement", "textarea", max_length=checks.LONG_TEXT),
        FieldSpec("source", "text", required=True, max_length=checks.SHORT_TEXT),
    ],
    "lineage": [
        FieldSpec("predecessor", "select", "projects", True, group="pair"),
        FieldSpec("successor", "select", "projects", True, group="pair"),
        FieldSpec("note", "textarea", max_length=checks.LONG_TEXT),
    ],
    "threshold": [
        FieldSpec("applies_to", "select", "threshold_scopes", True, group="rule"),
        FieldSpec("valid_from", "date", required=True, group="rule"),
        FieldSpec("threshold_mkr", "text", required=True, max_length=20, group="rule"),
        FieldSpec("source", "text", required=True, max_length=checks.SHORT_TEXT),
    ],
    "nomination": [
        FieldSpec("project", "select", "projects", True),
        FieldSpec("decision", "select", "decisions", True, group="decision"),
        FieldSpec("grounds", "select", "grounds", group="decision"),
        FieldSpec("decided_by", "text", required=True, max_length=checks.SHORT_TEXT, group="who"),
        FieldSpec("decided_on", "date", required=True, group="who"),
        FieldSpec("note", "textarea", max_length=checks.LONG_TEXT),
    ],
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "budget": {"budget_kind": "baseline"},
    "nomination": {"decision": "nominated"},
}


def _dated_today(*fields: str):
    return lambda ref: {name: ref.today for name in fields}


INITIAL_VALUES = {"budget": _dated_today("as_of"), "nomination": _dated_today("decided_on")}


# --- checks of this room's fields ---------------------------------------------------------------

def _number(value: Any, *, required: bool) -> float | None:
    """A signed amount in mio. kr. with one decimal ("12,5", "-60", "1.234,5")."""
    number = checks.decimal(value, required=required, minimum_exclusive=-1e12, maximum=1e12, decimals=1)
    if number is not None and abs(number) > MAX_MKR:
        raise Invalid("number_out_of_range", min=NumberParam(-MAX_MKR), max=NumberParam(MAX_MKR))
    return number


def _amount(value: Any, *, required: bool) -> float | None:
    """A budget or a threshold: more than 0 mio. kr."""
    number = _number(value, required=required)
    if number is not None and number <= 0:
        raise Invalid("amount_not_positive")
    return number


def _share(value: Any) -> float | None:
    number = _number(value, required=False)
    if number is not None and number < 0:
        raise Invalid("share_negative")
    return number


def _project_choice(errors: dict, raw: Mapping[str, Any], ref: Reference, field: str = "project") -> int | None:
    return run(errors, field, checks.choice, raw.get(field), ref.projects, required=True)


def _extra(ref: Reference, name: str) -> Any:
    """What the extras loader read (empty for a hand-made Reference in the tests)."""
    return ref.extras.get(name) or {}


# --- validators ---------------------------------------------------------------------------------

def validate_project_type(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    if record_id is None:
        project = _project_choice(errors, raw, ref)
        if project is not None and project in _extra(ref, "project_scopes"):
            errors["project"] = FieldError("type_exists")
    else:
        project = record_id
    scope = run(errors, "scope", checks.choice, raw.get("scope"), vocab.SCOPES, required=True)
    development = run(errors, "development", checks.choice, raw.get("development"), vocab.DEVELOPMENTS, required=False)
    return Validation({"project": project, "scope": scope, "development": development}, errors)


def validate_phase(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    project = _project_choice(errors, raw, ref)
    phase = run(errors, "phase", checks.choice, raw.get("phase"), vocab.PHASES, required=True)
    began = run(errors, "began_on", checks.date, raw.get("began_on"), required=True, earliest=EARLIEST,
                latest=ref.today)
    if project is not None and phase is not None:
        others = [p for p in _extra(ref, "phases").get(project, []) if p[0] != record_id]
        if any(other_phase == phase for _, other_phase, _ in others):
            errors["phase"] = FieldError("phase_exists")
        elif began is not None:
            rank = vocab.PHASES.index(phase)
            for _, other_phase, other_began in sorted(others, key=lambda p: p[2]):
                other_rank = vocab.PHASES.index(other_phase)
                label = LabelParam(f"screening.phase.{other_phase}")
                if other_rank < rank and other_began >= began:
                    errors["began_on"] = FieldError("phase_not_after", phase=label, date=other_began)
                    break
                if other_rank > rank and other_began <= began:
                    errors["began_on"] = FieldError("phase_not_before", phase=label, date=other_began)
                    break
    return Validation({"project": project, "phase": phase, "began_on": began}, errors)


def validate_budget(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["project"] = _project_choice(errors, raw, ref)
    v["budget_kind"] = run(errors, "budget_kind", checks.choice, raw.get("budget_kind"), vocab.BUDGET_KINDS,
                           required=True)
    v["as_of"] = run(errors, "as_of", checks.date, raw.get("as_of"), required=True, earliest=EARLIEST, latest=ref.today)
    v["amount_mkr"] = run(errors, "amount_mkr", _amount, raw.get("amount_mkr"), required=True)
    v["regional_share_mkr"] = run(errors, "regional_share_mkr", _share, raw.get("regional_share_mkr"))
    v["start_on"] = run(errors, "start_on", checks.date, raw.get("start_on"), required=False, earliest=EARLIEST,
                        latest=LAST_DAY)
    v["end_on"] = run(errors, "end_on", checks.date, raw.get("end_on"), required=False, earliest=EARLIEST,
                      latest=LAST_DAY)
    v["source"] = run(errors, "source", checks.text, raw.get("source"), required=True)

    share, amount = v["regional_share_mkr"], v["amount_mkr"]
    if share is not None and amount is not None and share > amount:
        errors["regional_share_mkr"] = FieldError("share_above_budget_amount",
                                                  amount=NumberParam(amount, 0 if float(amount).is_integer() else 1))
    scope = _extra(ref, "project_scopes").get(v["project"])
    if "regional_share_mkr" not in errors:
        if scope == "cross_public" and share is None:
            errors["regional_share_mkr"] = FieldError("share_required")
        elif scope in ("joint_regional", "regional") and share is not None:
            errors["regional_share_mkr"] = FieldError("share_only_cross_public",
                                                      scope=LabelParam(f"screening.scope.{scope}"))
    if v["start_on"] and v["end_on"] and v["end_on"] <= v["start_on"]:
        errors["end_on"] = FieldError("end_not_after_start", start=v["start_on"])
    return Validation(v, errors)


def validate_outcome(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    if record_id is None:
        v["project"] = _project_choice(errors, raw, ref)
        if v["project"] is not None:
            if ref.projects[v["project"]].state not in FINISHED:
                errors["project"] = FieldError("outcome_needs_finished")
            elif v["project"] in _extra(ref, "outcomes"):
                errors["project"] = FieldError("outcome_exists")
    else:
        v["project"] = record_id
    v["budget_outcome"] = run(errors, "budget_outcome", checks.choice, raw.get("budget_outcome"),
                              vocab.BUDGET_OUTCOMES, required=False)
    v["budget_variance_mkr"] = run(errors, "budget_variance_mkr", _number, raw.get("budget_variance_mkr"),
                                   required=False)
    v["schedule_outcome"] = run(errors, "schedule_outcome", checks.choice, raw.get("schedule_outcome"),
                                vocab.SCHEDULE_OUTCOMES, required=False)
    v["schedule_variance_months"] = run(errors, "schedule_variance_months", checks.integer,
                                        raw.get("schedule_variance_months"), required=False,
                                        minimum=-MAX_MONTHS, maximum=MAX_MONTHS)
    v["statement"] = run(errors, "statement", checks.text, raw.get("statement"), required=False,
                         max_length=checks.LONG_TEXT, multiline=True)
    v["source"] = run(errors, "source", checks.text, raw.get("source"), required=True)

    if not {"budget_outcome", "schedule_outcome"} & set(errors):
        if v["budget_outcome"] is None and v["schedule_outcome"] is None:
            errors["budget_outcome"] = FieldError("outcome_says_nothing")
    for outcome, variance, positive_is in (("budget_outcome", "budget_variance_mkr", "over"),
                                           ("schedule_outcome", "schedule_variance_months", "late")):
        if outcome in errors or variance in errors or v[variance] is None:
            continue
        if v[outcome] is None:
            errors[outcome] = FieldError("outcome_required_with_variance")
        elif v[outcome] == positive_is and v[variance] <= 0:
            errors[variance] = FieldError(f"{variance}_must_be_positive")
        elif v[outcome] != positive_is and v[variance] > 0:
            errors[variance] = FieldError(f"{variance}_within_not_positive")
    return Validation(v, errors)


def _continues(lineage: Mapping[int, tuple[int, int]], start: int, target: int, skip: Any) -> bool:
    """Whether ``target`` is reached from ``start`` following successors (the link ``skip`` left out)."""
    seen, frontier = set(), [start]
    while frontier:
        current = frontier.pop()
        if current == target:
            return True
        seen.add(current)
        frontier += [succ for key, (pred, succ) in lineage.items() if pred == current and key != skip
                     and succ not in seen]
    return False


def validate_lineage(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    predecessor = _project_choice(errors, raw, ref, "predecessor")
    successor = _project_choice(errors, raw, ref, "successor")
    lineage = _extra(ref, "lineage")
    if predecessor is not None and successor is not None:
        if predecessor == successor:
            errors["successor"] = FieldError("lineage_itself")
        elif any(pair == (predecessor, successor) and key != record_id for key, pair in lineage.items()):
            errors["successor"] = FieldError("lineage_exists")
        elif _continues(lineage, successor, predecessor, record_id):
            errors["successor"] = FieldError("lineage_cycle")
    note = run(errors, "note", checks.text, raw.get("note"), required=False, max_length=checks.LONG_TEXT,
               multiline=True)
    return Validation({"predecessor": predecessor, "successor": successor, "note": note}, errors)


def validate_threshold(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["applies_to"] = run(errors, "applies_to", checks.choice, raw.get("applies_to"), vocab.THRESHOLD_SCOPES,
                          required=True)
    v["valid_from"] = run(errors, "valid_from", checks.date, raw.get("valid_from"), required=True,
                          earliest=checks.FIRST_MONTH, latest=LAST_DAY)
    v["threshold_mkr"] = run(errors, "threshold_mkr", _amount, raw.get("threshold_mkr"), required=True)
    v["source"] = run(errors, "source", checks.text, raw.get("source"), required=True)

    existing = _extra(ref, "thresholds")
    old = existing.get(record_id) if record_id is not None else None
    if old is not None and old[1] <= ref.today:
        # Applied: past judgements rest on it, so only its source text may be corrected.
        for field, then in zip(("applies_to", "valid_from", "threshold_mkr"), old):
            if field not in errors and v[field] is not None and v[field] != then:
                errors[field] = FieldError("threshold_applied_fixed", date=old[1])
    elif v["valid_from"] is not None and v["valid_from"] < ref.today and "valid_from" not in errors:
        errors["valid_from"] = FieldError("threshold_not_retroactive", today=ref.today)
    if "valid_from" not in errors and any((a, f) == (v["applies_to"], v["valid_from"]) and key != record_id
                                          for key, (a, f, _) in existing.items()):
        errors["valid_from"] = FieldError("threshold_exists")
    return Validation(v, errors)


def validate_nomination(raw: Mapping[str, Any], ref: Reference, record_id: Any = None) -> Validation:
    errors: dict[str, FieldError] = {}
    v: dict[str, Any] = {}
    v["project"] = _project_choice(errors, raw, ref)
    v["decision"] = run(errors, "decision", checks.choice, raw.get("decision"), vocab.DECISIONS, required=True)
    v["grounds"] = run(errors, "grounds", checks.choice, raw.get("grounds"), vocab.GROUNDS, required=False)
    v["decided_by"] = run(errors, "decided_by", checks.text, raw.get("decided_by"), required=True)
    v["decided_on"] = run(errors, "decided_on", checks.date, raw.get("decided_on"), required=True,
                          earliest=checks.FIRST_MONTH, latest=ref.today)
    v["note"] = run(errors, "note", checks.text, raw.get("note"), required=False, max_length=checks.LONG_TEXT,
                    multiline=True)
    return Validation(v, errors)


VALIDATORS = {"project_type": validate_project_type, "phase": validate_phase, "budget": validate_budget,
              "outcome": validate_outcome, "lineage": validate_lineage, "threshold": validate_threshold,
              "nomination": validate_nomination}


# --- what the validators check against ----------------------------------------------------------

def load_extras(conn: sa.Connection, ref: Reference) -> None:
    ref.extras["project_scopes"] = dict(conn.execute(sa.text(
        "SELECT project_id, scope::text FROM project_type")).all())
    phases: dict[int, list[tuple[int, str, dt.date]]] = {}
    for row in conn.execute(sa.text("SELECT id, project_id, phase::text, began_on FROM project_phase")):
        phases.setdefault(row.project_id, []).append((row.id, row.phase, row.began_on))
    ref.extras["phases"] = phases
    ref.extras["outcomes"] = set(conn.execute(sa.text("SELECT project_id FROM project_outcome")).scalars())
    ref.extras["lineage"] = {r.id: (r.predecessor_id, r.successor_id) for r in conn.execute(sa.text(
        "SELECT id, predecessor_id, successor_id FROM project_lineage"))}
    ref.extras["thresholds"] = {r.id: (r.applies_to, r.valid_from, float(r.amount_mkr)) for r in conn.execute(sa.text(
        "SELECT id, applies_to::text, valid_from, amount_mkr FROM assessment_threshold"))}


def _labelled(vocabulary: str, codes) -> Any:
    return lambda ref, lang: [(code, vocab.label(vocabulary, code, lang)) for code in codes]


CHOICE_LISTS = {
    "scopes": _labelled("scope", vocab.SCOPES),
    "developments": _labelled("development", vocab.DEVELOPMENTS),
    "phases": _labelled("phase", vocab.PHASES),
    "budget_kinds": _labelled("budget_kind", vocab.BUDGET_KINDS),
    "budget_outcomes": _labelled("budget_outcome", vocab.BUDGET_OUTCOMES),
    "schedule_outcomes": _labelled("schedule_outcome", vocab.SCHEDULE_OUTCOMES),
    "threshold_scopes": lambda ref, lang: [(c, vocab.label("scope", c, lang)) for c in vocab.THRESHOLD_SCOPES],
    "decisions": _labelled("decision", vocab.DECISIONS),
    "grounds": _labelled("grounds", vocab.GROUNDS),
    "projects_without_type": lambda ref, lang: [(p.id, p.name) for p in ref.projects.values()
                                                if p.id not in _extra(ref, "project_scopes")],
    "finished_projects_without_outcome": lambda ref, lang: [(p.id, p.name) for p in ref.projects.values()
                                                            if p.state in FINISHED and p.id not in _extra(ref, "outcomes")],
}


# --- reads and writes ---------------------------------------------------------------------------

CASTS = {"project_id": "integer", "scope": "project_scope", "development": "development_kind",
         "phase": "project_phase_code", "began_on": "date", "kind": "budget_figure_kind", "as_of": "date",
         "amount_mkr": "numeric", "regional_share_mkr": "numeric", "start_on": "date", "end_on": "date",
         "source": "text", "budget_outcome": "budget_outcome_kind", "budget_variance_mkr": "numeric",
         "schedule_outcome": "schedule_outcome_kind", "schedule_variance_months": "smallint",
         "statement": "text", "predecessor_id": "integer", "successor_id": "integer", "note": "text",
         "applies_to": "project_scope", "valid_from": "date", "decision": "nomination_decision",
         "grounds": "nomination_grounds", "decided_by": "text", "decided_on": "date"}

ENUMS = {"project_scope", "development_kind", "project_phase_code", "budget_figure_kind", "budget_outcome_kind",
         "schedule_outcome_kind", "nomination_decision", "nomination_grounds"}

# record type -> (table, key column, form field -> column)
_COLUMNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "project_type": ("project_type", "project_id", {"project": "project_id", "scope": "scope",
                                                    "development": "development"}),
    "phase": ("project_phase", "id", {"project": "project_id", "phase": "phase", "began_on": "began_on"}),
    "budget": ("project_budget", "id", {"project": "project_id", "budget_kind": "kind", "as_of": "as_of",
                                        "amount_mkr": "amount_mkr", "regional_share_mkr": "regional_share_mkr",
                                        "start_on": "start_on", "end_on": "end_on", "source": "source"}),
    "outcome": ("project_outcome", "project_id", {
        "project": "project_id", "budget_outcome": "budget_outcome", "budget_variance_mkr": "budget_variance_mkr",
        "schedule_outcome": "schedule_outcome", "schedule_variance_months": "schedule_variance_months",
        "statement": "statement", "source": "source"}),
    "lineage": ("project_lineage", "id", {"predecessor": "predecessor_id", "successor": "successor_id",
                                          "note": "note"}),
    "threshold": ("assessment_threshold", "id", {"applies_to": "applies_to", "valid_from": "valid_from",
                                                 "threshold_mkr": "amount_mkr", "source": "source"}),
    "nomination": ("nomination", "id", {"project": "project_id", "decision": "decision", "grounds": "grounds",
                                        "decided_by": "decided_by", "decided_on": "decided_on", "note": "note"}),
}
# Form fields shown as text (amounts), read back the way a Dane types them: "12,5".
_TEXT_NUMBERS = {"amount_mkr", "regional_share_mkr", "budget_variance_mkr", "threshold_mkr",
                 "schedule_variance_months"}


def _number_text(value: Any) -> str | None:
    if value is None:
        return None
    number = float(value)
    return (f"{number:.0f}" if number.is_integer() else f"{number:.1f}").replace(".", ",")


def _handler(kind: str) -> Handler:
    table, key_column, columns = _COLUMNS[kind]

    def values(v: dict, with_key: bool) -> dict:
        return {column: v[field] for field, column in columns.items() if with_key or column != key_column}

    def insert(conn: sa.Connection, v: dict, user: str) -> Any:
        return records.insert_row(conn, table, values(v, True), user, key_column, casts=CASTS)

    def update(conn: sa.Connection, record_id: Any, v: dict, user: str) -> bool:
        return records.update_row(conn, table, key_column, record_id, values(v, False), user, casts=CASTS)

    def load(conn: sa.Connection, record_id: Any) -> dict | None:
        selected = ", ".join(f"{column}{'::text' if CASTS[column] in ENUMS else ''} AS {field}"
                             for field, column in columns.items())
        row = conn.execute(sa.text(f"SELECT {selected} FROM {table} WHERE {key_column} = :k"),
                           {"k": record_id}).mappings().first()
        if row is None:
            return None
        return {field: _number_text(value) if field in _TEXT_NUMBERS else value for field, value in row.items()}

    return Handler(insert=insert, update=update, load=load, options=lambda conn, lang: OPTIONS[kind](conn, lang))


def _options_project_type(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT p.id, p.name FROM project_type x JOIN project p ON p.id = x.project_id"
                                " ORDER BY p.name")).all()
    return [(r.id, r.name) for r in rows]


def _options_phase(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT x.id, p.name, x.phase::text AS phase, x.began_on FROM project_phase x"
                                " JOIN project p ON p.id = x.project_id ORDER BY p.name, x.began_on")).all()
    return [(r.id, f"{r.name} · {vocab.label('phase', r.phase, lang)} · {format_date(r.began_on, lang)}") for r in rows]


def _options_budget(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT b.id, p.name, b.kind::text AS kind, b.as_of, b.amount_mkr FROM project_budget b"
                                " JOIN project p ON p.id = b.project_id ORDER BY p.name, b.as_of DESC, b.id DESC")).all()
    return [(r.id, f"{r.name} · {vocab.label('budget_kind', r.kind, lang)} · {format_date(r.as_of, lang)} · "
                   f"{format_mkr(float(r.amount_mkr), lang)}") for r in rows]


def _options_outcome(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT p.id, p.name FROM project_outcome o JOIN project p ON p.id = o.project_id"
                                " ORDER BY p.name")).all()
    return [(r.id, r.name) for r in rows]


def _options_lineage(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT l.id, a.name AS predecessor, b.name AS successor FROM project_lineage l"
                                " JOIN project a ON a.id = l.predecessor_id JOIN project b ON b.id = l.successor_id"
                                " ORDER BY b.name, a.name")).all()
    return [(r.id, f"{r.predecessor} → {r.successor}") for r in rows]


def _options_threshold(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT id, applies_to::text AS applies_to, valid_from, amount_mkr"
                                " FROM assessment_threshold ORDER BY applies_to, valid_from")).all()
    return [(r.id, f"{vocab.label('scope', r.applies_to, lang)} · {t('screening.from_date', lang, date=format_date(r.valid_from, lang))}"
                   f" · {format_mkr(float(r.amount_mkr), lang)}") for r in rows]


def _options_nomination(conn: sa.Connection, lang: str) -> list[tuple[Any, str]]:
    rows = conn.execute(sa.text("SELECT n.id, p.name, n.decision::text AS decision, n.decided_on FROM nomination n"
                                " JOIN project p ON p.id = n.project_id ORDER BY n.decided_on DESC, n.id DESC")).all()
    return [(r.id, f"{r.name} · {vocab.label('decision', r.decision, lang)} · {format_date(r.decided_on, lang)}")
            for r in rows]


OPTIONS = {"project_type": _options_project_type, "phase": _options_phase, "budget": _options_budget,
           "outcome": _options_outcome, "lineage": _options_lineage, "threshold": _options_threshold,
           "nomination": _options_nomination}

# The database's refusals of this room's rows, as the same field messages (see dashboard.entry.dberrors).
CONSTRAINTS: dict[str, tuple[str | None, str]] = {
    "project_type_pkey": ("project", "type_exists"),
    "project_type_project_id_fkey": ("project", "reference_gone"),
    "project_phase_once": ("phase", "phase_exists"),
    "project_phase_in_order": ("began_on", "phase_out_of_order"),
    "project_phase_plausible_date": ("began_on", "db_invalid_value"),
    "project_phase_project_id_fkey": ("project", "reference_gone"),
    "project_budget_amount_positive": ("amount_mkr", "amount_not_positive"),
    "project_budget_share_within_amount": ("regional_share_mkr", "share_above_budget"),
    "project_budget_end_after_start": ("end_on", "end_not_after_start_db"),
    "project_budget_plausible_date": ("as_of", "db_invalid_value"),
    "project_budget_project_id_fkey": ("project", "reference_gone"),
    "project_outcome_pkey": ("project", "outcome_exists"),
    "project_outcome_project_id_fkey": ("project", "reference_gone"),
    "project_outcome_says_something": ("budget_outcome", "outcome_says_nothing"),
    "project_outcome_budget_variance_matches": ("budget_variance_mkr", "variance_mismatch"),
    "project_outcome_schedule_variance_matches": ("schedule_variance_months", "variance_mismatch"),
    "project_outcome_schedule_variance_months_check": ("schedule_variance_months", "db_invalid_value"),
    "project_lineage_once": ("successor", "lineage_exists"),
    "project_lineage_not_itself": ("successor", "lineage_itself"),
    "project_lineage_no_cycle": ("successor", "lineage_cycle"),
    "project_lineage_predecessor_id_fkey": ("predecessor", "reference_gone"),
    "project_lineage_successor_id_fkey": ("successor", "reference_gone"),
    "assessment_threshold_once": ("valid_from", "threshold_exists"),
    "assessment_threshold_positive": ("threshold_mkr", "amount_not_positive"),
    "assessment_threshold_scope": ("applies_to", "unknown_choice"),
    "assessment_threshold_applied_is_fixed": (None, "threshold_applied_fixed_db"),
    "nomination_in_council_era": ("decided_on", "db_invalid_value"),
    "nomination_project_id_fkey": ("project", "reference_gone"),
}

# Codes of this room's columns, labelled in the audit trail's descriptions (/historik).
HISTORY_VOCABULARIES = {"scope": "screening.scope", "applies_to": "screening.scope",
                        "development": "screening.development", "phase": "screening.phase",
                        "budget_outcome": "screening.budget_outcome", "schedule_outcome": "screening.schedule_outcome",
                        "decision": "screening.decision", "grounds": "screening.grounds"}


def register() -> None:
    """Add this room's record types to dashboard.entry (idempotent)."""
    register_room(kinds=KINDS, handler=_handler, validators=VALIDATORS, forms=FORMS, defaults=DEFAULTS,
                  initial_values=INITIAL_VALUES, choice_lists=CHOICE_LISTS, constraints=CONSTRAINTS,
                  history_vocabularies=HISTORY_VOCABULARIES, extra_loader=load_extras)


register()
