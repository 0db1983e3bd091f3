"""The Streamlit server process of `itraad run`: Streamlit's own CLI, with TCP_NODELAY on every connection.

Streamlit 1.67 binds its listening socket itself with ``socket.socket(family)`` (protocol 0), and
asyncio only switches Nagle's algorithm off for sockets whose protocol is IPPROTO_TCP. So every
websocket connection kept Nagle on: after the first small message of a script run the server
waited for the browser's delayed ACK (40 ms on Linux) before sending the rest, adding about 40 ms
to every page run, however fast the page (measured with `itraad bench`, docs/performance.md).
Switching Nagle off for every TCP stream socket restores the intended behaviour.
"""

from __future__ import annotations

import asyncio.base_events
import socket
import sys


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main() -> int:
    asyncio.base_events._set_nodelay = _set_nodelay  # read at each new transport (selector_events)
    from streamlit.web.cli import main as streamlit_main

    sys.argv[0] = "streamlit"
    return streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
