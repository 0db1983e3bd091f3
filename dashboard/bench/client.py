"""A viewer without a browser: Streamlit's own websocket protocol, as the browser speaks it.

The browser opens ``/_stcore/stream`` with the subprotocol ``streamlit``, sends a BackMsg
``rerun_script`` (the page's url path and query string in a ClientState) and receives ForwardMsgs
until a ``script_finished``. That is exactly one script run as a viewer experiences it, so its
time is the server's time for the page plus a loopback round trip.

The protocol is internal to Streamlit, so this client is written against one version: the
project pins streamlit to 1.67.x in pyproject.toml and ``check_streamlit_version`` refuses others.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PROTOCOL_VERSION = "1.67."  # the Streamlit release line this client speaks
ALERT_ERROR = 1  # streamlit.proto.Alert_pb2.Alert.ERROR


def check_streamlit_version(version: str = streamlit.__version__) -> None:
    if not version.startswith(PROTOCOL_VERSION):
        raise RuntimeError(f"the benchmark client speaks Streamlit {PROTOCOL_VERSION}x, "
                           f"but Streamlit {version} is installed (see pyproject.toml)")


@dataclass
class RunResult:
    """One script run seen from the viewer."""

    seconds: float
    status: str                                       # FINISHED_SUCCESSFULLY, ...
    messages: int = 0
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)   # st.error texts (the app's own messages)

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions and not self.errors


class Viewer:
    """One Streamlit session over one websocket."""

    def __init__(self, ws_url: str, origin: str | None = None) -> None:
        check_streamlit_version()
        self.ws_url = ws_url
        # As a browser does: the Origin of the page the app served (the server refuses any other).
        self.origin = origin or page_origin(ws_url)
        self.ws = None
        self.query_string = ""
        self.page = ""

    async def connect(self) -> "Viewer":
        import websockets

        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], origin=self.origin,
                                           max_size=None, open_timeout=30)
        return self

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def __aenter__(self) -> "Viewer":
        return await self.connect()

    async def __aexit__(self, *exc) -> None:
        await self.close()

    def _rerun_message(self) -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page
        state.page_script_hash = ""
        host = urlsplit(self.ws_url).netloc
        state.context_info.url = f"http://{host}/{self.page}" + (f"?{self.query_string}" if self.query_string else "")
        state.context_info.timezone = "Europe/Copenhagen"
        state.context_info.timezone_offset = -60
        state.context_info.locale = "da-DK"
        return msg.SerializeToString()

    async def clear_cache(self) -> None:
        """Empty the server's st.cache_data (for every session) and this session's state."""
        msg = BackMsg()
        msg.clear_cache = True
        await self.ws.send(msg.SerializeToString())

    async def open(self, page: str = "", query_string: str = "", timeout: float = 120) -> RunResult:
        """Open a page (its url path, "" for the start page) and wait for the run to finish."""
        self.page = page
        self.query_string = query_string
        return await self.rerun(timeout)

    async def rerun(self, timeout: float = 120) -> RunResult:
        """Run the current page again (like pressing R), with the URL the app last wrote."""
        started = time.perf_counter()
        await self.ws.send(self._rerun_message())
        return await asyncio.wait_for(self._until_finished(started), timeout)

    async def _until_finished(self, started: float) -> RunResult:
        result = RunResult(seconds=0.0, status="")
        while True:
            raw = await self.ws.recv()
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            result.messages += 1
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "alert" and element.alert.format == ALERT_ERROR:
                    result.errors.append(element.alert.body)
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                result.errors.append(f"page not found: {self.page!r}")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status in ("FINISHED_EARLY_FOR_RERUN", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                    continue  # the run goes on (st.rerun) or only a fragment ran
                result.status = status
                result.seconds = time.perf_counter() - started
                return result


def page_origin(ws_url: str) -> str:
    """ws://127.0.0.1:8501/_stcore/stream -> http://127.0.0.1:8501 (wss -> https)."""
    parts = urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


def run_sync(coroutine):
    """Run a coroutine to completion on an event loop of its own in a worker thread: works whether
    or not the calling thread already runs a loop (Playwright's sync API keeps one running)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
