"""Import of monthly status reports from a CSV or Excel file: validate, preview, all rows or none.

1. ``read_upload`` reads the file (CSV with comma or semicolon, UTF-8 or Windows-1252; or the
   first sheet of an .xlsx) into text cells, with the headers normalised (``Måned`` -> ``maaned``).
2. ``check_upload`` validates every cell with a pandera schema (lazy, so every problem is found,
   not just the first), then runs the same validator as the status report form on each row,
   then looks for a second report for the same project and month, in the file or already saved.
   Every problem is listed with its spreadsheet row (the header is row 1) and column.
3. ``commit`` saves all rows in one transaction, in batches with progress, or nothing at all.

The expected columns are documented in README.md ("Import of status reports").
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.accounts import Actor, data_role, require_write
from dashboard.db.connection import READER, connect
from dashboard.entry import checks, dberrors, records
from dashboard.entry.checks import FieldError, Invalid
from dashboard.entry.reference import Reference, load_reference
from dashboard.entry.validators import validate_status_report

MAX_ROWS = 10_000
BATCH = 500
Progress = Callable[[str, float], None]

PARAMETER_COLUMNS = {"deliveries": "leverancer", "time": "tid", "money": "penge", "resources": "ressourcer"}
REQUIRED_COLUMNS = ["projekt", "maaned", *PARAMETER_COLUMNS.values(), "rapporteret_af", "rapporteret_den"]
OPTIONAL_COLUMNS = [f"{c}_{suffix}" for c in PARAMETER_COLUMNS.values() for suffix in ("aarsag", "forklaring")] \
    + ["handling"]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Form field -> spreadsheet column.
FIELD_COLUMN = {"project": "projekt", "month": "maaned", "action": "handling", "reported_by": "rapporteret_af",
                "reported_on": "rapporteret_den"}
for _field, _column in PARAMETER_COLUMNS.items():
    FIELD_COLUMN[_field] = _column
    FIELD_COLUMN[f"{_field}_cause"] = f"{_column}_aarsag"
    FIELD_COLUMN[f"{_field}_note"] = f"{_column}_forklaring"

COLOUR_WORDS = {"grøn": "green", "gron": "green", "groen": "green", "green": "green", "gul": "yellow",
                "yellow": "yellow", "rød": "red", "rod": "red", "roed": "red", "red": "red"}
ACTION_WORDS = {"back_on_plan": "back_on_plan", "tilbage på plan": "back_on_plan", "new_plan": "new_plan",
                "ny plan": "new_plan", "close_project": "close_project", "luk projektet": "close_project"}


class ImportFailure(Exception):
    """The file cannot be read at all (not a spreadsheet, too large, no header)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.error = FieldError(code, params)


@dataclass
class Problem:
    row: int          # as in the spreadsheet: the header is row 1, the first data row is row 2
    column: str
    error: FieldError

    def message(self, lang: str = "da") -> str:
        return self.error.message(lang)


@dataclass
class Checked:
    frame: pd.DataFrame                                   # the file's cells; index = spreadsheet row
    rows: list[dict[str, Any]] = field(default_factory=list)   # clean values of the valid rows
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def normalise_header(name: Any) -> str:
    text = str(name).strip().lower()
    for letter, spelled in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def read_upload(name: str, data: bytes) -> pd.DataFrame:
    """The file's cells as text (empty cells as ""), headers normalised; Excel dates stay dates.
    The frame's index is each row's number in the spreadsheet."""
    if not data:
        raise ImportFailure("import_empty_file")
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=object, engine="openpyxl", header=None)
        except Exception:
            raise ImportFailure("import_unreadable") from None
        frame = frame.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
        frame = frame.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else v)
    elif name.lower().endswith((".csv", ".txt")):
        text = _decode(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, header=None)
        except Exception:
            raise ImportFailure("import_unreadable") from None
    else:
        raise ImportFailure("import_wrong_type")
    if frame.empty:
        raise ImportFailure("import_empty_file")
    if len(frame) - 1 > MAX_ROWS:
        raise ImportFailure("import_too_many_rows", max=MAX_ROWS)
    # Columns and rows that are entirely empty (formatting left in a spreadsheet) are not data.
    blank = frame.map(lambda v: isinstance(v, str) and v.strip() == "")
    frame = frame.loc[~blank.all(axis=1), ~blank.all(axis=0)]
    if frame.empty:
        raise ImportFailure("import_empty_file")
    # The first row is the header (read as data, so a repeated name is not renamed silently).
    headers = [normalise_header(c) for c in frame.iloc[0]]
    if len(set(headers)) != len(headers):
        raise ImportFailure("import_duplicate_columns")
    frame = frame.iloc[1:]
    frame.columns = headers
    frame.index = frame.index + 1   # the row numbers people see in their spreadsheet (header = 1)
    return frame


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailure("import_unreadable")


