"""What each record type reads and writes.

A record type (``KINDS``) names its table, its key, and the child tables whose rows belong to it
(a project's responsible organisations), which together make its history and its version for
optimistic concurrency. Writes run on the caller's transaction; ``dashboard.entry.service``
wraps them in one transaction per submit, as the right database role, with the user recorded.

Rows typed in get provenance 'entered' with entered_by/entered_at. Editing a published row
makes it 'entered' (its source_ref still says where it came from); demo rows stay demo, so
``itraad db demo --remove`` still finds them. Saving a form without changes writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from dashboard import domain
from dashboard.i18n import format_month, t


@dataclass(frozen=True)
class Kind:
    name: str
    table: str
    key_column: str = "id"
    children: tuple[tuple[str, str], ...] = ()   # (child table, its column holding our key)
    can_create: bool = True
    can_delete: bool = True


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("project", "project", children=(("project_responsible", "project_id"),)),
    Kind("organisation", "organisation"),
    Kind("activity", "activity"),
    Kind("pipeline_item", "activity"),
    Kind("risk_result", "risk_assessment_result", key_column="activity_id"),
    Kind("status_report", "status_report"),
    Kind("recommendation", "recommendation"),
    Kind("followup", "recommendation", can_create=False, can_delete=False),
)}


@dataclass(frozen=True)
class Handler:
    """How a feature room's record type reads and writes (dashboard/<room>/entry.py registers it
    here with its Kind, validator and form; the service saves it like every other record)."""

    insert: Callable[[sa.Connection, dict, str], Any]
    update: Callable[[sa.Connection, Any, dict, str], bool]
    load: Callable[[sa.Connection, Any], dict | None]
    options: Callable[[sa.Connection, str], list[tuple[Any, str]]]


HANDLERS: dict[str, Handler] = {}

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# Column -> SQL type, for the casts of the generic insert/update.
_TYPES = {
    "name": "text", "kind": "organisation_kind", "slug": "text", "short_name": "text", "purpose": "text",
    "state": None, "is_rsi": "boolean", "budget_mkr": "numeric", "status_text": "text",
    "status_date": "date", "end_month": "date", "project_id": "integer", "type": "activity_type",
    "month": "date", "partner_council": "text", "plan_year": "smallint", "activity_id": "integer",
    "profile": "risk_profile", "complexity": "complexity_level", "risk": "risk_level",
    "deliveries": "status_colour", "time": "status_colour", "money": "status_colour",
    "resources": "status_colour", "action": "status_action", "reported_by": "text",
    "reported_at": "timestamptz", "subcategory": "text", "text": "text",
    "response": "recommendation_response", "response_date": "date",
    "implementation": "implementation_status", "implementation_date": "date",
    **{f"{p}_cause": "text" for p in domain.STATUS_PARAMETERS},
    **{f"{p}_note": "text" for p in domain.STATUS_PARAMETERS},
}
_STATE_TYPES = {"project": "project_state", "activity": "activity_state"}


def _cast(table: str, column: str, casts: Mapping[str, str] | None = None) -> str:
    sql_type = (casts or {}).get(column) or (_STATE_TYPES[table] if column == "state" else _TYPES[column])
    return f"CAST(:{column} AS {sql_type})"


def insert_row(conn: sa.Connection, table: str, values: dict[str, Any], user: str, returning: str,
               casts: Mapping[str, str] | None = None) -> Any:
    """Insert a row typed in by ``user`` (provenance 'entered'); returns the ``returning`` column.
    ``casts``: column -> SQL type for columns this module does not know (a feature room's tables)."""
    columns = list(values)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}, provenance, entered_by, entered_at)"
           f" VALUES ({', '.join(_cast(table, c, casts) for c in columns)}, 'entered', :_user, now())"
           f" RETURNING {returning}")
    return conn.execute(sa.text(sql), {**values, "_user": user}).scalar_one()


