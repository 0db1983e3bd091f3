"""The server layer of `itraad run` (dashboard/web) seen from outside, as a browser or an attacker
meets it: host names and origins, security headers, the pages' language, the Danish 404 page, the
sign-in that survives a reload through an HttpOnly cookie, no request to a third party, and the
Danish message for an error no page caught.

One `itraad run` (with `--allowed-hosts raad.example.dk`) on one fresh database serves the whole
module; the error test starts its own, with a fault injected (tests/fault_injection).
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from dashboard import accounts
from dashboard.i18n import t
from dashboard.web.headers import CONTENT_SECURITY_POLICY

PASSWORD = "korrekt hest batteri"
CONFIGURED_HOST = "raad.example.dk"
SECRETARIAT_LINK = "/indtastning?type=pipeline&id=ny"   # a view of the secretariat, as copied from the app


@dataclass
class Served:
    server: object      # tests.browser.AppProcess
    engine: sa.Engine

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port


@pytest.fixture(scope="module")
def served(server_admin_url, template_db, run_id):
    """A database of this module's own (a copy of the template) and `itraad run` on it."""
    from dashboard.db.connection import dispose_engines
    from tests.browser import artifact_dir, start_app

    name = f"itraad_web_{run_id}"
    admin = sa.create_engine(server_admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"'))
    url = server_admin_url.set(database=name)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", PASSWORD, "Anna Andersen", "test")
        accounts.create_user(conn, "ada", "admin", PASSWORD, "Ada Admin", "test")
    plain_url = url.render_as_string(hide_password=False)
    server = start_app({"DATABASE_URL": plain_url}, log_path=artifact_dir("test_web") / "server.log",
                       args=["--allowed-hosts", CONFIGURED_HOST])
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DATABASE_URL", plain_url)  # dashboard.sessions in this process: the same database
            yield Served(server, engine)
    finally:
        server.stop()
        engine.dispose()
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- raw HTTP and websocket, with any Host and Origin -----------------------------------------

def request(served: Served, path: str, headers: dict[str, str] | None = None, method: str = "GET",
            cookie: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    all_headers = {"Host": f"127.0.0.1:{served.port}", **(headers or {})}
    if cookie:
        all_headers["Cookie"] = cookie
    connection.request(method, path, headers=all_headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def websocket_handshake(served: Served, host: str, origin: str | None) -> tuple[int, dict[str, str]]:
    """A browser's websocket opening request for /_stcore/stream, written by hand: (status, headers)."""
    lines = ["GET /_stcore/stream HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}", "Sec-WebSocket-Version: 13",
             "Sec-WebSocket-Protocol: streamlit"] + ([f"Origin: {origin}"] if origin else [])
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:] if ":" in line)}
    return status, headers


def assert_security_headers(headers, what: str) -> None:
    get = headers.get if isinstance(headers, dict) else headers.get
    assert get("content-security-policy") == CONTENT_SECURITY_POLICY, what
    assert get("x-content-type-options") == "nosniff", what
    assert get("referrer-policy") == "same-origin", what
    assert get("x-frame-options") == "DENY", what


def test_the_policy_allows_only_the_apps_own_origin():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"  # no inline script, no eval
    assert not re.search(r"https?:|\*|ws:|wss:", CONTENT_SECURITY_POLICY)  # no other host, no wildcard
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit/config.toml").read_text())
    assert config["client"]["allowedOrigins"] == []  # and no parent frame may send the app commands


def test_only_the_served_host_names_are_answered(served):
    """DNS rebinding: a foreign Host is refused before Streamlit sees it, over HTTP and websocket."""
    port = served.port
    status, _, body = request(served, "/", {"Host": f"evil.example:{port}"})
    assert status == 400 and b"evil" not in body and t("web.unknown_host").encode() in body
    assert request(served, "/_stcore/health", {"Host": f"evil.example:{port}"})[0] == 400
    assert request(served, "/", {"Host": f"sub.{CONFIGURED_HOST}"})[0] == 400   # no wildcard unless asked for
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"{CONFIGURED_HOST}:{port}", CONFIGURED_HOST):
        assert request(served, "/", {"Host": host})[0] == 200, host

    rebound = websocket_handshake(served, f"evil.example:{port}", f"http://evil.example:{port}")
    assert rebound[0] != 101 and rebound[0] >= 400, rebound
    other_port = websocket_handshake(served, f"localhost:{port}", f"http://localhost:{port + 1}")
    assert other_port[0] == 403, other_port                         # a page on another local port
    assert websocket_handshake(served, f"127.0.0.1:{port}", f"http://localhost:{port}")[0] == 403  # another origin
    assert websocket_handshake(served, f"127.0.0.1:{port}", f"https://127.0.0.1:{port}")[0] == 403  # another scheme
    assert websocket_handshake(served, f"127.0.0.1:{port}", None)[0] == 403
    for host in (f"127.0.0.1:{port}", f"{CONFIGURED_HOST}:{port}"):
        opened, headers = websocket_handshake(served, host, f"http://{host}")
        assert opened == 101, host
        assert_security_headers(headers, "websocket upgrade")


