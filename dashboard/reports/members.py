"""The council's members for the annual report's section "Om rådsmedlemmerne".

HOOK FOR THE ASSESSMENT CASES (issue 13, dashboard/cases/): the council's members will live in the
database with their terms (d-cases). Until that table is on main, ``council_members`` returns the
members as the annual report 2023 publishes them (section 8), and the report says where they come
from. When the member table lands, make this function read the members whose term covers the
report's year from it; nothing else in the reports changes.
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


def council_members(conn: sa.Connection, year: int) -> tuple[tuple[Member, ...], str]:
    """The members to list for ``year`` and where they come from (shown under the list)."""
    return PUBLISHED_2023, PUBLISHED_SOURCE