# --- cell checks ----------------------------------------------------------------------------

def _colour(value: Any) -> str:
    word = checks.text(value, required=True, max_length=20)
    if word.lower() not in COLOUR_WORDS:
        raise Invalid("import_unknown_colour")
    return COLOUR_WORDS[word.lower()]


def _action(value: Any) -> str | None:
    word = checks.text(value, required=False, max_length=40)
    if word is None:
        return None
    if word.lower() not in ACTION_WORDS:
        raise Invalid("import_unknown_action")
    return ACTION_WORDS[word.lower()]


def _cell_checks(ref: Reference) -> dict[str, Callable[[Any], Any]]:
    """Column -> a function that returns the clean value of a cell or raises Invalid."""
    by_slug = {p.slug: p.id for p in ref.projects.values()}
    by_name = {p.name.casefold(): p.id for p in ref.projects.values()}
    short_names = [p.short_name.casefold() for p in ref.projects.values() if p.short_name]
    by_name.update({p.short_name.casefold(): p.id for p in ref.projects.values()
                    if p.short_name and short_names.count(p.short_name.casefold()) == 1
                    and p.short_name.casefold() not in by_name})
    sub_by_name = {s.name_da.casefold(): s.code for s in ref.subcategories.values()}

    def project(value):
        text = checks.text(value, required=True)
        found = by_slug.get(text.lower()) or by_name.get(text.casefold())
        if found is None:
            raise Invalid("import_unknown_project")
        return found

    def cause(value):
        text = checks.text(value, required=False, max_length=200)
        if text is None:
            return None
        code = text if text in ref.subcategories else sub_by_name.get(text.casefold())
        if code is None:
            raise Invalid("import_unknown_cause")
        return code

    cells: dict[str, Callable[[Any], Any]] = {
        "projekt": project,
        "maaned": lambda v: checks.month(v, required=True, latest=ref.this_month),
        "handling": _action,
        "rapporteret_af": lambda v: checks.text(v, required=True),
        "rapporteret_den": lambda v: checks.date(v, required=True, latest=ref.today),
    }
    for column in PARAMETER_COLUMNS.values():
        cells[column] = _colour
        cells[f"{column}_aarsag"] = cause
        cells[f"{column}_forklaring"] = lambda v: checks.text(v, required=False, max_length=checks.LONG_TEXT,
                                                              multiline=True)
    return cells


def _passes(check: Callable[[Any], Any]) -> Callable[[pd.Series], pd.Series]:
    def run(series: pd.Series) -> pd.Series:
        def ok(value) -> bool:
            try:
                check(value)
                return True
            except Invalid:
                return False
        return series.map(ok).astype(bool)
    return run


def cell_schema(ref: Reference, present: list[str]) -> pa.DataFrameSchema:
    cells = _cell_checks(ref)
    return pa.DataFrameSchema(
        {column: pa.Column(None, pa.Check(_passes(cells[column]), name="cell"), nullable=True, required=False)
         for column in COLUMNS if column in present},
        strict=False, name="status_import")