def update_row(conn: sa.Connection, table: str, key_column: str, key: Any, values: dict[str, Any],
               user: str | None, provenance: bool = True, also_set: str = "",
               casts: Mapping[str, str] | None = None) -> bool:
    """Update the row if any value differs; True when something changed. ``also_set``: more
    assignments made only with a change (they may use :_user)."""
    columns = list(values)
    sets = ", ".join(f"{c} = {_cast(table, c, casts)}" for c in columns) + also_set
    if provenance:
        # Right-hand sides see the old row: demo stays demo, anything else is now entered by user.
        sets += (", provenance = CASE WHEN provenance = 'demo' THEN provenance ELSE 'entered' END"
                 ", entered_by = CASE WHEN provenance = 'demo' THEN NULL ELSE CAST(:_user AS text) END"
                 ", entered_at = CASE WHEN provenance = 'demo' THEN NULL ELSE now() END")
    differs = f"({', '.join(columns)}) IS DISTINCT FROM ({', '.join(_cast(table, c, casts) for c in columns)})"
    if len(columns) == 1:
        differs = f"{columns[0]} IS DISTINCT FROM {_cast(table, columns[0], casts)}"
    params = {**values, "_key": key, "_user": user}
    # Ask first: an UPDATE of no rows would still bump data_version (a statement trigger).
    if conn.execute(sa.text(f"SELECT 1 FROM {table} WHERE {key_column} = :_key AND {differs}"), params).first() is None:
        return False
    conn.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {key_column} = :_key"), params)
    return True


# --- per record type: form values <-> columns -----------------------------------------------

def _project_columns(v: dict) -> dict:
    return {c: v[c] for c in ("name", "short_name", "purpose", "state", "is_rsi", "budget_mkr",
                              "status_text", "status_date", "end_month")}


def _activity_columns(v: dict) -> dict:
    return {"project_id": v["project"], "type": v["type"], "month": v["month"], "state": v["state"],
            "partner_council": v["partner_council"], "plan_year": v["plan_year"]}


def _status_columns(v: dict) -> dict:
    columns = {"project_id": v["project"], "month": v["month"], "action": v["action"], "reported_by": v["reported_by"],
               "reported_at": reported_at(v["reported_on"])}
    for p in domain.STATUS_PARAMETERS:
        columns[p] = v[p]
        columns[f"{p}_cause"] = v[f"{p}_cause"]
        columns[f"{p}_note"] = v[f"{p}_note"]
    return columns


def reported_at(day: dt.date) -> dt.datetime:
    """A report's date stored as noon in Copenhagen, so it reads as the same day everywhere."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=COPENHAGEN)


def _sync_responsible(conn: sa.Connection, project_id: int, organisation_ids: list[int]) -> bool:
    """Make the project's responsible organisations exactly these, in this order; touch only what differs."""
    current = dict(conn.execute(sa.text(
        "SELECT organisation_id, position FROM project_responsible WHERE project_id = :p"), {"p": project_id}).all())
    wanted = {org: position for position, org in enumerate(organisation_ids, start=1)}
    stale = [org for org, position in current.items() if wanted.get(org) != position]
    new = [{"p": project_id, "o": org, "pos": position}
           for org, position in wanted.items() if current.get(org) != position]
    if stale:
        conn.execute(sa.text("DELETE FROM project_responsible WHERE project_id = :p AND organisation_id = ANY(:o)"),
                     {"p": project_id, "o": stale})
    if new:
        conn.execute(sa.text("INSERT INTO project_responsible (project_id, organisation_id, position)"
                             " VALUES (:p, :o, :pos)"), new)
    return bool(stale or new)


def insert(conn: sa.Connection, kind: str, v: dict, user: str) -> Any:
    """Insert a new record of this type; returns its key."""
    if kind in HANDLERS:
        return HANDLERS[kind].insert(conn, v, user)
    if kind == "project":
        project_id = insert_row(conn, "project", {"slug": v["slug"], **_project_columns(v)}, user, "id")
        _sync_responsible(conn, project_id, v["responsible"])
        return project_id
    if kind == "organisation":
        return insert_row(conn, "organisation", {"name": v["name"], "kind": v["kind"]}, user, "id")
    if kind in ("activity", "pipeline_item"):
        return insert_row(conn, "activity", _activity_columns(v), user, "id")
    if kind == "risk_result":
        return insert_row(conn, "risk_assessment_result",
                          {"activity_id": v["activity"], "profile": v["profile"], "complexity": v["complexity"],
                           "risk": v["risk"]}, user, "activity_id")
    if kind == "status_report":
        return insert_row(conn, "status_report", _status_columns(v), user, "id")
    if kind == "recommendation":
        return insert_row(conn, "recommendation", {"activity_id": v["activity"], "subcategory": v["subcategory"],
                                                   "text": v["text"]}, user, "id")
    raise ValueError(f"{kind} records are not created with a form")


