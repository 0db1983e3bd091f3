"""Frames from the query layer turned into labelled tables for people (no Streamlit here).

Column headings and codes become catalogue texts in the viewer's language; months are written
as "marts 2024". The same tables are shown on pages and offered as downloads.
"""

from __future__ import annotations

import pandas as pd

from dashboard import domain
from dashboard.i18n import format_month, t
from dashboard.views import project_paths


def month_text(value, lang: str) -> str:
    return "" if value is None or pd.isna(value) else format_month(value, lang)


def responsible_text(responsible: str, lang: str) -> str:
    return domain.join_names(domain.responsible_names(responsible), lang)


def activity_summary(row, lang: str) -> str:
    parts = []
    if row.activities_held:
        parts.append(f"{row.activities_held} {t('activity_state.held', lang).lower()}")
    if row.activities_planned:
        parts.append(f"{row.activities_planned} {t('portfolio.upcoming', lang)}")
    return ", ".join(parts) or t("format.none", lang)


def portfolio_view(portfolio: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The portfolio as people read it (report table 1), one row per project."""
    return pd.DataFrame({
        t("columns.name", lang): portfolio["name"],
        t("columns.responsible", lang): portfolio["responsible"].map(lambda r: responsible_text(r, lang)),
        t("columns.state", lang): portfolio["state"].map(lambda c: domain.label("state", c, lang)),
        t("columns.risk_profile", lang): portfolio["risk_profile"].map(lambda p: domain.profile_label(p, lang)),
        t("columns.activities", lang): [activity_summary(r, lang) for r in portfolio.itertuples()],
        t("columns.status_text", lang): portfolio["status_text"].fillna(""),
        t("columns.status_date", lang): portfolio["status_date"].map(lambda m: month_text(m, lang)),
        t("columns.provenance", lang): portfolio["provenance"].map(lambda c: domain.label("provenance", c, lang)),
        t("columns.link", lang): project_paths(portfolio["slug"], lang),
    }).reset_index(drop=True)


def activities_per_year(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = counts.pivot_table(index="year", columns="type_label", values="count", fill_value=0, aggfunc="sum")
    table.columns.name = None
    return table.reset_index().rename(columns={"year": t("columns.year", lang)})


def activities_view(activities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Activities as a readable list: project, type, when (or Afventer), state, collaboration."""
    return pd.DataFrame({
        t("columns.name", lang): activities["project"],
        t("columns.type", lang): activities["type"].map(lambda c: domain.label("activity_type", c, lang)),
        t("columns.month", lang): [month_text(m, lang) or t("format.awaiting", lang) for m in activities["month"]],
        t("columns.activity_state", lang): activities["state"].map(lambda c: domain.label("activity_state", c, lang)),
        t("columns.partner_council", lang): activities["partner_council"].map(
            lambda c: domain.label("council", c, lang) if isinstance(c, str) else ""),
    }).reset_index(drop=True)


def pipeline_view(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A year's pipeline as report table 2: project, responsible, activity, when (or Afventer)."""
    return pd.DataFrame({
        t("columns.name", lang): items["project"],
        t("columns.responsible", lang): items["responsible"].map(lambda r: responsible_text(r, lang)),
        t("columns.type", lang): items["type"].map(lambda c: domain.label("activity_type", c, lang)),
        t("columns.month", lang): [month_text(m, lang) or t("format.awaiting", lang) for m in items["month"]],
    }).reset_index(drop=True)


def pipeline_groups(items: pd.DataFrame, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """The items grouped by month in time order, with "Afventer" (no month yet) as the last group."""
    groups = []
    dated = items[items["month"].notna()]
    for month, group in dated.groupby(dated["month"], sort=True):
        groups.append((month_text(month, lang).capitalize(), group))
    awaiting = items[items["month"].isna()]
    if not awaiting.empty:
        groups.append((t("format.awaiting", lang), awaiting))
    return groups
