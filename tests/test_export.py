"""`itraad export` writes the data as CSV that reads back to the same facts."""

from __future__ import annotations

import csv

import sqlalchemy as sa

from dashboard.db.connection import connect
from dashboard.export import ACTIVITY_COLUMNS, PROJECT_COLUMNS, SHARE_COLUMNS, export


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_round_trips(db, db_url, tmp_path):
    with connect(db_url) as conn:
        written = export(conn, tmp_path / "out")
    assert [p.name for p in written][:3] == ["projects.csv", "activities.csv", "recommendation_shares.csv"]

    projects = read(tmp_path / "out" / "projects.csv")
    activities = read(tmp_path / "out" / "activities.csv")
    shares = read(tmp_path / "out" / "recommendation_shares.csv")
    assert list(projects[0]) == PROJECT_COLUMNS
    assert list(activities[0]) == ACTIVITY_COLUMNS
    assert list(shares[0]) == SHARE_COLUMNS

    with db.connect() as conn:
        db_projects = {r.slug: r for r in conn.execute(sa.text(
            "SELECT p.slug, p.name, p.state::text AS state, "
            "(SELECT string_agg(o.name, '; ' ORDER BY pr.position) FROM project_responsible pr "
            " JOIN organisation o ON o.id = pr.organisation_id WHERE pr.project_id = p.id) AS responsible, "
            "(SELECT r.profile::text FROM risk_assessment_result r JOIN activity a ON a.id = r.activity_id "
            " WHERE a.project_id = p.id ORDER BY a.month DESC LIMIT 1) AS profile FROM project p"))}
        db_activities = sorted(
            (r.slug, r.type, r.month, r.state) for r in conn.execute(sa.text(
                "SELECT p.slug, a.type::text AS type, coalesce(to_char(a.month, 'YYYY-MM'), '') AS month, "
                "a.state::text AS state FROM activity a JOIN project p ON p.id = a.project_id")))
        db_shares = dict(conn.execute(sa.text(
            "SELECT focus_area, share_pct::float8 FROM published_recommendation_share")).all())

    assert {p["slug"] for p in projects} == set(db_projects)
    for p in projects:
        row = db_projects[p["slug"]]
        assert (p["name"], p["state"], p["responsible"], p["risk_profile"]) == (
            row.name, row.state, row.responsible, row.profile or "")
    assert sorted((a["project"], a["type"], a["month"], a["state"]) for a in activities) == db_activities
    assert {s["focus_area"]: float(s["share_pct"]) for s in shares} == db_shares
    assert all(s["source"] == "Årsrapport 2023, figur 2" for s in shares)
    # English type codes, months as YYYY-MM or empty
    assert {a["type"] for a in activities} <= {"risk_assessment", "sparring_meeting", "revisit", "sparring_or_assessment"}
    assert all(a["month"] == "" or len(a["month"]) == 7 for a in activities)
    assert sum(a["month"] == "" for a in activities) == 4


def test_export_carries_the_project_facts_and_the_rules_verdict(db, db_url, tmp_path):
    """project_facts.csv is the screening rule's row per project (with the outcome the report
    states); project_phases.csv and project_budgets.csv hold every row of the histories."""
    import datetime as dt

    from dashboard import repository
    from dashboard.downloads import restore_text
    from dashboard.export import BUDGET_COLUMNS, FACT_COLUMNS, PHASE_COLUMNS

    with db.begin() as conn:
        project = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'apovision'")).scalar_one()
        for as_of, amount in (("2024-02-01", 12.0), ("2025-06-01", 14.5)):   # a re-baselining
            conn.execute(sa.text(
                "INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, start_on, end_on, source, "
                "provenance, entered_by, entered_at) VALUES (:p, 'baseline', :d, :a, DATE '2024-03-01', "
                "DATE '2026-12-31', '=HYPERLINK(\"http://evil.example\")', 'entered', 'anna', now())"),
                {"p": project, "d": dt.date.fromisoformat(as_of), "a": amount})
    from dashboard.screening.rules import today_in_copenhagen

    judged_on = today_in_copenhagen()   # what the export judges by
    with connect(db_url) as conn:
        written = export(conn, tmp_path / "out")
        rule = repository.screening_rule(conn, judged_on).set_index("slug")
        phase_count = conn.execute(sa.text("SELECT count(*) FROM project_phase")).scalar_one()
    assert [p.name for p in written][3:] == ["project_facts.csv", "project_phases.csv", "project_budgets.csv"]

    facts = {r["project"]: r for r in read(tmp_path / "out" / "project_facts.csv")}
    phases = read(tmp_path / "out" / "project_phases.csv")
    budgets = read(tmp_path / "out" / "project_budgets.csv")
    assert list(next(iter(facts.values()))) == FACT_COLUMNS
    assert set(facts) == set(rule.index)
    assert all(f["must_be_assessed"] == rule.loc[slug, "verdict"] and f["reason"] == rule.loc[slug, "reason"]
               for slug, f in facts.items())
    # the newest baseline is the current figure; the threshold 10 mio. kr. is data
    apo = facts["apovision"]
    assert (apo["budget_kind"], apo["budget_as_of"], apo["budget_mkr"]) == ("baseline", "2025-06-01", "14.5")
    assert (apo["planned_end_on"], apo["threshold_mkr"]) == ("2026-12-31", "10")
    # LABREK's published outcome: 60 mio. kr. under budget, three years early
    labrek = facts["labrek"]
    assert (labrek["budget_outcome"], labrek["budget_variance_mkr"]) == ("within", "-60")
    assert labrek["schedule_variance_months"] == "-36" and labrek["outcome_source"].startswith("Årsrapport 2023")
    assert list(phases[0]) == PHASE_COLUMNS and len(phases) == phase_count
    assert list(budgets[0]) == BUDGET_COLUMNS
    assert [(b["as_of"], b["amount_mkr"]) for b in budgets if b["project"] == "apovision"] == [
        ("2025-06-01", "14.5"), ("2024-02-01", "12")]
    # a formula in a text cell is neutralised, and reads back exactly
    assert budgets[0]["source"].startswith("'=") and restore_text(budgets[0]["source"]).startswith("=HYPERLINK")
