"""Security headers on every response the server sends: pages, static files, media, downloads,
refusals and the websocket's upgrade response.

The Content-Security-Policy allows only the app's own origin. What Streamlit 1.67's frontend needs
(measured in Chromium on every page, tests/test_web_browser.py, no violation reported): its
scripts from the app ('self'; the one inline script of Streamlit's index.html is left out of the
page the server sends, dashboard.web.pages) and WebAssembly compiled from them ('wasm-unsafe-eval',
which allows no JavaScript eval), inline styles (Emotion and Plotly write <style>
elements at run time), images and fonts from the app and as data:/blob: URLs (Plotly's icons,
downloads), and the websocket to the app itself ('self' covers ws:/wss: of the same host and port).
Framing is refused both ways browsers understand (frame-ancestors and X-Frame-Options).
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)
_NAMES = {name for name, _ in SECURITY_HEADERS}


def with_security_headers(headers) -> list[tuple[bytes, bytes]]:
    """The response's headers with ours in place of any of the same name."""
    kept = [(k, v) for k, v in (headers or []) if k.lower() not in _NAMES]
    return kept + list(SECURITY_HEADERS)


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response and websocket handshake."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept", "websocket.http.response.start"):
                message = {**message, "headers": with_security_headers(message.get("headers"))}
            await send(message)

        await self.app(scope, receive, send_with_headers)
