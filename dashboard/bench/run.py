"""The benchmark itself: databases, servers, measurements, targets, the table and the JSON."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import URL

from dashboard.bench.client import run_sync
from dashboard.bench.server import AppProcess, start_app

Say = Callable[[str], None]

# The targets of issue 7, on a 2-core machine.
TARGET_PAGE_P95_MS = {"published": 100.0, "large": 250.0}
TARGET_VIEWERS_P95_S = {30: 2.0, 50: 3.5}
TARGET_COLD_START_EXISTING_S = 5.0
TARGET_MEMORY_PER_SESSION_MB = 1.0

# The servers of the page and viewer measurements skip `itraad run`'s warm-up visit: the bench warms
# each page itself, and a visit running in the background would be measured along. (The cold-start
# measurement keeps it, as users get it.)
MEASURED_ENV = {"ITRAAD_WARMUP": "0"}


@dataclass
class BenchConfig:
    runs: int = 30                      # measured reruns per page (warm and cold each)
    warmup: int = 3
    datasets: tuple[str, ...] = ("published", "large")
    pages: tuple[str, ...] | None = None  # url paths ("" = overview); None = every page in PAGES
    viewers: tuple[int, ...] = (10, 30, 50)
    viewer_pages: tuple[str, ...] = ("", "status")
    cold_start_runs: int = 3            # 0 skips the cold-start measurement
    projects: int = 2000                # the large synthetic set
    months: int = 120
    recommendations: int = 20000
    reuse_large: bool = False           # keep the large database between bench runs
    server_options: tuple[str, ...] = ()  # passed on to `itraad run`, e.g. ("--runner.postScriptGC", "true")
    server_env: dict[str, str] = field(default_factory=dict)  # extra environment of `itraad run`
    log_dir: Path = field(default_factory=lambda: Path("bench-results") / "logs")


def stats_ms(seconds: list[float]) -> dict[str, float | int]:
    if not seconds:
        return {"n": 0, "median_ms": None, "p95_ms": None, "max_ms": None}
    values = np.array(seconds) * 1000
    return {"n": len(values), "median_ms": round(float(np.median(values)), 1),
            "p95_ms": round(float(np.percentile(values, 95)), 1), "max_ms": round(float(values.max()), 1)}


# --- benchmark databases ----------------------------------------------------------------------

def server_admin_url() -> URL:
    """A URL on the configured server (DATABASE_URL or the embedded one) that may create databases."""
    from dashboard.db.connection import configured_url

    url = configured_url()
    if url is not None:
        return url.set(database="postgres")
    from dashboard.db import embedded

    embedded.start()
    return embedded._server_url("postgres")


def _admin(url: URL) -> sa.Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def database_exists(admin_url: URL, name: str) -> bool:
    with _admin(admin_url).connect() as conn:
        return bool(conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first())


def create_database(admin_url: URL, name: str) -> URL:
    with _admin(admin_url).connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return admin_url.set(database=name)


def drop_database(admin_url: URL, name: str) -> None:
    from dashboard.db.connection import dispose_engines

    dispose_engines()
    with _admin(admin_url).connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def prepare_dataset(dataset: str, admin_url: URL, run_id: str, config: BenchConfig, say: Say) -> dict:
    """Create the dataset's database; returns its url and what it holds (or why it is unavailable)."""
    from dashboard.db.admin import init_database
    from dashboard.db.connection import connect

    info: dict = {"dataset": dataset, "available": True, "drop": True}
    if dataset == "published":
        name = f"itraad_bench_{run_id}_published"
        url = create_database(admin_url, name)
        init_database(url)
    elif dataset == "large":
        try:
            from dashboard import synthetic
        except ImportError:
            return {**info, "available": False,
                    "note": "dashboard.synthetic (the large-set generator of issue 4) is not on this branch"}
        name = f"itraad_bench_large_p{config.projects}_m{config.months}_r{config.recommendations}"
        url = admin_url.set(database=name)
        info["drop"] = not config.reuse_large
        if config.reuse_large and database_exists(admin_url, name):
            say(f"large set: reusing database {name}")
        else:
            if not config.reuse_large:
                name = f"itraad_bench_{run_id}_large"
                url = admin_url.set(database=name)
            create_database(admin_url, name)
            init_database(url)
            say(f"large set: generating {config.projects} projects x {config.months} months, "
                f"{config.recommendations} recommendations ...")
            started = time.perf_counter()
            with connect(url) as conn:
                synthetic.generate_large(conn, projects=config.projects, months=config.months,
                                         recommendations=config.recommendations)
            info["generate_s"] = round(time.perf_counter() - started, 1)
    else:
        raise ValueError(f"unknown dataset {dataset!r} (published, large)")
    with connect(url) as conn:
        info["rows"] = {table: conn.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
                        for table in _counted_tables(conn)}
    info["name"] = name
    info["url"] = url.render_as_string(hide_password=False)
    return info


