"""The viewer's language, and the interface's texts in it.

``t`` is for everything Streamlit renders as Markdown (titles, captions, alerts, labels, help,
page links, metrics): the catalogue text is trusted Markdown, and every value filled into it is
data, made inert with dashboard.text.literal, so a name or a value from a link can never become
a link, an image or a colour. ``plain`` is for places that show text as it is (select-box
options, st.text, tables, file contents), where escaping would show.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t as _t
from dashboard.text import literal


def lang() -> str:
    value = st.session_state.get("lang")
    if value not in LANGUAGES:
        param = st.query_params.get("lang")
        value = param if param in LANGUAGES else DEFAULT_LANGUAGE
        st.session_state["lang"] = value
    return value


def t(key: str, **params: object) -> str:
    """A catalogue text in the viewer's language, for Markdown; the values in it shown as text."""
    return _t(key, lang(), **{name: literal(value) for name, value in params.items()})


def plain(key: str, **params: object) -> str:
    """A catalogue text in the viewer's language, for places that do not render Markdown."""
    return _t(key, lang(), **params)
