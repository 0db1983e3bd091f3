"""`itraad bench`: reproducible performance figures for Rådsportalen (see docs/performance.md).

What is measured, each against the real `itraad run` in a separate process:
- page runs: every page of dashboard/ui/shell.py PAGES, rerun many times by one viewer over
  Streamlit's websocket protocol (warm: data cached; cold: st.cache_data emptied before each run),
  on the published data and on the large synthetic set;
- the same page's SQL alone (dashboard.bench.sqltime), so page / SQL is the overhead ratio;
- cold start: `itraad run` to a healthy server, with a new and with an existing data dir;
- concurrent viewers: N sessions opening a page at once, time until each run finished, and the
  Streamlit process's memory before and after (growth per idle session).

Everything runs on benchmark databases created for the run on the configured server (DATABASE_URL,
or the embedded one) and dropped afterwards. Results are printed as a table and written as JSON.
"""

from __future__ import annotations

from dashboard.bench.run import BenchConfig, format_report, run_bench

__all__ = ["BenchConfig", "format_report", "run_bench"]