def test_the_bench_client_speaks_to_the_guarded_server(served):
    from dashboard.bench.client import Viewer, run_sync

    async def visit():
        async with Viewer(served.server.ws_url) as viewer:
            return await viewer.open("portefolje")

    assert run_sync(visit()).ok


def test_streamlit_run_still_serves_the_bare_app(db_url, shots):
    """`streamlit run dashboard/app.py` (without the server layer) still serves every viewer page."""
    import subprocess
    import sys

    from dashboard.bench.client import Viewer, run_sync
    from tests.browser import AppProcess, free_port, wait_healthy

    port = free_port()
    log = open(shots / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py"),
         "--server.port", str(port), "--server.headless", "true"],
        env={**os.environ, "DATABASE_URL": db_url.render_as_string(hide_password=False)},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    app = AppProcess(process=process, port=port, log_path=shots / "streamlit.log", _log_file=log)
    try:
        wait_healthy(app.url, 120, process)

        async def visit():
            async with Viewer(app.ws_url) as viewer:
                return [await viewer.open(page) for page in ("", "portefolje", "log-ind")]

        assert all(run.ok for run in run_sync(visit()))
    finally:
        app.stop()


def test_every_response_carries_the_security_headers(served):
    status, headers, page = request(served, "/portefolje")
    assert status == 200
    assert_security_headers(headers, "page")
    script = re.search(rb'<script type="module" crossorigin src="\./(static/js/[^"]+)"', page).group(1).decode()
    responses = {"static script": request(served, "/" + script), "icon": request(served, "/favicon.png"),
                 "health": request(served, "/_stcore/health"), "404 page": request(served, "/portefolje/x"),
                 "refusal": request(served, "/", {"Host": "evil.example"}),
                 "sign-in route": request(served, "/_itraad/sign-in")}
    for what, (status, headers, _) in responses.items():
        assert_security_headers(headers, what)
    assert responses["static script"][0] == 200
    assert "javascript" in responses["static script"][1]["content-type"]


def test_pages_say_their_language_and_carry_no_inline_script(served):
    for path, lang in (("/", "da"), ("/portefolje", "da"), ("/portefolje?lang=en", "en"), ("/historik?lang=en", "en")):
        status, _, body = request(served, path)
        html = body.decode("utf-8")
        assert status == 200 and f'<html lang="{lang}">' in html, path
        assert f"<title>{t('app.title', lang)}</title>" in html
        assert "<script>" not in html and "Streamlit</title>" not in html


@pytest.mark.parametrize("path", ["/portefolje/x", "/pages/indtastning.py", "/app_pages/indtastning.py", "/ukendt", "/static/js/findes-ikke.js",
                                  "/portefolje/static/js/index.js", "/index.html"])
def test_an_unknown_address_gets_the_danish_not_found_page(served, path):
    status, headers, body = request(served, path)
    assert status == 404 and headers["content-type"].startswith("text/html")
    html = body.decode("utf-8")
    assert '<html lang="da">' in html and t("web.not_found_title") in html and t("web.home_link") in html
    english = request(served, path + "?lang=en")[2].decode("utf-8")
    assert '<html lang="en">' in english and t("web.not_found_title", "en") in english


def test_the_cookie_routes_set_nothing_without_a_sign_in(served):
    """No handoff for this browser: no session cookie, and the browser goes to the sign-in page."""
    from dashboard import sessions

    for cookie in (None, f"{sessions.BROWSER_COOKIE}={sessions.new_token()}", f"{sessions.BROWSER_COOKIE}=x; a=b"):
        status, headers, _ = request(served, "/_itraad/sign-in", cookie=cookie)
        assert status == 303 and headers["location"] == "../log-ind" and "set-cookie" not in headers, cookie
    # A link to sign-out from elsewhere does not remove an open session's cookie ...
    session_id = sessions.start("anna", browser_token=(browser := sessions.new_token()))
    token, _ = sessions.redeem(browser)
    status, headers, _ = request(served, "/_itraad/sign-out", cookie=f"{sessions.SESSION_COOKIE}={token}")
    assert status == 303 and "set-cookie" not in headers and sessions.is_open(token)
    # ... only the dead cookie of a session the app has ended.
    sessions.end(session_id)
    status, headers, _ = request(served, "/_itraad/sign-out?lang=en", cookie=f"{sessions.SESSION_COOKIE}={token}")
    assert status == 303 and headers["location"] == "../?lang=en"
    assert re.match(rf"{sessions.SESSION_COOKIE}=; .*Max-Age=0", headers["set-cookie"])


