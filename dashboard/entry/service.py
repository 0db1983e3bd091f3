"""Saving, deleting, undoing and reading the history of records: the only way the app writes data.

Every function that writes
- re-checks the person's role first (``accounts.require_write``), whatever page called it;
- runs as one transaction as the database role of that person (``accounts.data_role``), with the
  person recorded for the audit trigger, so the database refuses a viewer's write as well;
- validates on the server with the record type's validator, in the same transaction, and turns a
  database refusal into the same kind of field message (``dberrors``).

Idempotent submits: each form render carries a token (a UUID); the first submit that saves
records it in ``form_submission`` in the same transaction, a second submit of the same token
saves nothing and answers with the first one's record.

Optimistic concurrency: a form remembers the record's version when it was opened (the id of the
record's latest audit row). Saving locks the row and compares; if someone saved in between, the
save is refused with who and when, and nothing is written.

Delete is a real DELETE; the audit trail keeps every deleted row (cascades included) under the
transaction's id, and ``restore`` puts exactly those rows back, parents first, with their ids.
No other query needs to know about deleted rows.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL

from dashboard.accounts import Actor, data_role, require_write
from dashboard.db.connection import READER, connect
from dashboard.entry import dberrors, records
from dashboard.entry.checks import FieldError, messages
from dashboard.entry.reference import Reference, load_reference
from dashboard.entry.validators import validate


@dataclass
class SaveResult:
    status: str                       # saved | unchanged | duplicate | invalid | conflict
    record_id: Any = None
    errors: dict[str, FieldError] = field(default_factory=dict)
    form_error: FieldError | None = None
    version: int | None = None        # the record's version after the save

    @property
    def ok(self) -> bool:
        return self.status in ("saved", "unchanged", "duplicate")

    def messages(self, lang: str = "da") -> dict[str, str]:
        return messages(self.errors, lang)


@dataclass
class Opened:
    """A record as a form opens it: its values and its version."""

    values: dict[str, Any]
    version: int


class _Refused(Exception):
    def __init__(self, result: SaveResult) -> None:
        super().__init__(result.status)
        self.result = result


def new_token() -> str:
    return str(uuid.uuid4())


def reference(url: URL | None = None) -> Reference:
    with connect(url, role=READER) as conn:
        return load_reference(conn)


def open_record(kind: str, record_id: Any, url: URL | None = None) -> Opened | None:
    """The record's values and version for an edit form; None when it does not exist."""
    with connect(url, role=READER) as conn:
        values = records.load(conn, kind, record_id)
        if values is None:
            return None
        change = records.latest_change(conn, kind, record_id)
        return Opened(values, change.version if change else 0)


def options(kind: str, lang: str, url: URL | None = None) -> list[tuple[Any, str]]:
    with connect(url, role=READER) as conn:
        return records.record_options(conn, kind, lang)


# --- save -----------------------------------------------------------------------------------

def save(kind: str, raw: Mapping[str, Any], actor: Actor | None, *, token: str, record_id: Any = None,
         opened_version: int | None = None, url: URL | None = None) -> SaveResult:
    """Validate and save one form submit in one transaction (see the module documentation)."""
    require_write(actor)
    return _save(kind, raw, actor, token=token, record_id=record_id, opened_version=opened_version, url=url)


def _save(kind: str, raw: Mapping[str, Any], actor: Actor, *, token: str, record_id: Any,
          opened_version: int | None, url: URL | None) -> SaveResult:
    # No role check here: tests call this directly to show that the database refuses a viewer too.
    spec = records.KINDS[kind]
    if record_id is None and not spec.can_create:
        raise ValueError(f"{kind} records are only edited")
    if record_id is not None and opened_version is None:
        raise ValueError("an edit needs the version the form was opened at")
    token = str(uuid.UUID(str(token)))
    try:
        with connect(url, role=data_role(actor), user=actor.username, reason=f"entry:save:{kind}") as conn:
            first = conn.execute(sa.text(
                "INSERT INTO form_submission (token, form, app_user) VALUES (CAST(:t AS uuid), :f, :u)"
                " ON CONFLICT (token) DO NOTHING RETURNING token"),
                {"t": token, "f": kind, "u": actor.username}).first()
            if first is None:
                earlier = conn.execute(sa.text("SELECT record_key FROM form_submission WHERE token = CAST(:t AS uuid)"),
                                       {"t": token}).scalar()
                return SaveResult("duplicate", record_id=_key(earlier))
            ref = load_reference(conn)
            validation = validate(kind, raw, ref, record_id)
            if not validation.ok:
                raise _Refused(SaveResult("invalid", record_id, validation.errors))
            if record_id is None:
                record_id = records.insert(conn, kind, validation.values, actor.username)
                changed = True
            else:
                conflict = _conflict(conn, kind, record_id, opened_version)
                if conflict is not None:
                    raise _Refused(SaveResult("conflict", record_id, form_error=conflict))
                changed = records.update(conn, kind, record_id, validation.values, actor.username)
            conn.execute(sa.text("UPDATE form_submission SET record_key = :k WHERE token = CAST(:t AS uuid)"),
                         {"k": json.dumps(record_id), "t": token})
            change = records.latest_change(conn, kind, record_id)
    except _Refused as refused:
        return refused.result
    except sa.exc.DBAPIError as exc:
        translated = dberrors.translate(exc, kind)
        return SaveResult("invalid", record_id, translated.errors, translated.form_error)
    return SaveResult("saved" if changed else "unchanged", record_id, version=change.version if change else 0)


def _key(stored: str | None) -> Any:
    return json.loads(stored) if stored else None


