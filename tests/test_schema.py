"""The database itself rejects rows the council would call wrong."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

PROJECT = "(SELECT id FROM project WHERE slug = 'luna')"
ASSESSMENT = "(SELECT id FROM activity WHERE type = 'risk_assessment' AND project_id = (SELECT id FROM project WHERE slug = 'apovision'))"
SPARRING = "(SELECT id FROM activity WHERE type = 'sparring_meeting' LIMIT 1)"
ENTERED = "'entered', NULL, 'sekretariatet', now()"

BAD_ROWS = {
    "project slug not readable": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('Ny Slug', 'X', 'ongoing', {ENTERED})",
    "project duplicate name": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('luna-2', 'LUNA', 'ongoing', {ENTERED})",
    "project blank name": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('blank', '   ', 'ongoing', {ENTERED})",
    "project unknown state": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('x', 'X', 'finished', {ENTERED})",
    "project negative budget": f"INSERT INTO project (slug, name, state, budget_mkr, provenance, source_ref, entered_by, entered_at) VALUES ('x', 'X', 'ongoing', -5, {ENTERED})",
    "project status text without date": f"INSERT INTO project (slug, name, state, status_text, provenance, source_ref, entered_by, entered_at) VALUES ('x', 'X', 'ongoing', 'Kører', {ENTERED})",
    "project end month while ongoing": f"INSERT INTO project (slug, name, state, end_month, provenance, source_ref, entered_by, entered_at) VALUES ('x', 'X', 'ongoing', '2023-03-01', {ENTERED})",
    "project status date not a month": f"INSERT INTO project (slug, name, state, status_text, status_date, provenance, source_ref, entered_by, entered_at) VALUES ('x', 'X', 'ongoing', 'ok', '2024-03-15', {ENTERED})",
    "entered row without who": "INSERT INTO project (slug, name, state, provenance) VALUES ('x', 'X', 'ongoing', 'entered')",
    "published row without section": "INSERT INTO project (slug, name, state, provenance) VALUES ('x', 'X', 'ongoing', 'published')",
    "responsible organisation unknown": f"INSERT INTO project_responsible (project_id, organisation_id, position) VALUES ({PROJECT}, 999999, 3)",
    "awaiting activity with a month": f"INSERT INTO activity (project_id, type, month, state, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_meeting', '2024-05-01', 'awaiting', {ENTERED})",
    "planned activity without a month": f"INSERT INTO activity (project_id, type, state, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_meeting', 'planned', {ENTERED})",
    "held activity undecided type": f"INSERT INTO activity (project_id, type, month, state, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_or_assessment', '2023-01-01', 'held', {ENTERED})",
    "activity before the council existed": f"INSERT INTO activity (project_id, type, month, state, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_meeting', '2015-01-01', 'held', {ENTERED})",
    "pipeline item outside its year": f"INSERT INTO activity (project_id, type, month, state, plan_year, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_meeting', '2025-01-01', 'planned', 2024, {ENTERED})",
    "held activity in a pipeline": f"INSERT INTO activity (project_id, type, month, state, plan_year, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'sparring_meeting', '2024-01-01', 'held', 2024, {ENTERED})",
    "unknown partner council": f"INSERT INTO activity (project_id, type, month, state, partner_council, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, 'risk_assessment', '2024-01-01', 'held', 'nasa', {ENTERED})",
    "risk profile for a sparring meeting": f"INSERT INTO risk_assessment_result (activity_id, profile, provenance, source_ref, entered_by, entered_at) VALUES ({SPARRING}, 'A', {ENTERED})",
    "second profile for one assessment": f"INSERT INTO risk_assessment_result (activity_id, profile, provenance, source_ref, entered_by, entered_at) VALUES ({ASSESSMENT}, 'B', {ENTERED})",
    "risk profile Z": f"INSERT INTO risk_assessment_result (activity_id, profile, provenance, source_ref, entered_by, entered_at) VALUES ({SPARRING}, 'Z', {ENTERED})",
    # Sparring minutes may carry recommendations (section 10, migration 0050); a revisit's do not.
    "recommendation on a revisit": f"INSERT INTO recommendation (activity_id, activity_type, subcategory, text, provenance, source_ref, entered_by, entered_at) VALUES ((SELECT id FROM activity WHERE type = 'revisit' LIMIT 1), 'revisit', 'schedule', 'Lav en tidsplan', {ENTERED})",
    "recommendation unknown subcategory": f"INSERT INTO recommendation (activity_id, subcategory, text, provenance, source_ref, entered_by, entered_at) VALUES ({ASSESSMENT}, 'astrology', 'Spørg stjernerne', {ENTERED})",
    "share above 100": "INSERT INTO published_recommendation_share (focus_area, share_pct, total_count, period_from, period_to, source_ref) VALUES ('test', 120, 105, 2020, 2023, 'x')",
    "status yellow without cause": f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, action, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, '2023-01-01', 'green', 'yellow', 'green', 'green', 'new_plan', 'PL', now(), {ENTERED})",
    "status green with a cause": f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause, time_note, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, '2023-01-01', 'green', 'green', 'green', 'green', 'schedule', 'forsinket', 'PL', now(), {ENTERED})",
    "status red without action": f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause, time_note, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, '2023-01-01', 'green', 'red', 'green', 'green', 'schedule', 'forsinket', 'PL', now(), {ENTERED})",
    "status overall typed by hand": f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, overall, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, '2023-01-01', 'green', 'green', 'green', 'green', 'red', 'PL', now(), {ENTERED})",
    "status colour blue": f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, '2023-01-01', 'blue', 'green', 'green', 'green', 'PL', now(), {ENTERED})",
    "text with NUL byte": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('nul', E'a\\\\x00b'::bytea::text, 'ongoing', {ENTERED})",
    "overlong name": f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) VALUES ('long', repeat('x', 201), 'ongoing', {ENTERED})",
}


@pytest.mark.parametrize("statement", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_database_rejects_bad_row(db, statement):
    with db.connect() as conn:
        before = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
    with pytest.raises((sa.exc.IntegrityError, sa.exc.DataError, sa.exc.ProgrammingError)):
        with db.begin() as conn:
            conn.execute(sa.text(statement))
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT version FROM data_version")).scalar() == before


def test_a_good_row_is_accepted(db):
    """The statements above fail for their stated reason: the same shape with good values works."""
    with db.begin() as conn:
        conn.execute(sa.text(
            f"INSERT INTO project (slug, name, state, provenance, source_ref, entered_by, entered_at) "
            f"VALUES ('ny-slug', 'Nyt projekt', 'ongoing', {ENTERED})"))
        conn.execute(sa.text(
            f"INSERT INTO activity (project_id, type, state, plan_year, provenance, source_ref, entered_by, entered_at) "
            f"VALUES ((SELECT id FROM project WHERE slug = 'ny-slug'), 'sparring_or_assessment', 'awaiting', 2025, {ENTERED})"))
        conn.execute(sa.text(
            f"INSERT INTO status_report (project_id, month, deliveries, time, money, resources, time_cause, time_note, "
            f"action, reported_by, reported_at, provenance, source_ref, entered_by, entered_at) VALUES ({PROJECT}, "
            f"'2023-01-01', 'green', 'red', 'green', 'green', 'schedule', 'forsinket', 'new_plan', 'PL', now(), {ENTERED})"))


@pytest.mark.parametrize("colours, overall", [
    (("green", "green", "green", "green"), "green"),
    (("green", "yellow", "green", "green"), "yellow"),
    (("yellow", "green", "red", "yellow"), "red"),
    (("green", "green", "green", "red"), "red"),
])
def test_overall_status_is_worst_of_four(db, colours, overall):
    names = ("deliveries", "time", "money", "resources")
    values = dict(zip(names, colours))
    causes = {f"{n}_cause": ("schedule" if c != "green" else None) for n, c in values.items()}
    notes = {f"{n}_note": ("forklaring" if c != "green" else None) for n, c in values.items()}
    action = None if overall == "green" else "back_on_plan"
    with db.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO status_report (project_id, month, deliveries, time, money, resources,"
            " deliveries_cause, deliveries_note, time_cause, time_note, money_cause, money_note,"
            " resources_cause, resources_note, action, reported_by, reported_at, provenance)"
            f" VALUES ({PROJECT}, '2022-06-01', :deliveries, :time, :money, :resources,"
            " :deliveries_cause, :deliveries_note, :time_cause, :time_note, :money_cause, :money_note,"
            " :resources_cause, :resources_note, :action, 'PL', now(), 'demo')"),
            {**values, **causes, **notes, "action": action})
        got = conn.execute(sa.text("SELECT overall::text FROM status_report WHERE month = '2022-06-01'")).scalar()
    assert got == overall


def test_one_status_report_per_project_and_month(db):
    insert = sa.text(
        "INSERT INTO status_report (project_id, month, deliveries, time, money, resources, reported_by,"
        f" reported_at, provenance) VALUES ({PROJECT}, '2022-07-01', 'green', 'green', 'green', 'green', 'PL', now(), 'demo')")
    with db.begin() as conn:
        conn.execute(insert)
    with pytest.raises(sa.exc.IntegrityError, match="status_report_one_per_month"):
        with db.begin() as conn:
            conn.execute(insert)


def test_schema_documents_the_domain(db):
    """Every table has a comment: schema.sql reads like the glossary."""
    with db.connect() as conn:
        missing = conn.execute(sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') IS NULL"
        )).scalars().all()
    assert missing == []
