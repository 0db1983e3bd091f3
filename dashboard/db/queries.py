"""The query runner: a named SQL file read into a pandera-validated frame (no Streamlit here).

Every room's queries go through it (dashboard.repository names them all); it imports no room, so
no room's module and the repository import each other.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard.errors import DataValidationError

log = logging.getLogger("dashboard.repository")


@cache
def sql(name: str) -> str:
    """The text of dashboard/queries/<name>.sql; "<room>/<name>" is a feature room's own query,
    dashboard/<room>/queries/<name>.sql (e.g. "reports/report_table1")."""
    room, _, file = name.rpartition("/")
    folder = resources.files("dashboard").joinpath(room, "queries") if room else \
        resources.files("dashboard").joinpath("queries")
    return folder.joinpath(f"{file}.sql").read_text("utf-8")


def read_frame(conn: sa.Connection, name: str, schema: pa.DataFrameSchema,
               params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run a named query and validate its rows; a failure raises DataValidationError and is logged.

    A parameterised query is planned for the values given. Many queries filter with "NULL means
    all" conditions, which only such a plan can drop; psycopg prepares a statement after five
    runs, and PostgreSQL may then switch to a generic plan that keeps every condition (measured:
    20 ms became 1.6 s on 20,000 recommendations). The setting holds for this transaction only.
    """
    if params:
        conn.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
    result = conn.execute(sa.text(sql(name)), params or {})
    frame = pd.DataFrame.from_records(result.fetchall(), columns=list(result.keys()))
    return validate(frame, schema, name)


def text_nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Every missing value of a text (or other non-numeric) column as None, as SQL's NULL.

    pandas 3 gives text columns its string dtype, in which a NULL arrives as NaN: a float, so
    ``value or ""`` keeps it, ``value.startswith`` fails and a page prints "nan". Frames leave the
    query layer with None for NULL in every column that is not numeric, boolean or a date, so code
    reads them as Python values (``None``, a str, a dict) whatever pandas version resolves."""
    if frame.empty:
        return frame
    missing = frame.isna()
    for column in missing.columns[missing.any().to_numpy()]:
        series = frame[column]
        if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            frame[column] = series.astype(object).where(~missing[column], None)
    return frame


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, name: str) -> pd.DataFrame:
    try:
        return text_nulls_as_none(schema.validate(frame, lazy=True))
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        details = "; ".join(
            f"{row.column}: {row.check} ({row.failure_case!r})" for row in cases.head(5).itertuples()
        )
        log.error("validation of %s failed: %s", name, details)
        raise DataValidationError("errors.validation", query=name, details=details) from None


def code_column(values, nullable: bool = False) -> pa.Column:
    """A pandera column of codes from a vocabulary (dashboard.domain or a room's vocab): a code the
    interface cannot label fails validation instead of reaching a page."""
    return pa.Column(str, pa.Check.isin(list(values)), nullable=nullable)