def check_upload(frame: pd.DataFrame, ref: Reference, existing: set[tuple[int, Any]],
                 progress: Progress | None = None) -> Checked:
    """Every problem of the file, by row and column; the clean rows when there are none."""
    progress = progress or (lambda what, done: None)
    result = Checked(frame)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in COLUMNS]
    for column in missing:
        result.problems.append(Problem(1, column, FieldError("import_missing_column")))
    for column in unknown:
        result.problems.append(Problem(1, column, FieldError("import_unknown_column")))
    if missing:
        return result
    if frame.empty:
        result.problems.append(Problem(2, "", FieldError("import_no_rows")))
        return result

    progress("cells", 0.1)
    bad_cells: set[tuple[int, str]] = set()
    cells = _cell_checks(ref)
    try:
        cell_schema(ref, list(frame.columns)).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            if case.index is None or pd.isna(case.index):
                continue
            index, column = int(case.index), str(case.column)
            try:
                cells[column](frame.at[index, column])
            except Invalid as invalid:
                result.problems.append(Problem(index, column, invalid.error))
                bad_cells.add((index, column))
    progress("rows", 0.5)

    seen: dict[tuple[int, Any], int] = {}
    bad_rows = {i for i, _ in bad_cells}
    for index, row in frame.iterrows():
        raw = {field_name: row.get(column, "") for field_name, column in FIELD_COLUMN.items()}
        clean: dict[str, Any] = {}
        for field_name, column in FIELD_COLUMN.items():
            if (index, column) in bad_cells:
                continue
            try:
                clean[field_name] = cells[column](raw[field_name]) if column in frame.columns else None
            except Invalid:
                clean[field_name] = None
        validation = validate_status_report(clean, ref)
        for field_name, error in validation.errors.items():
            column = FIELD_COLUMN.get(field_name, field_name)
            if (index, column) not in bad_cells:  # that cell's own problem is listed already
                result.problems.append(Problem(index, column, error))
        if not validation.ok or index in bad_rows:
            continue
        key = (validation.values["project"], validation.values["month"])
        if key in existing:
            result.problems.append(Problem(index, "maaned", FieldError("report_exists")))
        elif key in seen:
            result.problems.append(Problem(index, "maaned", FieldError("import_duplicate_row", other=seen[key])))
        else:
            seen[key] = index
            result.rows.append({"row": index, **validation.values})
        if index % 500 == 0:
            progress("rows", 0.5 + 0.5 * index / max(len(frame), 1))
    result.problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
    progress("done", 1.0)
    return result


def existing_reports(conn: sa.Connection) -> set[tuple[int, Any]]:
    return {(r.project_id, r.month) for r in conn.execute(sa.text("SELECT project_id, month FROM status_report"))}


def check_file(name: str, data: bytes, progress: Progress | None = None, url=None) -> Checked:
    """Read and check an uploaded file against the database as it is now."""
    frame = read_upload(name, data)
    with connect(url, role=READER) as conn:
        ref = load_reference(conn)
        existing = existing_reports(conn)
    return check_upload(frame, ref, existing, progress)


def preview(checked: Checked, ref: Reference, lang: str) -> pd.DataFrame:
    """The valid rows as they will be saved, in the viewer's language."""
    from dashboard.i18n import format_date, format_month, t

    return pd.DataFrame([{
        t("entry.import.row", lang): row["row"],
        t("entry.field.project", lang): ref.projects[row["project"]].name,
        t("entry.field.month", lang): format_month(row["month"], lang),
        **{t(f"entry.field.{p}", lang): domain.label("status_colour", row[p], lang) for p in domain.STATUS_PARAMETERS},
        t("entry.field.action", lang): t(f"entry.action.{row['action']}", lang) if row["action"] else "",
        t("entry.field.reported_by", lang): row["reported_by"],
        t("entry.field.reported_on", lang): format_date(row["reported_on"], lang),
    } for row in checked.rows])


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    from dashboard.i18n import t

    return pd.DataFrame({
        t("entry.import.row", lang): [p.row for p in problems],
        t("entry.import.column", lang): [p.column for p in problems],
        t("entry.import.problem", lang): [p.message(lang) for p in problems],
    })


