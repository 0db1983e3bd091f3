"""Shared test helpers."""

from __future__ import annotations

import sqlalchemy as sa


def table_checksums(conn: sa.Connection) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table's content."""
    tables = conn.execute(sa.text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).scalars().all()
    result = {}
    for table in tables:
        row = conn.execute(sa.text(
            f'SELECT count(*), coalesce(md5(string_agg(md5(t::text), \'\' ORDER BY md5(t::text))), \'\') '
            f'FROM "{table}" t')).one()
        result[table] = (row[0], row[1])
    return result
