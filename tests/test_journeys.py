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
        viewer.page.get_by_role("button", name=button_label, exact=True).click()
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


# --- the secretariat's journeys (forms, sign-in: issue 6) ---------------------------------------

PASSWORD = "korrekt hest batteri staldør"


@pytest.fixture
def secretariat_account(db_url):
    """A secretariat account, created the way an administrator does it."""
    from tests.test_cli import itraad

    result = itraad("user", "add", "anna", "--role", "secretariat", "--name", "Anna Sekretær", "--password-stdin",
                    input=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    return "anna"


def sign_in(viewer, username: str) -> None:
    viewer.open("/log-ind")
    viewer.fill(t("auth.username"), username)
    viewer.fill(t("auth.password"), PASSWORD)
    # A correct password sends the browser to the server for its session cookie and back to this
    # page (dashboard/web/signin.py): a new document, whose first run shows the role's navigation.
    with viewer.page.expect_navigation(timeout=viewer.timeout_ms):
        viewer.page.get_by_role("button", name=t("auth.submit")).click()
    viewer.wait_for_run(0)
    viewer.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t("nav.entry"), exact=True).wait_for()


def go_to(viewer, title_key: str) -> None:
    """Follow a link in the navigation (in-app: the signed-in session stays)."""
    link = viewer.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t(title_key), exact=True)
    viewer.act(link.click)


def open_form(viewer, kind: str) -> None:
    go_to(viewer, "nav.entry")
    if viewer.value(t("entry.choose_kind")) != t(f"entry.kind.{kind}"):  # choosing the shown one reruns nothing
        viewer.act(lambda: viewer.choose(t("entry.choose_kind"), t(f"entry.kind.{kind}")))


def field_label(name: str, required: bool = False) -> str:
    return t(f"entry.field.{name}") + (" *" if required else "")


def pipeline_cards(viewer) -> list[str]:
    return viewer.main().locator('[data-testid="stVerticalBlock"] strong').all_inner_texts()


def test_secretariat_adds_a_pipeline_item_that_a_director_sees(open_viewer, db, secretariat_account):
    """Journey 2: the secretariat signs in and adds a pipeline item; a director in another
    browser sees it after a rerun."""
    import sqlalchemy as sa

    with db.connect() as conn:
        project = conn.execute(sa.text(
            "SELECT p.id, p.name FROM project p WHERE p.state = 'ongoing' AND NOT EXISTS "
            "(SELECT 1 FROM activity a WHERE a.project_id = p.id AND a.plan_year = 2024) ORDER BY p.name LIMIT 1")).one()
        planned = conn.execute(sa.text("SELECT count(*) FROM activity WHERE plan_year = 2024")).scalar()

    director = open_viewer("direktor")
    director.open("/pipeline?aar=2024")
    director.shot("pipeline-foer")
    assert project.name not in pipeline_cards(director)
    assert f"{planned} forventede aktiviteter i 2024" in director.main().inner_text()

    secretariat = open_viewer("sekretariat")
    sign_in(secretariat, secretariat_account)
    open_form(secretariat, "pipeline_item")
    secretariat.choose(field_label("project", True), project.name)
    secretariat.choose(field_label("plan_year", True), "2024")
    secretariat.shot("formular")
    secretariat.act(lambda: secretariat.page.get_by_role("button", name=t("entry.form.save")).click())
    secretariat.shot("gemt")
    assert t("entry.form.saved", kind=t("entry.kind.pipeline_item")) in secretariat.main().inner_text()
    assert secretariat.exceptions() == [] and secretariat.errors() == []

    with db.connect() as conn:
        added = conn.execute(sa.text(
            "SELECT type::text, state::text, month, provenance::text, entered_by FROM activity "
            "WHERE project_id = :p AND plan_year = 2024"), {"p": project.id}).all()
    assert len(added) == 1
    assert added[0][:4] == ("sparring_or_assessment", "awaiting", None, "entered")

    director.rerun()
    director.shot("pipeline-efter")
    assert project.name in pipeline_cards(director)
    assert f"{planned + 1} forventede aktiviteter i 2024" in director.main().inner_text()
    assert director.exceptions() == [] and director.errors() == []


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_written(open_viewer, db, secretariat_account):
    """Journey 3: a form with bad values shows each message under its field, keeps what was
    typed, and writes nothing."""
    from tests.helpers import table_checksums

    secretariat = open_viewer("sekretariat")
    sign_in(secretariat, secretariat_account)  # signing in records the sign-in; the form writes nothing
    open_form(secretariat, "project")
    with db.connect() as conn:
        before = table_checksums(conn)
    name, short = "Nyt <b>projekt</b>", "Et kort navn der er alt for langt til feltet"
    secretariat.fill(field_label("name", True), name)
    secretariat.fill(field_label("short_name"), short)
    secretariat.choose(field_label("state", True), t("state.ongoing"))
    secretariat.act(lambda: secretariat.page.get_by_role("button", name=t("entry.form.save")).click())
    secretariat.shot("fejl")

    assert secretariat.field_error(field_label("name", True)) == t("entry.error.markup")
    assert secretariat.field_error(field_label("short_name")) == t("entry.error.too_long", max=40, length=len(short))
    assert secretariat.field_error(field_label("purpose")) is None
    assert secretariat.value(field_label("name", True)) == name  # the input stays
    assert secretariat.value(field_label("short_name")) == short
    assert secretariat.exceptions() == []
    with db.connect() as conn:
        assert table_checksums(conn) == before  # nothing written, not even to the audit trail
