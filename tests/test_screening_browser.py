"""Real-browser journey of the screening (issue 15), on `itraad run` with the demo set loaded.

A director opens /screening, follows a project from the list to its page and reads the rule's
reason there; the link of a view opens the same view in a fresh browser, and Back goes back. The
secretariat enters a budget re-baseline: first with bad values (each explained under its field,
nothing written), then one that crosses the threshold, and the director sees the project appear
as a re-assessment trigger. The same views on a 390 px phone. Screenshots: test-artifacts/<test>/.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from dashboard.i18n import t
from helpers import table_checksums
from screening_helpers import D, hold_assessment
from tests.test_journeys import (downloaded_csv, field_label, open_form, secretariat_account,  # noqa: F401
                                 sign_in)

pytestmark = pytest.mark.browser

PROJECT = "It-understøttelse af udlevering af vederlagsfri medicin"   # demo: 9,5 mio. kr., joint-regional
NOMINATED = "Pseudonymisering af oplysninger i journaler og logs"   # demo: 14 mio. kr., in analysis


@pytest.fixture
def demo_facts(db):
    """The demo set, and an assessment of PROJECT in March 2024, when its budget was 9,5 mio. kr."""
    from dashboard.demo import load_demo

    with db.begin() as conn:
        assert load_demo(conn)
        hold_assessment(conn, "vederlagsfri-medicin", D(2024, 3, 1))
    return db


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# A run finished after a navigation, whether the app moved within the page or the browser loaded it
# anew (the run counter of tests/browser.py then starts again from 0).
NAVIGATED = """
before => {
  const root = document.querySelector('[data-testid="stApp"]');
  const runs = window.__itraadRuns || 0;
  return runs > 0 && runs !== before && root !== null
    && root.getAttribute('data-test-script-state') === 'notRunning'
    && root.getAttribute('data-test-connection-state') === 'CONNECTED';
}
"""


def follow(viewer, link, url_part: str) -> None:
    """Click a link to another page and wait until that page's run has finished."""
    from tests.browser import RENDERED

    before = viewer.runs()
    link.click()
    viewer.page.wait_for_url(re.compile(re.escape(url_part)))
    viewer.page.wait_for_function(NAVIGATED, arg=before, polling="raf")
    viewer.page.wait_for_function(RENDERED, polling="raf")


def choose_view(viewer, label: str) -> None:
    """Click an option of the page's segmented view control."""
    option = viewer.main().locator('[data-testid="stButtonGroup"] button').filter(has_text=label)
    viewer.act(option.click)


def type_date(viewer, label: str, digits: str) -> None:
    """Type a date into a date field (day, month and year segments, DD.MM.YYYY) as a person does,
    and check that the field shows it."""
    from playwright.sync_api import expect

    field = viewer.page.get_by_label(label, exact=True)
    field.locator('[role="spinbutton"]').first.click()
    viewer.page.keyboard.type(digits)
    viewer.page.keyboard.press("Escape")   # no calendar left open over the form
    expect(field).to_have_text(re.compile(r"\s*".join([digits[:2], r"\.", digits[2:4], r"\.", digits[4:]])))


def save(viewer) -> None:
    """Press the form's save button (nothing else has the focus) and wait for the run it starts."""
    button = viewer.page.get_by_role("button", name=t("entry.form.save"))
    button.focus()
    viewer.act(button.click)


def list_names(viewer) -> str:
    """The project links under a list (in this tab)."""
    return " | ".join(viewer.main().locator('[data-testid="stPageLink"]').all_inner_texts())


