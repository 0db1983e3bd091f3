"""The current view as a file: CSV and Excel, with the active filters written in the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Sequence

import pandas as pd


def _header_lines(title: str, filters: Sequence[tuple[str, str]], generated: dt.datetime) -> list[str]:
    lines = [title, f"{generated:%Y-%m-%d %H:%M}"]
    lines += [f"{label}: {value}" for label, value in filters]
    return lines


def to_csv(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]],
           generated: dt.datetime | None = None) -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads the Danish letters) whose first lines, each starting
    with '#', name the view and its filters."""
    buffer = io.StringIO()
    for line in _header_lines(title, filters, generated or dt.datetime.now()):
        buffer.write(f"# {line}\n")
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_excel(frame: pd.DataFrame, title: str, filters: Sequence[tuple[str, str]],
             generated: dt.datetime | None = None, sheet: str = "Data", filter_sheet: str = "Filtre") -> bytes:
    """An .xlsx workbook: the rows on the first sheet, the view's title and filters on the second."""
    buffer = io.BytesIO()
    plain = frame.copy()
    for column in plain.columns:
        if isinstance(plain[column].dtype, pd.DatetimeTZDtype):
            plain[column] = plain[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plain.to_excel(writer, sheet_name=sheet[:31], index=False)
        lines = _header_lines(title, filters, generated or dt.datetime.now())
        pd.DataFrame({"": lines}).to_excel(writer, sheet_name=filter_sheet[:31], index=False, header=False)
    return buffer.getvalue()
