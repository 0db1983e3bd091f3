"""Load the published data of the council's annual report 2023 from ``db/seed/*.csv``.

The CSV files may carry comment lines starting with ``#``: that is where the readings of the
report are written down. Reference data (organisations, councils, the taxonomy, the gode råd) is
added where missing; the published facts (projects, activities, profiles, figure 2) are loaded once, recorded
in ``seed_load``, so that loading again changes nothing and never brings back a row the
secretariat has deliberately removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import sqlalchemy as sa

from dashboard.db import files
from dashboard.domain import responsible_names

PUBLISHED_SET = "aarsrapport-2023"


def read_seed_csv(name: str, directory: Path | None = None) -> list[dict[str, str]]:
    """Rows of a seed CSV as dicts, comment lines skipped; empty cells are None."""
    path = (directory or files.seed_dir()) / name
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    return [
        {key: (value if value != "" else None) for key, value in row.items()}
        for row in csv.DictReader(io.StringIO("\n".join(lines)))
    ]


def parse_month(text: str | None) -> dt.date | None:
    """'2023-02' -> 2023-02-01; None stays None."""
    if text is None:
        return None
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def parse_bool(text: str | None) -> bool | None:
    if text is None:
        return None
    return {"true": True, "false": False}[text.lower()]


def _insert_missing(conn: sa.Connection, table: str, key: str, rows: list[dict]) -> int:
    """Insert the rows whose key is not in the table yet; touch nothing when all are there."""
    existing = set(conn.execute(sa.text(f"SELECT {key} FROM {table}")).scalars())
    new = [row for row in rows if row[key] not in existing]
    if new:
        columns = list(new[0])
        conn.execute(
            sa.text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"),
            new,
        )
    return len(new)


def load_reference_data(conn: sa.Connection) -> int:
    added = 0
    added += _insert_missing(conn, "organisation", "name", [
        {"name": r["name"], "kind": r["kind"], "provenance": "published", "source_ref": r["source_ref"]}
        for r in read_seed_csv("organisations.csv")
    ])
    added += _insert_missing(conn, "partner_council", "code", read_seed_csv("partner_councils.csv"))
    added += _insert_missing(conn, "focus_area", "code", [
        {**r, "position": int(r["position"])} for r in read_seed_csv("focus_areas.csv")
    ])
    added += _insert_missing(conn, "subcategory", "code", [
        {**r, "position": int(r["position"])} for r in read_seed_csv("subcategories.csv")
    ])
    added += _insert_missing(conn, "good_advice", "title", good_advice_rows())
    return added


def good_advice_rows() -> list[dict]:
    """The report's gode råd (section 3), numbered in the report's order within each focus area."""
    rows, position = [], {}
    for r in read_seed_csv("good_advice.csv"):
        position[r["focus_area"]] = position.get(r["focus_area"], 0) + 1
        rows.append({**r, "position": position[r["focus_area"]]})
    return rows


def published_loaded(conn: sa.Connection) -> bool:
    return conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM seed_load WHERE name = :n)"),
                        {"n": PUBLISHED_SET}).scalar()


def load_published_facts(conn: sa.Connection) -> bool:
    """Load projects, activities, risk profiles and the figure 2 shares once; True if loaded now."""
    if published_loaded(conn):
        return False
    org_id = dict(conn.execute(sa.text("SELECT name, id FROM organisation")).all())

    project_id: dict[str, int] = {}
    for row in read_seed_csv("projects.csv"):
        project_id[row["slug"]] = conn.execute(
            sa.text(
                "INSERT INTO project (slug, name, short_name, purpose, state, is_rsi, status_text, status_date,"
                " end_month, provenance, source_ref)"
                " VALUES (:slug, :name, :short_name, :purpose, :state, :is_rsi, :status_text, :status_date,"
                " :end_month, 'published', :source_ref) RETURNING id"
            ),
            {**{k: row[k] for k in ("slug", "name", "short_name", "purpose", "state", "status_text", "source_ref")},
             "is_rsi": parse_bool(row["is_rsi"]),
             "status_date": parse_month(row["status_date"]),
             "end_month": parse_month(row["end_month"])},
        ).scalar_one()
        conn.execute(
            sa.text("INSERT INTO project_responsible (project_id, organisation_id, position)"
                    " VALUES (:p, :o, :pos)"),
            [{"p": project_id[row["slug"]], "o": org_id[name], "pos": pos}
             for pos, name in enumerate(responsible_names(row["responsible"]), start=1)],
        )

    conn.execute(
        sa.text("INSERT INTO activity (project_id, type, month, state, partner_council, plan_year,"
                " provenance, source_ref) VALUES (:project_id, :type, :month, :state, :partner_council,"
                " :plan_year, 'published', :source_ref)"),
        [{"project_id": project_id[r["project"]], "type": r["type"], "month": parse_month(r["month"]),
          "state": r["state"], "partner_council": r["partner_council"],
          "plan_year": int(r["plan_year"]) if r["plan_year"] else None, "source_ref": r["source_ref"]}
         for r in read_seed_csv("activities.csv")],
    )

    for r in read_seed_csv("risk_profiles.csv"):
        activity_id = conn.execute(
            sa.text("SELECT id FROM activity WHERE project_id = :p AND type = 'risk_assessment'"
                    " AND state = 'held' AND month = :m"),
            {"p": project_id[r["project"]], "m": parse_month(r["assessment_month"])},
        ).scalar_one()
        conn.execute(
            sa.text("INSERT INTO risk_assessment_result (activity_id, profile, provenance, source_ref)"
                    " VALUES (:a, :profile, 'published', :source_ref)"),
            {"a": activity_id, "profile": r["profile"], "source_ref": r["source_ref"]},
        )

    conn.execute(
        sa.text("INSERT INTO published_recommendation_share (focus_area, share_pct, total_count, period_from,"
                " period_to, source_ref) VALUES (:focus_area, :share_pct, :total_count, :period_from,"
                " :period_to, :source_ref)"),
        [{**r, "share_pct": float(r["share_pct"]), "total_count": int(r["total_count"]),
          "period_from": int(r["period_from"]), "period_to": int(r["period_to"])}
         for r in read_seed_csv("recommendation_shares.csv")],
    )
    conn.execute(sa.text("INSERT INTO seed_load (name) VALUES (:n)"), {"n": PUBLISHED_SET})
    return True


def load_published(conn: sa.Connection) -> dict[str, int | bool]:
    from dashboard.cases.seed import load_published_cases
    from dashboard.screening.seed import load_published_facts as load_project_facts

    added = load_reference_data(conn)
    loaded = load_published_facts(conn)
    facts_loaded = load_project_facts(conn)   # the report's project facts (issue 15), once
    cases_loaded = load_published_cases(conn)  # the members and the held activities' cases (issue 13), once
    return {"reference_rows_added": added, "published_loaded": loaded or facts_loaded or cases_loaded}
