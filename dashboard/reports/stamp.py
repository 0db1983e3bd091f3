"""What every page of a document names: the data's date and version, and demo data when included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from dashboard.i18n import format_number, format_timestamp, t
from dashboard.reports import data


@dataclass(frozen=True)
class DataStamp:
    version: int
    changed_at: dt.datetime
    has_demo: bool

    def text(self, lang: str, public_url: str) -> str:
        """'Data fra Rådsportalen pr. 25. november 2026 kl. 16:49 (dataversion 412) · http://…'"""
        return t("reports.stamp", lang, when=format_timestamp(self.changed_at, lang),
                 version=format_number(self.version, lang), url=public_url)


def read_stamp(conn: sa.Connection) -> DataStamp:
    row = data.data_stamp(conn).iloc[0]
    return DataStamp(int(row["version"]), row["changed_at"].to_pydatetime(), bool(row["has_demo"]))


def demo_notice(include_demo: bool, lang: str) -> str | None:
    """The line every page carries when demo rows were asked for (--med-demo)."""
    return t("reports.demo_notice", lang) if include_demo else None
