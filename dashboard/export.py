"""CSV export of the portfolio, the activities and the figure 2 shares (``itraad export``).

Column names and codes are stable and documented in the README; months are YYYY-MM. The files may
be opened in a spreadsheet, so text cells are neutralised like every download
(``dashboard.downloads.neutralise``: a text beginning with = + - @ tab CR LF NUL or ' gets one
apostrophe in front); a program reading them removes one leading apostrophe
(``dashboard.downloads.restore_text``). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from dashboard import downloads, repository
from dashboard.errors import UserError

PROJECT_COLUMNS = ["slug", "name", "short_name", "responsible", "state", "risk_profile", "is_rsi",
                   "status_date", "end_month", "provenance"]
ACTIVITY_COLUMNS = ["project", "project_name", "type", "month", "state", "partner_council", "plan_year",
                    "risk_profile", "provenance"]
SHARE_COLUMNS = ["focus_area", "focus_area_name", "share_pct", "total_count", "period_from", "period_to",
                 "source"]


def month_code(value) -> str:
    return "" if pd.isna(value) else f"{value.year:04d}-{value.month:02d}"


def _bool_code(value) -> str:
    return "" if value is None or value != value else ("true" if value else "false")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def export_rows(conn: sa.Connection) -> dict[str, list[list]]:
    projects = repository.portfolio(conn)
    activities = repository.activities(conn)
    shares = repository.recommendation_shares(conn)
    return {
        "projects.csv": [PROJECT_COLUMNS] + [
            [r.slug, r.name, _text(r.short_name), r.responsible, r.state, _text(r.risk_profile),
             _bool_code(r.is_rsi), month_code(r.status_date), month_code(r.end_month), r.provenance]
            for r in projects.itertuples()
        ],
        "activities.csv": [ACTIVITY_COLUMNS] + [
            [r.slug, r.project, r.type, month_code(r.month), r.state, _text(r.partner_council),
             None if pd.isna(r.plan_year) else int(r.plan_year), _text(r.risk_profile), r.provenance]
            for r in activities.itertuples()
        ],
        "recommendation_shares.csv": [SHARE_COLUMNS] + [
            [r.focus_area, r.name_da, float(r.share_pct), int(r.total_count), int(r.period_from),
             int(r.period_to), r.source_ref]
            for r in shares.itertuples()
        ],
    }


def export(conn: sa.Connection, out_dir: Path) -> list[Path]:
    tables = export_rows(conn)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, rows in tables.items():
            path = out_dir / name
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([downloads.csv_cell(v) for v in row] for row in rows)
            written.append(path)
    except OSError as exc:
        raise UserError("errors.export_dir", path=str(out_dir), reason=exc.strerror or str(exc)) from None
    return written
