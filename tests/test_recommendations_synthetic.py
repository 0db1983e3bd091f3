"""The large synthetic set of recommendations (issue 7's benchmark data) and the page on it."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from dashboard import repository
from dashboard.demo import remove_demo
from dashboard.synthetic import recommendations as synthetic
from tests.apptest import open_app, texts
from tests.recommendation_helpers import make_assessed_projects

CONTENT = sa.text(
    "SELECT activity_id, subcategory, text, response::text, response_date, implementation::text,"
    " implementation_date, followup_by, followup_at FROM recommendation ORDER BY id")


@pytest.fixture
def large(db):
    with db.begin() as conn:
        make_assessed_projects(conn, 300)
        inserted = synthetic.generate(conn, 20_000, seed=11)
    assert inserted == 20_000
    return db


def test_generates_the_count_on_held_assessments_deterministically(large):
    with large.connect() as conn:
        first = conn.execute(CONTENT).all()
        per_assessment = conn.execute(sa.text(
            "SELECT count(DISTINCT r.activity_id), bool_and(a.type = 'risk_assessment' AND a.state = 'held'),"
            " bool_and(r.provenance = 'demo') FROM recommendation r JOIN activity a ON a.id = r.activity_id")).one()
    assert len(first) == 20_000
    assert per_assessment == (310, True, True)  # 300 new assessments and the ten published ones
    with large.begin() as conn:
        conn.execute(sa.text("DELETE FROM recommendation"))
        synthetic.generate(conn, 20_000, seed=11)
        again = conn.execute(CONTENT).all()
        conn.execute(sa.text("DELETE FROM recommendation"))
        synthetic.generate(conn, 100, seed=12)
        other = conn.execute(CONTENT).all()
    assert again == first
    assert other != first[:100]


def test_keeps_figure_2_proportions_and_every_followup_state(large):
    with large.connect() as conn:
        shares = repository.recommendations_by_focus_area(conn, month_from="2019-01", month_to="2100-12")
        states = Counter(conn.execute(sa.text(
            "SELECT recommendation_followup_state(response, implementation) FROM recommendation")).scalars())
    share = dict(zip(shares["focus_area"], shares["share_pct"]))
    for area, published in {"project_planning": 35, "governance": 28, "business": 25,
                            "market_technical": 8, "end_users": 4}.items():
        assert share[area] == pytest.approx(published, abs=2.5)
    assert set(states) == {"awaiting_response", "not_accepted", "not_started", "in_progress", "implemented", "dropped"}


def test_nothing_to_attach_to_inserts_nothing(db):
    with db.begin() as conn:
        conn.execute(sa.text("DELETE FROM activity WHERE type = 'risk_assessment'"))
        assert synthetic.generate(conn, 50, seed=1) == 0


def test_demo_removal_removes_the_synthetic_set(large):
    with large.begin() as conn:
        deleted = remove_demo(conn)
        left = conn.execute(sa.text("SELECT count(*) FROM recommendation")).scalar()
    assert deleted["recommendation"] == 20_000 and left == 0


def test_page_on_the_large_set_cuts_the_list_and_counts_everything(large):
    at = open_app("anbefalinger.py", visning="anbefalinger")
    assert not at.exception and texts(at, "error") == []
    assert any("500 nyeste af 20.000" in w for w in texts(at, "warning"))
    assert len(at.dataframe[0].value) == 500
    at = open_app("anbefalinger.py", visning="opfoelgning")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Anbefalinger"] == "20.000"
    assert len(at.dataframe[0].value) == 310
    at = open_app("anbefalinger.py", visning="fordeling", soeg="tidsplanen", profil="B")
    assert not at.exception and texts(at, "error") == []


def test_repeated_queries_keep_plans_made_for_their_filters(large):
    """psycopg prepares a statement after five runs; on a large set PostgreSQL would then switch
    the filtered queries to a generic plan, which cannot drop the unused "NULL means all" filters
    (20 ms became 1.6 s). They must keep plans made for the values given."""
    everything = {"month_from": "2019-01", "month_to": "2100-12"}
    with large.connect() as conn:
        conn.execute(sa.text("ANALYZE"))  # as autovacuum would after such a load
        conn.commit()
        for _ in range(14):  # prepared at the 6th run; the generic plan is considered after 5 more
            for name in ("recommendations_by_focus_area", "recommendations_by_subcategory",
                         "recommendations_list", "recommendations_followup"):
                getattr(repository, name)(conn, **everything)
            conn.commit()
        plans = conn.execute(sa.text(
            "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE '%recommendations_matching(%'")).all()
    assert len(plans) == 4
    assert all(generic == 0 and custom >= 8 for _, generic, custom in plans), plans
