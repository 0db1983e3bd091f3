"""The deterministic demo data set (``itraad db demo``), clearly labelled and removable.

The annual report publishes no monthly status data and not the individual recommendations.
Views that need them get a demo set: every row has provenance 'demo', demo projects say so in
their name, and ``itraad db demo --remove`` deletes exactly those rows and nothing else.
Loading is deterministic (a fixed random seed) and happens once (recorded in seed_load).

The parts:
- dashboard.demo.status: invented RSI projects and monthly status reports 2022-2023 (issue 4)
- dashboard.demo.recommendations: 105 recommendations over the ten assessed projects (issue 5)
- dashboard.screening.demo: project types, phases, budgets and nominations (issue 15)
- dashboard.cases.demo: three complete assessment cases on demo projects (issue 13)
"""

from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

DEMO_SET = "demo"
Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)

# Deleted in this order: children before parents. Tables whose rows cascade from a deleted demo
# parent still carry provenance 'demo' themselves (a demo report on a published project).
DEMO_TABLES = ("case_evaluation", "case_response", "case_letter", "identified_risk", "case_step", "case_member",
               "case_assessor", "impartiality_declaration", "assessment_case", "assessor", "council_member",
               "recommendation", "status_report", "risk_assessment_result", "nomination", "project_budget",
               "project_phase", "project_type", "activity", "project", "organisation")


def demo_loaded(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM seed_load WHERE name = :n)"),
                             {"n": DEMO_SET}).scalar())


def load_demo(conn: sa.Connection, progress: Progress | None = None) -> bool:
    """Load the demo set once; False when it is already there."""
    from dashboard.demo import recommendations, status

    progress = progress or (lambda what, done: None)
    if demo_loaded(conn):
        return False
    from dashboard.cases import demo as cases
    from dashboard.screening import demo as project_facts

    status.load(conn, _part(progress, 0.0, 0.6))
    recommendations.load(conn, _part(progress, 0.6, 0.95))
    project_facts.load(conn, _part(progress, 0.95, 0.98))
    cases.load(conn, _part(progress, 0.98, 0.99))
    conn.execute(sa.text("INSERT INTO seed_load (name) VALUES (:n)"), {"n": DEMO_SET})
    progress("done", 1.0)
    return True


def _part(progress: Progress, start: float, end: float) -> Progress:
    """Report a part's own 0..1 progress as its share of the whole."""
    return lambda what, done: progress(what, start + (end - start) * min(max(done, 0.0), 1.0))


def remove_demo(conn: sa.Connection) -> dict[str, int]:
    """Delete every demo row and nothing else; return the rows deleted per table."""
    deleted = {}
    for table in DEMO_TABLES:
        deleted[table] = conn.execute(sa.text(f"DELETE FROM {table} WHERE provenance = 'demo'")).rowcount
    # The synthetic benchmark set (dashboard.synthetic) is demo data too, and goes with it.
    conn.execute(sa.text("DELETE FROM seed_load WHERE name IN (:n, 'synthetic')"), {"n": DEMO_SET})
    return deleted
