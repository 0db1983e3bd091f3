"""The SQL a page runs, and how long that SQL takes alone.

A page's statements are found by running the real app in-process (Streamlit's AppTest) on the
benchmark database with empty caches, recording every statement SQLAlchemy sends. Timing then
replays exactly those statements (execute and fetch every row) on one pooled connection, as a
page run would, without Streamlit, pandas or pandera. page time / SQL time is the overhead ratio.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"
Statement = tuple[str, object]


@contextmanager
def _recording(into: list[Statement]):
    def record(conn, cursor, statement, parameters, context, executemany):
        into.append((statement, parameters))

    sa.event.listen(sa.Engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", record)


def page_statements(database_url: str, page_file: str | None, query: dict[str, str]) -> list[Statement]:
    """Every statement one run of the page sends to the database when nothing is cached."""
    import streamlit as st
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from dashboard.db.connection import dispose_engines

    streamlit_logger.set_log_level("error")  # AppTest outside a server warns about the missing runtime
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = database_url
    try:
        at = AppTest.from_file(str(APP_SCRIPT), default_timeout=120)
        at.run()  # the start page; imports everything
        if page_file:
            at.switch_page(page_file)
        for key, value in query.items():
            at.query_params[key] = value
        st.cache_data.clear()
        statements: list[Statement] = []
        with _recording(statements):
            at.run()
        return statements
    finally:
        dispose_engines()
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous


def time_statements(engine: sa.Engine, statements: list[Statement], runs: int, warmup: int = 2) -> list[float]:
    """Seconds per replay of all the statements (executed and fully fetched) on one connection."""
    times = []
    for i in range(warmup + runs):
        started = time.perf_counter()
        with engine.connect() as conn:
            for statement, parameters in statements:
                result = conn.exec_driver_sql(statement, parameters or ())
                if result.returns_rows:
                    result.fetchall()
            conn.rollback()
        if i >= warmup:
            times.append(time.perf_counter() - started)
    return times
