"""Cached reads for the pages.

st.cache_data is shared by every session of the process, so only data that is the same for every
viewer is cached here, and every entry is keyed on the database and its data version
(data_version, bumped by a trigger on each write). A save in any session or any app process
changes the version, so every other session reads fresh data on its next rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import repository
from dashboard.db.connection import READER, connect, database_url

_VERSION_KEY = "_data_version"


@st.cache_resource(show_spinner=False)
def _database_key() -> str:
    # The URL is fixed for the life of the process (DATABASE_URL or the embedded server).
    return database_url().render_as_string(hide_password=True)


def database_key() -> str:
    import os

    # Tests point one process at several databases; the environment is the source of truth.
    return os.environ.get("DATABASE_URL") or _database_key()


def refresh_version() -> tuple[int, pd.Timestamp]:
    """Read the data version once per script run (called by the app shell)."""
    with connect(role=READER) as conn:
        version = repository.data_version(conn)
    st.session_state[_VERSION_KEY] = version
    return version


def current_version() -> tuple[int, pd.Timestamp]:
    return st.session_state.get(_VERSION_KEY) or refresh_version()


@st.cache_data(max_entries=256, show_spinner=False)
def _cached(query: str, database: str, version: int, params: tuple) -> pd.DataFrame:
    # Read-only pages read as a role that can only read (the database refuses any write).
    with connect(role=READER) as conn:
        return getattr(repository, query)(conn, **dict(params))


def load(query: str, **params) -> pd.DataFrame:
    """The validated frame of repository.<query>(conn, **params) at the current data version."""
    return _cached(query, database_key(), current_version()[0], tuple(sorted(params.items())))


@st.cache_resource(max_entries=64, show_spinner=False)
def _derived(builder_id: str, database: str, version: int, queries: tuple[str, ...], lang: str, params: tuple,
             _builder):
    frames = [load(query, **dict(params)) for query in queries]
    return _builder(*frames, lang, **dict(params))


def derived(builder, *queries: str, lang: str, **params):
    """``builder(*frames, lang, **params)`` over the frames of ``queries`` (each loaded with
    ``params``), built once per data version, language and parameters and shared by every session
    (so: read-only, and never per viewer).

    For figures and labelled tables that are costly to build and the same for everyone: the
    overview's charts took about 45 of its 55 ms per run before (itraad bench, docs/performance.md).
    """
    builder_id = f"{builder.__code__.co_filename}:{builder.__qualname__}"
    return _derived(builder_id, database_key(), current_version()[0], queries, lang,
                    tuple(sorted(params.items())), builder)
