"""The query runner: a named SQL file read into a pandera-validated frame (no Streamlit here).

Every room's queries go through it (dashboard.repository names them all); it imports no room, so
no room's module and the repository import each other.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections import OrderedDict
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import sqlalchemy as sa
from pandas.api.types import infer_dtype
from pandera import dtypes
from pandera.engines import pandas_engine

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
    columns, rows = list(result.keys()), result.fetchall()
    key = _fingerprint(name, schema, columns, rows) if validated_frames.max_cells else None
    known = validated_frames.get(key, schema)
    if known is not None:
        return known
    frame = validate(pd.DataFrame.from_records(rows, columns=columns), schema, name)
    validated_frames.put(key, schema, frame)
    return frame


def _fingerprint(name: str, schema: pa.DataFrameSchema, columns: list[str], rows) -> bytes | None:
    """The identity of a query's exact result: its name, its schema, its columns and every value.
    None when the result is too big to keep or its values cannot be serialised. Serialising costs
    about as much per value as validating costs per column, so a long result, or one whose cells
    hold arrays (a case's steps), is validated instead."""
    if not rows:
        values = 1
    else:
        values = len(rows) * sum(len(v) if isinstance(v, (list, tuple)) else 1 for v in rows[0])
    if values > ValidatedFrames.MAX_FRAME_VALUES:
        return None
    try:
        data = pickle.dumps((name, id(schema), columns, [tuple(row) for row in rows]), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(data, digest_size=20).digest()


class ValidatedFrames:
    """Frames that passed their schema, by the exact rows they were built from.

    Every write bumps the data version, so every page reads every query again (dashboard.ui.data);
    most results are the same rows as before the write, and pandera costs 1 to 2 ms per column of
    each frame whatever its length (docs/performance.md: a project page read twelve frames and
    spent two thirds of its run validating them). The same rows with the same schema give the same
    validated frame, so such a result is taken from here; a changed value gives another key and is
    validated afresh, and a frame that fails validation is never kept. Bounded by the cells held
    (least recently used go first); a copy goes in and a copy comes out, so no caller can change
    another's frame. ITRAAD_VALIDATED_CELLS sets the bound (0 keeps nothing: every result is
    validated, as the benchmark's worst case measures)."""

    MAX_FRAME_VALUES = 50_000     # bigger results are validated every time (see _fingerprint)
    MAX_CELLS = 1_000_000         # all kept frames together (tens of MB at most)

    def __init__(self, max_cells: int | None = None) -> None:
        self.max_cells = self.MAX_CELLS if max_cells is None else max(0, max_cells)
        self._frames: OrderedDict[bytes, tuple[pa.DataFrameSchema, pd.DataFrame]] = OrderedDict()
        self._cells = 0
        self._lock = threading.Lock()   # the app's sessions run in threads

    def get(self, key: bytes | None, schema: pa.DataFrameSchema) -> pd.DataFrame | None:
        if key is None:
            return None
        with self._lock:
            entry = self._frames.get(key)
            if entry is None or entry[0] is not schema:   # a schema's id is only unique while it lives
                return None
            self._frames.move_to_end(key)
        return entry[1].copy()

    def put(self, key: bytes | None, schema: pa.DataFrameSchema, frame: pd.DataFrame) -> None:
        if key is None or frame.size > self.max_cells:
            return
        with self._lock:
            if key in self._frames:
                self._cells -= self._frames.pop(key)[1].size
            self._frames[key] = (schema, frame.copy())
            self._cells += frame.size
            while self._cells > self.max_cells:
                self._cells -= self._frames.popitem(last=False)[1][1].size

    def __len__(self) -> int:
        return len(self._frames)


def _cells_to_keep() -> int | None:
    value = os.environ.get("ITRAAD_VALIDATED_CELLS", "").strip()
    return int(value) if value.isdigit() else None


validated_frames = ValidatedFrames(_cells_to_keep())


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


@pandas_engine.Engine.register_dtype
@dtypes.immutable(init=True)
class Text(pandas_engine.STRING):
    """The dtype of every text column: pandas' string dtype, as pandera's ``str``, but checked once
    per column. pandera's own check answers value by value and then formats a table of failure
    cases even when every value passes: 1 to 2 ms per text column and frame, a third of the
    validation of a page's frames after a write (docs/performance.md). A failure still lists the
    values that are not text (pandera looks for them when the check fails)."""

    def check(self, pandera_dtype, data_container=None):
        if data_container is None:
            return super().check(pandera_dtype)
        if isinstance(data_container.dtype, pd.StringDtype):
            return True
        return data_container.dtype == object and infer_dtype(data_container, skipna=True) in ("string", "empty")

    def __str__(self) -> str:
        return "str"   # as pandera's own, so a failure lists the values that are not text


TEXT = Text()


def code_column(values, nullable: bool = False) -> pa.Column:
    """A pandera column of codes from a vocabulary (dashboard.domain or a room's vocab): a code the
    interface cannot label fails validation instead of reaching a page."""
    return pa.Column(TEXT, pa.Check.isin(list(values)), nullable=nullable)
