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
import zipfile
import zlib
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
from dashboard.entry.checks import FieldError, Invalid, NumberParam
from dashboard.entry.reference import Reference, load_reference
from dashboard.entry.validators import validate_status_report

# What an import may hold (README, "Import of status reports"): the file itself, what an .xlsx
# unpacks to, and what is read from it. Together they bound an import's memory to a few tens of MB.
MAX_ROWS = 10_000                  # reports (data rows) in one file
MAX_FILE_BYTES = 10 * 2**20        # the uploaded file
MAX_UNPACKED_BYTES = 32 * 2**20    # an .xlsx's members unpacked, declared and actual
MAX_ZIP_MEMBERS = 200              # an .xlsx has a dozen or so
MAX_COLUMNS = 50                   # the import has 19 columns; a 51st refuses the file, further right is not read
MAX_CELL_CHARS = 10_000            # an explanation may have 4,000; longer cells refuse the file
MAX_SCANNED_ROWS = 10 * MAX_ROWS   # rows looked at, empty ones (formatting) included
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
    The frame's index is each row's number in the spreadsheet.

    Bounded before and while reading, so no file can make the import hold much memory (README,
    "Import of status reports"): the file's size; for .xlsx the zip's members, their declared and
    their actual unpacked sizes, checked before the workbook is opened; then, streaming row by
    row, the rows, the columns and each cell's length. A file over a bound is refused as a
    whole with a message that says which bound and what to do."""
    if not data:
        raise ImportFailure("import_empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailure("import_file_too_large", max=_megabytes(MAX_FILE_BYTES))
    if name.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif name.lower().endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise ImportFailure("import_wrong_type")
    frame = _frame(rows)
    if frame.empty:
        raise ImportFailure("import_empty_file")
    # Columns and rows that are entirely empty (formatting left in a spreadsheet) are not data.
    blank = frame.map(lambda v: isinstance(v, str) and v.strip() == "")
    frame = frame.loc[~blank.all(axis=1), ~blank.all(axis=0)]
    if frame.empty:
        raise ImportFailure("import_empty_file")
    if len(frame) - 1 > MAX_ROWS:
        raise ImportFailure("import_too_many_rows", max=MAX_ROWS)
    # The first row is the header (read as data, so a repeated name is not renamed silently).
    headers = [normalise_header(c) for c in frame.iloc[0]]
    if len(set(headers)) != len(headers):
        raise ImportFailure("import_duplicate_columns")
    frame = frame.iloc[1:]
    frame.columns = headers
    frame.index = frame.index + 1   # the row numbers people see in their spreadsheet (header = 1)
    return frame


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g}"


def _frame(rows: list[tuple[int, list[Any]]]) -> pd.DataFrame:
    """(0-based row number, cells) -> a frame of text cells indexed by row number, padded with ""."""
    width = max((len(cells) for _, cells in rows), default=0)
    return pd.DataFrame([cells + [""] * (width - len(cells)) for _, cells in rows],
                        index=[number for number, _ in rows], columns=range(width), dtype=object)


class _Rows:
    """Collects a file's rows within the bounds, refusing the file at the first one crossed."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[Any]]] = []
        self.filled = 0

    def add(self, number: int, cells: list[Any]) -> None:
        if number >= MAX_SCANNED_ROWS:
            raise ImportFailure("import_sheet_too_tall", max=NumberParam(MAX_SCANNED_ROWS))
        if len(cells) > MAX_COLUMNS:
            if any(not _is_empty(v) for v in cells[MAX_COLUMNS:]):
                raise ImportFailure("import_too_many_columns", max=MAX_COLUMNS)
            cells = cells[:MAX_COLUMNS]
        for column, value in enumerate(cells):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFailure("import_cell_too_long", row=number + 1, column=_column_name(column),
                                    max=NumberParam(MAX_CELL_CHARS))
        if all(_is_empty(v) for v in cells):
            return  # an empty row (formatting) holds nothing; its number is kept by the others
        self.filled += 1
        if self.filled > MAX_ROWS + 1:   # the header and MAX_ROWS reports
            raise ImportFailure("import_too_many_rows", max=MAX_ROWS)
        self.rows.append((number, cells))


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as the spreadsheet names it."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _check_zip(data: bytes) -> None:
    """Before an .xlsx is opened: a zip of few members whose declared and actual unpacked sizes
    stay within MAX_UNPACKED_BYTES (a decompression bomb is refused here, unread)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailure("import_unreadable") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ImportFailure("import_unpacked_too_large", max=_megabytes(MAX_UNPACKED_BYTES))
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise ImportFailure("import_unpacked_too_large", max=_megabytes(MAX_UNPACKED_BYTES))
        unpacked = 0
        try:
            for member in members:   # the actual sizes: unpack in chunks, stop at the bound
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 16):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNPACKED_BYTES:
                            raise ImportFailure("import_unpacked_too_large", max=_megabytes(MAX_UNPACKED_BYTES))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
            # A size that lies (the checksum fails), an unknown compression, a password: not an .xlsx.
            raise ImportFailure("import_unreadable") from None


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows, streamed (openpyxl read-only), within the bounds."""
    import openpyxl

    _check_zip(data)
    collected = _Rows()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFailure:
        raise
    except Exception:
        raise ImportFailure("import_unreadable") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # read the cells that are there, not the size the file claims
        # One column more than allowed is read, to refuse a file that uses it; further right is never read.
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)):
            if row.count(None) == len(row):      # an empty row, quickly (a sheet may have many)
                collected.add(number, [])
            else:
                collected.add(number, [_xlsx_cell(v) for v in row])
    except ImportFailure:
        raise
    except Exception:
        raise ImportFailure("import_unreadable") from None
    finally:
        book.close()
    return collected.rows


def _xlsx_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return value


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """A CSV's rows (comma, semicolon or tab), read row by row within the bounds."""
    text = _decode(data)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    collected = _Rows()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader):
            collected.add(number, row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own bound, far above ours
            raise ImportFailure("import_cell_too_long", row=reader.line_num, column="?",
                                max=NumberParam(MAX_CELL_CHARS)) from None
        raise ImportFailure("import_unreadable") from None
    return collected.rows


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
