"""The council's members for the annual report's section "Om rådsmedlemmerne".

The members live in the database with their terms (``council_member``, migration 0050, issue 13):
the report lists those whose term covers some of the report's year, or whose term is not known
(the published members of the 2023 report have none), in the report's order, and says where they
come from. Demo members appear only in a report with demo data. Without the table (a database
before migration 0050) or without members, the members as the annual report 2023 publishes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa


@dataclass(frozen=True)
class Member:
    name: str
    title: str
    organisation: str
    chair: bool = False


# Årsrapport 2023, afsnit 8 "Om rådsmedlemmerne", in the report's order.
PUBLISHED_2023 = (
    Member("Jane Kraglund", "Regionsdirektør", "Region Syddanmark", chair=True),
    Member("Henning Voss", "Hospitalsdirektør", "Region Midtjylland"),
    Member("Lars Mathiesen", "Direktør", "Frost Management"),
    Member("Jens Gordon Clausen", "Regionsdirektør", "Region Hovedstaden"),
    Member("Jens Schmidt", "Leder af Forskningscenter for Offentlig IT", "IT-Universitetet"),
    Member("Lilian Mogensen", "Bestyrelsesformand", "Rejsekort & Rejseplan A/S"),
)
PUBLISHED_SOURCE = "Årsrapport 2023, afsnit 8"


def council_members(conn: sa.Connection, year: int, demo: bool = False,
                    lang: str = "da") -> tuple[tuple[Member, ...], str]:
    """The members to list for ``year`` and where they come from (shown under the list)."""
    if conn.execute(sa.text("SELECT to_regclass('council_member') IS NULL")).scalar():
        return PUBLISHED_2023, PUBLISHED_SOURCE
    rows = conn.execute(sa.text(
        "SELECT name, coalesce(title, '') AS title, coalesce(organisation, '') AS organisation, is_chair,"
        " provenance::text AS provenance, source_ref FROM council_member"
        " WHERE (term_from IS NULL OR term_from <= make_date(:y, 12, 31))"
        "   AND (term_to IS NULL OR term_to >= make_date(:y, 1, 1)) AND (:demo OR provenance <> 'demo')"
        " ORDER BY position NULLS LAST, name"), {"y": year, "demo": demo}).all()
    if not rows:
        return PUBLISHED_2023, PUBLISHED_SOURCE
    sources = list(dict.fromkeys(r.source_ref for r in rows if r.provenance == "published" and r.source_ref))
    if any(r.provenance != "published" for r in rows):
        from dashboard.i18n import t

        sources.append(t("reports.members.entered_source", lang))
    return tuple(Member(r.name, r.title, r.organisation, chair=r.is_chair) for r in rows), "; ".join(sources)
