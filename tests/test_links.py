"""The link a view offers: the app's root from the browser's address, then the page and its query."""

import pytest

from dashboard.viewstate import app_base, view_link


@pytest.mark.parametrize("page_url, current, base", [
    ("http://127.0.0.1:8501/portefolje", "portefolje", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/", "", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501", "", "http://127.0.0.1:8501"),
    # Behind a proxy that serves the app under a sub-path.
    ("https://intra.example/raad/portefolje", "portefolje", "https://intra.example/raad"),
    ("https://intra.example/raad/", "", "https://intra.example/raad"),
    # Only the current page's own path is removed, never a sub-path that merely ends alike.
    ("https://intra.example/pipeline/status", "status", "https://intra.example/pipeline"),
])
def test_app_base_removes_only_the_current_page(page_url, current, base):
    assert app_base(page_url, current) == base


def test_view_link_holds_the_page_once_and_the_full_query():
    base = app_base("http://h:1/portefolje", "portefolje")
    link = view_link(base, "portefolje", {"profil": ["A", "B"], "soeg": ["æ ø"], "lang": ["da"]})
    assert link == "http://h:1/portefolje?profil=A&profil=B&soeg=%C3%A6+%C3%B8&lang=da"
    assert view_link(base, "", {"lang": ["en"]}) == "http://h:1/?lang=en"
