"""The HTML the server sends itself: the page that starts the app, the app's icon, and a Danish
"siden findes ikke" for every address that is not a page.

Streamlit answers every unknown path with its index.html, whose scripts are linked relative to the
address (``./static/js/...``). On a two-segment path (``/portefolje/x``) or a file path
(``/pages/indtastning.py``) those links point into a path that is not a file either, so the
browser gets HTML where it expects a module script and shows a blank page. Here every address is
one of three things:

* a page of the app (``/``, ``/portefolje``, ``/historik``, ... from dashboard.ui.shell.PAGES):
  Streamlit's index.html with ``<html lang="da">`` (``en`` with ``?lang=en``), the app's title, no
  inline script (so the Content-Security-Policy can forbid them), and the browser's own cookie
  (dashboard.sessions: what a sign-in is handed over with);
* a file or route the server serves (``/static/...`` that exists, ``/_stcore/...``, ``/media/...``,
  ``/favicon.png`` = the app's own icon, ...): passed on;
* anything else: a small Danish (or English) 404 page with a link to the front page.
"""

from __future__ import annotations

import html
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

from dashboard import sessions
from dashboard.i18n import normalise_language, t

ICON = Path(__file__).resolve().parent / "static" / "favicon.png"
# Paths Streamlit (or dashboard.web.signin) answers itself, relative to the app's root.
PASSED_PREFIXES = ("_stcore/", "media/", "component/", "_itraad/", "auth/", "app/static/")
PASSED_FILES = ("manifest.json", "oauth2callback", "auth/login", "auth/logout")


@cache
def page_paths() -> frozenset[str]:
    """The url paths of the app's pages ("" is the front page)."""
    from dashboard.ui.shell import PAGES

    return frozenset(spec.url_path for spec in PAGES)


def base_path() -> str:
    """server.baseUrlPath as "/raad" (or "")."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


@cache
def _streamlit_index() -> str:
    from streamlit import file_util

    return Path(file_util.get_static_dir(), "index.html").read_text("utf-8")


@cache
def app_page_html(lang: str) -> bytes:
    """Streamlit's index.html, made the app's: language, title, no inline script, Danish noscript."""
    page = _streamlit_index()
    page = re.sub(r"<!--.*?-->\s*", "", page, count=1, flags=re.S)  # Streamlit's licence header
    page = re.sub(r'<html lang="[^"]*">', f'<html lang="{lang}">', page, count=1)
    page = re.sub(r"<title>.*?</title>", f"<title>{html.escape(t('app.title', lang))}</title>", page, count=1)
    # The only inline script (window.prerenderReady, for search-engine prerendering): not needed,
    # and leaving it out lets the Content-Security-Policy refuse every inline script.
    page = re.sub(r"\s*<!--[^>]*prerender.*?-->\s*<script>\s*window\.prerenderReady = false\s*</script>", "\n",
                  page, count=1, flags=re.S)
    page = re.sub(r"<script>\s*window\.prerenderReady = false\s*</script>", "", page, count=1)
    page = re.sub(r"<noscript>.*?</noscript>", f"<noscript><p>{html.escape(t('web.noscript', lang))}</p></noscript>",
                  page, count=1, flags=re.S)
    if "<script>" in page:
        raise RuntimeError("Streamlit's index.html has an inline script the Content-Security-Policy would refuse")
    return page.encode("utf-8")


@cache
def _app_font() -> str | None:
    """Streamlit's own Source Sans (the file the app's index.html preloads), for the pages sent here."""
    found = re.search(r'href="\./(static/media/SourceSansVF-Upright[^"]*\.woff2)"', _streamlit_index())
    return found.group(1) if found else None


def message_page(lang: str, title_key: str, text: str, depth: int) -> bytes:
    """A small self-contained page (no script) with a title, a text and a link to the front page.
    ``depth`` is how many folders down the address is, so the links work under any sub-path."""
    up = "../" * depth or "./"
    title = html.escape(t(title_key, lang))
    font = _app_font()
    font_face = (f'@font-face {{ font-family: "Source Sans"; src: url("{up}{font}") format("woff2");'
                 ' font-weight: 200 900; }') if font else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {html.escape(t('app.title', lang))}</title>
<link rel="icon" href="{up}favicon.png">
<style>
  {font_face}
  body {{ margin: 0; font-family: "Source Sans", "Segoe UI", system-ui, sans-serif; color: #262730;
         background: #fff; line-height: 1.5; }}
  main {{ max-width: 40rem; margin: 0 auto; padding: 4rem 1.5rem; }}
  .app {{ color: #1f4e79; font-weight: 600; margin: 0 0 2rem; }}
  .app img {{ width: 1.5rem; height: 1.5rem; vertical-align: -0.35rem; margin-right: 0.5rem; }}
  h1 {{ font-size: 2rem; margin: 0 0 1rem; }}
  a {{ color: #1f4e79; font-weight: 600; }}
  a:focus-visible {{ outline: 3px solid #1f4e79; outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<p class="app"><img src="{up}favicon.png" alt="">{html.escape(t('app.title', lang))} · {html.escape(t('app.subtitle', lang))}</p>
<h1>{title}</h1>
<p>{html.escape(text)}</p>
<p><a href="{up}{'?lang=en' if lang == 'en' else ''}">{html.escape(t('web.home_link', lang))}</a></p>
</main>
</body>
</html>
""".encode("utf-8")