# --- in a real browser -------------------------------------------------------------------------

class Recorder:
    """Every URL the browser asks for (pages, scripts, icons, websockets) and every CSP violation."""

    POLICY_LISTENER = """
      document.addEventListener('securitypolicyviolation', e => {
        (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
      });
    """

    def __init__(self, viewer) -> None:
        self.urls: list[str] = []
        viewer.context.add_init_script(self.POLICY_LISTENER)
        viewer.context.on("request", lambda r: self.urls.append(r.url))
        viewer.page.on("websocket", lambda ws: self.urls.append(ws.url))
        viewer.page.on("framenavigated", lambda frame: self.urls.append(frame.url))

    def foreign(self, origin: str) -> list[str]:
        own = (origin + "/", origin.replace("http://", "ws://") + "/", "data:", "blob:", "about:")
        return [u for u in self.urls if not u.startswith(own)]

    @staticmethod
    def violations(viewer) -> list[str]:
        return viewer.page.evaluate("() => window.__cspViolations || []")


def sign_in_here(viewer, username: str) -> None:
    """Type the name and password into the form on this page and press Log ind: the browser goes to
    the server for its session cookie and comes back to this address, where the first run finishes."""
    viewer.fill(t("auth.username"), username)
    viewer.fill(t("auth.password"), PASSWORD)
    with viewer.page.expect_navigation(timeout=viewer.timeout_ms):
        viewer.page.get_by_role("button", name=t("auth.submit")).click()
    viewer.wait_for_run(0)


def cookies(viewer) -> dict[str, dict]:
    return {c["name"]: c for c in viewer.context.cookies()}


def signed_in_as(viewer) -> str:
    return viewer.page.locator('[data-testid="stSidebarUserContent"]').inner_text()


@pytest.fixture
def browse(chromium, served, shots):
    from tests.browser import AppBrowser

    viewers = []

    def open_one(name: str, width: int = 1440) -> AppBrowser:
        viewer = AppBrowser(chromium, served.server, shots, name=name, viewport={"width": width, "height": 1000})
        viewers.append(viewer)
        return viewer

    yield open_one
    for viewer in viewers:
        viewer.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_a_copied_secretariat_link_signs_in_lands_and_survives_a_reload(browse, served, width):
    """Issue 10 item 4: the link opened signed out says "log ind for at fortsætte" in Danish, the
    sign-in lands on exactly that view, a reload keeps both, no token is ever in a URL, the cookie is
    HttpOnly and SameSite; signing out and reloading is signed out."""
    from dashboard import sessions

    viewer = browse(f"sekretariat-{width}", width)
    recorder = Recorder(viewer)
    viewer.open(SECRETARIAT_LINK)
    viewer.shot("link-aabnet-uden-login")
    body = viewer.page.locator("body").inner_text()
    assert t("session.secretariat_only") in viewer.infos() and "Page not found" not in body
    assert viewer.page.get_by_label(t("entry.choose_kind")).count() == 0  # nothing of the page itself

    sign_in_here(viewer, "anna")
    viewer.shot("logget-ind-paa-siden")
    landed = urlsplit(viewer.page.url)
    assert landed.path == "/indtastning" and parse_qs(landed.query)["type"] == ["pipeline"]
    assert viewer.value(t("entry.choose_kind")) == t("entry.kind.pipeline_item")
    assert "Anna Andersen" in signed_in_as(viewer)

    jar = cookies(viewer)
    session_cookie, browser_cookie = jar[sessions.SESSION_COOKIE], jar[sessions.BROWSER_COOKIE]
    assert session_cookie["httpOnly"] and session_cookie["sameSite"] == "Strict" and session_cookie["expires"] == -1
    assert browser_cookie["httpOnly"] and browser_cookie["sameSite"] == "Lax" and browser_cookie["expires"] == -1
    assert sessions.SESSION_COOKIE not in viewer.page.evaluate("() => document.cookie")  # no script can read it

    address = viewer.page.url
    viewer.page.reload(wait_until="domcontentloaded")
    viewer.wait_for_run(0)
    viewer.shot("genindlaest")
    assert viewer.page.url == address and "Anna Andersen" in signed_in_as(viewer)
    assert viewer.value(t("entry.choose_kind")) == t("entry.kind.pipeline_item")

    # A link to the same view pasted in a chat (another site) opens signed in.
    viewer.context.route("http://chat.example/**", lambda route: route.fulfill(
        content_type="text/html", body=f'<a id="link" href="{served.url}{SECRETARIAT_LINK}">Indtastning</a>'))
    viewer.page.goto("http://chat.example/", wait_until="domcontentloaded")
    with viewer.page.expect_navigation():
        viewer.page.click("#link")
    viewer.wait_for_run(0)
    assert "Anna Andersen" in signed_in_as(viewer)
    assert viewer.value(t("entry.choose_kind")) == t("entry.kind.pipeline_item")

    secrets = [session_cookie["value"], browser_cookie["value"]]
    assert not [u for u in recorder.urls for secret in secrets if secret in u], "a token in a URL"
    assert not [u for u in recorder.urls if re.search(r"token|session", urlsplit(u).query, re.I)]

    viewer.open("/log-ind")
    with viewer.page.expect_navigation():
        viewer.page.get_by_role("button", name=t("nav.logout")).click()
    viewer.wait_for_run(0)
    assert sessions.SESSION_COOKIE not in cookies(viewer)
    with served.engine.connect() as conn:
        ended = conn.execute(sa.text("SELECT end_reason FROM web_session WHERE token_hash = :h"),
                             {"h": sessions.token_hash(session_cookie["value"])}).scalar()
    assert ended == "signed_out"
    viewer.context.add_cookies([{**session_cookie}])  # even the old cookie put back signs nobody in
    viewer.open(SECRETARIAT_LINK)
    viewer.page.reload(wait_until="domcontentloaded")
    viewer.wait_for_run(0)
    viewer.shot("logget-ud-og-genindlaest")
    assert t("session.secretariat_only") in viewer.infos() and "Anna" not in signed_in_as(viewer)


