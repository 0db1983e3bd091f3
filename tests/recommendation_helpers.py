"""Helpers of the recommendation tests: the demo set, and a large set of assessed projects."""

from __future__ import annotations

import importlib.util
import sys
import types

import sqlalchemy as sa


def ensure_status_demo(monkeypatch) -> None:
    """load_demo also runs the status demo (issue 4); where that module is not in this checkout
    yet, stand in an empty one, so these tests exercise the real load_demo/remove_demo."""
    if "dashboard.demo.status" not in sys.modules and importlib.util.find_spec("dashboard.demo.status") is None:
        stub = types.ModuleType("dashboard.demo.status")
        stub.load = lambda conn, progress: None
        monkeypatch.setitem(sys.modules, "dashboard.demo.status", stub)


def load_demo_set(db, monkeypatch) -> None:
    from dashboard.demo import load_demo

    ensure_status_demo(monkeypatch)
    with db.begin() as conn:
        assert load_demo(conn)


def make_assessed_projects(conn: sa.Connection, count: int) -> None:
    """``count`` demo projects, each with a held risk assessment (monthly from 2019) and a profile,
    responsible by one of the five regions in turn."""
    conn.execute(sa.text("""
        INSERT INTO project (slug, name, state, is_rsi, provenance)
        SELECT 'demo-projekt-' || g, 'DEMO projekt ' || g, 'ongoing', true, 'demo'
        FROM generate_series(1, :n) g"""), {"n": count})
    conn.execute(sa.text("""
        INSERT INTO project_responsible (project_id, organisation_id, position)
        SELECT p.id, o.id, 1
        FROM project p
        JOIN LATERAL (SELECT id FROM organisation WHERE kind = 'region' ORDER BY name
                      OFFSET (substring(p.slug FROM '[0-9]+$')::int % 5) LIMIT 1) o ON true
        WHERE p.slug LIKE 'demo-projekt-%'"""))
    conn.execute(sa.text("""
        INSERT INTO activity (project_id, type, month, state, provenance)
        SELECT id, 'risk_assessment',
               (DATE '2019-01-01' + (substring(slug FROM '[0-9]+$')::int % 60) * interval '1 month')::date,
               'held', 'demo'
        FROM project WHERE slug LIKE 'demo-projekt-%'"""))
    conn.execute(sa.text("""
        INSERT INTO risk_assessment_result (activity_id, profile, provenance)
        SELECT a.id, (ARRAY['A', 'B', 'C'])[1 + a.id % 3]::risk_profile, 'demo'
        FROM activity a JOIN project p ON p.id = a.project_id
        WHERE p.slug LIKE 'demo-projekt-%'"""))
