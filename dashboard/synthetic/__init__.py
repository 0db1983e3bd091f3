"""A large synthetic data set for the benchmark (``itraad db synth``), for a separate database.

Thousands of invented projects with a held risk assessment for most of them and monthly status
reports over years, shaped like the demo set (dashboard.demo.status: mostly green, runs of
yellow, some red, the report's most frequent causes). Every row has provenance 'demo' and every
project says DEMO in its name, so ``itraad db demo --remove`` takes it away too; the load is
recorded in seed_load as 'synthetic' and happens once.

Every synthetic project also gets a type, a phase history and dated budgets
(dashboard.screening.synthetic), so the screening views are measured on it too.

Rows are streamed with COPY, so 2,000 projects x 120 months load in well under a minute.
Months start in January 2019 (the council's first year; the schema rejects earlier months), so
120 months reach into the future: it is a load test, not a forecast.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Callable

import sqlalchemy as sa

from dashboard.demo.status import Reporter, report_rows
from dashboard.errors import UserError
from dashboard.status.queries import month_add

SYNTHETIC_SET = "synthetic"
DEFAULT_SEED = 20_190_101
FIRST_MONTH = dt.date(2019, 1, 1)
REGIONS = ("Region Nordjylland", "Region Midtjylland", "Region Syddanmark", "Region Hovedstaden", "Region Sjælland")
Progress = Callable[[str, float], None]

REPORT_COLUMNS = ("project_id", "month", "deliveries", "time", "money", "resources",
                  "deliveries_cause", "deliveries_note", "time_cause", "time_note", "money_cause", "money_note",
                  "resources_cause", "resources_note", "action", "reported_by", "reported_at", "provenance")


def synthetic_loaded(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM seed_load WHERE name = :n)"),
                             {"n": SYNTHETIC_SET}).scalar())


def _plan(rng: random.Random, index: int, months: int) -> dict:
    """One synthetic project's life: when it starts and stops reporting, its state, how troubled."""
    last = months - 1
    first = 0 if rng.random() < 0.75 else rng.randint(1, max(1, months // 2))
    state, end = "ongoing", None
    roll = rng.random()
    if roll < 0.10 and last - first > 12:           # completed some time before the end
        state, last = "completed", rng.randint(first + 12, last - 1)
        end = last
    elif roll < 0.13:                                # still running, but stopped reporting (stale)
        last = max(first, last - rng.randint(1, 4))
    elif roll < 0.15:
        state = "paused"
    return {"index": index, "slug": f"syntetisk-{index:05d}", "name": f"DEMO syntetisk projekt {index:05d}",
            "region": REGIONS[index % len(REGIONS)], "first": first, "last": last, "state": state,
            "end": end, "trouble": rng.choice((0.3, 0.6, 1.0, 1.5, 2.5)),
            "assessed": rng.random() < 0.6, "profile": rng.choices("ABC", weights=(6, 3, 1))[0]}


def _copy(conn: sa.Connection, table: str, columns: tuple[str, ...], rows) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def generate_large(conn: sa.Connection, projects: int = 2000, months: int = 120, recommendations: int = 20000,
                   progress: Progress | None = None, seed: int = DEFAULT_SEED) -> dict[str, float | int]:
    """Create the synthetic set on ``conn`` (in its transaction); return counts and seconds taken."""
    progress = progress or (lambda what, done: None)
    if projects < 1 or months < 1 or recommendations < 0:
        raise UserError("synthetic.bad_size")
    if synthetic_loaded(conn):
        raise UserError("synthetic.present")
    started = time.perf_counter()
    rng = random.Random(seed)
    plans = [_plan(rng, i, months) for i in range(1, projects + 1)]
    month_of = [month_add(FIRST_MONTH, i) for i in range(months)]

    progress("projekter", 0.0)
    _copy(conn, "project", ("slug", "name", "state", "is_rsi", "end_month", "provenance"),
          ((p["slug"], p["name"], p["state"], True, month_of[p["end"]] if p["end"] is not None else None, "demo")
           for p in plans))
    ids = dict(conn.execute(sa.text("SELECT slug, id FROM project WHERE slug LIKE 'syntetisk-%'")).all())
    org_id = dict(conn.execute(sa.text("SELECT name, id FROM organisation")).all())
    _copy(conn, "project_responsible", ("project_id", "organisation_id", "position"),
          ((ids[p["slug"]], org_id[p["region"]], 1) for p in plans))

    progress("risikovurderinger", 0.05)
    assessed = [p for p in plans if p["assessed"]]
    _copy(conn, "activity", ("project_id", "type", "month", "state", "provenance"),
          ((ids[p["slug"]], "risk_assessment", month_of[min(p["first"] + rng.randint(0, 11), months - 1)], "held",
            "demo") for p in assessed))
    conn.execute(sa.text(
        "INSERT INTO risk_assessment_result (activity_id, profile, provenance)"
        " SELECT a.id, (ARRAY['A', 'B', 'C'])[1 + (a.project_id % 10 >= 6)::int + (a.project_id % 10 >= 9)::int]::risk_profile,"
        " 'demo' FROM activity a JOIN project p ON p.id = a.project_id"
        " WHERE p.slug LIKE 'syntetisk-%' AND a.type = 'risk_assessment'"))

    from dashboard.screening import synthetic as project_facts

    progress("projektfakta", 0.08)
    facts = project_facts.generate(conn, seed)   # types, phases, budgets, nominations (issue 15)

    from dashboard.cases import synthetic as case_set

    progress("sager", 0.09)
    cases = case_set.generate(conn, seed)   # a case for every activity, with members and steps (issue 13)

    reports = 0
    batch = max(1, projects // 20)
    for start in range(0, projects, batch):
        chunk = plans[start:start + batch]
        rows = []
        for p in chunk:
            reporter = Reporter(p["slug"], month_of[p["first"]], month_of[p["last"]], trouble=p["trouble"])
            rows += report_rows(reporter, ids[p["slug"]], f"Projektleder, {p['region']}", rng)
        _copy(conn, "status_report", REPORT_COLUMNS,
              (tuple(r[c] for c in REPORT_COLUMNS[:-1]) + ("demo",) for r in rows))
        reports += len(rows)
        progress("statusrapporter", 0.1 + 0.8 * (start + len(chunk)) / projects)

    if recommendations > 0:
        from dashboard.synthetic import recommendations as recommendation_set

        progress("anbefalinger", 0.9)
        recommendation_set.generate(conn, recommendations, seed)
    conn.execute(sa.text("INSERT INTO seed_load (name) VALUES (:n)"), {"n": SYNTHETIC_SET})
    progress("statistik", 0.97)
    conn.execute(sa.text("ANALYZE project, project_responsible, activity, risk_assessment_result, status_report,"
                         " recommendation, project_type, project_phase, project_budget, nomination,"
                         " assessment_case, case_step, case_member"))
    progress("færdig", 1.0)
    return {"projects": projects, "months": months, "status_reports": reports, "assessed": len(assessed),
            "recommendations": recommendations, "budgets": facts["budgets"], "phases": facts["phases"],
            "cases": cases["cases"], "case_steps": cases["case_steps"],
            "seconds": round(time.perf_counter() - started, 1)}