# --- commit ---------------------------------------------------------------------------------

_INSERT = """
INSERT INTO status_report (project_id, month, deliveries, time, money, resources,
    deliveries_cause, deliveries_note, time_cause, time_note, money_cause, money_note,
    resources_cause, resources_note, action, reported_by, reported_at, provenance, entered_by, entered_at)
SELECT project_id, month, deliveries, time, money, resources,
    deliveries_cause, deliveries_note, time_cause, time_note, money_cause, money_note,
    resources_cause, resources_note, action, reported_by, reported_at, 'entered', CAST(:user AS text), now()
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
    project_id integer, month date, deliveries status_colour, time status_colour, money status_colour,
    resources status_colour, deliveries_cause text, deliveries_note text, time_cause text, time_note text,
    money_cause text, money_note text, resources_cause text, resources_note text, action status_action,
    reported_by text, reported_at timestamptz)
"""


@dataclass
class CommitResult:
    ok: bool
    saved: int = 0
    duplicate: bool = False
    problems: list[Problem] = field(default_factory=list)


def commit(checked: Checked, actor: Actor | None, *, token: str, progress: Progress | None = None,
           url=None) -> CommitResult:
    """Save every row in one transaction, or none of them."""
    require_write(actor)
    if not checked.ok:
        return CommitResult(False, problems=checked.problems)
    progress = progress or (lambda what, done: None)
    rows = checked.rows
    first_row = rows[0]["row"]
    try:
        with connect(url, role=data_role(actor), user=actor.username, reason="import:status") as conn:
            first = conn.execute(sa.text(
                "INSERT INTO form_submission (token, form, app_user) VALUES (CAST(:t AS uuid), 'import:status', :u)"
                " ON CONFLICT (token) DO NOTHING RETURNING token"), {"t": token, "u": actor.username}).first()
            if first is None:
                return CommitResult(True, duplicate=True)
            # Someone may have saved a report for one of these months since the preview.
            existing = existing_reports(conn)
            clashes = [Problem(r["row"], "maaned", FieldError("report_exists"))
                       for r in rows if (r["project"], r["month"]) in existing]
            if clashes:
                raise _Clash(clashes)
            for start in range(0, len(rows), BATCH):
                batch = rows[start:start + BATCH]
                first_row = batch[0]["row"]
                conn.execute(sa.text(_INSERT), {"user": actor.username, "rows": json.dumps(
                    [_db_row(r) for r in batch], default=str)})
                progress("save", min(1.0, (start + len(batch)) / len(rows)))
            conn.execute(sa.text("UPDATE form_submission SET record_key = :k WHERE token = CAST(:t AS uuid)"),
                         {"k": json.dumps(len(rows)), "t": token})
    except _Clash as clash:
        return CommitResult(False, problems=clash.problems)
    except sa.exc.DBAPIError as exc:
        translated = dberrors.translate(exc, "status_report")
        errors = list(translated.errors.items()) or [("", translated.form_error or FieldError("db_rejected"))]
        return CommitResult(False, problems=[Problem(first_row, FIELD_COLUMN.get(f, f), e) for f, e in errors])
    return CommitResult(True, saved=len(rows))


class _Clash(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("clash")
        self.problems = problems


def _db_row(row: dict[str, Any]) -> dict[str, Any]:
    out = {"project_id": row["project"], "month": row["month"].isoformat(), "action": row["action"],
           "reported_by": row["reported_by"], "reported_at": records.reported_at(row["reported_on"]).isoformat()}
    for p in domain.STATUS_PARAMETERS:
        out[p] = row[p]
        out[f"{p}_cause"] = row[f"{p}_cause"]
        out[f"{p}_note"] = row[f"{p}_note"]
    return out
