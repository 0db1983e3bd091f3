"""The viewer's language."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t as _t


def lang() -> str:
    value = st.session_state.get("lang")
    if value not in LANGUAGES:
        param = st.query_params.get("lang")
        value = param if param in LANGUAGES else DEFAULT_LANGUAGE
        st.session_state["lang"] = value
    return value


def t(key: str, **params: object) -> str:
    """A catalogue text in the viewer's language."""
    return _t(key, lang(), **params)
