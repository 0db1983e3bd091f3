"""Project facts for the screening tests, written straight into a test database as entered rows."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from dashboard.screening.queries import screening_rule

D = dt.date


def project_id(conn, slug: str) -> int:
    return conn.execute(sa.text("SELECT id FROM project WHERE slug = :s"), {"s": slug}).scalar_one()


def set_type(conn, slug: str, scope: str, development: str | None = "new_development") -> None:
    conn.execute(sa.text(
        "INSERT INTO project_type (project_id, scope, development, provenance, entered_by, entered_at)"
        " VALUES (:p, CAST(:s AS project_scope), CAST(:d AS development_kind), 'entered', 'test', now())"
        " ON CONFLICT (project_id) DO UPDATE SET scope = EXCLUDED.scope, development = EXCLUDED.development"),
        {"p": project_id(conn, slug), "s": scope, "d": development})


def add_budget(conn, slug: str, as_of: dt.date, amount: float, share: float | None = None,
               kind: str = "estimate", start: dt.date | None = None, end: dt.date | None = None) -> int:
    return conn.execute(sa.text(
        "INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, regional_share_mkr, start_on, end_on, source,"
        " provenance, entered_by, entered_at) VALUES (:p, CAST(:k AS budget_figure_kind), :a, :m, :s, :st, :en,"
        " 'Testgrundlag', 'entered', 'test', now()) RETURNING id"),
        {"p": project_id(conn, slug), "k": kind, "a": as_of, "m": amount, "s": share, "st": start,
         "en": end}).scalar_one()


def add_phase(conn, slug: str, phase: str, began: dt.date) -> None:
    conn.execute(sa.text(
        "INSERT INTO project_phase (project_id, phase, began_on, provenance, entered_by, entered_at)"
        " VALUES (:p, CAST(:ph AS project_phase_code), :b, 'entered', 'test', now())"),
        {"p": project_id(conn, slug), "ph": phase, "b": began})


def hold_assessment(conn, slug: str, month: dt.date) -> None:
    conn.execute(sa.text(
        "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at)"
        " VALUES (:p, 'risk_assessment', :m, 'held', 'entered', 'test', now())"),
        {"p": project_id(conn, slug), "m": month})


def add_threshold(conn, applies_to: str, valid_from: dt.date, amount: float) -> None:
    conn.execute(sa.text(
        "INSERT INTO assessment_threshold (applies_to, valid_from, amount_mkr, source, provenance, entered_by, entered_at)"
        " VALUES (CAST(:a AS project_scope), :v, :m, 'Testbeslutning', 'entered', 'test', now())"),
        {"a": applies_to, "v": valid_from, "m": amount})


def judged(conn, slug: str, on: dt.date) -> dict:
    """The rule's row for one project as of a day."""
    frame = screening_rule(conn, on)
    return frame[frame["slug"] == slug].iloc[0].to_dict()
