"""The audit trail read for people: a record's history, recent changes, deletes that can be undone.

Frames are read with the named queries entry_*.sql and validated like every other frame; the
``*_view`` functions turn them into labelled tables in the viewer's language (no Streamlit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.i18n import catalogue, format_month, format_timestamp, t
from dashboard.db.queries import TEXT, read_frame

OPERATIONS = ("INSERT", "UPDATE", "DELETE")

AUDIT_ROWS = pa.DataFrameSchema(
    {
        "id": pa.Column(int, unique=True),
        "tx_id": pa.Column(int),
        "changed_at": pa.Column("datetime64[ns, UTC]"),
        "app_user": pa.Column(TEXT, pa.Check.str_length(1, 300)),
        "table_name": pa.Column(TEXT),
        "operation": pa.Column(TEXT, pa.Check.isin(list(OPERATIONS))),
        "row_key": pa.Column(object, nullable=True),
        "old_row": pa.Column(object, nullable=True),
        "new_row": pa.Column(object, nullable=True),
        "reason": pa.Column(TEXT, nullable=True),
    },
    strict=True,
    coerce=True,
    name="audit_rows",
)

DELETIONS = pa.DataFrameSchema(
    {
        "tx_id": pa.Column(int, unique=True),
        "deleted_at": pa.Column("datetime64[ns, UTC]"),
        "deleted_by": pa.Column(TEXT),
        "reason": pa.Column(TEXT, pa.Check.str_startswith("entry:delete:")),
        "row_count": pa.Column(int, pa.Check.gt(0)),
        "deleted": pa.Column(object),
    },
    strict=True,
    coerce=True,
    name="deletions",
)

# Columns that are bookkeeping, not content: left out of the change descriptions.
_HIDDEN = {"entered_by", "entered_at", "source_ref", "followup_by", "followup_at"}
_MONTH_COLUMNS = {"month", "status_date", "end_month"}
# Column -> the catalogue vocabulary its codes are labelled with (activity state differs from project state).
_VOCABULARY = {"type": "activity_type", "profile": "profile", "provenance": "provenance",
               "deliveries": "status_colour", "time": "status_colour", "money": "status_colour",
               "resources": "status_colour", "partner_council": "council", "kind": "org_kind",
               "complexity": "entry.complexity", "risk": "entry.risk", "action": "entry.action",
               "response": "entry.response", "implementation": "entry.implementation",
               "role": "entry.role"}


def read_history(conn: sa.Connection, params: dict[str, Any]) -> pd.DataFrame:
    return read_frame(conn, "entry_record_history", AUDIT_ROWS, params)


def read_recent_changes(conn: sa.Connection, limit: int = 100) -> pd.DataFrame:
    return read_frame(conn, "entry_recent_changes", AUDIT_ROWS, {"limit": limit})


def read_deletions(conn: sa.Connection, limit: int = 50) -> pd.DataFrame:
    return read_frame(conn, "entry_recent_deletions", DELETIONS, {"limit": limit})


def column_label(column: str, lang: str) -> str:
    key = f"entry.column.{column}"
    return t(key, lang) if key in catalogue() else column


def table_label(table: str, lang: str) -> str:
    key = f"entry.table.{table}"
    return t(key, lang) if key in catalogue() else table


Names = dict[str, dict[Any, str]]   # column -> stored value -> what people call it


def names_from(ref, lang: str) -> Names:
    """Names for the ids and codes in the audit trail (organisation 3 -> "Region Hovedstaden")."""
    from dashboard.entry.records import activity_label

    subcategories = {code: (s.name_da if lang == "da" else s.name_en) for code, s in ref.subcategories.items()}
    return {
        "organisation_id": dict(ref.organisations),
        "project_id": {p.id: p.name for p in ref.projects.values()},
        "activity_id": {a.id: activity_label(ref.projects[a.project_id].name, a.type, a.month, a.plan_year, lang)
                        for a in ref.activities.values() if a.project_id in ref.projects},
        "subcategory": subcategories,
        **{f"{p}_cause": subcategories for p in domain.STATUS_PARAMETERS},
    }


def value_text(table: str, column: str, value: Any, lang: str, names: Names | None = None) -> str:
    """A stored value as a person reads it: months as "marts 2024", codes as their labels,
    ids as names."""
    if value is None:
        return "–"
    if names and column in names and value in names[column]:
        return names[column][value]
    if isinstance(value, bool):
        return t("format.yes" if value else "format.no", lang)
    if column in _MONTH_COLUMNS and isinstance(value, str) and len(value) >= 7:
        try:
            return format_month(dt.date.fromisoformat(value[:10]), lang)
        except ValueError:
            return value
    vocabulary = _VOCABULARY.get(column)
    if column == "state":
        vocabulary = "activity_state" if table == "activity" else "state"
    if vocabulary and isinstance(value, str) and f"{vocabulary}.{value}" in catalogue():
        return t(f"{vocabulary}.{value}", lang)
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def describe(row, lang: str, names: Names | None = None) -> str:
    """What one audit row changed, as "Field: old → new" lines."""
    old = row.old_row or {}
    new = row.new_row or {}
    table = row.table_name
    if row.operation == "UPDATE":
        changed = [c for c in new if c not in _HIDDEN and old.get(c) != new.get(c)]
        return "\n".join(f"{column_label(c, lang)}: {value_text(table, c, old.get(c), lang, names)} → "
                         f"{value_text(table, c, new.get(c), lang, names)}" for c in changed)
    values = new if row.operation == "INSERT" else old
    shown = [c for c, v in values.items() if c not in _HIDDEN and v is not None and c != "id"]
    return "\n".join(f"{column_label(c, lang)}: {value_text(table, c, values[c], lang, names)}" for c in shown)


def operation_text(row, lang: str) -> str:
    if (row.reason or "").startswith("restore:"):
        return t("entry.history.restored", lang)
    return t(f"entry.history.{row.operation.lower()}", lang)


def history_view(frame: pd.DataFrame, lang: str, names: Names | None = None) -> pd.DataFrame:
    """A record's history as a table: when, who, what, which part, the changes."""
    return pd.DataFrame({
        t("entry.history.when", lang): [format_timestamp(v.to_pydatetime(), lang) for v in frame["changed_at"]],
        t("entry.history.who", lang): frame["app_user"],
        t("entry.history.what", lang): [operation_text(r, lang) for r in frame.itertuples()],
        t("entry.history.part", lang): [table_label(v, lang) for v in frame["table_name"]],
        t("entry.history.changes", lang): [describe(r, lang, names) for r in frame.itertuples()],
    }).reset_index(drop=True)


