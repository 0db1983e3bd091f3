"""Cases for the tests, written straight into a test database as entered rows (direct SQL)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

D = dt.date


def project_id(conn, slug: str) -> int:
    return conn.execute(sa.text("SELECT id FROM project WHERE slug = :s"), {"s": slug}).scalar_one()


def member_id(conn, name: str) -> int:
    return conn.execute(sa.text("SELECT id FROM council_member WHERE name = :n"), {"n": name}).scalar_one()


def add_activity(conn, slug: str, type_: str = "risk_assessment", month: dt.date = D(2024, 3, 1),
                 state: str = "planned") -> int:
    return conn.execute(sa.text(
        "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at)"
        " VALUES (:p, CAST(:t AS activity_type), :m, CAST(:s AS activity_state), 'entered', 'test', now())"
        " RETURNING id"), {"p": project_id(conn, slug), "t": type_, "m": month, "s": state}).scalar_one()


def open_case(conn, slug: str, type_: str = "risk_assessment", month: dt.date = D(2024, 3, 1)) -> int:
    activity = add_activity(conn, slug, type_, month)
    return conn.execute(sa.text(
        "INSERT INTO assessment_case (activity_id, activity_type, provenance, entered_by, entered_at)"
        " VALUES (:a, 'risk_assessment', 'entered', 'test', now()) RETURNING id"), {"a": activity}).scalar_one()


def assign(conn, case: int, name: str) -> int:
    return conn.execute(sa.text(
        "INSERT INTO case_member (case_id, member_id, provenance, entered_by, entered_at)"
        " VALUES (:c, :m, 'entered', 'test', now()) RETURNING id"), {"c": case, "m": member_id(conn, name)}).scalar_one()


def declare(conn, name: str, slug: str, reason: str = "Medlem af styregruppen", start: dt.date = D(2023, 1, 1),
            end: dt.date | None = None) -> int:
    return conn.execute(sa.text(
        "INSERT INTO impartiality_declaration (member_id, project_id, reason, declared_from, declared_to,"
        " provenance, entered_by, entered_at) VALUES (:m, :p, :r, :f, :t, 'entered', 'test', now()) RETURNING id"),
        {"m": member_id(conn, name), "p": project_id(conn, slug), "r": reason, "f": start, "t": end}).scalar_one()


def record_step(conn, case: int, step: str, done: dt.date | None = None, planned: dt.date | None = None,
                by: str | None = None) -> int:
    return conn.execute(sa.text(
        "INSERT INTO case_step (case_id, step, planned_on, done_on, done_by, provenance, entered_by, entered_at)"
        " VALUES (:c, CAST(:s AS case_step_code), :p, :d, :b, 'entered', 'test', now())"
        " ON CONFLICT (case_id, step) DO UPDATE SET done_on = EXCLUDED.done_on, planned_on ="
        " coalesce(EXCLUDED.planned_on, case_step.planned_on), done_by = EXCLUDED.done_by RETURNING id"),
        {"c": case, "s": step, "p": planned, "d": done, "b": by}).scalar_one()
