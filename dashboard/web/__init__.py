"""The web server layer of `itraad run`: Streamlit's st.App (Starlette + uvicorn) around the app
script dashboard/app.py, with what a plain Streamlit server does not do (the root's streamlit_app.py builds it).

* hosts.HostOriginGuard: only the configured host names are served, and the websocket only to the
  app's own origin (DNS rebinding, other local ports).
* headers.SecurityHeaders: Content-Security-Policy (own origin only), nosniff, same-origin
  referrers, no framing, on every response including the websocket handshake.
* pages.PageShell: the app's pages in Danish (<html lang="da">) or English, its own icon, and a
  Danish 404 page for every other address (never a blank page).
* signin: the routes that hand a sign-in's HttpOnly session cookie to the browser and remove it
  again (dashboard.sessions has the rules).
* on_script_error: an uncaught error in the script shows the app's Danish message, never
  Streamlit's English error box.
"""

from __future__ import annotations

from pathlib import Path

APP_SCRIPT = Path(__file__).resolve().parent.parent / "app.py"


def middleware() -> list:
    """Outermost first: every response gets the headers, refusals included."""
    from starlette.middleware import Middleware

    from dashboard.web.headers import SecurityHeaders
    from dashboard.web.hosts import HostOriginGuard
    from dashboard.web.pages import PageShell

    return [Middleware(SecurityHeaders), Middleware(HostOriginGuard), Middleware(PageShell)]


def routes() -> list:
    from dashboard.web import signin

    return signin.routes()


def on_script_error(exc: Exception) -> bool:
    """Streamlit's hook for an error no page caught: the app's own message instead of Streamlit's."""
    from dashboard.ui.shell import show_unexpected_error

    return show_unexpected_error(exc)
