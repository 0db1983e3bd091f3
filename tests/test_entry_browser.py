"""In a real browser: text with <script>, an onerror image and a javascript: link, stored in the
database, is shown as text on the secretariat's pages and never runs.

Uses the shared harness of tests/browser.py (`itraad run` on the test's fresh database, Debian's
Chromium through Playwright).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dashboard import accounts

pytestmark = pytest.mark.browser

NAME = "Testprojekt <script>window.__xss = 1</script>"
PURPOSE = "Se [her](javascript:window.__xss=2) og <img src=x onerror=\"window.__xss=3\">"
PASSWORD = "korrekt hest batteri"


@pytest.fixture
def script_text(db):
    with db.begin() as conn:
        # Written past the forms (which refuse it), as old or imported data might be.
        conn.execute(sa.text(
            "INSERT INTO project (slug, name, purpose, state, provenance, entered_by, entered_at)"
            " VALUES ('xss-test', :name, :purpose, 'ongoing', 'entered', 'test', now())"),
            {"name": NAME, "purpose": PURPOSE})
        conn.execute(sa.text(
            "INSERT INTO project_responsible (project_id, organisation_id, position)"
            " SELECT id, (SELECT min(id) FROM organisation), 1 FROM project WHERE slug = 'xss-test'"))
        accounts.create_user(conn, "anna", "secretariat", PASSWORD, "Anna <b>fed</b>", "test")


def test_script_text_and_javascript_links_are_shown_as_text_and_never_run(script_text, open_viewer):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    expect.set_options(timeout=30_000)   # a busy CI machine; these are waits for the app, not speed checks
    viewer = open_viewer("sekretariat", viewport={"width": 1400, "height": 1000})
    page = viewer.page
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def nothing_ran() -> None:
        assert page.evaluate("() => window.__xss") is None
        assert dialogs == []
        assert page.locator('a[href^="javascript:" i]').count() == 0
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator("script", has_text="__xss").count() == 0

    viewer.open("/log-ind")
    page.get_by_label("Brugernavn").fill("anna")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text("Anna <b>fed</b> · Sekretariat")   # a name is text, not markup

    sidebar.get_by_role("link", name="Indtastning", exact=True).click()
    chooser = page.locator('[data-testid="stSelectbox"]').filter(has_text="Ny eller eksisterende")
    chooser.locator("input").click()
    page.keyboard.type("Testprojekt")
    page.get_by_role("option", name=NAME).click()
    # While the script reruns, the new-record form is still shown until the edit form replaces it:
    # wait until the only field of each label holds the stored text, exactly.
    for label, value in (("Navn *", NAME), ("Formål", PURPOSE)):
        page.wait_for_function(
            "([label, value]) => { const xs = document.querySelectorAll(`[aria-label='${label}']`);"
            " return xs.length === 1 && xs[0].value === value; }", arg=[label, value])
    expect(chooser.locator("input")).to_have_value(NAME)
    viewer.shot("formular")
    nothing_ran()

    # Delete it: the undo notice names it, as text.
    page.get_by_role("button", name="Slet").click()
    page.get_by_role("button", name="Ja, slet").click()
    expect(page.locator('[data-testid="stAlertContentInfo"]').first).to_contain_text(f"Slettet: {NAME}")
    nothing_ran()

    # The history lists the deleted project by its name, as text.
    sidebar.get_by_role("link", name="Historik", exact=True).click()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"Projekt: {NAME}")
    viewer.shot("historik")
    nothing_ran()
