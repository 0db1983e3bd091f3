"""Issue 10 and 11 in a real browser (Playwright driving Chromium against `itraad run`).

One app server on one database for the module (the demo set, a secretariat account, and one
project whose texts are hostile Markdown/HTML), shared by the tests:

- "Kopiér link": the link offered opens exactly the same view in a fresh browser context, also
  when the app is served under a sub-path, and the downloads carry the same link;
- Back and Forward restore exactly the view the address shows (status page, portfolio row);
- the change log (/historik) opens, in Danish and English, with the history of a published record;
- the journeys' pages at 1440 and 390 px wide, with screenshots;
- data shown as text: hostile names on every page and in a crafted link, with a local request
  logger that must see no request and the texts visible as typed.
"""

from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from dashboard import accounts
from dashboard.i18n import t
from dashboard.text import shown
from tests.browser import AppBrowser, artifact_dir
from tests.status_helpers import load_demo_set
from tests import test_journeys as journeys
from tests.test_journeys import PASSWORD, downloaded_csv, go_to

pytestmark = pytest.mark.browser

SECRETARIAT = "sara"


# --- a local request logger: a hostile image pointing here must never be fetched -----------------

class RequestLogger:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        seen = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                seen.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.server.shutdown()


def hostile(logger: RequestLogger, where: str) -> list[str]:
    """The hostile texts of issue 11, the image pointing at the logger (named by ``where``)."""
    return [f"![]({logger.url(where)})", "[klik](http://evil.example)", ":red[x]", "<b>x</b>"]


def add_hostile_project(engine: sa.Engine, logger: RequestLogger) -> dict:
    """A project whose every text is hostile: name, short name, purpose, status text, its
    organisation, its latest status report's notes, a pipeline item, a recommendation."""
    who = {"by": "sekretariatet"}
    name = "Fjendtlig " + " ".join(hostile(logger, "name"))
    with engine.begin() as conn:
        org = conn.execute(sa.text(
            "INSERT INTO organisation (name, kind, provenance, entered_by, entered_at) "
            "VALUES (:name, 'region', 'entered', :by, now()) RETURNING id"),
            {"name": "Org " + " ".join(hostile(logger, "org")), **who}).scalar()
        project = conn.execute(sa.text(
            "INSERT INTO project (slug, name, short_name, purpose, state, is_rsi, status_text, status_date, "
            "provenance, entered_by, entered_at) VALUES ('fjendtlig', :name, :short, :purpose, 'ongoing', true, "
            ":status, DATE '2023-12-01', 'entered', :by, now()) RETURNING id"),
            {"name": name, "short": f"![]({logger.url('s')}) :red[x]", "purpose": " ".join(hostile(logger, "purpose")),
             "status": " ".join(hostile(logger, "status")), **who}).scalar()
        conn.execute(sa.text("INSERT INTO project_responsible (project_id, organisation_id, position) VALUES (:p, :o, 1)"),
                     {"p": project, "o": org})
        for month, colour in (("2023-11-01", "yellow"), ("2023-12-01", "red")):
            conn.execute(sa.text(
                "INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause, "
                "time_note, action, reported_by, reported_at, provenance, entered_by, entered_at) VALUES "
                "(:p, CAST(:m AS date), 'green', :c, 'green', 'green', 'schedule', :note, 'new_plan', :rb, "
                "CAST(:m AS date) + interval '35 days', 'entered', :by, now())"),
                {"p": project, "m": month, "c": colour, "note": "Note " + " ".join(hostile(logger, "note")),
                 "rb": "Leder :red[x]", **who})
        conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, state, plan_year, provenance, entered_by, entered_at) "
            "VALUES (:p, 'sparring_or_assessment', 'awaiting', 2024, 'entered', :by, now())"), {"p": project, **who})
        assessment = conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at) "
            "VALUES (:p, 'risk_assessment', DATE '2023-06-01', 'held', 'entered', :by, now()) RETURNING id"),
            {"p": project, **who}).scalar()
        conn.execute(sa.text(
            "INSERT INTO risk_assessment_result (activity_id, profile, provenance, entered_by, entered_at) "
            "VALUES (:a, 'B', 'entered', :by, now())"), {"a": assessment, **who})
        conn.execute(sa.text(
            "INSERT INTO recommendation (activity_id, subcategory, text, provenance, entered_by, entered_at) "
            "VALUES (:a, 'schedule', :text, 'entered', :by, now())"),
            {"a": assessment, "text": "Anbefaling " + " ".join(hostile(logger, "recommendation")), **who})
    return {"id": project, "name": name}