def _conflict(conn: sa.Connection, kind: str, record_id: Any, opened_version: int) -> FieldError | None:
    """Lock the record and compare its version with the one the form was opened at."""
    if not records.lock(conn, kind, record_id):
        change = records.latest_change(conn, kind, record_id)
        if change is not None and change.operation == "DELETE":
            return FieldError("deleted_meanwhile", {"user": change.app_user, "when": change.changed_at})
        return FieldError("record_missing")
    change = records.latest_change(conn, kind, record_id)
    current = change.version if change else 0
    if current != opened_version:
        return FieldError("changed_meanwhile", {"user": change.app_user, "when": change.changed_at})
    return None


# --- delete and undo ------------------------------------------------------------------------

@dataclass
class DeleteResult:
    ok: bool
    tx_id: int | None = None
    rows: dict[str, int] = field(default_factory=dict)    # table -> rows deleted (cascades included)
    form_error: FieldError | None = None


def delete(kind: str, record_id: Any, actor: Actor | None, *, opened_version: int,
           url: URL | None = None) -> DeleteResult:
    """Delete a record (and what cascades from it) in one transaction; undo with ``restore``."""
    require_write(actor)
    try:
        with connect(url, role=data_role(actor), user=actor.username, reason=f"entry:delete:{kind}") as conn:
            conflict = _conflict(conn, kind, record_id, opened_version)
            if conflict is not None:
                raise _Refused(SaveResult("conflict", record_id, form_error=conflict))
            records.delete(conn, kind, record_id)
            tx_id = conn.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one()
            rows = dict(conn.execute(sa.text(
                "SELECT table_name, count(*) FROM audit_log WHERE tx_id = :tx AND operation = 'DELETE'"
                " GROUP BY table_name"), {"tx": tx_id}).all())
    except _Refused as refused:
        return DeleteResult(False, form_error=refused.result.form_error)
    except sa.exc.DBAPIError as exc:
        translated = dberrors.translate(exc, kind)
        return DeleteResult(False, form_error=translated.form_error or next(iter(translated.errors.values()), None))
    return DeleteResult(True, tx_id, rows)


@dataclass
class RestoreResult:
    ok: bool
    rows: int = 0
    form_error: FieldError | None = None


def restore(tx_id: int, actor: Actor | None, url: URL | None = None) -> RestoreResult:
    """Undo a delete: re-insert every row that transaction deleted, parents first, ids kept."""
    require_write(actor)
    try:
        with connect(url, role=data_role(actor), user=actor.username, reason=f"restore:{int(tx_id)}") as conn:
            deleted = conn.execute(sa.text(
                "SELECT table_name, old_row, reason FROM audit_log WHERE tx_id = :tx AND operation = 'DELETE'"
                " ORDER BY id"), {"tx": tx_id}).all()
            if not deleted or not all((r.reason or "").startswith("entry:delete:") for r in deleted):
                return RestoreResult(False, form_error=FieldError("nothing_to_restore"))
            done = conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM audit_log WHERE reason = :r)"),
                                {"r": f"restore:{int(tx_id)}"}).scalar()
            if done:
                return RestoreResult(False, form_error=FieldError("already_restored"))
            order = _parents_first(conn, {r.table_name for r in deleted})
            for table in order:
                columns = _insertable_columns(conn, table)
                for row in (r for r in deleted if r.table_name == table):
                    present = [c for c in columns if c in row.old_row]
                    column_list = ", ".join(f'"{c}"' for c in present)
                    conn.execute(sa.text(
                        f'INSERT INTO "{table}" ({column_list}) OVERRIDING SYSTEM VALUE'
                        f" SELECT {column_list} FROM jsonb_populate_record(NULL::\"{table}\", CAST(:row AS jsonb))"),
                        {"row": json.dumps(row.old_row)})
    except sa.exc.DBAPIError as exc:
        translated = dberrors.translate(exc, "restore")
        error = translated.form_error or next(iter(translated.errors.values()), None)
        return RestoreResult(False, form_error=FieldError("restore_blocked", {"reason": error}) if error else None)
    return RestoreResult(True, len(deleted))


def _parents_first(conn: sa.Connection, tables: set[str]) -> list[str]:
    """The tables ordered so that a table comes after every table it references."""
    edges = conn.execute(sa.text(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint"
        " WHERE contype = 'f' AND connamespace = 'public'::regnamespace")).all()
    parents = {t: {e.parent for e in edges if e.child == t and e.parent in tables and e.parent != t} for t in tables}
    ordered: list[str] = []
    while parents:
        ready = sorted(t for t, ps in parents.items() if not ps - set(ordered))
        if not ready:  # a cycle: cannot happen with this schema; keep going rather than loop
            ready = sorted(parents)
        ordered.extend(ready)
        for t in ready:
            parents.pop(t)
    return ordered


def _insertable_columns(conn: sa.Connection, table: str) -> list[str]:
    return list(conn.execute(sa.text(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 AND NOT attisdropped"
        " AND attgenerated = '' ORDER BY attnum"), {"t": f'public."{table}"'}).scalars())


# --- history --------------------------------------------------------------------------------

def record_history(kind: str, record_id: Any, url: URL | None = None) -> pd.DataFrame:
    """The record's audit rows (and its children's), newest first, validated."""
    from dashboard.entry.history import read_history

    with connect(url, role=READER) as conn:
        return read_history(conn, records.audit_params(kind, record_id))


def recent_deletions(limit: int = 50, url: URL | None = None) -> pd.DataFrame:
    from dashboard.entry.history import read_deletions

    with connect(url, role=READER) as conn:
        return read_deletions(conn, limit)


def today() -> dt.date:
    from dashboard.i18n import copenhagen_today

    return copenhagen_today()
