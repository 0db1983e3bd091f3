"""The current view as a file: CSV, CSV for Danish Excel, and Excel, with the view's title, when it
was fetched (Danish time, zone stated), its filters and its link written in the file.

Files meant for spreadsheets open without running anything (OWASP, "CSV injection"):

- A *text* cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return, a line feed
  or NUL (or their full-width forms ``＝＋－＠``) is written with one apostrophe in front, so a
  spreadsheet reads it as text: ``=HYPERLINK(...)`` arrives as ``'=HYPERLINK(...)``. A text that
  already begins with an apostrophe gets one more, so the rule can be undone exactly:
  ``restore_text`` removes one leading apostrophe (what a program reading the files does).
- *Numbers stay numbers*: a numeric cell is written as the number it is (``-1.5``), never
  prefixed; only text is neutralised. A negative number therefore still sorts and sums.
- In Excel files every text cell is a text cell (``t="inlineStr"``, never a formula) with Excel's
  quote-prefix style, so the value reads back exactly as stored (``=HYPERLINK(...)``) and stays
  text even when someone edits the cell.

Links in the "Åbn" columns are made absolute (the app's address as the viewer's browser sees it,
proxy sub-path included), so they work from a file opened anywhere. No Streamlit here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from numbers import Number
from typing import Any, Iterable, Sequence
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard.i18n import t

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# The first characters that make a spreadsheet read a cell as a formula (OWASP, ASVS 1.2.10),
# the full-width forms that some spreadsheet locales treat the same, and the apostrophe itself
# (so that neutralising can be undone without guessing).
FORMULA_START = frozenset("=+-@\t\r\n\x00＝＋－＠'")
MAX_COLUMN_WIDTH = 60     # characters; longer texts wrap in the cell
EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- cells ------------------------------------------------------------------------------------

def neutralise(text: str) -> str:
    """A text cell made inert for a spreadsheet: one apostrophe in front when it begins with a
    formula character (or an apostrophe); any other text unchanged."""
    return "'" + text if text[:1] in FORMULA_START else text


def restore_text(cell: str) -> str:
    """The original text of a neutralised cell: one leading apostrophe removed (the reverse of
    ``neutralise``; every exported text that begins with an apostrophe got exactly one more)."""
    return cell[1:] if cell.startswith("'") else cell


def is_blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def local_time(value: dt.datetime) -> dt.datetime:
    """A moment as Danish wall-clock time (no zone attached; the file states the zone)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)  # the database gives UTC
    return value.astimezone(COPENHAGEN).replace(tzinfo=None)


def _plain(value: Any) -> Any:
    """A cell's value as Python: None, str, bool, int, float, date or naive Danish datetime."""
    if is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return local_time(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def csv_cell(value: Any, decimal_comma: bool = False) -> str:
    """One cell as CSV text: numbers as numbers (decimal comma for Danish Excel), dates ISO,
    text neutralised."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return neutralise(str(value).lower())
    if isinstance(value, Number):
        text = repr(value) if isinstance(value, float) else str(value)
        if isinstance(value, float) and text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


# --- what the file says about itself ------------------------------------------------------------

def generated_text(generated: dt.datetime | None = None) -> str:
    """'2026-12-01 14:03 CET (Europe/Copenhagen)': when the file was made, in Danish time."""
    moment = (generated or dt.datetime.now(dt.timezone.utc))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    local = moment.astimezone(COPENHAGEN)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()} (Europe/Copenhagen)"


def about_lines(title: str, filters: Sequence[tuple[str, str]], lang: str,
                generated: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs naming the view: the title, when, the time zone note, the filters."""
    return [(t("downloads.view", lang), title),
            (t("downloads.generated", lang), generated_text(generated)),
            (t("downloads.times", lang), t("downloads.times_note", lang)),
            *[(str(label), str(value)) for label, value in filters]]


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n\t\x00]+", " ", text)


# --- links --------------------------------------------------------------------------------------

def absolute_links(frame: pd.DataFrame, link_columns: Iterable[str], base: str) -> pd.DataFrame:
    """The frame with the relative links of ``link_columns`` ("projekt?id=luna&lang=da") made
    absolute against the app's root ``base`` ("https://host/raad")."""
    columns = [c for c in link_columns if c in frame.columns]
    if not columns:
        return frame
    frame = frame.copy()
    root = base.rstrip("/")
    for column in columns:
        frame[column] = [v if is_blank(v) or re.match(r"^[a-z][a-z0-9+.-]*://", str(v), re.I)
                         else f"{root}/{str(v).lstrip('/')}" for v in frame[column]]
    return frame