@dataclass
class Served:
    engine: sa.Engine
    server: object
    logger: RequestLogger
    hostile: dict
    luna: int


@pytest.fixture(scope="module")
def served(server_admin_url, template_db, run_id, chromium):
    from tests.browser import start_app
    from tests.conftest import _fresh_database

    logger = RequestLogger()
    with pytest.MonkeyPatch.context() as patch, _fresh_database(server_admin_url, run_id, template_db, patch) as url:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        load_demo_set(engine)
        found = add_hostile_project(engine, logger)
        with engine.begin() as conn:
            accounts.create_user(conn, SECRETARIAT, "secretariat", PASSWORD, "Sara Sekretær", "test")
            luna = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'luna'")).scalar()
        server = start_app({"DATABASE_URL": url.render_as_string(hide_password=False)},
                           log_path=artifact_dir("meeting_browser") / "server.log")
        try:
            yield Served(engine, server, logger, found, luna)
        finally:
            server.stop()
            engine.dispose()
            logger.close()


@pytest.fixture
def viewers(chromium, served, shots):
    opened: list[AppBrowser] = []

    def open_one(name: str, width: int = 1440, server=None) -> AppBrowser:
        viewer = AppBrowser(chromium, server or served.server, shots, name=name,
                            viewport={"width": width, "height": 1000 if width > 800 else 844})
        opened.append(viewer)
        return viewer

    yield open_one
    for viewer in opened:
        viewer.close()


# --- what a view is, as a person sees it ---------------------------------------------------------

