"""The app shell: page config, language, navigation, and the error boundary around every page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.db.connection import check_connection
from dashboard.errors import DatabaseUnavailable, UserError
from dashboard.i18n import LANGUAGES
from dashboard.ui import data
from dashboard.ui.context import lang, t

log = logging.getLogger("dashboard.app")
PAGES_DIR = Path(__file__).resolve().parent.parent / "app_pages"


@dataclass(frozen=True)
class PageSpec:
    file: str          # in dashboard/app_pages
    url_path: str      # readable Danish path ("" is the start page)
    title_key: str
    icon: str
    section: str = "nav.section_views"
    visible: bool = True


PAGES = [
    PageSpec("overblik.py", "", "nav.overview", ":material/dashboard:"),
    PageSpec("portefolje.py", "portefolje", "nav.portfolio", ":material/table_rows:"),
    PageSpec("projekt.py", "projekt", "nav.project", ":material/folder_open:"),
    PageSpec("pipeline.py", "pipeline", "nav.pipeline", ":material/event_upcoming:"),
    PageSpec("status.py", "status", "nav.status", ":material/traffic:"),
    PageSpec("anbefalinger.py", "anbefalinger", "nav.recommendations", ":material/recommend:"),
]


def page_path(url_path: str) -> str:
    """The page file for a url_path, as st.switch_page and st.page_link expect it."""
    spec = next(p for p in PAGES if p.url_path == url_path)
    return str(PAGES_DIR / spec.file)


def _language_switch() -> None:
    current = lang()
    choice = st.sidebar.segmented_control(
        t("app.language"), options=list(LANGUAGES), default=current,
        format_func=lambda code: {"da": "Dansk", "en": "English"}[code], key="_lang_switch")
    if choice and choice != current:
        st.session_state["lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()


@st.fragment(run_every=3)
def _wait_for_database() -> None:
    """While the database is away, check every few seconds and reload the page when it is back."""
    try:
        check_connection()
    except DatabaseUnavailable:
        st.caption(t("errors.retrying"))
        return
    st.rerun(scope="app")


def _show_database_unavailable() -> None:
    st.error(t("errors.database_unavailable_page"), icon=":material/cloud_off:")
    _wait_for_database()


def main() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/monitoring:", layout="wide")
    pages = [
        st.Page(str(PAGES_DIR / spec.file), title=t(spec.title_key), icon=spec.icon,
                url_path=spec.url_path or None, default=spec.url_path == "",
                visibility="visible" if spec.visible else "hidden")
        for spec in PAGES
    ]
    sections: dict[str, list] = {}
    for spec, page in zip(PAGES, pages):
        sections.setdefault(t(spec.section), []).append(page)
    navigation = st.navigation(sections)
    with st.sidebar:
        st.markdown(f"**{t('app.title')}**  \n{t('app.subtitle')}")
    _language_switch()
    try:
        data.refresh_version()
        navigation.run()
    except DatabaseUnavailable:
        _show_database_unavailable()
    except UserError as exc:
        st.error(exc.message(lang()), icon=":material/error:")
    except Exception:
        log.exception("page %s failed", navigation.url_path)
        st.error(t("errors.unexpected"), icon=":material/error:")
