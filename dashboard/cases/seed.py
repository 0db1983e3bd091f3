"""The council's members and the published activities' cases, as the annual report 2023 gives them.

Members: section 8 (names, titles, organisations, the chair), internal/external from section 9;
no terms (the report gives none). Cases: each of the 15 held activities of table 1 becomes a
closed case and holds nothing else: its type, month, partner council and risk profile stay on the
activity and its result, the report names no members per activity, no dates of steps, no letter.

Recorded in seed_load under its own name, so a database that loaded the report before migration
0050 gets these on its next ``itraad db init``, and loading again changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.db.seed import parse_bool, read_seed_csv

CASES_SET = "aarsrapport-2023:sager"
CASE_SOURCE = "Årsrapport 2023, tabel 1"


def loaded(conn: sa.Connection) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM seed_load WHERE name = :n)"),
                             {"n": CASES_SET}).scalar())


def load_published_cases(conn: sa.Connection) -> bool:
    """Load the members and the held published activities' cases once; True when loaded now."""
    if loaded(conn) or conn.execute(sa.text("SELECT to_regclass('assessment_case') IS NULL")).scalar():
        return False
    for r in read_seed_csv("council_members.csv"):
        conn.execute(sa.text(
            "INSERT INTO council_member (name, title, organisation, affiliation, is_chair, position, provenance,"
            " source_ref) VALUES (:name, :title, :organisation, CAST(:affiliation AS member_affiliation), :chair,"
            " :position, 'published', :source_ref) ON CONFLICT (name) DO NOTHING"),
            {**r, "chair": parse_bool(r["is_chair"]), "position": int(r["position"])})
    conn.execute(sa.text(
        "INSERT INTO assessment_case (activity_id, activity_type, state, provenance, source_ref)"
        " SELECT a.id, a.type, 'closed', 'published', :src FROM activity a"
        " WHERE a.provenance = 'published' AND a.state = 'held'"
        "   AND a.type IN ('risk_assessment', 'sparring_meeting', 'revisit')"
        " ON CONFLICT (activity_id) DO NOTHING"), {"src": CASE_SOURCE})
    conn.execute(sa.text("INSERT INTO seed_load (name) VALUES (:n)"), {"n": CASES_SET})
    return True