VIEW = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const all = s => Array.from(main.querySelectorAll(s));
  return {
    inputs: all('input').filter(e => e.type !== 'hidden').map(e => (e.getAttribute('aria-label') || '') + '=' + e.value),
    chips: all('[data-baseweb="tag"]').map(e => e.innerText),
    chosen: all('[role="radio"][aria-checked="true"], [aria-pressed="true"]').map(e => e.innerText),
    headings: all('h1, h2, h3, h4').map(e => e.innerText),
    texts: all('[data-testid="stMarkdownContainer"]').map(e => e.innerText),
  };
}"""


def view_of(viewer: AppBrowser) -> dict:
    return viewer.page.evaluate(VIEW)


def copied_link(viewer: AppBrowser) -> str:
    """Open "Kopiér link" and read the link it offers."""
    viewer.page.get_by_role("button", name=t("links.copy")).first.click()
    code = viewer.page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"] code').first
    code.wait_for()
    link = code.inner_text().strip()
    viewer.shot("kopier-link")
    viewer.page.keyboard.press("Escape")
    return link


def assert_same_view_in_a_fresh_browser(viewers, viewer: AppBrowser, link: str, name: str, base: str,
                                        address_is_link: bool = True) -> AppBrowser:
    assert link.startswith(base + "/") and link.count("?") == 1
    path = link[len(base):].split("?")[0]
    assert path.count("/") == 1, link  # the page's path once: /portefolje, not /portefolje/portefolje
    if address_is_link:  # the address bar and the offered link are the same full view
        assert link == viewer.page.url
    fresh = viewers(name, server=viewer.server)
    fresh.page.goto(link, wait_until="domcontentloaded")
    fresh.wait_for_run(0)
    fresh.shot("frisk-kontekst")
    assert fresh.page.url == link
    assert view_of(fresh) == view_of(viewer)
    assert fresh.exceptions() == [] and fresh.errors() == []
    return fresh


def link_line(filters: list[str]) -> str:
    prefix = f"{t('links.link')}: "
    found = [f[len(prefix):] for f in filters if f.startswith(prefix)]
    assert len(found) == 1, filters
    return found[0]


def test_the_offered_link_opens_the_same_view_in_a_fresh_browser(viewers, served):
    """Issue 10 item 1: portfolio, status drill-down, recommendations and pipeline; the downloads
    carry the same link, the status and recommendation downloads included."""
    director = viewers("direktor")
    base = served.server.url
    cases = [
        ("/portefolje?profil=A&tilstand=igangvaerende&sorter=profil&orden=faldende", "Hent CSV"),
        ("/status?visning=aarsager&aarsag=schedule&parameter=tid&fra=2022-06", "Hent CSV"),
        ("/anbefalinger?visning=anbefalinger&fokus=governance&profil=A", "Hent CSV"),
        ("/pipeline?aar=2024&aktivitet=sparring-eller-vurdering", "Hent CSV"),
        ("/projekt?id=luna&fane=aktiviteter", "Hent CSV"),
    ]
    for path, download in cases:
        director.open(path)
        director.shot(path.split("?")[0].strip("/"))
        assert director.warnings() == [] or all("DEMO" in w for w in director.warnings()), director.warnings()
        link = copied_link(director)
        fresh = assert_same_view_in_a_fresh_browser(viewers, director, link, "frisk", base)
        filters, rows = downloaded_csv(director, download)
        assert link_line(filters) == link, path
        fresh_filters, fresh_rows = downloaded_csv(fresh, download)
        assert rows.equals(fresh_rows) and link_line(fresh_filters) == link
        fresh.close()


def test_the_offered_link_keeps_a_proxy_sub_path(viewers, served, shots):
    """Behind a proxy that serves the app under /raad, the link keeps /raad and names the page once."""
    from dashboard.bench.server import AppProcess, free_port, itraad_command, wait_healthy
    import os
    import subprocess

    port = free_port()
    log = open(shots / "raad-server.log", "w")
    env = {**os.environ, "DATABASE_URL": served.engine.url.render_as_string(hide_password=False),
           "ITRAAD_WARMUP": "0"}
    process = subprocess.Popen([*itraad_command(), "run", "--server.port", str(port), "--server.headless", "true",
                                "--server.baseUrlPath", "raad"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    server = AppProcess(process=process, port=port, log_path=shots / "raad-server.log", _log_file=log)
    try:
        wait_healthy(server.url + "/raad", 120, process)
        viewer = viewers("proxy", server=server)
        viewer.open("/raad/portefolje?profil=B")
        link = copied_link(viewer)
        assert link.startswith(f"{server.url}/raad/portefolje?") and "profil=B" in link
        fresh = viewers("proxy-frisk", server=server)
        fresh.page.goto(link, wait_until="domcontentloaded")
        fresh.wait_for_run(0)
        assert fresh.page.url == link and view_of(fresh) == view_of(viewer)
    finally:
        server.stop()


def test_back_and_forward_restore_the_view_the_address_shows(viewers):
    """Issue 10 item 3: the status page's drill-down and the portfolio after opening a row."""
    director = viewers("direktor")
    director.open("/status?visning=aarsager&aarsag=schedule")
    before_url, before = director.page.url, view_of(director)
    assert "aarsag=schedule" in before_url and any("Tidsplan" in h for h in before["headings"])
    director.shot("status-foer")
    project = director.main().locator('[data-testid="stPageLink"] a[href*="projekt"]').first
    slug = project.get_attribute("href").split("id=")[1].split("&")[0]
    director.act(project.click)
    assert director.page.url.startswith(f"{director.server.url}/projekt?id={slug}&")
    project_url = director.page.url
    director.act(director.page.go_back)
    director.shot("status-tilbage")
    assert director.page.url == before_url and view_of(director) == before
    director.act(director.page.go_forward)
    director.shot("projekt-frem")
    assert director.page.url == project_url
    director.act(director.page.go_back)
    assert director.page.url == before_url and view_of(director) == before

    director.open("/portefolje?profil=A&sorter=navn")
    portfolio_url, portfolio = director.page.url, view_of(director)
    grid = director.main().locator('[data-testid="data-grid-canvas"]').first.bounding_box()
    director.act(lambda: director.page.mouse.click(grid["x"] + 18, grid["y"] + 36 + 20))
    assert "/projekt?id=" in director.page.url
    opened = director.page.url
    director.shot("portefolje-raekke-aabnet")
    director.act(director.page.go_back)
    director.shot("portefolje-tilbage")
    assert director.page.url == portfolio_url and view_of(director) == portfolio
    assert "profil=A" in director.page.url
    director.act(director.page.go_forward)
    assert director.page.url == opened
    assert director.exceptions() == [] and director.console_errors == []