def row_title(table: str, row: dict, lang: str) -> str:
    """A deleted row named the way people know it."""
    if row.get("name"):
        return str(row["name"])
    if table == "activity":
        month = row.get("month")
        when = value_text(table, "month", month, lang) if month else t("format.awaiting", lang)
        return f"{domain.label('activity_type', row.get('type'), lang)} · {when}"
    if table == "status_report":
        return f"{t('entry.kind.status_report', lang)} · {value_text(table, 'month', row.get('month'), lang)}"
    if table == "risk_assessment_result":
        return f"{t('entry.kind.risk_result', lang)} {row.get('profile', '')}"
    if table == "recommendation":
        return value_text(table, "text", (row.get("text") or "")[:80], lang)
    return table_label(table, lang)


def deletions_view(frame: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """One entry per delete: what was deleted, with how many related rows, by whom, when."""
    from dashboard.entry.records import KINDS

    entries = []
    for row in frame.itertuples():
        kind = row.reason.split(":")[2] if row.reason.count(":") >= 2 else ""
        table = KINDS[kind].table if kind in KINDS else None
        rows = list(row.deleted)
        root = next((r for r in rows if r["table"] == table), rows[0])
        entries.append({
            "tx_id": int(row.tx_id),
            "title": f"{t(f'entry.kind.{kind}', lang) if kind in KINDS else table_label(root['table'], lang)}: "
                     f"{row_title(root['table'], root['row'], lang)}",
            "related": int(row.row_count) - 1,
            "by": row.deleted_by,
            "when": format_timestamp(row.deleted_at.to_pydatetime(), lang),
        })
    return entries
