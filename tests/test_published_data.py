"""The published data of the annual report 2023, as loaded by `itraad db init`."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.db.admin import init_database
from dashboard.db.connection import dispose_engines
from tests.helpers import table_checksums


def scalar(db, query: str):
    with db.connect() as conn:
        return conn.execute(sa.text(query)).scalar()


def test_seventeen_distinct_projects(db):
    assert scalar(db, "SELECT count(*) FROM project") == 17
    assert scalar(db, "SELECT count(DISTINCT name) FROM project") == 17


def test_ten_risk_assessments_and_five_sparring_meetings_held_2020_2023(db):
    query = ("SELECT count(*) FROM activity WHERE state = 'held' AND type = '{}'"
             " AND month BETWEEN '2020-01-01' AND '2023-12-01'")
    assert scalar(db, query.format("risk_assessment")) == 10
    assert scalar(db, query.format("sparring_meeting")) == 5


def test_eight_pipeline_items_for_2024(db):
    assert scalar(db, "SELECT count(*) FROM activity WHERE plan_year = 2024") == 8
    assert scalar(db, "SELECT count(*) FROM activity WHERE plan_year = 2024 AND state = 'awaiting'") == 4


def test_risk_profiles_eight_a_one_b_one_c(db):
    with db.connect() as conn:
        counts = dict(conn.execute(sa.text(
            "SELECT profile::text, count(*) FROM risk_assessment_result GROUP BY profile")).all())
        b = conn.execute(sa.text(
            "SELECT p.short_name FROM risk_assessment_result r JOIN activity a ON a.id = r.activity_id "
            "JOIN project p ON p.id = a.project_id WHERE r.profile = 'B'")).scalar()
        c = conn.execute(sa.text(
            "SELECT p.name FROM risk_assessment_result r JOIN activity a ON a.id = r.activity_id "
            "JOIN project p ON p.id = a.project_id WHERE r.profile = 'C'")).scalar()
    assert counts == {"A": 8, "B": 1, "C": 1}
    assert b == "LABREK"
    assert "fravalg af genoplivningsforsøg" in c


def test_two_organisations_where_the_report_names_two(db):
    with db.connect() as conn:
        rows = dict(conn.execute(sa.text(
            "SELECT p.short_name, string_agg(o.name, '; ' ORDER BY pr.position) FROM project p "
            "JOIN project_responsible pr ON pr.project_id = p.id JOIN organisation o ON o.id = pr.organisation_id "
            "GROUP BY p.short_name")).all())
    assert rows["FUT"] == "Region Midtjylland; Københavns Kommune"
    assert rows["SMR2"] == "Region Midtjylland; Sundhedsdatastyrelsen"


def test_figure_2_shares(db):
    with db.connect() as conn:
        shares = dict(conn.execute(sa.text(
            "SELECT f.name_da, s.share_pct FROM published_recommendation_share s "
            "JOIN focus_area f ON f.code = s.focus_area")).all())
    assert {k: float(v) for k, v in shares.items()} == {
        "Projekttilrettelæggelse": 35, "Governance": 28, "Forretningsmæssige forhold": 25,
        "Markedsafdækning og teknisk løsning": 8, "Slutbrugere og slutprodukt": 4}
    assert scalar(db, "SELECT sum(share_pct) FROM published_recommendation_share") == 100


def test_taxonomy_has_five_focus_areas_and_the_named_causes(db):
    assert scalar(db, "SELECT count(*) FROM focus_area") == 5
    with db.connect() as conn:
        names = set(conn.execute(sa.text("SELECT lower(name_da) FROM subcategory")).scalars())
    for cause in ("tidsplan", "ressourcer og kompetencer", "koordinering og afhængigheder",
                  "leverandørstyring", "teknisk løsning"):
        assert cause in names


def test_every_published_row_names_its_source(db):
    with db.connect() as conn:
        for table in ("project", "activity", "risk_assessment_result", "organisation"):
            missing = conn.execute(sa.text(
                f"SELECT count(*) FROM {table} WHERE provenance = 'published' AND source_ref IS NULL")).scalar()
            total = conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE provenance = 'published'")).scalar()
            assert total > 0 and missing == 0, table


def test_init_is_idempotent(db, db_url):
    with db.connect() as conn:
        before = table_checksums(conn)
    result = init_database(db_url)
    dispose_engines()
    with db.connect() as conn:
        after = table_checksums(conn)
    assert result["applied"] == [] and result["reference_rows_added"] == 0 and not result["published_loaded"]
    assert after == before


def test_init_on_an_empty_database(empty_db_url):
    first = init_database(empty_db_url)
    assert first["published_loaded"] and "schema.sql" in first["applied"]
    engine = sa.create_engine(empty_db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        before = table_checksums(conn)
    second = init_database(empty_db_url)
    dispose_engines()
    with engine.connect() as conn:
        after = table_checksums(conn)
    engine.dispose()
    assert not second["published_loaded"] and second["applied"] == []
    assert after == before