def test_one_back_leaves_a_page_opened_from_the_navigation(viewers, served):
    """The navigation's link adds one history entry: the page's default view is not written out
    into a second one (the first Back seemed to do nothing). A filter changed there is undone by
    Back, and the offered link and the download still carry the full state."""
    director = viewers("navigation")
    director.open("/")
    overview = view_of(director)
    entries = director.page.evaluate("history.length")
    go_to(director, "nav.portfolio")
    director.shot("portefolje-fra-navigationen")
    assert director.page.url == f"{served.server.url}/portefolje"
    assert director.page.evaluate("history.length") == entries + 1
    default_view = view_of(director)
    link = copied_link(director)
    assert "sorter=navn" in link and "orden=stigende" in link and "lang=da" in link
    filters, rows = downloaded_csv(director, "Hent CSV")
    assert link_line(filters) == link
    fresh = assert_same_view_in_a_fresh_browser(viewers, director, link, "navigation-frisk", served.server.url,
                                                address_is_link=False)
    fresh.close()

    director.act(director.page.go_back)
    director.shot("overblik-tilbage")
    assert director.page.url.split("?")[0] == f"{served.server.url}/" and view_of(director) == overview
    director.act(director.page.go_forward)
    assert director.page.url == f"{served.server.url}/portefolje" and view_of(director) == default_view

    search = director.main().get_by_label(t("portfolio.search"))
    director.act(lambda: (search.fill("luna"), search.press("Enter")))
    assert "soeg=luna" in director.page.url and view_of(director) != default_view
    director.shot("portefolje-soegt")
    director.act(director.page.go_back)
    director.shot("portefolje-soegning-tilbage")
    assert director.page.url == f"{served.server.url}/portefolje" and view_of(director) == default_view
    assert director.exceptions() == [] and director.console_errors == []


def sign_in(viewer: AppBrowser) -> None:
    """Signed in as the secretariat, through the server's cookie handoff (a new document)."""
    journeys.sign_in(viewer, SECRETARIAT)
    viewer.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t("nav.history"), exact=True).wait_for()


def test_the_change_log_opens_in_both_languages(viewers, served):
    """Issue 10 item 2: /historik failed for everyone (NaN for a NULL reason with pandas 3)."""
    with served.engine.begin() as conn:  # a published record with a change in its history
        conn.execute(sa.text("UPDATE project SET budget_mkr = 42 WHERE id = :id"), {"id": served.luna})
    secretariat = viewers("sekretariat")
    sign_in(secretariat)
    go_to(secretariat, "nav.history")
    secretariat.shot("historik")
    assert secretariat.errors() == [] and secretariat.exceptions() == []
    assert t("entry.history.recent") in secretariat.main().inner_text()
    secretariat.act(lambda: secretariat.choose(t("entry.history.choose_kind"), t("entry.kind.project")))
    secretariat.act(lambda: secretariat.choose(t("entry.history.choose_record"), "LUNA"))
    secretariat.shot("historik-luna")
    assert secretariat.errors() == [] and secretariat.exceptions() == []
    assert f"id={served.luna}" in secretariat.page.url
    with served.engine.connect() as conn:
        changes = conn.execute(sa.text(
            "SELECT count(*) FROM audit_log WHERE (table_name = 'project' AND row_key = jsonb_build_object('id', :id))"
            " OR (table_name = 'project_responsible' AND row_key @> jsonb_build_object('project_id', :id))"),
            {"id": served.luna}).scalar()
    assert changes >= 1
    assert t("entry.history.count", "da", count=changes) in secretariat.main().inner_text()
    secretariat.act(lambda: secretariat.page.locator('[data-testid="stSidebar"]').get_by_role(
        "radio", name="English").click())
    secretariat.shot("historik-engelsk")
    assert secretariat.errors() == [] and secretariat.exceptions() == []
    assert t("entry.history.count", "en", count=changes) in secretariat.main().inner_text()


PAGES = ["/", "/portefolje", "/projekt?id=kiit", "/pipeline?aar=2024", "/status", "/status?visning=aarsager&aarsag=schedule",
         "/anbefalinger", "/anbefalinger?visning=anbefalinger&fokus=governance"]


