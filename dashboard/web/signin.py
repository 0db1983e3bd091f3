"""The server's half of signing in and out (the rest is dashboard.sessions and dashboard.ui.session).

``/_itraad/sign-in``: after a correct password the app leaves a handoff for this browser and sends
the browser here. The handoff is found by the browser's own HttpOnly cookie (never by anything in
the URL); the session cookie is set (HttpOnly, SameSite=Strict, no expiry: it ends with the
browser) and the browser is sent on to the page it asked for, relative to this address so a proxy
sub-path is kept. Without a valid handoff nothing is set and the browser goes to the sign-in page.

``/_itraad/sign-out``: after the app has ended the session, the dead cookie is removed. An open
session's cookie is never removed here, so a link from another site cannot sign anybody out.
"""

from __future__ import annotations

import logging

from dashboard import sessions
from dashboard.errors import UserError
from dashboard.web.pages import (base_path, cookie_header, is_https, message_page, page_paths, request_cookies,
                                 request_language)

log = logging.getLogger(__name__)

SIGN_IN_PATH = "_itraad/sign-in"
SIGN_OUT_PATH = "_itraad/sign-out"


def routes() -> list:
    from starlette.routing import Route

    base = base_path()
    return [Route(f"{base}/{SIGN_IN_PATH}", complete_sign_in, methods=["GET"]),
            Route(f"{base}/{SIGN_OUT_PATH}", complete_sign_out, methods=["GET"])]


def _redirect(target: str, cookies: list[bytes] = ()):
    from starlette.responses import Response

    # Relative to /_itraad/…: "../historik?type=…" is the page under whatever root the app has.
    response = Response(status_code=303, headers={"location": "../" + target.lstrip("/"),
                                                  "cache-control": "no-store"})
    for value in cookies:
        response.raw_headers.append((b"set-cookie", value))
    return response


def _unavailable(scope, exc: UserError):
    from starlette.responses import Response

    lang = request_language(scope)
    return Response(message_page(lang, "web.unavailable_title", exc.message(lang), 1), status_code=503,
                    media_type="text/html; charset=utf-8", headers={"cache-control": "no-store", "retry-after": "5"})


async def complete_sign_in(request):
    from starlette.concurrency import run_in_threadpool

    cookies = request_cookies(request.scope)
    try:
        redeemed = await run_in_threadpool(sessions.redeem, cookies.get(sessions.BROWSER_COOKIE),
                                           previous_token=cookies.get(sessions.SESSION_COOKIE))
    except UserError as exc:
        return _unavailable(request.scope, exc)
    if redeemed is None:
        lang = request_language(request.scope)
        return _redirect("/log-ind" + ("?lang=en" if lang == "en" else ""))
    token, next_path = redeemed
    cookie = cookie_header(sessions.SESSION_COOKIE, token, path=base_path() or "/", same_site="Strict",
                           secure=is_https(request.scope))
    return _redirect(sessions.safe_next(next_path, page_paths()), [cookie])


async def complete_sign_out(request):
    from starlette.concurrency import run_in_threadpool

    token = request_cookies(request.scope).get(sessions.SESSION_COOKIE)
    lang = request_language(request.scope)
    target = "/?lang=en" if lang == "en" else "/"
    if token is None:
        return _redirect(target)
    try:
        still_open = await run_in_threadpool(sessions.is_open, token)
    except UserError as exc:
        return _unavailable(request.scope, exc)
    if still_open:
        return _redirect(target)
    expired = cookie_header(sessions.SESSION_COOKIE, "", path=base_path() or "/", same_site="Strict",
                            secure=is_https(request.scope), max_age=0)
    return _redirect(target, [expired])