def _counted_tables(conn: sa.Connection) -> list[str]:
    present = set(conn.execute(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    return [t for t in ("project", "activity", "status_report", "recommendation") if t in present]


# --- pages ------------------------------------------------------------------------------------

def bench_pages(config: BenchConfig) -> list:
    from dashboard.ui.shell import PAGES

    if config.pages is None:  # what every viewer sees (the secretariat's pages need a sign-in)
        return [p for p in PAGES if getattr(p, "audience", "all") == "all"]
    by_path = {p.url_path: p for p in PAGES}
    unknown = [p for p in config.pages if p not in by_path]
    if unknown:
        raise ValueError(f"unknown page(s) {unknown}; known: {sorted(by_path)}")
    return [by_path[p] for p in config.pages]


# Pages whose views are chosen in the URL are measured in each view (the first is the default).
PAGE_VIEWS = {"status": ("historik", "fordeling", "aarsager", "advarsler", "aendringer"),
              "screening": ("skal-vurderes", "analyse", "genvurdering", "indstillinger", "figur-4", "figur-5")}


def page_variants(url_path: str, database_url: str) -> list[dict[str, str]]:
    """The query strings a page is measured with: its default view, one realistic record for a
    page that shows one (the project page), and each further view of a page that has views."""
    if url_path == "projekt":
        from dashboard.db.connection import connect, normalise_url

        with connect(normalise_url(database_url)) as conn:
            slug = conn.execute(sa.text(
                "SELECT p.slug FROM project p LEFT JOIN activity a ON a.project_id = p.id "
                "GROUP BY p.slug ORDER BY count(a.*) DESC, p.slug LIMIT 1")).scalar()
        return [{"id": slug}] if slug else [{}]
    if url_path == "sag":   # the case with the most recorded steps (the newest of those)
        from dashboard.db.connection import connect, normalise_url

        with connect(normalise_url(database_url)) as conn:
            case = conn.execute(sa.text(
                "SELECT c.id FROM assessment_case c LEFT JOIN case_step s ON s.case_id = c.id"
                " GROUP BY c.id ORDER BY count(s.*) DESC, c.id DESC LIMIT 1")).scalar()
        return [{"id": str(case)}] if case else [{}]
    if url_path == "sager":  # the whole list, and the overdue open cases
        return [{}, {"tilstand": "aaben", "frister": "ja"}]
    views = PAGE_VIEWS.get(url_path, ())
    return [{}] + [{"visning": view} for view in views[1:]]


async def _page_runs(app: AppProcess, url_path: str, query: str, config: BenchConfig) -> dict:
    from dashboard.bench.client import Viewer

    async with Viewer(app.ws_url) as viewer:
        first = await viewer.open(url_path, query)
        problems = [] if first.ok else first.errors + first.exceptions + [first.status]
        for _ in range(config.warmup):
            await viewer.rerun()
        warm, cold = [], []
        for _ in range(config.runs):
            result = await viewer.rerun()
            warm.append(result.seconds)
            problems += [] if result.ok else result.errors + result.exceptions
        for _ in range(config.runs):
            await viewer.clear_cache()
            result = await viewer.rerun()
            cold.append(result.seconds)
            problems += [] if result.ok else result.errors + result.exceptions
    return {"first_run_ms": round(first.seconds * 1000, 1), "warm": stats_ms(warm), "cold": stats_ms(cold),
            "ok": not problems, "problems": sorted(set(problems))[:5]}


def measure_pages(dataset: dict, config: BenchConfig, say: Say) -> list[dict]:
    from urllib.parse import urlencode

    from dashboard.bench.sqltime import page_statements, time_statements
    from dashboard.db.connection import dispose_engines, engine, normalise_url
    from dashboard.ui.shell import PAGES_DIR

    rows = []
    app = start_app({"DATABASE_URL": dataset["url"], **MEASURED_ENV, **config.server_env}, args=config.server_options,
                    log_path=config.log_dir / f"pages-{dataset['dataset']}.log")
    try:
        for spec in bench_pages(config):
            for query in page_variants(spec.url_path, dataset["url"]):
                say(f"{dataset['dataset']}: page /{spec.url_path} {urlencode(query)}")
                runs = run_sync(_page_runs(app, spec.url_path, urlencode(query), config))
                rows.append({"dataset": dataset["dataset"], "page": spec.url_path, "file": spec.file,
                             "query": urlencode(query), **runs})
    finally:
        app.stop()
    # The same pages' SQL alone, replayed outside Streamlit.
    url = normalise_url(dataset["url"])
    for row in rows:
        page_file = None if row["page"] == "" else str(PAGES_DIR / row["file"])
        query = dict(item.split("=", 1) for item in row["query"].split("&") if item)
        statements = page_statements(dataset["url"], page_file, query)
        sql = stats_ms(time_statements(engine(url), statements, config.runs))
        row["sql"] = {**sql, "statements": len(statements)}
        cold = row["cold"]["median_ms"]
        row["overhead_ratio"] = round(cold / sql["median_ms"], 1) if sql["median_ms"] else None
    dispose_engines()
    return rows


# --- concurrent viewers -----------------------------------------------------------------------

async def _viewers(app: AppProcess, url_path: str, n: int) -> dict:
    """Idle memory first (n sessions opened one after another and left open), then the burst
    (n new sessions opening the page at the same moment)."""
    from dashboard.bench.client import Viewer

    async with Viewer(app.ws_url) as warm:  # the server has served this page before
        await warm.open(url_path)
    rss_start = app.rss()
    idle, curve = [], []
    try:
        for _ in range(n):
            viewer = await Viewer(app.ws_url).connect()
            idle.append(viewer)
            await viewer.open(url_path)
            curve.append(app.rss())  # after each new session: connected, after its run, idle
        rss_idle = curve[-1]
    finally:
        await asyncio.gather(*(v.close() for v in idle), return_exceptions=True)
    # Growth per idle session is the slope after the first fifth of the sessions: the first few
    # also pay one-off costs (allocator pools, first-use caches) that do not grow with sessions.
    k = max(1, n // 5)
    slope = (curve[-1] - curve[k - 1]) / (n - k) if n > k else (curve[-1] - rss_start) / n

    viewers = [Viewer(app.ws_url) for _ in range(n)]
    go = asyncio.Event()
    t0 = 0.0

    async def one(viewer: Viewer):
        await go.wait()
        await viewer.connect()
        result = await viewer.open(url_path)
        return time.perf_counter() - t0, result

    tasks = [asyncio.create_task(one(v)) for v in viewers]
    await asyncio.sleep(0)  # every task is now waiting for the start signal
    t0 = time.perf_counter()
    go.set()
    try:
        outcomes = await asyncio.gather(*tasks)
        rss_burst = app.rss()
    finally:
        await asyncio.gather(*(v.close() for v in viewers), return_exceptions=True)
    served = [seconds for seconds, _ in outcomes]
    failed = [r for _, r in outcomes if not r.ok]
    mb = 2**20
    return {"n": n, **stats_ms(served), "failed": len(failed),
            "problems": sorted({p for r in failed for p in r.errors + r.exceptions})[:5],
            "rss_start_mb": round(rss_start / mb, 1), "rss_idle_mb": round(rss_idle / mb, 1),
            "rss_after_burst_mb": round(rss_burst / mb, 1),
            "growth_per_session_mb": round(slope / mb, 3),
            "idle_growth_total_mb": round((rss_idle - rss_start) / mb, 1),
            "rss_idle_curve_mb": [round(v / mb, 1) for v in curve],
            "burst_growth_per_session_mb": round((rss_burst - rss_idle) / n / mb, 3)}


def measure_viewers(dataset: dict, config: BenchConfig, say: Say) -> list[dict]:
    rows = []
    for url_path in config.viewer_pages:
        for n in config.viewers:
            say(f"{dataset['dataset']}: {n} concurrent viewers on /{url_path}")
            # A fresh server for each measurement, so the memory figures are not each other's.
            app = start_app({"DATABASE_URL": dataset["url"], **MEASURED_ENV, **config.server_env},
                            args=config.server_options,
                            log_path=config.log_dir / f"viewers-{dataset['dataset']}-{url_path or 'overblik'}-{n}.log")
            try:
                result = run_sync(_viewers(app, url_path, n))
            finally:
                app.stop()
            rows.append({"dataset": dataset["dataset"], "page": url_path, **result})
    return rows


# --- cold start -------------------------------------------------------------------------------

async def _first_page(app: AppProcess) -> float:
    from dashboard.bench.client import Viewer

    async with Viewer(app.ws_url) as viewer:
        return (await viewer.open("")).seconds


def measure_cold_start(config: BenchConfig, say: Say) -> dict:
    """`itraad run` on the embedded server: a new data dir (initdb, schema, seed) and an existing one."""
    env_base = {"DATABASE_URL": None}
    result = {}
    parent = Path(tempfile.mkdtemp(prefix="itraad-bench-"))
    try:
        for kind in ("new_data_dir", "existing_data_dir"):
            health, first = [], []
            for i in range(config.cold_start_runs):
                data_dir = parent / (f"new-{i}" if kind == "new_data_dir" else "new-0")
                say(f"cold start, {kind.replace('_', ' ')} ({i + 1}/{config.cold_start_runs})")
                app = start_app({**env_base, "ITRAAD_DATA_DIR": str(data_dir), **config.server_env},
                                args=config.server_options,
                                log_path=config.log_dir / f"cold-start-{kind}-{i}.log")
                try:
                    health.append(app.started_in)
                    first.append(app.started_in + run_sync(_first_page(app)))
                finally:
                    app.stop()
            result[kind] = {"to_healthy_s": _seconds(health), "to_first_page_s": _seconds(first)}
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    return result


def _seconds(values: list[float]) -> dict:
    return {"n": len(values), "median": round(float(np.median(values)), 2) if values else None,
            "max": round(float(max(values)), 2) if values else None, "all": [round(v, 2) for v in values]}


# --- targets ----------------------------------------------------------------------------------

def check_targets(report: dict) -> list[dict]:
    checks = []

    def add(name: str, target: float, measured: float | None, unit: str) -> None:
        if measured is None:
            checks.append({"target": name, "limit": target, "measured": None, "unit": unit, "met": None})
            return
        checks.append({"target": name, "limit": target, "measured": measured, "unit": unit,
                       "met": measured <= target, "over_by_pct": round((measured / target - 1) * 100, 1)})

    for dataset, limit in TARGET_PAGE_P95_MS.items():
        rows = [r for r in report["pages"] if r["dataset"] == dataset]
        if rows:
            for kind, label in (("warm", "warm"), ("cold", "cold cache")):
                worst = max(rows, key=lambda r: r[kind]["p95_ms"])
                where = "/" + worst["page"] + (f"?{worst['query']}" if worst["query"] else "")
                add(f"page run p95 ({dataset}, {label}, slowest: {where})", limit, worst[kind]["p95_ms"], "ms")
    for n, limit in TARGET_VIEWERS_P95_S.items():
        for row in report["viewers"]:
            if row["n"] == n:
                add(f"{n} concurrent viewers p95 ({row['dataset']}, /{row['page']})", limit,
                    round(row["p95_ms"] / 1000, 2), "s")
    existing = report.get("cold_start", {}).get("existing_data_dir")
    if existing:
        add("cold start, existing data dir (to healthy, max)", TARGET_COLD_START_EXISTING_S, existing["to_healthy_s"]["max"], "s")
        add("cold start, existing data dir (to first page, max)", TARGET_COLD_START_EXISTING_S,
            existing["to_first_page_s"]["max"], "s")
    if report["viewers"]:
        worst = max(report["viewers"], key=lambda r: r["growth_per_session_mb"])
        add(f"memory growth per idle session (worst: {worst['n']} on /{worst['page']}, {worst['dataset']})",
            TARGET_MEMORY_PER_SESSION_MB, worst["growth_per_session_mb"], "MB")
    return checks


# --- the whole run ----------------------------------------------------------------------------

def run_bench(config: BenchConfig, say: Say = lambda text: print(text, file=sys.stderr, flush=True)) -> dict:
    import streamlit

    from dashboard.bench.client import check_streamlit_version
    from dashboard.db.connection import mask_url

    check_streamlit_version()
    config.log_dir.mkdir(parents=True, exist_ok=True)
    run_id = uuid.uuid4().hex[:8]
    admin_url = server_admin_url()
    report: dict = {
        "meta": {"started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                 "streamlit": streamlit.__version__, "python": platform.python_version(),
                 "cpus": os.cpu_count(), "machine": platform.machine(),
                 "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
                 "server": mask_url(admin_url), "config": _jsonable(asdict(config))},
        "datasets": [], "pages": [], "viewers": [], "cold_start": {},
    }
    started = time.perf_counter()
    for name in config.datasets:
        say(f"preparing dataset {name}")
        dataset = prepare_dataset(name, admin_url, run_id, config, say)
        report["datasets"].append({k: v for k, v in dataset.items() if k != "url"})
        if not dataset["available"]:
            say(f"{name}: skipped ({dataset['note']})")
            continue
        try:
            report["pages"] += measure_pages(dataset, config, say)
            if config.viewers:
                report["viewers"] += measure_viewers(dataset, config, say)
        finally:
            if dataset["drop"]:
                drop_database(admin_url, dataset["name"])
    if config.cold_start_runs:
        report["cold_start"] = measure_cold_start(config, say)
    report["targets"] = check_targets(report)
    report["meta"]["duration_s"] = round(time.perf_counter() - started, 1)
    report["meta"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return report


def _jsonable(value):
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def write_json(report: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


# --- the printed table ------------------------------------------------------------------------

def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def format_report(report: dict) -> str:
    meta = report["meta"]
    out = [f"Rådsportalen benchmark {meta['started']}: Streamlit {meta['streamlit']}, Python {meta['python']}, "
           f"{meta['cpus']} CPUs, load average {meta['load_average_at_start'][0]}, {meta['server']}"]
    for d in report["datasets"]:
        out.append(f"  dataset {d['dataset']}: " + (", ".join(f"{k} {v}" for k, v in d.get("rows", {}).items())
                                                    if d["available"] else f"not measured: {d['note']}"))
    if report["pages"]:
        out += ["", "Page runs (ms; one viewer rerunning the page; warm = cached data, cold = caches emptied)"]
        out.append(_table(
            ["dataset", "page", "first", "warm med", "warm p95", "cold med", "cold p95", "SQL med", "SQL p95",
             "stmts", "page/SQL", "ok"],
            [[r["dataset"], "/" + r["page"] + (f"?{r['query']}" if r["query"] else ""), r["first_run_ms"],
              r["warm"]["median_ms"], r["warm"]["p95_ms"], r["cold"]["median_ms"], r["cold"]["p95_ms"],
              r["sql"]["median_ms"], r["sql"]["p95_ms"], r["sql"]["statements"], r["overhead_ratio"],
              "yes" if r["ok"] else "NO: " + "; ".join(r["problems"])[:60]] for r in report["pages"]]))
    if report["viewers"]:
        out += ["", "Concurrent viewers: time from all starting at once until each one's run finished; Streamlit RSS "
                "at start, with n idle sessions (opened one by one), and after the burst of n more"]
        out.append(_table(
            ["dataset", "page", "viewers", "median ms", "p95 ms", "max ms", "failed", "RSS start MB",
             "RSS idle MB", "MB/idle session", "RSS after burst MB"],
            [[r["dataset"], "/" + r["page"], r["n"], r["median_ms"], r["p95_ms"], r["max_ms"], r["failed"],
              r["rss_start_mb"], r["rss_idle_mb"], r["growth_per_session_mb"], r["rss_after_burst_mb"]]
             for r in report["viewers"]]))
    if report["cold_start"]:
        out += ["", "Cold start of `itraad run` (embedded PostgreSQL; seconds, median / max)"]
        out.append(_table(
            ["data dir", "to healthy", "to first page", "runs"],
            [[kind.replace("_data_dir", ""), f"{v['to_healthy_s']['median']} / {v['to_healthy_s']['max']}",
              f"{v['to_first_page_s']['median']} / {v['to_first_page_s']['max']}", v["to_healthy_s"]["n"]]
             for kind, v in report["cold_start"].items()]))
    if report.get("targets"):
        out += ["", "Targets"]
        out.append(_table(
            ["target", "limit", "measured", "met"],
            [[c["target"], f"{c['limit']} {c['unit']}", "" if c["measured"] is None else f"{c['measured']} {c['unit']}",
              "n/a" if c["met"] is None else ("yes" if c["met"] else f"NO (+{c['over_by_pct']}%)")]
             for c in report["targets"]]))
    out.append(f"\n({meta.get('duration_s', '?')} s)")
    return "\n".join(out)
