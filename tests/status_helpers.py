"""Helpers for the status history tests (issue 4)."""

from __future__ import annotations

import sys
import types

import sqlalchemy as sa

from dashboard.demo import load_demo


def ensure_demo_parts() -> None:
    """load_demo also loads the recommendations part (issue 5, another module). Where that module
    is not there yet, an empty stand-in lets the status part be tested on its own."""
    try:
        import dashboard.demo.recommendations  # noqa: F401
    except ImportError:
        stub = types.ModuleType("dashboard.demo.recommendations")
        stub.load = lambda conn, progress: None
        sys.modules["dashboard.demo.recommendations"] = stub


def load_demo_set(engine: sa.Engine) -> None:
    ensure_demo_parts()
    with engine.begin() as conn:
        assert load_demo(conn)


def add_entered_rows(engine: sa.Engine) -> None:
    """Rows the secretariat typed in: a new project with a report, and a report on a published project."""
    who = "'entered', NULL, 'sekretariatet', now()"
    with engine.begin() as conn:
        conn.execute(sa.text(
            f"INSERT INTO project (slug, name, state, is_rsi, provenance, source_ref, entered_by, entered_at)"
            f" VALUES ('indtastet-projekt', 'Indtastet projekt', 'ongoing', true, {who})"))
        for slug, month in (("indtastet-projekt", "2023-06-01"), ("apovision", "2024-01-01")):
            conn.execute(sa.text(
                "INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause,"
                " time_note, action, reported_by, reported_at, provenance, source_ref, entered_by, entered_at)"
                " VALUES ((SELECT id FROM project WHERE slug = :slug), :month, 'green', 'yellow', 'green', 'green',"
                f" 'schedule', 'Indtastet forklaring', 'back_on_plan', 'Projektleder', now(), {who})"),
                {"slug": slug, "month": month})
