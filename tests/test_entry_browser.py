"""In a real browser: text with <script>, an onerror image and a javascript: link, stored in the
database, is shown as text on the secretariat's pages and never runs.

Self-contained (until the shared browser harness of tests/browser.py is on main): starts
``itraad run`` on a free port on a fresh test database and drives Debian's Chromium with
Playwright's sync API. Without Chromium the test is skipped, unless ITRAAD_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import accounts

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
NAME = "Testprojekt <script>window.__xss = 1</script>"
PURPOSE = "Se [her](javascript:window.__xss=2) og <img src=x onerror=\"window.__xss=3\">"
PASSWORD = "korrekt hest batteri"

def _require_browser() -> None:
    problem = None if CHROMIUM.exists() else f"{CHROMIUM} is missing (apt-get install chromium)"
    if problem is None:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed"
    if problem and os.environ.get("ITRAAD_REQUIRE_BROWSER", "").strip() not in ("", "0"):
        pytest.fail(f"ITRAAD_REQUIRE_BROWSER is set but {problem}", pytrace=False)
    if problem:
        pytest.skip(f"real-browser test skipped: {problem}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_with_script_text(db_url, db, artifacts):
    _require_browser()
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
    port = _free_port()
    log = (artifacts / "entry-browser-server.log").open("w")
    env = {**os.environ, "DATABASE_URL": db_url.render_as_string(hide_password=False)}
    server = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "run", "--server.port", str(port),
                               "--server.headless", "true"], env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120   # start-up of the server, not an assertion about speed
    while True:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"itraad run did not start; see {log.name}")
        time.sleep(0.3)
    yield base
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    log.close()


def test_script_text_and_javascript_links_are_shown_as_text_and_never_run(app_with_script_text, artifacts):
    from playwright.sync_api import expect, sync_playwright

    dialogs: list[str] = []
    expect.set_options(timeout=30_000)   # a busy CI machine; these are waits for the app, not speed checks
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="da-DK", viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

        def nothing_ran() -> None:
            assert page.evaluate("() => window.__xss") is None
            assert dialogs == []
            assert page.locator('a[href^="javascript:" i]').count() == 0
            assert page.locator('img[src="x"]').count() == 0
            assert page.locator("script", has_text="__xss").count() == 0

        try:
            page.goto(app_with_script_text + "/log-ind", wait_until="domcontentloaded")
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
            page.screenshot(path=str(artifacts / "entry-browser-form.png"), full_page=True)
            nothing_ran()

            # Delete it: the undo notice names it, as text.
            page.get_by_role("button", name="Slet").click()
            page.get_by_role("button", name="Ja, slet").click()
            expect(page.locator('[data-testid="stAlertContentInfo"]').first).to_contain_text(f"Slettet: {NAME}")
            nothing_ran()

            # The history lists the deleted project by its name, as text.
            sidebar.get_by_role("link", name="Historik", exact=True).click()
            expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"Projekt: {NAME}")
            page.screenshot(path=str(artifacts / "entry-browser-history.png"), full_page=True)
            nothing_ran()
        finally:
            context.close()
            browser.close()
