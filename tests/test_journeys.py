"""Real-browser journeys: `itraad run` on a fresh database, Playwright driving Chromium.

Each step waits for the app's own "script run finished" signal (tests/browser.py) and saves a
screenshot to test-artifacts/<test name>/.
"""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from dashboard.ui.shell import PAGES

pytestmark = pytest.mark.browser


def page_url(url_path: str, **query: str) -> str:
    from urllib.parse import urlencode

    return "/" + url_path + (("?" + urlencode(query)) if query else "")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_loads_without_an_exception(open_viewer, lang):
    """Journey 4: every registered page opens cleanly, in Danish and with lang=en."""
    viewer = open_viewer(lang)
    for spec in PAGES:
        viewer.open(page_url(spec.url_path, **({"lang": "en"} if lang == "en" else {})))
        viewer.shot(spec.url_path or "overblik")
        assert viewer.exceptions() == [], spec.file
        assert t("errors.unexpected", lang) not in viewer.errors(), spec.file
        assert not any(t("errors.database_unavailable_page", lang) in e for e in viewer.errors()), spec.file
        nav = viewer.page.locator('[data-testid="stSidebarNav"]').inner_text()
        visible = [p for p in PAGES if p.visible]
        assert all(t(p.title_key, lang) in nav for p in visible), (spec.file, nav)
    assert viewer.console_errors == []