def file_name(title: str, extension: str, suffix: str = "") -> str:
    """A file name that keeps the view's words, æ, ø and å included: 'Portefølje' -> 'portefølje.csv'.
    Characters a file system or a download header would trip over become '-'."""
    text = unicodedata.normalize("NFC", f"{title} {suffix}".strip()).casefold()
    stem = re.sub(r"[^\w]+|_", "-", text).strip("-")[:80].strip("-") or "udtraek"
    return f"{stem}.{extension}"


# --- CSV ----------------------------------------------------------------------------------------

def to_csv(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]], lang: str = "da",
           generated: dt.datetime | None = None, semicolon: bool = False) -> bytes:
    """UTF-8 CSV with BOM (so Excel reads æ, ø, å). Its first lines, each one cell starting with
    '#', name the view, the time and the filters; then the header row and the rows.

    ``semicolon``: the dialect Danish Excel opens directly (semicolon between cells, decimal
    comma); otherwise comma-separated with a decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if semicolon else ",", lineterminator="\r\n")
    for label, value in about_lines(title, filters, lang, generated):
        writer.writerow([_one_line(f"# {label}: {value}")])
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([csv_cell(v, decimal_comma=semicolon) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def read_csv(data: bytes) -> tuple[list[str], pd.DataFrame]:
    """A downloaded CSV read back (either dialect): the '#' lines and the rows as exact text
    (neutralised cells restored). The inverse of ``to_csv`` for programs and tests."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff(text)))
    about = [r[0][2:] for r in rows if len(r) == 1 and r[0].startswith("# ")]
    body = rows[len(about):]
    header, data_rows = body[0], body[1:]
    restored = [[restore_text(c) for c in r] for r in data_rows]
    return about, pd.DataFrame(restored, columns=[restore_text(c) for c in header], dtype=str)


def _sniff(text: str) -> str:
    """The delimiter of a downloaded CSV: the one its header row (after the '#' lines) uses."""
    for line in text.split("\r\n"):
        if line and not line.startswith(("#", '"#')):
            return ";" if line.count(";") > line.count(",") else ","
    return ","


# --- Excel --------------------------------------------------------------------------------------

def _width(values: Iterable[Any]) -> int:
    longest = max((len(str(v)) for v in values if not is_blank(v)), default=0)
    return max(8, min(longest + 2, MAX_COLUMN_WIDTH))


def _text_cell(sheet, value: str, **style):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.value = value
    cell.data_type = "s"          # text, never a formula, whatever it begins with
    if value[:1] in FORMULA_START:
        cell.quotePrefix = True   # Excel's own "this is text" mark: editing keeps it text
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _excel_cell(sheet, value: Any, link: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return _text_cell(sheet, str(value).lower())
    if isinstance(value, Number):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
        return cell
    text = str(value)
    if link and re.match(r"^https?://", text):
        cell = _text_cell(sheet, text, font=Font(color="1F4E79", underline="single"))
        cell.hyperlink = text
        return cell
    if len(text) > MAX_COLUMN_WIDTH:
        return _text_cell(sheet, text, alignment=Alignment(wrap_text=True, vertical="top"))
    return _text_cell(sheet, text)


def to_excel(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]], lang: str = "da",
             generated: dt.datetime | None = None, link_columns: Iterable[str] = ()) -> bytes:
    """An .xlsx workbook: the rows on the first sheet (header row frozen, column widths set,
    every text a text cell), the view's title, time and filters on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    data = book.create_sheet(t("downloads.data_sheet", lang)[:31])
    columns = [str(c) for c in frame.columns]
    for i, column in enumerate(columns, start=1):
        data.column_dimensions[get_column_letter(i)].width = _width([column, *frame.iloc[:, i - 1].tolist()])
    data.freeze_panes = "A2"
    if columns:
        data.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    bold = Font(bold=True)
    data.append([_text_cell(data, c, font=bold) for c in columns])
    links = {i for i, c in enumerate(columns) if c in set(link_columns)}
    for row in frame.itertuples(index=False, name=None):
        data.append([_excel_cell(data, v, link=i in links) for i, v in enumerate(row)])

    about = book.create_sheet(t("common.filters_sheet", lang)[:31])
    lines = about_lines(title, filters, lang, generated)
    about.column_dimensions["A"].width = _width([label for label, _ in lines])
    about.column_dimensions["B"].width = MAX_COLUMN_WIDTH + 20
    for label, value in lines:
        about.append([_text_cell(about, label, font=bold), _excel_cell(about, value, link=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
