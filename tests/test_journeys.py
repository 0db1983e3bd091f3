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
        # What a visitor who has not signed in has in the navigation.
        visible = [p for p in PAGES if p.visible and getattr(p, "audience", "all") in ("all", "anonymous")]
        assert all(t(p.title_key, lang) in nav for p in visible), (spec.file, nav)
    assert viewer.console_errors == []


def metric_value(viewer, label: str) -> str:
    metric = viewer.main().locator('[data-testid="stMetric"]').filter(
        has=viewer.page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def fact_value(viewer, label: str) -> str:
    """The value of a labelled fact (components.facts: a bordered box with a caption and a value)."""
    box = viewer.main().locator('[data-testid="stVerticalBlock"]').filter(
        has=viewer.page.locator('[data-testid="stCaptionContainer"]', has_text=label)).last
    values = box.locator('[data-testid="stMarkdownContainer"]:not([data-testid="stCaptionContainer"] *)')
    texts = [v.strip() for v in values.all_inner_texts() if v.strip() and v.strip() != label]
    assert len(texts) == 1, (label, texts)
    return texts[0]


def downloaded_csv(viewer, button_label: str):
    """Click a download button and read the CSV the viewer gets (comment lines name the filters)."""
    import io

    import pandas as pd

    with viewer.page.expect_download() as download:
        viewer.page.get_by_role("button", name=button_label).click()
    text = download.value.path().read_text("utf-8-sig")
    filters = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    rows = pd.read_csv(io.StringIO(text), comment=None, skiprows=len(filters), dtype=str, keep_default_na=False)
    return filters, rows


def test_director_follows_a_shared_link_to_a_project(open_viewer, db):
    """Journey 1: overview -> shared deep link to a filtered portfolio -> a project, all as in the database."""
    import sqlalchemy as sa

    from dashboard import domain, tables

    director = open_viewer("direktor")
    director.open("/")
    director.shot("overblik")
    with db.connect() as conn:
        held = dict(conn.execute(sa.text(
            "SELECT type::text, count(*) FROM activity WHERE state = 'held' GROUP BY type")).all())
        profiles = dict(conn.execute(sa.text(
            "SELECT r.profile::text, count(DISTINCT a.project_id) FROM risk_assessment_result r "
            "JOIN activity a ON a.id = r.activity_id GROUP BY r.profile")).all())
    assert metric_value(director, t("overview.risk_assessments")) == str(held["risk_assessment"])
    assert metric_value(director, t("overview.sparring_meetings")) == str(held["sparring_meeting"])
    for profile in ("A", "B", "C"):
        assert metric_value(director, t("overview.profile_count", profile=profile)) == str(profiles.get(profile, 0))

    # A link shared in a meeting: Region Midtjylland's projects with risk profile A.
    director.open("/portefolje?ansvarlig=Region+Midtjylland&profil=A")
    director.shot("delt-link")
    with db.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT DISTINCT p.name FROM project p "
            "JOIN project_responsible pr ON pr.project_id = p.id JOIN organisation o ON o.id = pr.organisation_id "
            "JOIN activity a ON a.project_id = p.id JOIN risk_assessment_result r ON r.activity_id = a.id "
            "WHERE o.name = 'Region Midtjylland' AND r.profile = 'A'")).scalars().all()
        total = conn.execute(sa.text("SELECT count(*) FROM project")).scalar()
    assert len(expected) >= 2
    assert director.warnings() == []  # every value in the link was understood
    assert f"{len(expected)} af {total} projekter" in director.main().inner_text()
    query = director.url_path_and_query()
    assert "ansvarlig=Region+Midtjylland" in query and "profil=A" in query and "sorter=navn" in query
    filters, rows = downloaded_csv(director, t("common.download_csv"))
    shown = rows[t("columns.name")].tolist()
    assert shown == sorted(expected, key=str.lower) or shown == sorted(expected)
    assert any("Region Midtjylland" in f for f in filters)

    # Open the first project by selecting its row (the box at the far left of the table).
    grid = director.main().locator('[data-testid="data-grid-canvas"]').first.bounding_box()
    director.act(lambda: director.page.mouse.click(grid["x"] + 18, grid["y"] + 36 + 17))
    director.shot("projekt")
    assert "/projekt?" in director.page.url
    slug = dict(p.split("=", 1) for p in director.page.url.split("?", 1)[1].split("&"))["id"]
    with db.connect() as conn:
        project = conn.execute(sa.text(
            "SELECT p.name, p.state::text AS state, p.status_text, p.status_date, "
            "       (SELECT r.profile::text FROM activity a JOIN risk_assessment_result r ON r.activity_id = a.id "
            "         WHERE a.project_id = p.id ORDER BY a.month DESC NULLS LAST LIMIT 1) AS profile, "
            "       (SELECT string_agg(o.name, '; ' ORDER BY pr.position) FROM project_responsible pr "
            "          JOIN organisation o ON o.id = pr.organisation_id WHERE pr.project_id = p.id) AS responsible "
            "FROM project p WHERE p.slug = :slug"), {"slug": slug}).mappings().one()
    assert project["name"] == shown[0]
    main = director.main()
    assert main.locator("h1").first.inner_text().strip() == project["name"]
    assert fact_value(director, t("columns.state")) == domain.label("state", project["state"], "da")
    assert fact_value(director, t("columns.risk_profile")) == domain.profile_label(project["profile"], "da")
    assert fact_value(director, t("columns.responsible")) == tables.responsible_text(project["responsible"], "da")
    text = main.inner_text()
    if project["status_text"]:
        assert project["status_text"] in text
        assert tables.month_text(project["status_date"], "da") in text
    assert director.exceptions() == [] and director.errors() == []
