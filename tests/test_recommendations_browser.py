"""The identified risks on /anbefalinger in a real browser (Playwright driving Chromium against
`itraad run`): a person searches the risks, copies the offered link and opens it in a fresh
browser, follows the list to the project and presses Back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.recommendation_helpers import load_demo_set
from tests.test_meeting_browser import copied_link, view_of

pytestmark = pytest.mark.browser

@pytest.fixture
def demo(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    return db


def test_a_person_searches_the_risks_shares_the_link_and_goes_back(demo, open_viewer):
    person = open_viewer("direktor")
    person.open("/anbefalinger")
    person.shot("fordeling")
    option = person.main().locator('[data-testid="stButtonGroup"] button').filter(
        has_text=re.compile(f"^{t('recommendations.view_risks')}$"))
    person.act(option.click)
    expect(person.page).to_have_url(re.compile(r"/anbefalinger\?visning=risici"))
    person.shot("risici")
    assert person.main().get_by_text(t("recommendations.risks_count", count=5)).count() == 1

    person.act(lambda: (person.fill(t("recommendations.risks_search"), "leverandørens"),
                        person.page.keyboard.press("Enter")))
    person.shot("soegning")
    expect(person.page).to_have_url(re.compile(r"soeg=leverand%C3%B8rens"))
    assert person.main().get_by_text(t("recommendations.risks_count", count=1)).count() == 1
    assert person.exceptions() == [] and person.errors() == []
    searched_url, searched = view_of(person), person.page.url

    # The offered link is the address, and opens the same view in a fresh browser.
    link = copied_link(person)
    assert link == searched and "visning=risici" in link and "soeg=leverand%C3%B8rens" in link
    fresh = open_viewer("frisk")
    fresh.page.goto(link, wait_until="domcontentloaded")
    fresh.wait_for_run(0)
    fresh.shot("frisk-kontekst")
    assert fresh.page.url == link and view_of(fresh) == searched_url
    assert fresh.main().get_by_text(t("recommendations.risks_count", count=1)).count() == 1
    assert fresh.exceptions() == [] and fresh.errors() == []
    fresh.close()

    # On to the project, and Back to exactly the search.
    project = person.main().locator('[data-testid="stPageLink"] a[href*="projekt"]').first
    assert "demo-patienttransport" in project.get_attribute("href")
    person.act(project.click)
    assert "/projekt?id=demo-patienttransport" in person.page.url
    person.shot("projekt")
    person.act(person.page.go_back)
    person.shot("tilbage")
    assert person.page.url == searched and view_of(person) == searched_url
    assert person.main().get_by_text(t("recommendations.risks_count", count=1)).count() == 1
    assert person.exceptions() == [] and person.console_errors == []