def update(conn: sa.Connection, kind: str, record_id: Any, v: dict, user: str) -> bool:
    """Write the form's values over the record; True when anything changed."""
    if kind in HANDLERS:
        return HANDLERS[kind].update(conn, record_id, v, user)
    if kind == "project":
        changed = update_row(conn, "project", "id", record_id, _project_columns(v), user)
        return _sync_responsible(conn, record_id, v["responsible"]) or changed
    if kind == "organisation":
        return update_row(conn, "organisation", "id", record_id, {"name": v["name"], "kind": v["kind"]}, user)
    if kind in ("activity", "pipeline_item"):
        return update_row(conn, "activity", "id", record_id, _activity_columns(v), user)
    if kind == "risk_result":
        return update_row(conn, "risk_assessment_result", "activity_id", record_id,
                          {"profile": v["profile"], "complexity": v["complexity"], "risk": v["risk"]}, user)
    if kind == "status_report":
        return update_row(conn, "status_report", "id", record_id, _status_columns(v), user)
    if kind == "recommendation":
        return update_row(conn, "recommendation", "id", record_id,
                          {"activity_id": v["activity"], "subcategory": v["subcategory"], "text": v["text"]}, user)
    if kind == "followup":
        # The follow-up is the project's, recorded by the secretariat: the recommendation's own
        # provenance stays, and followup_by/at say who recorded it.
        return update_row(conn, "recommendation", "id", record_id,
                          {c: v[c] for c in ("response", "response_date", "implementation", "implementation_date")},
                          user, provenance=False,
                          also_set=", followup_by = CAST(:_user AS text), followup_at = now()")
    raise ValueError(kind)


def delete(conn: sa.Connection, kind: str, record_id: Any) -> int:
    spec = KINDS[kind]
    if not spec.can_delete:
        raise ValueError(f"{kind} records are not deleted on their own")
    return conn.execute(sa.text(f"DELETE FROM {spec.table} WHERE {spec.key_column} = :k"), {"k": record_id}).rowcount


def lock(conn: sa.Connection, kind: str, record_id: Any) -> bool:
    """Lock the record's row for the rest of the transaction; False when it no longer exists."""
    spec = KINDS[kind]
    return conn.execute(sa.text(f"SELECT 1 FROM {spec.table} WHERE {spec.key_column} = :k FOR UPDATE"),
                        {"k": record_id}).first() is not None


# --- reading a record into its form ---------------------------------------------------------

def load(conn: sa.Connection, kind: str, record_id: Any) -> dict | None:
    """The record's current values as the form's fields; None when it does not exist."""
    if kind in HANDLERS:
        return HANDLERS[kind].load(conn, record_id)
    if kind == "project":
        row = conn.execute(sa.text(
            "SELECT slug, name, short_name, purpose, state::text AS state, is_rsi, budget_mkr::float AS budget_mkr,"
            " status_text, status_date, end_month FROM project WHERE id = :k"), {"k": record_id}).mappings().first()
        if row is None:
            return None
        values = dict(row)
        values["is_rsi"] = {True: "yes", False: "no"}.get(row["is_rsi"], "unknown")
        values["responsible"] = list(conn.execute(sa.text(
            "SELECT organisation_id FROM project_responsible WHERE project_id = :k ORDER BY position"),
            {"k": record_id}).scalars())
        return values
    if kind == "organisation":
        row = conn.execute(sa.text("SELECT name, kind::text AS kind FROM organisation WHERE id = :k"),
                           {"k": record_id}).mappings().first()
        return dict(row) if row else None
    if kind in ("activity", "pipeline_item"):
        row = conn.execute(sa.text(
            "SELECT project_id AS project, type::text AS type, state::text AS state, month, partner_council,"
            " plan_year FROM activity WHERE id = :k"), {"k": record_id}).mappings().first()
        return dict(row) if row else None
    if kind == "risk_result":
        row = conn.execute(sa.text(
            "SELECT activity_id AS activity, profile::text AS profile, complexity::text AS complexity,"
            " risk::text AS risk FROM risk_assessment_result WHERE activity_id = :k"), {"k": record_id}).mappings().first()
        return dict(row) if row else None
    if kind == "status_report":
        row = conn.execute(sa.text(
            "SELECT project_id AS project, month, deliveries::text AS deliveries, time::text AS time,"
            " money::text AS money, resources::text AS resources, deliveries_cause, deliveries_note, time_cause,"
            " time_note, money_cause, money_note, resources_cause, resources_note, action::text AS action,"
            " reported_by, (reported_at AT TIME ZONE 'Europe/Copenhagen')::date AS reported_on"
            " FROM status_report WHERE id = :k"), {"k": record_id}).mappings().first()
        return dict(row) if row else None
    if kind in ("recommendation", "followup"):
        row = conn.execute(sa.text(
            "SELECT activity_id AS activity, subcategory, text, response::text AS response, response_date,"
            " implementation::text AS implementation, implementation_date FROM recommendation WHERE id = :k"),
            {"k": record_id}).mappings().first()
        return dict(row) if row else None
    raise ValueError(kind)


