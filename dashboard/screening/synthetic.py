"""Project facts for the large synthetic benchmark set (``itraad db synth``, dashboard.synthetic):
a type, a phase history and dated budgets for every synthetic project, and a few nominations.

Shaped so that every screening list has work to do: most projects are joint-regional with new
development and budgets over the threshold, some cross-public with a regional share, some still in
their idea or analysis phase, and about one assessed project in thirty whose costs rose over the
threshold after its assessment. Rows have provenance 'demo' (the projects say DEMO in their
names) and go with ``itraad db demo --remove``. Deterministic for a seed; streamed with COPY.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

PHASE_ORDER = ("idea", "analysis", "procurement", "realisation", "ended")


def _copy(conn: sa.Connection, table: str, columns: tuple[str, ...], rows) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _amount(rng: random.Random) -> float:
    """A budget in mio. kr.: most between 10 and 150, a tail up to some hundreds, a few small ones."""
    return round(min(rng.lognormvariate(3.4, 0.9), 900.0) + 1.0, 1)


def generate(conn: sa.Connection, seed: int) -> dict[str, int]:
    """Facts for every synthetic project (slug syntetisk-*) on ``conn``; returns the row counts."""
    rng = random.Random(seed + 15)
    projects = conn.execute(sa.text(
        "SELECT p.id, p.state::text AS state, p.end_month,"
        " (SELECT max(a.month) FROM activity a WHERE a.project_id = p.id AND a.type = 'risk_assessment'"
        "  AND a.state = 'held') AS assessed"
        " FROM project p WHERE p.slug LIKE 'syntetisk-%' ORDER BY p.id")).all()
    types, phases, budgets, nominations = [], [], [], []
    for p in projects:
        scope = rng.choices(("joint_regional", "regional", "cross_public"), weights=(80, 10, 10))[0]
        development = rng.choices(("new_development", "substantial_adaptation", "neither", None),
                                  weights=(65, 25, 5, 5))[0]
        types.append((p.id, scope, development, "demo"))

        # The phase history: from an idea some years before the assessment (or anywhere) onwards.
        anchor = p.assessed or dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        day = anchor - dt.timedelta(days=rng.randint(200, 700))
        first_phase = rng.randint(0, 1)
        reached = rng.choices((1, 2, 3, 4), weights=(8, 14, 28, 50))[0] if p.state != "completed" else 4
        history = []
        for phase in PHASE_ORDER[first_phase:max(reached, first_phase + 1)]:
            history.append((phase, day))
            day += dt.timedelta(days=rng.randint(120, 480))
        if p.state == "completed" and p.end_month and p.end_month > history[-1][1]:
            history.append(("ended", p.end_month))
        phases += [(p.id, phase, began, "demo") for phase, began in history]

        # Budgets: a baseline known at the assessment, maybe a re-estimate and a re-baselining later.
        first_day = history[min(1, len(history) - 1)][1] + dt.timedelta(days=rng.randint(20, 90))
        crosses = p.assessed is not None and rng.random() < 0.035 and scope != "regional"
        amount = round(rng.uniform(5.0, 9.9), 1) if crosses else _amount(rng)
        start = first_day + dt.timedelta(days=rng.randint(30, 180))
        end = start + dt.timedelta(days=rng.randint(400, 2200))
        as_of = min(first_day, p.assessed - dt.timedelta(days=20)) if p.assessed else first_day
        share = (lambda a: round(a * rng.uniform(0.1, 0.6), 1)) if scope == "cross_public" else (lambda a: None)
        budgets.append((p.id, "baseline", as_of, amount, share(amount), start, end, "Syntetisk projektgrundlag", "demo"))
        if crosses or rng.random() < 0.5:
            later = (p.assessed or as_of) + dt.timedelta(days=rng.randint(60, 900))
            new_amount = round(rng.uniform(12.0, 40.0), 1) if crosses else round(amount * rng.uniform(0.9, 1.6), 1)
            new_end = end + dt.timedelta(days=rng.randint(0, 500))
            budgets.append((p.id, "estimate", later, new_amount, share(new_amount), None, new_end,
                            "Syntetisk statusrapport", "demo"))
            if crosses and scope == "cross_public":  # the share is what crosses
                budgets[-1] = budgets[-1][:4] + (round(new_amount * 0.9, 1),) + budgets[-1][5:]
                budgets[-2] = budgets[-2][:4] + (round(amount * 0.9, 1),) + budgets[-2][5:]

        if rng.random() < 0.05:
            decided = anchor - dt.timedelta(days=rng.randint(10, 120))
            nominations.append((p.id, rng.choice(("nominated", "nominated", "not_nominated")), "rule",
                                rng.choice(("RSI-kredsen", "Regionsdirektørkredsen", "Rådssekretariatet")),
                                max(decided, dt.date(2019, 1, 1)), "demo"))

    _copy(conn, "project_type", ("project_id", "scope", "development", "provenance"), types)
    _copy(conn, "project_phase", ("project_id", "phase", "began_on", "provenance"), phases)
    _copy(conn, "project_budget", ("project_id", "kind", "as_of", "amount_mkr", "regional_share_mkr", "start_on",
                                   "end_on", "source", "provenance"), budgets)
    _copy(conn, "nomination", ("project_id", "decision", "grounds", "decided_by", "decided_on", "provenance"),
          nominations)
    return {"types": len(types), "phases": len(phases), "budgets": len(budgets), "nominations": len(nominations)}
