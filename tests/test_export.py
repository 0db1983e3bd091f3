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
    assert [p.name for p in written] == ["projects.csv", "activities.csv", "recommendation_shares.csv"]

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