def test_director_follows_the_screening_and_the_secretariat_triggers_a_reassessment(demo_facts, open_viewer,
                                                                                   secretariat_account):
    from playwright.sync_api import expect

    db = demo_facts
    director = open_viewer("direktor", timeout_ms=60_000)
    director.open("/screening")
    director.shot("skal-vurderes")
    assert director.exceptions() == [] and director.errors() == []
    assert director.url_path_and_query() == "/screening"   # the default view: its bare address stays bare
    assert NOMINATED in list_names(director) and PROJECT not in list_names(director)
    assert "Visningen indeholder DEMODATA" in director.main().inner_text()

    # Follow a project from the list: its page gives the rule's verdict with the reason in words.
    follow(director, director.main().get_by_role("link", name=NOMINATED), "/projekt?")
    director.shot("projekt")
    assert "/projekt?" in director.page.url and "id=pseudonymisering" in director.page.url
    reason = plain(next(w for w in director.warnings() if "Skal risikovurderes" in w))
    assert reason.startswith("Skal risikovurderes: et fællesregionalt projekt med nyudvikling, og budgettet på "
                             "14 mio. kr. (skøn pr. 1. november 2023) er over beløbsgrænsen på 10 mio. kr. "
                             "(gældende fra 1. januar 2019).")
    assert "Ikke risikovurderet. Risikovurdering planlagt april 2024." in reason
    assert "Indstillet 15. februar 2023 (RSI-kredsen)" in director.main().inner_text()
    follow(director, director.main().get_by_role("link", name=t("screening.project.to_screening")),
           "/screening?visning=skal-vurderes")
    assert "/screening?visning=skal-vurderes" in director.page.url

    # The re-assessment view, before the secretariat's change: PROJECT is not there. Back and
    # Forward move between the views.
    choose_view(director, t("screening.views.reassessment"))
    assert "visning=genvurdering" in director.url_path_and_query()
    assert PROJECT not in list_names(director) and NOMINATED not in list_names(director)
    director.act(director.page.go_back)
    expect(director.page).to_have_url(re.compile(r"/screening\?visning=skal-vurderes"))
    assert NOMINATED in list_names(director)
    director.act(director.page.go_forward)
    expect(director.page).to_have_url(re.compile(r"/screening\?visning=genvurdering"))
    director.main().get_by_role("button", name=t("links.copy")).click()   # opens in the browser, no rerun
    shared = director.page.locator('[data-testid="stPopoverBody"] code').inner_text().strip()
    director.page.keyboard.press("Escape")
    assert shared.startswith(director.server.url + "/screening?") and "visning=genvurdering" in shared

    # The secretariat: a re-baseline with bad values is explained under each field and writes nothing.
    secretariat = open_viewer("sekretariat", timeout_ms=60_000)
    sign_in(secretariat, secretariat_account)
    open_form(secretariat, "budget")
    with db.connect() as conn:
        before = table_checksums(conn)
    secretariat.choose(field_label("project", True), PROJECT)
    secretariat.fill(field_label("amount_mkr", True), "-5")
    secretariat.fill(field_label("regional_share_mkr"), "3")
    type_date(secretariat, field_label("start_on"), "01062026")
    type_date(secretariat, field_label("end_on"), "01062025")
    secretariat.fill(field_label("source", True), "Styregruppemøde om ny business case")
    save(secretariat)
    secretariat.shot("budget-fejl")
    assert secretariat.field_error(field_label("amount_mkr", True)) == t("entry.error.amount_not_positive")
    assert secretariat.field_error(field_label("end_on")) == "Slut skal ligge efter start (1. juni 2026)."
    assert secretariat.field_error(field_label("regional_share_mkr")) == \
        "Kun fællesoffentlige projekter har en regional del (projektet er registreret som Fællesregionalt)."
    assert secretariat.value(field_label("amount_mkr", True)) == "-5"   # what was typed stays
    with db.connect() as conn:
        assert table_checksums(conn) == before

    # Corrected: 14 mio. kr. from today, over the threshold since the assessment.
    secretariat.fill(field_label("amount_mkr", True), "14")
    secretariat.fill(field_label("regional_share_mkr"), "")
    type_date(secretariat, field_label("end_on"), "30062027")
    save(secretariat)
    secretariat.shot("budget-gemt")
    assert t("entry.form.saved", kind=t("entry.kind.budget")) in secretariat.main().inner_text()
    with db.connect() as conn:
        saved = conn.execute(sa.text(
            "SELECT b.kind::text, b.as_of, b.amount_mkr::float8, b.start_on, b.end_on, b.provenance::text,"
            " b.entered_by FROM project_budget b JOIN project p ON p.id = b.project_id"
            " WHERE p.slug = 'vederlagsfri-medicin' ORDER BY b.id DESC LIMIT 1")).one()
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=1))).date()
    assert saved.kind == "baseline" and saved.amount_mkr == 14.0 and saved.provenance == "entered"
    assert saved.entered_by == "anna" and abs((saved.as_of - today).days) <= 1
    assert (saved.start_on, saved.end_on) == (D(2026, 6, 1), D(2027, 6, 30))

    # The director's next run: the project is a re-assessment trigger, with the reason in words.
    director.rerun()
    director.shot("genvurdering")
    assert PROJECT in list_names(director)
    filters, rows = downloaded_csv(director, t("common.download_csv"))   # the table's rows, as the director gets them
    assert rows[t("screening.col.project")].tolist() == [PROJECT]
    assert rows[t("screening.col.reason")].iloc[0].startswith(
        "Ved risikovurderingen i marts 2024 var budgettet 9,5 mio. kr. (grænse 10 mio. kr.); nu er beløbet 14 mio. kr.")
    assert f"{t('screening.view')}: {t('screening.views.reassessment')}" in filters

    # The shared link opens the same view in a fresh browser; reload keeps it.
    colleague = open_viewer("kollega", timeout_ms=60_000)
    colleague.open(shared[len(colleague.server.url):])
    assert colleague.url_path_and_query() == shared[len(colleague.server.url):]
    assert PROJECT in list_names(colleague)
    colleague.page.reload()
    colleague.wait_for_run(0)
    assert PROJECT in list_names(colleague)

    # A phone: the same views at 390 px.
    phone = open_viewer("telefon", viewport={"width": 390, "height": 844}, timeout_ms=60_000)
    phone.open("/screening?visning=genvurdering")
    phone.shot("genvurdering-390")
    assert PROJECT in list_names(phone) and phone.exceptions() == []
    phone.open("/projekt?id=vederlagsfri-medicin")
    phone.shot("projekt-390")
    assert "Skal risikovurderes" in phone.main().inner_text()
    phone.open("/screening?visning=figur-5")
    phone.shot("figur-5-390")
    director.open("/screening?visning=figur-4")
    director.shot("figur-4")
    for viewer in (director, secretariat, colleague, phone):
        assert viewer.exceptions() == [] and viewer.console_errors == []
