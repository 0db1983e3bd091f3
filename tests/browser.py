"""Real-browser harness: the app served by `itraad run`, driven by Playwright in Debian's Chromium.

``start_app`` starts ``itraad run --server.port <free port> --server.headless true`` on the
database named by DATABASE_URL and waits until ``/_stcore/health`` answers. ``AppBrowser`` opens
pages and waits for the app's own signal that a script run has finished: Streamlit 1.67 sets
``data-test-script-state`` on its root element (``[data-testid=stApp]``) to ``initial``,
``running``, ``rerunRequested`` or ``notRunning``. An init script counts every change into
``notRunning``, so "the run caused by this click has finished" is an exact condition (the count
went up and the root says notRunning while connected), never a sleep.

Screenshots go to test-artifacts/<test name>/NN-<step>.png; the server log beside them.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Counts finished script runs as the app root's data-test-script-state attribute changes.
RUN_COUNTER = """
(() => {
  window.__itraadRuns = 0;
  new MutationObserver(mutations => {
    for (const m of mutations) {
      if (m.attributeName === 'data-test-script-state' && m.target.dataset.testid === 'stApp'
          && m.target.getAttribute('data-test-script-state') === 'notRunning'
          && m.oldValue !== 'notRunning') {
        window.__itraadRuns += 1;
      }
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""

# The run counter went past `before` and the app is idle and connected.
RUN_FINISHED = """
before => {
  const root = document.querySelector('[data-testid="stApp"]');
  return window.__itraadRuns > before && root !== null
    && root.getAttribute('data-test-script-state') === 'notRunning'
    && root.getAttribute('data-test-connection-state') === 'CONNECTED';
}
"""


# Lazily loaded elements have drawn: no placeholder skeletons, no chart still hidden by Plotly.
RENDERED = """
() => document.querySelectorAll('[data-testid="stMain"] [data-testid="stSkeleton"]').length === 0
  && Array.from(document.querySelectorAll('.js-plotly-plot')).every(e => e.style.visibility !== 'hidden')
"""


# --- skipping or failing without a browser ----------------------------------------------------

def browser_required() -> bool:
    return os.environ.get("ITRAAD_REQUIRE_BROWSER", "").strip() not in ("", "0")


def check_browser_available() -> None:
    """Skip the test when Chromium or Playwright is missing, or fail when CI requires them."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed (pip install -e '.[test]')"
    if problem is None:
        return
    if browser_required():
        pytest.fail(f"ITRAAD_REQUIRE_BROWSER is set but {problem}", pytrace=False)
    pytest.skip(f"real-browser test skipped: {problem}")


# --- the app server ---------------------------------------------------------------------------

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
    delay = 0.02
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{url} was not healthy within {timeout} s")
        time.sleep(delay)  # a poll interval, not a wait for the app's state
        delay = min(delay * 1.5, 0.25)


@dataclass
class AppServer:
    """A running `itraad run` and where it serves."""

    process: subprocess.Popen
    port: int
    log_path: Path
    address: str = "127.0.0.1"
    _log_file: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def streamlit_process(self) -> psutil.Process:
        """The Streamlit server process (the child that `itraad run` starts)."""
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if "streamlit" in " ".join(child.cmdline()):
                    return child
            except psutil.NoSuchProcess:
                continue
        raise RuntimeError("no streamlit process under itraad run")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM to `itraad run` (it forwards it to Streamlit and stops the embedded server)."""
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
                if child.is_running():
                    child.kill()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        return self.process.returncode


def start_app(env: dict[str, str] | None = None, *, log_path: Path, port: int | None = None,
              args: tuple[str, ...] = (), timeout: float = 90) -> AppServer:
    """Start `itraad run` on a free port and wait until it is healthy.

    The environment is this process's, updated with ``env``; DATABASE_URL picks the database.
    """
    port = port or free_port()
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("ITRAAD_LOG_LEVEL", "WARNING")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "w")
    command = [*itraad_command(), "run", "--server.port", str(port), "--server.headless", "true", *args]
    process = subprocess.Popen(command, env=full_env, stdout=log_file, stderr=subprocess.STDOUT,
                               start_new_session=True)
    server = AppServer(process=process, port=port, log_path=log_path, _log_file=log_file)
    try:
        wait_healthy(server.url, timeout, process)
    except Exception as exc:
        server.stop()
        raise RuntimeError(f"{exc}\n--- server log ---\n{server.log()}") from None
    return server


# --- the browser ------------------------------------------------------------------------------

def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def artifact_dir(test_name: str) -> Path:
    path = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    path.mkdir(parents=True, exist_ok=True)
    return path


class AppBrowser:
    """One browser context (one viewer) on the app, with run-aware navigation and screenshots."""

    def __init__(self, browser, server: AppServer, shots: Path, name: str = "",
                 viewport: dict | None = None, timeout_ms: float = 30_000) -> None:
        self.server = server
        self.shots = shots
        self.name = name
        self.timeout_ms = timeout_ms
        self.context = browser.new_context(viewport=viewport or {"width": 1440, "height": 1000},
                                           locale="da-DK", timezone_id="Europe/Copenhagen")
        self.context.add_init_script(RUN_COUNTER)
        self.context.set_default_timeout(timeout_ms)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self._step = 0

    # runs

    def runs(self) -> int:
        return int(self.page.evaluate("() => window.__itraadRuns || 0"))

    def wait_for_run(self, before: int, timeout_ms: float | None = None) -> None:
        """Wait until a script run after `before` finished runs has finished and the app is idle."""
        self.page.wait_for_function(RUN_FINISHED, arg=before, timeout=timeout_ms or self.timeout_ms,
                                    polling="raf")
        self.page.wait_for_function(RENDERED, timeout=timeout_ms or self.timeout_ms, polling="raf")

    def open(self, path: str = "/") -> None:
        """Load a URL of the app (path with query) and wait for its first run to finish."""
        self.page.goto(self.server.url + path, wait_until="domcontentloaded")
        self.wait_for_run(0)

    def act(self, action, timeout_ms: float | None = None) -> None:
        """Do something that reruns the script (a click, a keypress) and wait for that run."""
        before = self.runs()
        action()
        self.wait_for_run(before, timeout_ms)

    def rerun(self) -> None:
        """What a viewer does to see fresh data: rerun the script (Streamlit's "R" shortcut)."""
        def press_r() -> None:
            self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
            self.page.keyboard.press("r")

        self.act(press_r)

    # what is on the page

    def url_path_and_query(self) -> str:
        return self.page.url[len(self.server.url):]

    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    def exceptions(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def errors(self) -> list[str]:
        return self.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()

    def warnings(self) -> list[str]:
        return self.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()

    def shot(self, step: str) -> Path:
        """Save a full-page screenshot as NN-<viewer>-<step>.png."""
        self._step += 1
        label = f"{self.name}-{step}" if self.name else step
        path = self.shots / f"{self._step:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', label)}.png"
        # The main area scrolls inside the window; grow the window to its height for a whole-page shot.
        size = self.page.viewport_size
        height = self.page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
        if height > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        try:
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(size)
        return path

    def close(self) -> None:
        self.context.close()
