"""Recommendations in the database: shares computed in SQL, the demo set, the follow-up, gode råd."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import repository
from dashboard.db.queries import sql
from dashboard.db.seed import load_reference_data
from dashboard.demo import recommendations as demo
from dashboard.demo import remove_demo
from dashboard.recommendations.queries import check_rounding, closest_allocation, query_params, rounded_share
from tests.helpers import table_checksums
from tests.recommendation_helpers import load_demo_set

ALL = {"month_from": "2019-01", "month_to": "2100-12"}
PUBLISHED = {"project_planning": 35, "governance": 28, "business": 25, "market_technical": 8, "end_users": 4}


def raw_rows(conn) -> list[sa.Row]:
    """Every recommendation with what the filters look at, read without any aggregation."""
    return conn.execute(sa.text("""
        SELECT r.id, r.subcategory, s.focus_area, a.month, p.slug, res.profile::text AS profile,
               r.response::text AS response, r.implementation::text AS implementation,
               ARRAY(SELECT o.name FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id
                     WHERE pr.project_id = p.id) AS organisations
        FROM recommendation r JOIN subcategory s ON s.code = r.subcategory
        JOIN activity a ON a.id = r.activity_id JOIN project p ON p.id = a.project_id
        LEFT JOIN risk_assessment_result res ON res.activity_id = a.id""")).all()


def test_figure_2_rounding_cannot_be_met_by_105_whole_recommendations():
    check = check_rounding(PUBLISHED, 105)
    assert not check.feasible
    # The only counts that round to 35/28/25/8/4 % of 105 add up to 104.
    assert check.matching == {"project_planning": (37, 37), "governance": (29, 29), "business": (26, 26),
                              "market_technical": (8, 8), "end_users": (4, 4)}
    assert check.matching_sum == (104, 104)
    assert check.closest == {"project_planning": 37, "governance": 30, "business": 26, "market_technical": 8,
                             "end_users": 4}
    assert check.mismatched == ("governance",)
    assert round(check.closest_shares["governance"], 2) == 28.57


def test_rounding_check_finds_a_split_when_there_is_one():
    check = check_rounding({"a": 50, "b": 25, "c": 25}, 8)
    assert check.feasible and check.closest == {"a": 4, "b": 2, "c": 2} and check.mismatched == ()
    assert closest_allocation({"a": 1, "b": 1, "c": 1}, 10) == {"a": 4, "b": 3, "c": 3}


def test_demo_set_is_the_nearest_split_of_figure_2(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        rows = raw_rows(conn)
        assessments = conn.execute(sa.text(
            "SELECT count(DISTINCT a.id) FROM recommendation r JOIN activity a ON a.id = r.activity_id")).scalar()
    assert len(rows) == 105 and assessments == 10
    counts = Counter(r.focus_area for r in rows)
    assert counts == check_rounding(PUBLISHED, 105).closest
    rounded = {area: rounded_share(n, 105) for area, n in counts.items()}
    assert rounded == {**PUBLISHED, "governance": 29}


def test_shares_in_sql_match_an_independent_count(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        rows = raw_rows(conn)
        by_focus = repository.recommendations_by_focus_area(conn, **ALL).set_index("focus_area")
        by_sub = repository.recommendations_by_subcategory(conn, **ALL).set_index("subcategory")
        # A narrower selection: profile A, Region Midtjylland, assessments 2020-2021.
        narrow = {"month_from": "2020-01", "month_to": "2021-12", "profiles": ("A",), "organisation": "Region Midtjylland"}
        by_focus_narrow = repository.recommendations_by_focus_area(conn, **narrow).set_index("focus_area")
    focus = Counter(r.focus_area for r in rows)
    assert by_focus["count"].to_dict() == {area: focus.get(area, 0) for area in by_focus.index}
    for area, n in focus.items():
        assert by_focus.loc[area, "share_pct"] == pytest.approx(100 * n / len(rows))
        assert by_focus.loc[area, "difference_pp"] == pytest.approx(100 * n / len(rows) - PUBLISHED[area])
    subs = Counter(r.subcategory for r in rows)
    assert by_sub["count"].to_dict() == {code: subs.get(code, 0) for code in by_sub.index}
    for code, n in subs.items():
        area = by_sub.loc[code, "focus_area"]
        assert by_sub.loc[code, "share_of_focus_pct"] == pytest.approx(100 * n / focus[area])

    chosen = [r for r in rows if r.profile == "A" and "Region Midtjylland" in r.organisations
              and r.month.year in (2020, 2021)]
    assert {r.slug for r in chosen} == {"luna", "fut", "smr2"}
    expected = Counter(r.focus_area for r in chosen)
    assert by_focus_narrow["count"].to_dict() == {a: expected.get(a, 0) for a in by_focus_narrow.index}
    assert by_focus_narrow["share_pct"].sum() == pytest.approx(100)


def test_followup_overview_matches_an_independent_count(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        rows = raw_rows(conn)
        overview = repository.recommendations_followup(conn, **ALL).set_index("slug")
    assert set(overview.index) == {r.slug for r in rows}
    for slug, row in overview.iterrows():
        mine = [r for r in rows if r.slug == slug]
        assert row["count"] == len(mine)
        assert row["accepted"] == sum(r.response == "accepted" for r in mine)
        assert row["partly_accepted"] == sum(r.response == "partly_accepted" for r in mine)
        assert row["implemented"] == sum(r.implementation == "implemented" for r in mine)
        open_ = [r for r in mine if r.response is None
                 or (r.response != "not_accepted" and r.implementation in (None, "not_started", "in_progress"))]
        assert row["open"] == len(open_)
    # The demo set shows every follow-up state somewhere.
    states = ["awaiting_response", "not_started", "in_progress", "implemented", "dropped", "not_accepted"]
    assert overview[states].sum().gt(0).all()


def test_demo_load_and_removal_leave_the_published_aggregate_alone(db, monkeypatch):
    with db.connect() as conn:
        before = table_checksums(conn)
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        loaded = table_checksums(conn)
        shares = repository.recommendation_shares(conn)
    assert loaded["published_recommendation_share"] == before["published_recommendation_share"]
    assert dict(zip(shares["focus_area"], shares["share_pct"])) == PUBLISHED
    assert loaded["recommendation"][0] == before["recommendation"][0] + 105
    with db.begin() as conn:
        deleted = remove_demo(conn)
    assert deleted["recommendation"] == 105
    with db.connect() as conn:
        after = table_checksums(conn)
    for table in ("published_recommendation_share", "recommendation", "good_advice", "project", "activity"):
        assert after[table] == before[table], table


def test_demo_removal_keeps_entered_recommendations(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO recommendation (activity_id, subcategory, text, provenance, entered_by, entered_at)"
            " SELECT id, 'schedule', 'Indtastet anbefaling om tidsplanen', 'entered', 'sekretariatet', now()"
            " FROM activity WHERE type = 'risk_assessment' AND state = 'held' LIMIT 1"))
        remove_demo(conn)
        left = conn.execute(sa.text("SELECT provenance::text, count(*) FROM recommendation GROUP BY 1")).all()
    assert left == [("entered", 1)]


def test_demo_set_is_deterministic(db, monkeypatch):
    query = sa.text("SELECT p.slug, r.subcategory, r.text, r.response::text, r.response_date,"
                    " r.implementation::text, r.implementation_date, r.followup_by, r.followup_at"
                    " FROM recommendation r JOIN activity a ON a.id = r.activity_id JOIN project p ON p.id = a.project_id"
                    " ORDER BY r.id")
    load_demo_set(db, monkeypatch)
    with db.begin() as conn:
        first = conn.execute(query).all()
        remove_demo(conn)
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        second = conn.execute(query).all()
    assert first == second and len(first) == 105


def test_demo_recommendations_are_dated_by_their_assessment_and_followed_up_after_it(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        rows = repository.recommendations_list(conn, **ALL, limit=1000)
    assert len(rows) == 105 and rows["is_demo"].all()
    responded = rows[rows["response"].notna()]
    assert (responded["response_date"] > responded["month"]).all()
    assert responded["followup_by"].notna().all()
    assert (rows["month"].dt.year.between(2020, 2023)).all()
    texts = [r["text"] for r in demo.texts()]
    assert len(set(texts)) == 105


FOLLOWUP_CASES = {(None, None): "awaiting_response", ("not_accepted", None): "not_accepted",
                  ("accepted", None): "not_started", ("accepted", "not_started"): "not_started",
                  ("partly_accepted", "in_progress"): "in_progress", ("accepted", "implemented"): "implemented",
                  ("accepted", "dropped"): "dropped"}


def test_followup_state_function(db):
    with db.connect() as conn:
        for (response, implementation), state in FOLLOWUP_CASES.items():
            got = conn.execute(sa.text(
                "SELECT recommendation_followup_state(CAST(:r AS recommendation_response),"
                " CAST(:i AS implementation_status)), recommendation_is_open(CAST(:r AS recommendation_response),"
                " CAST(:i AS implementation_status))"), {"r": response, "i": implementation}).one()
            assert got == (state, state in ("awaiting_response", "not_started", "in_progress"))


@pytest.mark.parametrize("name", ["recommendations_by_focus_area", "recommendations_by_subcategory",
                                  "recommendations_list", "recommendations_followup"])
def test_filters_are_inlined_and_unused_ones_dropped(db, name):
    """The queries share their filters through recommendations_matching (migration 0022), which
    PostgreSQL must inline into a plan made for the values given: otherwise it runs as a Function
    Scan, or keeps every "NULL means all" condition."""
    with db.connect() as conn:
        plan = list(conn.execute(sa.text("EXPLAIN " + sql(f"recommendations/{name}")), query_params(**ALL)).scalars())
    assert not any("Function Scan" in line or "SubPlan" in line for line in plan), plan
    conditions = [line.strip() for line in plan if line.strip().startswith("Filter:")]
    assert all("month" in condition for condition in conditions), conditions  # only the period's


def test_good_advice_is_published_reference_content(db):
    with db.connect() as conn:
        advice = repository.recommendations_good_advice(conn)
        assert load_reference_data(conn) == 0  # loading again adds nothing
    assert len(advice) == 18
    assert Counter(advice["focus_area"]) == {"business": 4, "governance": 7, "project_planning": 7}
    assert advice["source_ref"].eq("Årsrapport 2023, afsnit 3").all()
    first = advice[advice["focus_area"] == "business"].iloc[0]
    assert first["title"] == "Tydelig beskrivelse af formål og scope"
    assert "forventningsafstemmes" in advice.set_index("title").loc["Afgrænsning af projektet", "text"]


def test_every_followup_code_and_view_has_a_label():
    from dashboard.i18n import t
    from dashboard.recommendations.queries import FOLLOWUP_STATES, IMPLEMENTATION_STATES, RESPONSES

    keys = ([f"followup.{s}" for s in FOLLOWUP_STATES] + [f"response.{r}" for r in RESPONSES]
            + [f"implementation.{i}" for i in IMPLEMENTATION_STATES])
    source = (Path(__file__).resolve().parent.parent / "pages" / "anbefalinger.py").read_text("utf-8")
    keys += re.findall(r'"(recommendations\.view_[a-z]+)"', source)
    assert len(keys) > 13
    for key in keys:
        assert t(key, "da") and t(key, "en")


def test_demo_without_the_published_assessments_is_a_clear_error(db):
    from dashboard.errors import UserError

    with db.begin() as conn:
        conn.execute(sa.text("DELETE FROM project WHERE slug = 'kiit'"))
    with db.begin() as conn, pytest.raises(UserError) as error:
        demo.load(conn, lambda what, done: None)
    assert "kiit" in error.value.message("da") and "itraad db reset" in error.value.message("da")
