"""Keep a page's filters in the URL, both ways.

Whenever a page is entered (a link, the navigation, Back or Forward from another page) and
whenever its URL changes from outside (a pasted link, Back/Forward within the page), the widgets
are set from the URL; unknown values get a short notice and fall back to their default. After the
widgets have run, the URL is rewritten with the full state, defaults included, so the address bar
is always a complete, shareable link, and what it shows is what the page shows (a bare address
stays bare while it shows the default view: see the end).

Why "entered" matters: Streamlit forgets a page's widget values when another page runs, but the
signature of the URL a page last wrote stayed in the session. Back to that page brought the same
URL again, it looked unchanged, the widgets were not set from it, and the default view came back
under the old address (issue 10). So the signatures are forgotten whenever the page changes.

Links between pages carry the target's full state (dashboard.ui.views), so a page's rewrite of
its address changes nothing and the browser's history gets one entry per view. A page opened by
st.switch_page (a row chosen in a table) leaves Streamlit's own extra entry, the old page's path
with the new page's query, behind it; Back to that entry shows the old page as it last was (an
address with another page's parameters and none of this page's takes this page's last state in
the session) and the address is rewritten to that view.

A bare address (none of the page's parameters and no other page's: the navigation's link, a typed
/portefolje) is the page's default view, and while the page shows its default view in Danish the
address is left as it is. Writing the defaults out would make the browser's history hold the bare
address and then the written one, both showing the same view, so the first Back seemed to do
nothing. "Kopiér link" and the downloads still carry the full state.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence
import streamlit as st

from dashboard import viewstate
from dashboard.i18n import DEFAULT_LANGUAGE
from dashboard.ui.context import lang, t

LANG = "lang"
_CURRENT_PAGE = "_current_url_path"


_SEEN = "_url_seen:"
_LAST = "_url_last:"
_VIEW = "_url_view"


def set_current_page(url_path: str) -> None:
    """Called by the shell once the navigation knows which page this run shows. A run on another
    page than the last run's forgets what every page last wrote into the URL, so the page reads
    its state from the URL it was entered with."""
    if st.session_state.get(_CURRENT_PAGE) != url_path:
        for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(_SEEN)]:
            del st.session_state[key]
    st.session_state[_CURRENT_PAGE] = url_path


def app_base_url() -> str:
    """The app's root address as the viewer's browser sees it (proxy sub-path included)."""
    return viewstate.app_base(st.context.url or "", st.session_state.get(_CURRENT_PAGE, ""))


def absolute_link(url_path: str, query: Mapping[str, Sequence[str]] | None = None) -> str:
    """A full link to a page of this app, for files and for pasting elsewhere."""
    return viewstate.view_link(app_base_url(), url_path, query or {})


def current_view_link() -> str:
    """The full link to the view being shown: this page's full state (the address bar's query
    on a page without a ViewState)."""
    page = st.session_state.get(_CURRENT_PAGE, "")
    view = st.session_state.get(_VIEW)
    if view is not None and view.url_path == page:
        return view.link(page)
    query = {name: st.query_params.get_all(name) for name in st.query_params.keys()}
    return absolute_link(page, query)


def widget_key(page: str, name: str) -> str:
    return f"{page}:{name}"


def _raw_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params.keys()}


class ViewState:
    """The URL-backed state of one page. Use ``key(name)`` as the widget key of each filter."""

    def __init__(self, page: str, params: Sequence[viewstate.Param],
                 choices: Mapping[str, Iterable[Any]] | None = None) -> None:
        self.page = page
        self.params = list(params)
        self._names = [p.name for p in self.params]
        raw = _raw_params()
        # A bare address is the default view (see the module's docstring).
        self._bare = not any(name != LANG for name in raw)
        if self._names and not self._bare and not any(name in raw for name in self._names):
            # Another page's parameters under this page's path: the entry Streamlit puts in the
            # history when a page opens another one with st.switch_page. It shows the view this
            # page last had in the session, and the address is then rewritten to it.
            raw = {**st.session_state.get(f"{_LAST}{page}", {}), **raw}
        self.notices: list[viewstate.Notice] = []
        seen_key = f"{_SEEN}{page}"
        if st.session_state.get(seen_key) != viewstate.signature(raw, self._names):
            parsed = viewstate.parse(self.params, raw, choices)
            for name, value in parsed.values.items():
                st.session_state[self.key(name)] = value
            self.notices = parsed.notices
        # Keep the values of filters whose widget this run does not draw (a view showing only some
        # of them): Streamlit forgets a widget's value in a run that does not draw it, and the URL
        # must keep every value.
        for name in self._names:
            if self.key(name) in st.session_state:
                st.session_state[self.key(name)] = st.session_state[self.key(name)]
        self.url_path = st.session_state.get(_CURRENT_PAGE, "")
        st.session_state[_VIEW] = self

    def key(self, name: str) -> str:
        return widget_key(self.page, name)

    def __getitem__(self, name: str) -> Any:
        return st.session_state.get(self.key(name))

    def __setitem__(self, name: str, value: Any) -> None:
        st.session_state[self.key(name)] = value

    def values(self) -> dict[str, Any]:
        return {name: self[name] for name in self._names}

    def encoded(self) -> dict[str, list[str]]:
        return {**viewstate.encode(self.params, self.values()), LANG: [lang()]}

    def default_encoded(self) -> dict[str, list[str]]:
        """The page's default view in Danish, as ``encoded`` writes it."""
        defaults = viewstate.parse(self.params, {}).values
        return {**viewstate.encode(self.params, defaults), LANG: [DEFAULT_LANGUAGE]}

    def show_notices(self) -> None:
        """The notices of this run as a visible, non-blocking message in the page."""
        for notice in self.notices:
            st.warning(t("links.unknown_value", param=notice.param, value=notice.value[:80]), icon="⚠️")

    def sync_url(self) -> None:
        """Write the full state to the URL, unless a bare address shows the default view (call
        after the widgets have run)."""
        encoded = self.encoded()
        if self._bare and encoded == self.default_encoded():
            # The default view on a bare address: left as it is (one history entry, not two).
            st.session_state[f"{_SEEN}{self.page}"] = viewstate.signature({}, self._names)
        else:
            st.query_params.from_dict(encoded)
            st.session_state[f"{_SEEN}{self.page}"] = viewstate.signature(encoded, self._names)
        st.session_state[f"{_LAST}{self.page}"] = {k: v for k, v in encoded.items() if k in self._names}

    def link(self, url_path: str) -> str:
        """The complete link to this view, for pasting in a chat or showing on screen."""
        return absolute_link(url_path, self.encoded())

    def copy_link(self, url_path: str) -> None:
        """A "Kopiér link" control: the full link in a box with a copy button."""
        with st.popover(t("links.copy"), icon=":material/link:"):
            st.caption(t("links.copy_help"))
            st.code(self.link(url_path), language=None, wrap_lines=True)
