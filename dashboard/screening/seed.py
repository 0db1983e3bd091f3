"""The project facts the annual report 2023 states, loaded once from db/seed (types, dated phases,
outcomes at closure, lineage, the threshold). The readings of the report are written as comments
in the CSV files.

Recorded in seed_load under its own name, so a database that loaded the report's other facts
before migration 0070 gets these on its next ``itraad db init``, and loading again changes
nothing. A project the secretariat has removed is skipped, never brought back.
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.db.seed import parse_month, read_seed_csv

FACTS_SET = "aarsrapport-2023:projektfakta"


def loaded(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM seed_load WHERE name = :n)"),
                             {"n": FACTS_SET}).scalar())


def load_published_facts(conn: sa.Connection) -> bool:
    """Load the report's project facts once; True when loaded now."""
    if loaded(conn) or conn.execute(sa.text("SELECT to_regclass('project_type') IS NULL")).scalar():
        return False
    ids = dict(conn.execute(sa.text("SELECT slug, id FROM project")).all())

    def rows(name: str, *slug_columns: str) -> list[dict]:
        return [r for r in read_seed_csv(name) if all(r[c] in ids for c in slug_columns)]

    for r in rows("project_types.csv", "project"):
        conn.execute(sa.text(
            "INSERT INTO project_type (project_id, scope, provenance, source_ref)"
            " VALUES (:p, CAST(:scope AS project_scope), 'published', :source_ref) ON CONFLICT (project_id) DO NOTHING"),
            {"p": ids[r["project"]], "scope": r["scope"], "source_ref": r["source_ref"]})
    for r in rows("project_phases.csv", "project"):
        conn.execute(sa.text(
            "INSERT INTO project_phase (project_id, phase, began_on, provenance, source_ref)"
            " VALUES (:p, CAST(:phase AS project_phase_code), :began, 'published', :source_ref)"
            " ON CONFLICT (project_id, phase) DO NOTHING"),
            {"p": ids[r["project"]], "phase": r["phase"], "began": parse_month(r["began"]), "source_ref": r["source_ref"]})
    for r in rows("project_outcomes.csv", "project"):
        conn.execute(sa.text(
            "INSERT INTO project_outcome (project_id, budget_outcome, budget_variance_mkr, schedule_outcome,"
            " schedule_variance_months, statement, source, provenance, source_ref)"
            " VALUES (:p, CAST(:bo AS budget_outcome_kind), :bv, CAST(:so AS schedule_outcome_kind), :sv, :statement,"
            " CAST(:source_ref AS text), 'published', :source_ref) ON CONFLICT (project_id) DO NOTHING"),
            {"p": ids[r["project"]], "bo": r["budget_outcome"], "so": r["schedule_outcome"],
             "bv": float(r["budget_variance_mkr"]) if r["budget_variance_mkr"] else None,
             "sv": int(r["schedule_variance_months"]) if r["schedule_variance_months"] else None,
             "statement": r["statement"], "source_ref": r["source_ref"]})
    for r in rows("project_lineage.csv", "predecessor", "successor"):
        conn.execute(sa.text(
            "INSERT INTO project_lineage (predecessor_id, successor_id, note, provenance, source_ref)"
            " VALUES (:a, :b, :note, 'published', :source_ref) ON CONFLICT (predecessor_id, successor_id) DO NOTHING"),
            {"a": ids[r["predecessor"]], "b": ids[r["successor"]], "note": r["note"], "source_ref": r["source_ref"]})
    for r in read_seed_csv("assessment_thresholds.csv"):
        conn.execute(sa.text(
            "INSERT INTO assessment_threshold (applies_to, valid_from, amount_mkr, source, provenance, source_ref)"
            " VALUES (CAST(:applies_to AS project_scope), CAST(:valid_from AS date), :amount, :source, 'published',"
            " :source_ref) ON CONFLICT (applies_to, valid_from) DO NOTHING"),
            {**r, "amount": float(r["amount_mkr"])})
    conn.execute(sa.text("INSERT INTO seed_load (name) VALUES (:n)"), {"n": FACTS_SET})
    return True
