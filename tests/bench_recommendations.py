"""Timings of the page Anbefalinger on a large set (not a test: run by hand, prints a table).

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python -m tests.bench_recommendations

Builds a database with 2,000 assessed demo projects, the 105 demo recommendations and 20,000
synthetic ones, then reports (1) each page query's server execution time from EXPLAIN ANALYZE and
(2) the page's script run per view in AppTest: warm (cached frames, as on a rerun at the same data
version) and cold (caches cleared before each run, every query runs). Median and p95 of repeats;
the figures also go to bench-results/recommendations.json.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from dashboard.recommendations import queries as rec
from dashboard.db.admin import init_database
from dashboard.db.queries import sql
from tests.recommendation_helpers import make_assessed_projects

NAME = "itraad_bench_recommendations"
ALL = {"month_from": "2019-01", "month_to": "2026-12"}
QUERIES = {
    "by_focus_area": ("recommendations_by_focus_area", ALL),
    "by_focus_area, search": ("recommendations_by_focus_area", {**ALL, "search": "tidsplanen"}),
    "by_subcategory": ("recommendations_by_subcategory", ALL),
    "list (all, first 500)": ("recommendations_list", ALL),
    "list, focus + search": ("recommendations_list", {**ALL, "focus_area": "governance", "search": "styregruppen"}),
    "list, organisation + profile": ("recommendations_list", {**ALL, "organisation": "Region Midtjylland",
                                                              "profiles": ("A",)}),
    "followup (all projects)": ("recommendations_followup", ALL),
    "projects": ("recommendations_projects", {}),
    "organisations": ("recommendations_organisations", {}),
    "period": ("recommendations_period", {}),
    "taxonomy": ("recommendations_taxonomy", {}),
}
VIEWS = ["fordeling", "anbefalinger", "opfoelgning", "gode-raad"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(admin_url) -> sa.URL:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{NAME}"'))
    admin.dispose()
    url = admin_url.set(database=NAME)
    init_database(url)
    from dashboard.demo import recommendations as demo
    from dashboard.synthetic import recommendations as synthetic

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        make_assessed_projects(conn, 2000)
        demo.load(conn, lambda what, done: None)
        synthetic.generate(conn, 20_000, seed=2024)
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        conn.commit()
    engine.dispose()
    return url


def explain(url, repeats: int = 7) -> dict[str, dict]:
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for label, (name, filters) in QUERIES.items():
            params = rec.query_params(**filters) if filters else {}
            times = []
            for _ in range(repeats):
                plan = conn.execute(sa.text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql(f"recommendations/{name}")), params).scalar()
                times.append(plan[0]["Execution Time"] + plan[0]["Planning Time"])
            out[label] = {"median_ms": statistics.median(times), "p95_ms": percentile(times, 95)}
    engine.dispose()
    return out


def page_runs(url, repeats: int = 30) -> dict[str, dict]:
    import streamlit as st

    from tests.apptest import open_app

    os.environ["DATABASE_URL"] = url.render_as_string(hide_password=False)
    out = {}
    for view in VIEWS:
        at = open_app("anbefalinger.py", visning=view)
        assert not at.exception, at.exception
        for mode in ("warm", "cold"):
            times = []
            for _ in range(repeats):
                if mode == "cold":
                    st.cache_data.clear()
                start = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - start) * 1000)
                assert not at.exception
            out[f"{view} ({mode})"] = {"median_ms": statistics.median(times), "p95_ms": percentile(times, 95)}
    return out


def main() -> int:
    raw = os.environ.get("TEST_DATABASE_URL")
    if not raw:
        print("set TEST_DATABASE_URL to a server where a database may be created", file=sys.stderr)
        return 2
    admin_url = make_url(re.sub(r"^postgresql:", "postgresql+psycopg:", raw))
    url = build(admin_url)
    results = {"sql": explain(url), "page": page_runs(url)}
    for part, rows in results.items():
        print(f"\n{part:<32} {'median ms':>10} {'p95 ms':>10}")
        for label, row in rows.items():
            print(f"{label:<32} {row['median_ms']:>10.1f} {row['p95_ms']:>10.1f}")
    out = Path("bench-results") / "recommendations.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
