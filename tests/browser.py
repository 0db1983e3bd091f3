"""Real-browser harness: the app served by `itraad run`, driven by Playwright in Debian's Chromium.

``start_app`` (dashboard.bench.server) starts ``itraad run --server.port <free port>
--server.headless true`` on the database named by DATABASE_URL and waits until
``/_stcore/health`` answers. ``AppBrowser`` opens
pages and waits for the app's own signal that a script run has finished: Streamlit 1.67 sets
``data-test-script-state`` on its root element (``[data-testid=stApp]``) to ``initial``,
``running``, ``rerunRequested`` or ``notRunning``; an init script counts the runs the server reports
finished on the page's websocket, so "the run caused by this click has finished" is an exact
condition (the count went up and the root says notRunning while connected), never a sleep.

Screenshots go to test-artifacts/<test name>/NN-<step>.png; the server log beside them.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

from dashboard.bench.server import AppProcess, free_port, start_app, wait_healthy  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Counts the script runs the server reports finished on this document's websocket. Streamlit sends
# a ForwardMsg whose field 6 (script_finished, a varint status) closes every run; 0 (success),
# 1 (compile error) and 3 (fragment run) end a run, 2 (stopped early for a rerun) does not. The
# root element's data-test-script-state alone is not enough: under load React may render
# "running" and "notRunning" in one batch, and a quick run then never shows as a change. The count
# is raised after the next frame, once Streamlit has handled the message and React has drawn it.
RUN_COUNTER = """
(() => {
  window.__itraadRuns = 0;
  const finishStatus = bytes => {
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, b;
      do { b = bytes[i++]; value += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) { const v = varint(); if (field === 6) return v; }
      else if (wire === 2) { const length = varint(); i += length; }  // (i += varint() would add to the old i)
      else if (wire === 1) { i += 8; }
      else if (wire === 5) { i += 4; }
      else return null;
    }
    return null;
  };
  const Native = window.WebSocket;
  const Counting = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes('/_stcore/stream')) {
      ws.addEventListener('message', event => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const status = finishStatus(new Uint8Array(event.data));
        if (status === 0 || status === 1 || status === 3) {
          setTimeout(() => requestAnimationFrame(() => setTimeout(() => { window.__itraadRuns += 1; })));
        }
      });
    }
    return ws;
  };
  Counting.prototype = Native.prototype;
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Counting[name] = Native[name];
  window.WebSocket = Counting;
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


# Lazily loaded elements have drawn: no placeholder skeletons, no chart still hidden by Plotly
# (a chart the layout does not show at this width, display:none, is never drawn and not waited for).
RENDERED = """
() => document.querySelectorAll('[data-testid="stMain"] [data-testid="stSkeleton"]').length === 0
  && Array.from(document.querySelectorAll('.js-plotly-plot'))
       .filter(e => e.offsetParent !== null).every(e => e.style.visibility !== 'hidden')
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


# --- the browser ------------------------------------------------------------------------------

def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


_STEPS: dict[Path, itertools.count] = {}


def _step_counter(shots: Path) -> itertools.count:
    """One numbering of the screenshots per test folder, across the test's viewers."""
    return _STEPS.setdefault(shots, itertools.count(1))


def artifact_dir(test_name: str) -> Path:
    path = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    path.mkdir(parents=True, exist_ok=True)
    return path


class AppBrowser:
    """One browser context (one viewer) on the app, with run-aware navigation and screenshots."""

    def __init__(self, browser, server: AppProcess, shots: Path, name: str = "",
                 viewport: dict | None = None, timeout_ms: float = 60_000) -> None:
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
        self._steps = _step_counter(shots)

    # runs

    def runs(self) -> int:
        return int(self.page.evaluate("() => window.__itraadRuns || 0"))

    def wait_for_run(self, before: int, timeout_ms: float | None = None) -> None:
        """Wait until a script run after `before` finished runs has finished and the app is idle."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(RUN_FINISHED, arg=before, timeout=timeout_ms or self.timeout_ms,
                                        polling="raf")
            self.page.wait_for_function(RENDERED, timeout=timeout_ms or self.timeout_ms, polling="raf")
        except PlaywrightTimeout as timeout:
            raise AssertionError(f"no finished run after {before}: {self._app_state()}") from timeout

    def _app_state(self) -> str:
        """What the page showed when a wait ran out (and a screenshot of it), for the failure message."""
        try:
            state = self.page.evaluate("""() => {
              const root = document.querySelector('[data-testid="stApp"]');
              return {runs: window.__itraadRuns, url: location.href,
                      script: root && root.getAttribute('data-test-script-state'),
                      connection: root && root.getAttribute('data-test-connection-state'),
                      skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length};
            }""")
            return f"{state}; screenshot {self.shot('timeout').name}"
        except Exception as problem:  # the page itself may be gone; say so rather than hide the timeout
            return f"(page state unreadable: {problem})"

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
        return self._alerts("Error")

    def warnings(self) -> list[str]:
        return self._alerts("Warning")

    def infos(self) -> list[str]:
        return self._alerts("Info")

    def _alerts(self, kind: str) -> list[str]:
        """The texts of st.error/st.warning/st.info boxes (without their icon's name)."""
        return self.page.locator(f'[data-testid="stAlertContent{kind}"] [data-testid="stMarkdownContainer"]'
                                 ).all_inner_texts()

    # widgets, found by their label as a person reads it

    def fill(self, label: str, text: str) -> None:
        """Type into a text field (inside a form this reruns nothing; outside, wrap it in act)."""
        self.page.get_by_label(label, exact=True).fill(text)

    def choose(self, label: str, option: str) -> None:
        """Pick an option of a select box: open it, narrow the list by typing, click the option.

        A click can land while the option list is still settling and be lost; then the list
        closes and the box is left empty. For a single select box the choice is therefore
        checked once the list has closed, and made again if it did not take."""
        from playwright.sync_api import expect

        box = self.page.get_by_role("combobox", name=label, exact=True)
        multiple = self.page.locator('[data-testid="stMultiSelect"]').filter(has=box).count() > 0
        for _ in range(3):
            box.click()
            box.fill(option)
            self.page.get_by_role("option", name=option, exact=True).click()
            if multiple:  # a multiselect stays open for more
                box.press("Escape")
                return
            try:
                expect(box).to_have_attribute("aria-expanded", "false", timeout=3000)
                expect(box).to_have_value(option, timeout=3000)
                return
            except AssertionError:
                box.press("Escape")
        raise AssertionError(f"could not choose {option!r} in {label!r}")

    def value(self, label: str) -> str:
        return self.page.get_by_label(label, exact=True).input_value()

    def field_error(self, label: str) -> str | None:
        """The error shown right under a field (the element after the field's own), if any."""
        field = self.main().locator('[data-testid="stElementContainer"]').filter(
            has=self.page.get_by_label(label, exact=True))
        after = field.last.locator("xpath=following-sibling::*[1]")
        error = after.locator('[data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]')
        return error.inner_text().strip() if error.count() else None

    def shot(self, step: str) -> Path:
        """Save a full-page screenshot as NN-<viewer>-<step>.png."""
        label = f"{self.name}-{step}" if self.name else step
        path = self.shots / f"{next(self._steps):02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '_', label)}.png"
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
