"""The Streamlit server process of `itraad run`: Streamlit's own CLI on streamlit_app.py (the app in
its server layer, dashboard/web), tuned in two ways.

TCP_NODELAY on every connection. Streamlit 1.67 binds its listening socket itself with
``socket.socket(family)`` (protocol 0), and asyncio only switches Nagle's algorithm off for
sockets whose protocol is IPPROTO_TCP. So every websocket kept Nagle on: after the first small
message of a script run the server waited for the browser's delayed ACK (40 ms on Linux) before
sending the rest, adding about 40 ms to every page run however fast the page. Switching Nagle
off for every TCP stream socket restores the intended behaviour.

A warm-up visit. The first script run of a fresh process imports pandas, Plotly's validators,
pandera's schemas and opens the database pool, about a second. As soon as the server answers,
a background thread opens every page once over the websocket protocol (dashboard.bench.client),
so the first real viewer finds a warm process. ITRAAD_WARMUP=0 turns it off.
(Measured with `itraad bench`; see docs/performance.md.)
"""

from __future__ import annotations

import asyncio.base_events
import logging
import os
import socket
import sys
import threading

from dashboard.cli import _option

log = logging.getLogger("itraad.serve")


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _warm_up(host: str, port: str) -> None:
    """Open every page once, as a viewer would, as soon as the server is healthy."""
    try:
        from dashboard.bench.client import Viewer
        from dashboard.bench.server import wait_healthy
        from dashboard.ui.shell import PAGES

        wait_healthy(f"http://{host}:{port}", timeout=120)

        async def visit() -> None:
            async with Viewer(f"ws://{host}:{port}/_stcore/stream") as viewer:
                for spec in PAGES:
                    if getattr(spec, "audience", "all") == "all":  # the pages every viewer can open
                        await viewer.open(spec.url_path)

        asyncio.run(visit())
    except Exception:  # a failed warm-up only means the first viewer waits a little longer
        log.info("warm-up visit failed", exc_info=True)


def main() -> int:
    asyncio.base_events._set_nodelay = _set_nodelay  # read at each new transport (selector_events)
    args = sys.argv[1:]
    if os.environ.get("ITRAAD_WARMUP", "1") != "0":
        address = _option(args, "server.address", "127.0.0.1")
        host = "127.0.0.1" if address in ("", "0.0.0.0", "::") else address.strip("[]")
        threading.Thread(target=_warm_up, args=(host, _option(args, "server.port", "8501")),
                         name="itraad-warm-up", daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    return streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
