"""The app shell: page config, language, sign-in, role-aware navigation, and the error boundary
around every page.

The navigation holds only the pages the signed-in person may use (viewers never see the
secretariat's pages). A URL to one of the other pages shows, in its place, "log ind for at
fortsætte" with the sign-in form (ui.sign_in), after which the person lands on that very address.
Secretariat pages check the role again themselves (ui.session.require), and every write checks it
once more on the server (dashboard.entry.service), so no URL or stale session can write with a
viewer's rights.

Errors: every run is inside the error boundary of ``main``, and Streamlit's hook for an error
outside any run's reach (a widget callback, a fragment; dashboard.web.on_script_error) shows the
same Danish message, so Streamlit's English error box never appears.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import heap
from dashboard.db.connection import check_connection
from dashboard.errors import DatabaseUnavailable, UserError
from dashboard.files import pages_dir
from dashboard.i18n import LANGUAGES
from dashboard.ui import data, session, urlstate
from dashboard.ui.context import lang, plain, t

log = logging.getLogger("dashboard.app")
PAGES_DIR = pages_dir()


@dataclass(frozen=True)
class PageSpec:
    file: str          # in pages/ (dashboard.files.pages_dir)
    url_path: str      # readable Danish path ("" is the start page)
    title_key: str
    icon: str
    section: str = "nav.section_views"
    visible: bool = True
    audience: str = "all"   # all | anonymous | secretariat | admin (see ui.session.can_see)


PAGES = [
    PageSpec("overblik.py", "", "nav.overview", ":material/dashboard:"),
    PageSpec("portefolje.py", "portefolje", "nav.portfolio", ":material/table_rows:"),
    PageSpec("projekt.py", "projekt", "nav.project", ":material/folder_open:"),
    PageSpec("pipeline.py", "pipeline", "nav.pipeline", ":material/event_upcoming:"),
    PageSpec("status.py", "status", "nav.status", ":material/traffic:"),
    PageSpec("anbefalinger.py", "anbefalinger", "nav.recommendations", ":material/recommend:"),
    PageSpec("rapporter.py", "rapporter", "nav.reports", ":material/description:"),
    PageSpec("screening.py", "screening", "nav.screening", ":material/rule:"),
    PageSpec("sager.py", "sager", "nav.cases", ":material/assignment:"),
    # One case, opened from /sager, the project page or "Kommende frister" (it needs an id).
    PageSpec("sag.py", "sag", "nav.case", ":material/assignment_turned_in:", visible=False),
    PageSpec("raadet.py", "raadet", "nav.council", ":material/groups:"),
    PageSpec("indtastning.py", "indtastning", "nav.entry", ":material/edit_note:", "nav.section_secretariat",
             audience="secretariat"),
    PageSpec("import.py", "import", "nav.import", ":material/upload_file:", "nav.section_secretariat",
             audience="secretariat"),
    PageSpec("historik.py", "historik", "nav.history", ":material/history:", "nav.section_secretariat",
             audience="secretariat"),
    PageSpec("brugere.py", "brugere", "nav.users", ":material/manage_accounts:", "nav.section_secretariat",
             audience="admin"),
    PageSpec("log_ind.py", "log-ind", "nav.login", ":material/login:", "nav.section_account"),
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


def _signed_in_person():
    try:
        return session.refresh()
    except DatabaseUnavailable:
        return session.actor()  # the page below says the database is away


def _page_title(spec: PageSpec, person) -> str:
    if spec.url_path == "log-ind" and person is not None:
        return t("nav.logout")
    return t(spec.title_key)


def _account_box(person) -> None:
    if person is None:
        return
    from dashboard import domain

    # The name is data: st.text shows it as text, never as Markdown.
    st.sidebar.text(plain("auth.signed_in_short", name=person.label,
                      role=domain.label("entry.role", person.role, lang())))


def _sign_in_first(spec: PageSpec):
    """The stand-in for a page the person may not see: its title and "log ind for at fortsætte"."""
    def page() -> None:
        from dashboard.ui import components
        from dashboard.ui.sign_in import sign_in_to_continue

        components.page_header(spec.title_key)
        sign_in_to_continue(spec.audience)

    page.__name__ = f"sign_in_first_{spec.url_path or 'overblik'}"
    return page


def _navigation(person):
    """Every page has its address; those the person may not see are hidden stand-ins."""
    sections: dict[str, list] = {}
    for spec in PAGES:
        shown = spec.url_path == "log-ind" or session.can_see(spec.audience, person)
        target = str(PAGES_DIR / spec.file) if shown else _sign_in_first(spec)
        page = st.Page(target, title=_page_title(spec, person), icon=spec.icon, url_path=spec.url_path or None,
                       default=spec.url_path == "",
                       visibility="visible" if shown and spec.visible else "hidden")
        sections.setdefault(t(spec.section), []).append(page)
    # Expanded: with the cases' pages there are more than twelve, and a collapsed menu would hide
    # the secretariat's pages behind "View more".
    return st.navigation(sections, expanded=True)


def show_unexpected_error(exc: BaseException) -> bool:
    """The app's Danish (or English) message for an error nothing else caught; the log has the rest.
    Also Streamlit's on_script_error hook (dashboard.web): returns True = Streamlit shows nothing."""
    log.error("uncaught error", exc_info=exc)
    try:
        message = t("errors.unexpected")
    except Exception:  # even the language could not be read: Danish
        from dashboard.i18n import t as catalogue_text

        message = catalogue_text("errors.unexpected")
    st.error(message, icon=":material/error:")
    return True


STYLE = (Path(__file__).resolve().parent / "style.css").read_text("utf-8")


def main() -> None:
    try:
        _run()
    except Exception as exc:  # st.stop() and st.rerun() are not Exceptions and pass through
        show_unexpected_error(exc)
    finally:
        heap.after_script_run()


def _run() -> None:
    from dashboard.web.pages import icon_path

    st.set_page_config(page_title=t("app.title"), page_icon=icon_path(), layout="wide")
    st.html(f"<style>{STYLE}</style>")  # readable contrast, keyboard focus, phone layouts (style.css)
    person = _signed_in_person()
    navigation = _navigation(person)
    urlstate.set_current_page(navigation.url_path)
    with st.sidebar:
        st.markdown(f"**{t('app.title')}**  \n{t('app.subtitle')}")
    _account_box(person)
    _language_switch()
    try:
        data.refresh_version()
        navigation.run()
    except DatabaseUnavailable:
        _show_database_unavailable()
    except UserError as exc:
        st.error(exc.message(lang(), markdown=True), icon=":material/error:")
    except Exception:
        log.exception("page %s failed", navigation.url_path)
        st.error(t("errors.unexpected"), icon=":material/error:")