@pytest.mark.browser
def test_no_request_leaves_the_app_and_nothing_breaks_the_policy_on_any_page(browse, served):
    """Issue 11: the page icon came from a font host on every load. Every page (the secretariat's
    too, signed in as admin), in both languages and the 404 page: every request goes to the app
    itself and the browser reports no Content-Security-Policy violation."""
    from dashboard.ui.shell import PAGES

    viewer = browse("admin")
    recorder = Recorder(viewer)
    viewer.open("/log-ind")
    sign_in_here(viewer, "ada")
    visits = [(f"/{spec.url_path}", "da") for spec in PAGES] + [("/?lang=en", "en"), ("/status?lang=en", "en")]
    for address, lang in visits:
        viewer.open(address)
        assert viewer.page.evaluate("() => document.documentElement.lang") == lang, address
        assert Recorder.violations(viewer) == [], (address, Recorder.violations(viewer))
        assert viewer.exceptions() == [], address
        if address in ("/", "/status", "/indtastning"):
            viewer.shot(address.strip("/") or "overblik")
    icon = viewer.page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href")
    assert icon.startswith(served.url + "/"), icon
    viewer.page.goto(served.url + "/portefolje/x")
    assert Recorder.violations(viewer) == []
    assert recorder.foreign(served.url) == [], recorder.foreign(served.url)
    assert any("/media/" in u and u.endswith(".png") for u in recorder.urls)  # the icon, from the app


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_an_unknown_address_in_the_browser_is_a_danish_page_with_a_way_home(browse, width):
    viewer = browse(f"ukendt-{width}", width)
    viewer.page.goto(viewer.server.url + "/portefolje/x", wait_until="domcontentloaded")
    viewer.page.screenshot(path=str(viewer.shots / f"ukendt-adresse-{width}.png"), full_page=True)
    assert viewer.page.get_by_role("heading", level=1).inner_text() == t("web.not_found_title")
    with viewer.page.expect_navigation():
        viewer.page.get_by_role("link", name=t("web.home_link")).click()
    viewer.wait_for_run(0)
    assert urlsplit(viewer.page.url).path == "/" and viewer.exceptions() == []


@pytest.mark.browser
def test_an_error_no_page_caught_shows_the_danish_message(chromium, db_url, shots):
    """The app script itself fails (tests/fault_injection): the visitor sees the app's Danish message,
    never Streamlit's English box with "Ask Google" and "Ask ChatGPT"."""
    from tests.browser import AppBrowser, start_app

    faults = str(Path(__file__).resolve().parent / "fault_injection")
    server = start_app({"DATABASE_URL": db_url.render_as_string(hide_password=False),
                        "PYTHONPATH": os.pathsep.join(filter(None, [faults, os.environ.get("PYTHONPATH")])),
                        "ITRAAD_TEST_FAULT": "script"}, log_path=shots / "server.log")
    viewer = AppBrowser(chromium, server, shots, name="fejl")
    try:
        viewer.open("/portefolje")
        viewer.shot("uventet-fejl")
        body = viewer.page.locator("body").inner_text()
        assert t("errors.unexpected") in viewer.errors()
        assert viewer.exceptions() == []
        assert "Ask Google" not in body and "ChatGPT" not in body and "This app has encountered an error" not in body
        assert "fault injected by the test" in server.log()  # the details went to the log
    finally:
        viewer.close()
        server.stop()
