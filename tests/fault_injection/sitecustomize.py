"""Loaded by Python at start-up when a test puts this folder on PYTHONPATH (tests/test_web_browser.py):
makes the app fail where no page can catch it, to show what the visitor then sees.

ITRAAD_TEST_FAULT=script: the app script itself raises on every run (before the shell's own error
boundary), so only Streamlit's on_script_error hook stands between the error and the browser.
"""

import os

if os.environ.get("ITRAAD_TEST_FAULT") == "script":
    import dashboard.ui.shell as _shell

    def _broken_main() -> None:
        raise RuntimeError("fault injected by the test: the app script fails")

    _shell.main = _broken_main