@pytest.mark.parametrize("width", [1440, 390])
def test_the_journeys_pages_at_desktop_and_phone_width(viewers, width):
    """Screenshots of the pages a director goes through, at 1440 and 390 px (looked at by a person:
    no overlapping text), and no error on any of them."""
    viewer = viewers(f"w{width}", width=width)
    for path in PAGES:
        viewer.open(path)
        viewer.shot(path.strip("/").replace("?", "-") or "overblik")
        assert viewer.exceptions() == [] and viewer.errors() == [], path
        # Nothing wider than the window (a table or chart cut at the right edge).
        overflow = viewer.page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    assert viewer.console_errors == []


def test_keyboard_focus_on_a_link_is_clearly_visible(viewers):
    """Issue 10: the keyboard focus on links was barely visible."""
    viewer = viewers("tastatur")
    viewer.open("/projekt?id=luna")
    for _ in range(60):
        viewer.page.keyboard.press("Tab")
        focused = viewer.page.evaluate("""() => { const e = document.activeElement;
            return e && e.tagName === 'A' && e.closest('[data-testid="stMain"]') ? {
              style: getComputedStyle(e).outlineStyle, width: parseFloat(getComputedStyle(e).outlineWidth),
              colour: getComputedStyle(e).outlineColor, text: e.innerText } : null; }""")
        if focused:
            break
    assert focused is not None
    viewer.shot("fokus")
    assert focused["style"] == "solid" and focused["width"] >= 3, focused


# --- issue 11: data is text ---------------------------------------------------------------------

UNSAFE_ATTRIBUTES = """port => Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)
    .filter(a => /(^|:)(href|src|srcset)$/.test(a.name) && (a.value.includes('evil.example') || a.value.includes(':' + port)))
    .map(a => e.tagName + ' ' + a.name + '=' + a.value))"""


def test_hostile_names_are_shown_as_text_on_every_page(viewers, served):
    """Stored and reflected Markdown injection: hostile texts in every kind of data and in a
    crafted link are visible as typed, make no link or image, and no request leaves the page."""
    logger = served.logger
    outside: list[str] = []
    director = viewers("direktor")
    director.context.on("request", lambda r: None if r.url.startswith(served.server.url) else outside.append(r.url))
    secretariat = viewers("sekretariat")
    secretariat.context.on("request", lambda r: None if r.url.startswith(served.server.url) else outside.append(r.url))
    name = served.hostile["name"]
    checks = [
        ("/", [name, *hostile(logger, "note")[1:]]),
        ("/portefolje?soeg=Fjendtlig", []),
        ("/projekt?id=fjendtlig", [name, f"![]({logger.url('s')}) :red[x]", *hostile(logger, "purpose"),
                                   *hostile(logger, "status"), *hostile(logger, "org"), *hostile(logger, "note")]),
        ("/projekt?id=fjendtlig&fane=aktiviteter", [name]),
        ("/pipeline?aar=2024", [name, *hostile(logger, "org")]),
        ("/status?visning=aarsager&aarsag=schedule&projekt=fjendtlig", [name]),
        ("/status?visning=advarsler&n=2", [name]),
        ("/anbefalinger?visning=anbefalinger&projekt=fjendtlig", [name]),
        # Reflected: a crafted shared link; the notice shows the values as text.
        (f"/portefolje?profil=[Log ind igen](http://evil.example/phish)&ansvarlig=![]({logger.url('link')})",
         ["profil=[Log ind igen](http://evil.example/phish)", f"ansvarlig=![]({logger.url('link')})"]),
        ("/status?visning=:red[x]&projekt=<b>x</b>", ["visning=:red[x]", "projekt=<b>x</b>"]),
    ]
    for path, expected in checks:
        director.open(path)
        director.shot(path.split("?")[0].strip("/") or "overblik")
        text = shown(director.main().inner_text())
        for piece in expected:
            assert piece in text, (path, piece)
        assert director.page.evaluate(UNSAFE_ATTRIBUTES, logger.port) == [], path
        assert director.main().locator('[data-testid="stMarkdownContainer"] img').count() == 0, path
        assert director.exceptions() == [] and director.errors() == [], path
    sign_in(secretariat)
    go_to(secretariat, "nav.history")
    secretariat.shot("historik")
    assert secretariat.page.evaluate(UNSAFE_ATTRIBUTES, logger.port) == []
    assert logger.requests == [], logger.requests
    # Nothing the data named was fetched or opened (the page icon's own fetch is the server's
    # matter: issue 11, "serve everything from the app itself").
    assert [u for u in outside if "evil.example" in u or f":{logger.port}" in u] == [], outside