def request_language(scope) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return normalise_language((query.get("lang") or [None])[0])


def cookie_header(name: str, value: str, *, path: str, same_site: str, secure: bool, max_age: int | None = None) -> bytes:
    """A Set-Cookie value: HttpOnly always; no Max-Age/Expires = a session cookie (ends with the browser)."""
    parts = [f"{name}={value}", f"Path={path}", "HttpOnly", f"SameSite={same_site}"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


def request_cookies(scope) -> dict[str, str]:
    from http.cookies import SimpleCookie

    jar = SimpleCookie()
    for key, value in scope.get("headers", ()):
        if key.lower() == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is treated as no cookies
                return {}
    return {name: morsel.value for name, morsel in jar.items()}


def is_https(scope) -> bool:
    return scope.get("scheme") in ("https", "wss")


class PageShell:
    """ASGI middleware: app pages, the app's icon and the 404 page; everything else passes on."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        base = base_path()
        path = scope.get("path", "/")
        if base and not (path == base or path.startswith(base + "/")):
            await self.app(scope, receive, send)
            return
        relative = path[len(base):].lstrip("/")
        if relative in page_paths():
            await self._app_page(scope, send, base)
        elif relative == "favicon.png":
            await _respond(scope, send, 200, ICON.read_bytes(), "image/png",
                           [(b"cache-control", b"public, max-age=86400")])
        elif self._passes(relative, path):
            await self.app(scope, receive, send)
        else:
            lang = request_language(scope)
            body = message_page(lang, "web.not_found_title", t("web.not_found_text", lang), relative.count("/"))
            await _respond(scope, send, 404, body, "text/html; charset=utf-8", [(b"cache-control", b"no-cache")])

    @staticmethod
    def _passes(relative: str, path: str) -> bool:
        if relative.startswith(PASSED_PREFIXES) or relative in PASSED_FILES:
            return True
        if path.endswith("/") and path != "/":
            return True  # Streamlit redirects /portefolje/ to /portefolje (then a page or this 404)
        if relative.startswith("static/"):
            return _is_static_file(relative)
        return False

    async def _app_page(self, scope, send, base: str) -> None:
        headers = [(b"cache-control", b"no-cache")]
        if not sessions.well_formed(request_cookies(scope).get(sessions.BROWSER_COOKIE)):
            headers.append((b"set-cookie", cookie_header(
                sessions.BROWSER_COOKIE, sessions.new_token(), path=base or "/", same_site="Lax",
                secure=is_https(scope))))
        await _respond(scope, send, 200, app_page_html(request_language(scope)), "text/html; charset=utf-8", headers)


def _is_static_file(relative: str) -> bool:
    from streamlit import file_util

    root = os.path.realpath(file_util.get_static_dir())
    target = os.path.realpath(os.path.join(root, relative))
    return target.startswith(root + os.sep) and os.path.isfile(target)


async def _respond(scope, send, status: int, body: bytes, content_type: str, headers) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})


def icon_path() -> str:
    """The app's icon as a file for st.set_page_config (served by the app, never by a font host)."""
    return str(ICON)

