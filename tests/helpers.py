"""Shared test helpers."""

from __future__ import annotations

import sqlalchemy as sa


# The sign-in's own records change with every click of a signed-in person (web_session.last_seen_at);
# they are not data, so "nothing was written" leaves them out.
SIGN_IN_RECORDS = ("web_session", "sign_in_handoff")


def table_checksums(conn: sa.Connection) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table's content (sign-in records aside)."""
    tables = conn.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL (:skip) ORDER BY tablename"),
        {"skip": list(SIGN_IN_RECORDS)}).scalars().all()
    result = {}
    for table in tables:
        row = conn.execute(sa.text(
            f'SELECT count(*), coalesce(md5(string_agg(md5(t::text), \'\' ORDER BY md5(t::text))), \'\') '
            f'FROM "{table}" t')).one()
        result[table] = (row[0], row[1])
    return result
