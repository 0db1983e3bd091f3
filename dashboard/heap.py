"""The app process's long-lived heap, kept out of the garbage collector's full passes.

After its first page runs, the server holds a few hundred thousand objects that live as long as
the process: modules, Plotly's validators, pandas, pandera's schemas, the catalogue. Python's full
(generation 2) collection walks all of them whenever enough new objects have survived, and a page
run that triggers one pays for the walk: on the large set the cold run of /sager had a second mode
about 110 ms above its median (p95 337 ms against a median of 229 ms; docs/performance.md).

``gc.freeze()`` moves every object alive at that moment into a permanent generation the collector
no longer walks. It is done after a full collection (so no garbage is frozen), twice per process:
after the first script run (the app's own modules) and after the FREEZE_AGAIN_AFTER-th (the
modules the other pages import). What the sessions of that moment hold is frozen with it and is
never freed: a few megabytes at most, once.
"""

from __future__ import annotations

import gc
import threading

FREEZE_AGAIN_AFTER = 25   # script runs: by then the pages a process serves have been imported

_runs = 0
_lock = threading.Lock()


def after_script_run() -> None:
    """Count a finished script run; freeze the heap after the first and the FREEZE_AGAIN_AFTER-th."""
    global _runs
    with _lock:
        _runs += 1
        if _runs in (1, FREEZE_AGAIN_AFTER):
            gc.collect()
            gc.freeze()