def record_options(conn: sa.Connection, kind: str, lang: str) -> list[tuple[Any, str]]:
    """(key, label) of every record of this type, for the "choose a record to edit" list."""
    if kind in HANDLERS:
        return HANDLERS[kind].options(conn, lang)
    if kind == "project":
        rows = conn.execute(sa.text("SELECT id, name FROM project ORDER BY name")).all()
        return [(r.id, r.name) for r in rows]
    if kind == "organisation":
        rows = conn.execute(sa.text("SELECT id, name FROM organisation ORDER BY name")).all()
        return [(r.id, r.name) for r in rows]
    if kind in ("activity", "pipeline_item"):
        # Every activity can be opened as an activity (a pipeline item is marked held there);
        # the pipeline form lists the pipeline items.
        condition = "a.plan_year IS NOT NULL" if kind == "pipeline_item" else "true"
        rows = conn.execute(sa.text(
            "SELECT a.id, p.name, a.type::text AS type, a.month, a.state::text AS state, a.plan_year"
            f" FROM activity a JOIN project p ON p.id = a.project_id WHERE {condition}"
            " ORDER BY p.name, a.month NULLS LAST, a.id")).all()
        return [(r.id, activity_label(r.name, r.type, r.month, r.plan_year, lang)) for r in rows]
    if kind == "risk_result":
        rows = conn.execute(sa.text(
            "SELECT r.activity_id AS id, p.name, a.month, r.profile::text AS profile FROM risk_assessment_result r"
            " JOIN activity a ON a.id = r.activity_id JOIN project p ON p.id = a.project_id ORDER BY p.name, a.month")).all()
        return [(r.id, f"{r.name} · {format_month(r.month, lang) if r.month else ''} · {r.profile}") for r in rows]
    if kind == "status_report":
        rows = conn.execute(sa.text(
            "SELECT s.id, p.name, s.month FROM status_report s JOIN project p ON p.id = s.project_id"
            " ORDER BY p.name, s.month DESC")).all()
        return [(r.id, f"{r.name} · {format_month(r.month, lang)}") for r in rows]
    if kind in ("recommendation", "followup"):
        rows = conn.execute(sa.text(
            "SELECT c.id, p.name, a.month, c.text FROM recommendation c JOIN activity a ON a.id = c.activity_id"
            " JOIN project p ON p.id = a.project_id ORDER BY p.name, a.month, c.id")).all()
        return [(r.id, f"{r.name} · {format_month(r.month, lang) if r.month else ''} · {_excerpt(r.text)}")
                for r in rows]
    raise ValueError(kind)


def activity_label(project: str, type_code: str, month: dt.date | None, plan_year: int | None, lang: str) -> str:
    when = format_month(month, lang) if month else t("format.awaiting", lang)
    if plan_year and not month:
        when = f"{when} ({plan_year})"
    return f"{project} · {domain.label('activity_type', type_code, lang)} · {when}"


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- the record's audit trail ---------------------------------------------------------------

# The rows of one record and of its children in audit_log (the same condition as
# dashboard/queries/entry_record_history.sql).
_RECORD_ROWS = ("(table_name = :table AND row_key = CAST(:key AS jsonb))"
                " OR (table_name = :child_table AND row_key @> CAST(:child_key AS jsonb))")


def audit_params(kind: str, record_id: Any) -> dict[str, Any]:
    """Parameters selecting a record's audit rows: its table and key, and its child table if any."""
    spec = KINDS[kind]
    child_table, child_column = spec.children[0] if spec.children else (None, None)
    return {"table": spec.table, "key": json.dumps({spec.key_column: record_id}),
            "child_table": child_table,
            "child_key": json.dumps({child_column: record_id}) if child_column else "{}"}


@dataclass(frozen=True)
class Change:
    """The latest change of a record: its audit row id (the record's version), who and when."""

    version: int
    app_user: str
    changed_at: dt.datetime
    operation: str


def latest_change(conn: sa.Connection, kind: str, record_id: Any) -> Change | None:
    row = conn.execute(sa.text(
        f"SELECT id, app_user, changed_at, operation FROM audit_log WHERE {_RECORD_ROWS} ORDER BY id DESC LIMIT 1"),
        audit_params(kind, record_id)).first()
    return Change(row.id, row.app_user, row.changed_at, row.operation) if row else None
