"""Which host names the app answers to, and which page may open its websocket.

DNS rebinding: a page on ``evil.example`` whose name the attacker re-points at 127.0.0.1 reaches a
server on this machine with ``Host: evil.example:PORT``; Streamlit accepts any Host, and any
websocket whose Origin names the same host, so that page would get the whole app with the
visitor's cookies. And a page on another port of this machine (``http://localhost:3000``) could
open the websocket too. So, before Streamlit sees a request:

* the Host header must name one of the served host names (the loopback names, the address the
  server is bound to, and ``ITRAAD_ALLOWED_HOSTS`` / ``itraad run --allowed-hosts``), else 400;
* a websocket must come from the served origin itself: its Origin header must be exactly
  ``scheme://host:port`` of the request (the page the app served), else 403;
* any other request that names a foreign Origin and may change something (not GET/HEAD/OPTIONS)
  is refused with 403 as well.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from dashboard.i18n import t

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
ENV_ALLOWED_HOSTS = "ITRAAD_ALLOWED_HOSTS"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def configured_hosts(raw: str | None = None) -> list[str]:
    """ITRAAD_ALLOWED_HOSTS: host names separated by commas or spaces (``raad.example.dk``; a
    leading ``*.`` allows the sub-domains of a domain)."""
    raw = os.environ.get(ENV_ALLOWED_HOSTS, "") if raw is None else raw
    return [_normal_host(h) for h in raw.replace(",", " ").split() if _normal_host(h)]


def served_hosts(bound_address: str | None = None, raw: str | None = None) -> frozenset[str]:
    """Every host name the app answers to: loopback, the bound address, and the configured ones."""
    hosts = set(LOOPBACK_HOSTS) | set(configured_hosts(raw))
    address = _normal_host(bound_address or "")
    if address and address not in ("0.0.0.0", "::"):
        hosts.add(address)
    return frozenset(hosts)


def _normal_host(name: str) -> str:
    return name.strip().strip("[]").lower().rstrip(".")


def split_host(header: str | None) -> tuple[str, int | None] | None:
    """'Example.org:8501' -> ('example.org', 8501); '[::1]:80' -> ('::1', 80); None if malformed."""
    if not header or any(ch in header for ch in "/?#@\\ \t") or len(header) > 300:
        return None
    try:
        parts = urlsplit(f"//{header}")
        port = parts.port
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    return _normal_host(host), port


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    parsed = split_host(header)
    if parsed is None:
        return False
    host = parsed[0]
    if host in allowed:
        return True
    if _is_ip(host):
        return False
    return any(pattern.startswith("*.") and host.endswith(pattern[1:]) for pattern in allowed)


def origin_matches(origin: str | None, host_header: str | None, scheme: str) -> bool:
    """Whether ``origin`` is exactly the origin the request was made to: same scheme, host and port."""
    if not origin or origin == "null":
        return False
    parsed_host = split_host(host_header)
    try:
        parts = urlsplit(origin)
        origin_port = parts.port
    except ValueError:
        return False
    if parsed_host is None or parts.scheme not in _DEFAULT_PORTS or parts.path or parts.query or not parts.hostname:
        return False
    http_scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    host, port = parsed_host
    return (parts.scheme == http_scheme
            and _normal_host(parts.hostname) == host
            and (origin_port or _DEFAULT_PORTS[parts.scheme]) == (port or _DEFAULT_PORTS[http_scheme]))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class HostOriginGuard:
    """ASGI middleware: refuse unknown Host headers and foreign Origins before Streamlit sees them."""

    def __init__(self, app, allowed: frozenset[str] | None = None) -> None:
        self.app = app
        self._allowed = allowed

    @property
    def allowed(self) -> frozenset[str]:
        if self._allowed is None:
            from streamlit import config

            self._allowed = served_hosts(config.get_option("server.address"))
        return self._allowed

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        origin = _header(scope, b"origin")
        if not host_allowed(host, self.allowed):
            await refuse(scope, receive, send, 400, "web.unknown_host")
            return
        if scope["type"] == "websocket":
            if not origin_matches(origin, host, scope.get("scheme", "ws")):
                await refuse(scope, receive, send, 403, "web.foreign_origin")
                return
        elif origin is not None and scope.get("method", "GET") not in _SAFE_METHODS \
                and not origin_matches(origin, host, scope.get("scheme", "http")):
            await refuse(scope, receive, send, 403, "web.foreign_origin")
            return
        await self.app(scope, receive, send)


async def refuse(scope, receive, send, status: int, key: str) -> None:
    """A short plain-text refusal (Danish, then English); a websocket is refused in its handshake."""
    body = f"{t(key, 'da')}\n{t(key, 'en')}\n".encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store")]
    if scope["type"] == "websocket":
        if "websocket.http.response" in scope.get("extensions", {}):
            await send({"type": "websocket.http.response.start", "status": status, "headers": headers})
            await send({"type": "websocket.http.response.body", "body": body})
        else:
            await send({"type": "websocket.close", "code": 1008})
        return
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
