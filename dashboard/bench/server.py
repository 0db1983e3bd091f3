"""Start and stop `itraad run` as a separate process, as a user would, and look at it from outside.

Used by the benchmark and by the real-browser tests (tests/browser.py), so both measure and
drive exactly what `itraad run` serves.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def itraad_command() -> list[str]:
    """The `itraad` console script of this interpreter's environment (or the module behind it)."""
    script = Path(sys.executable).parent / "itraad"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


def wait_healthy(url: str, timeout: float, process: subprocess.Popen | None = None) -> float:
    """Poll GET <url>/_stcore/health until it answers 200; return the seconds it took."""
    started = time.perf_counter()
    delay = 0.01
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"`itraad run` exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{url} was not healthy within {timeout:.0f} s")
        time.sleep(delay)  # poll interval
        delay = min(delay * 1.5, 0.1)


@dataclass
class AppProcess:
    """A running `itraad run` and where it serves."""

    process: subprocess.Popen
    port: int
    log_path: Path
    started_in: float = 0.0  # seconds from start to a healthy server
    address: str = "127.0.0.1"
    _log_file: IO | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.address}:{self.port}/_stcore/stream"

    def streamlit_process(self) -> psutil.Process:
        """The Streamlit server process (the one child that `itraad run` starts)."""
        children = psutil.Process(self.process.pid).children()
        if len(children) != 1:
            raise RuntimeError(f"expected one Streamlit process under `itraad run`, found {len(children)}")
        return children[0]

    def rss(self) -> int:
        """Resident memory of the Streamlit server process, in bytes."""
        return self.streamlit_process().memory_info().rss

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM to `itraad run`; it forwards it to Streamlit and releases the embedded server."""
        if self.process.poll() is None:
            try:
                children = psutil.Process(self.process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            for child in children:  # never leave a Streamlit behind, whatever happened
                try:
                    if child.is_running() and child.status() != psutil.STATUS_ZOMBIE:
                        child.kill()
                except psutil.NoSuchProcess:
                    pass
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return self.process.returncode


def start_app(env: dict[str, str | None] | None = None, *, log_path: Path, port: int | None = None,
              args: tuple[str, ...] | list[str] = (), timeout: float = 120) -> AppProcess:
    """Start `itraad run --server.port <port> --server.headless true [args]` and wait until healthy.

    The environment is this process's, updated with ``env`` (a value of None removes the
    variable): DATABASE_URL picks the database, ITRAAD_DATA_DIR the embedded server's folder.
    """
    port = port or free_port()
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    full_env.setdefault("ITRAAD_LOG_LEVEL", "WARNING")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "w")
    command = [*itraad_command(), "run", "--server.port", str(port), "--server.headless", "true", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=full_env, stdout=log_file, stderr=subprocess.STDOUT,
                               start_new_session=True)
    app = AppProcess(process=process, port=port, log_path=log_path, _log_file=log_file)
    try:
        wait_healthy(app.url, timeout, process)
    except Exception as exc:
        app.stop()
        raise RuntimeError(f"{exc}\n--- log of `itraad run` ---\n{app.log()}") from None
    app.started_in = time.perf_counter() - started
    return app
