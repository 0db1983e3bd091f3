"""CSV export of the portfolio, the activities, the figure 2 shares and the project facts the
council's rule needs (type, phase, budget and schedule with their histories, the rule's verdict and
the outcome at closure) (``itraad export``).

Column names and codes are stable and documented in the README; months are YYYY-MM. The files may
be opened in a spreadsheet, so text cells are neutralised like every download
(``dashboard.downloads.neutralise``: a text beginning with = + - @ tab CR LF NUL or ' gets one
apostrophe in front); a program reading them removes one leading apostrophe
(``dashboard.downloads.restore_text``). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
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
FACT_COLUMNS = ["project", "scope", "development", "phase", "phase_since", "budget_kind", "budget_as_of",
                "budget_mkr", "regional_share_mkr", "start_on", "planned_end_on", "current_end_on",
                "must_be_assessed", "reason", "threshold_mkr", "threshold_from", "reassessment", "judged_on",
                "budget_outcome", "budget_variance_mkr", "schedule_outcome", "schedule_variance_months",
                "outcome_source", "demo"]
PHASE_COLUMNS = ["project", "phase", "began_on", "provenance", "source"]
BUDGET_COLUMNS = ["project", "kind", "as_of", "amount_mkr", "regional_share_mkr", "start_on", "end_on", "source",
                  "provenance"]


def month_code(value) -> str:
    return "" if pd.isna(value) else f"{value.year:04d}-{value.month:02d}"


def day_code(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _number(value):
    """A number as a number; nothing as an empty cell."""
    if value is None or pd.isna(value):
        return None
    return int(value) if float(value).is_integer() else float(value)


def _bool_code(value) -> str:
    return "" if value is None or value != value else ("true" if value else "false")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def project_fact_rows(conn: sa.Connection, judged_on: dt.date) -> dict[str, list[list]]:
    """project_facts.csv (each project's current facts, the rule's verdict as of ``judged_on`` and the
    outcome at closure), project_phases.csv and project_budgets.csv (the histories)."""
    facts = repository.screening_rule(conn, judged_on)
    outcomes = repository.screening_project_outcome(conn).set_index("slug")
    phases = repository.screening_project_phases(conn)
    budgets = repository.screening_project_budgets(conn)

    def outcome(slug: str) -> list:
        if slug not in outcomes.index:
            return ["", None, "", None, ""]
        o = outcomes.loc[slug]
        source = o["source_ref"] if o["provenance"] == "published" else o["source"]
        return [_text(o["budget_outcome"]), _number(o["budget_variance_mkr"]), _text(o["schedule_outcome"]),
                _number(o["schedule_variance_months"]), _text(source)]

    return {
        "project_facts.csv": [FACT_COLUMNS] + [
            [r.slug, _text(r.scope), _text(r.development), _text(r.phase), day_code(r.phase_since),
             _text(r.budget_kind), day_code(r.budget_as_of), _number(r.budget_mkr), _number(r.regional_share_mkr),
             day_code(r.start_on), day_code(r.planned_end_on), day_code(r.current_end_on), r.verdict, r.reason,
             _number(r.threshold_mkr), day_code(r.threshold_from), _bool_code(r.reassessment), day_code(judged_on),
             *outcome(r.slug), _bool_code(bool(r.is_demo or r.facts_demo))]
            for r in facts.sort_values("slug").itertuples()
        ],
        "project_phases.csv": [PHASE_COLUMNS] + [
            [r.slug, r.phase, day_code(r.began_on), r.provenance, _text(r.source_ref)]
            for r in phases.itertuples()
        ],
        "project_budgets.csv": [BUDGET_COLUMNS] + [
            [r.slug, r.kind, day_code(r.as_of), _number(r.amount_mkr), _number(r.regional_share_mkr),
             day_code(r.start_on), day_code(r.end_on), r.source, r.provenance]
            for r in budgets.itertuples()
        ],
    }


def export_rows(conn: sa.Connection, judged_on: dt.date | None = None) -> dict[str, list[list]]:
    """Every file's rows; the rule is judged as of ``judged_on`` (default: today in Copenhagen)."""
    from dashboard.screening.rules import today_in_copenhagen

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
        **project_fact_rows(conn, judged_on or today_in_copenhagen()),
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
