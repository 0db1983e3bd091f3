"""The council's rule for what must be risk-assessed, in words, and the screening lists built on it.

The rule itself is decided once, in SQL (screening_facts, db/migrations/0071_screening_rule.sql):
a verdict (required / not_required / unknown), a reason code and the facts it rests on. Here those
become sentences in the viewer's language, the screening page's lists, and the portfolio's column
and filter. Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterable, Mapping

import pandas as pd

from dashboard.i18n import format_date, format_mkr, format_month, t
from dashboard.portfolio import with_responsible
from dashboard.screening import vocab

Row = Mapping[str, Any]


def tidy(text: str) -> str:
    """One full stop after an amount that ends a sentence ("10 mio. kr." + "." is "10 mio. kr.")."""
    return re.sub(r"(?<=kr)\.\.(?!\.)", ".", text)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _date(value: Any, lang: str) -> str:
    if _missing(value):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return format_date(value, lang)


def _month(value: Any, lang: str) -> str:
    if _missing(value):
        return ""
    return format_month(value.date() if isinstance(value, pd.Timestamp) else value, lang)


def verdict_label(verdict: str, lang: str) -> str:
    """'Skal risikovurderes' / 'Skal ikke risikovurderes' / 'Kan ikke afgøres'."""
    return t(f"screening.verdict.{verdict}", lang)


def verdict_short(verdict: str, lang: str) -> str:
    """The portfolio's column: 'Ja' / 'Nej' / 'Ukendt'."""
    return t(f"screening.verdict_short.{verdict}", lang)


def _figure(row: Row, lang: str) -> str:
    """Where the amount comes from: 'skøn pr. 3. marts 2024' / 'godkendt budget pr. ...'."""
    return t(f"screening.figure.{row['budget_kind']}", lang, date=_date(row["budget_as_of"], lang))


def _subject(scope: str | None, lang: str) -> str:
    return t("screening.subject.share" if scope == "cross_public" else "screening.subject.budget", lang)


def reason_text(row: Row, lang: str) -> str:
    """The rule's verdict on one project with its reason, as a sentence (row: a screening_rule row)."""
    reason = row["reason"]
    params: dict[str, Any] = {}
    if reason in ("over_threshold", "not_over_threshold", "development_missing"):
        params = {"subject": _subject(row["scope"], lang), "amount": format_mkr(row["amount_mkr"], lang),
                  "figure": _figure(row, lang), "threshold": format_mkr(row["threshold_mkr"], lang),
                  "threshold_from": _date(row["threshold_from"], lang)}
    if reason == "over_threshold":
        params |= {"scope": t(f"screening.scope_noun.{row['scope']}", lang),
                   "development": t(f"screening.development_noun.{row['development']}", lang)}
    if reason == "no_threshold":
        params = {"scope": t(f"screening.scope_noun.{row['scope']}", lang)}
    body = t(f"screening.reason.{reason}", lang, **params)
    return tidy(f"{verdict_label(row['verdict'], lang)}: {body}")


def assessment_text(row: Row, lang: str) -> str:
    """Where the project stands with the council: assessed when, or planned, or not yet (with its phase)."""
    parts = []
    if not _missing(row["assessed_month"]):
        parts.append(t("screening.assessed_in", lang, month=_month(row["assessed_month"], lang)))
    else:
        parts.append(t("screening.not_assessed", lang))
        planned = planned_text(row, lang)
        if planned:
            parts.append(planned)
    if isinstance(row["phase"], str):
        parts.append(t("screening.in_phase", lang, phase=vocab.label("phase", row["phase"], lang).lower(),
                       date=_date(row["phase_since"], lang)))
        if row["phase"] == "analysis" and _missing(row["assessed_month"]) and row["verdict"] == "required":
            parts.append(t("screening.analysis_hint", lang))
    return " ".join(parts)


def planned_text(row: Row, lang: str) -> str:
    """The next planned or awaited assessment: 'Risikovurdering planlagt april 2024' / '... afventer'."""
    if not isinstance(row.get("next_type"), str):
        return ""
    from dashboard import domain

    what = domain.label("activity_type", row["next_type"], lang)
    if row["next_state"] == "awaiting" or _missing(row["next_month"]):
        return t("screening.planned_awaiting", lang, what=what)
    return t("screening.planned_in", lang, what=what, month=_month(row["next_month"], lang))


def reassessment_text(row: Row, lang: str) -> str:
    """Why a project is a re-assessment trigger (empty when it is not one)."""
    if not row["reassessment"]:
        return ""
    return tidy(t("screening.reassessment_reason", lang, month=_month(row["assessed_month"], lang),
             subject=_subject(row["scope"], lang), then=format_mkr(row["assessment_amount_mkr"], lang),
             threshold_then=format_mkr(row["assessment_threshold_mkr"], lang),
             now=format_mkr(row["amount_mkr"], lang), figure=_figure(row, lang),
             threshold=format_mkr(row["threshold_mkr"], lang)))


def nomination_text(row: Row, lang: str) -> str:
    """The latest nomination decision: 'Indstillet 3. juni 2024 (RSI-kredsen)'; empty when none."""
    if not isinstance(row.get("nomination"), str):
        return ""
    return t("screening.nomination_summary", lang, decision=t(f"screening.decision.{row['nomination']}", lang),
             date=_date(row["nominated_on"], lang), by=row["nominated_by"])


# --- the screening lists ------------------------------------------------------------------------

LISTS = ("must_assess", "analysis", "reassessment")
# The lists are about projects still running: a completed or closed project is past screening.
LIVE_STATES = ("ongoing", "paused")


def _live(rule: pd.DataFrame) -> pd.Series:
    return rule["state"].isin(LIVE_STATES)


def must_assess_without_assessment(rule: pd.DataFrame) -> pd.DataFrame:
    """Running projects the rule says must be assessed that have had no risk assessment."""
    return rule[_live(rule) & (rule["verdict"] == "required") & rule["assessed_month"].isna()]


def in_analysis_without_assessment(rule: pd.DataFrame) -> pd.DataFrame:
    """Running projects in their analysis phase without a risk assessment (the usual time for one)."""
    return rule[_live(rule) & (rule["phase"] == "analysis") & rule["assessed_month"].isna()]


def reassessment_triggers(rule: pd.DataFrame) -> pd.DataFrame:
    """Running projects whose current amount rose over the threshold after their latest assessment."""
    return rule[_live(rule) & rule["reassessment"]]


SELECTORS = {"must_assess": must_assess_without_assessment, "analysis": in_analysis_without_assessment,
             "reassessment": reassessment_triggers}


def narrow(rule: pd.DataFrame, responsible: Iterable[str] = (), scopes: Iterable[str] = ()) -> pd.DataFrame:
    """Rows of responsible organisations and project types (codes; 'unknown' = not recorded); all when empty."""
    rows = with_responsible(rule, list(responsible))
    scopes = list(scopes)
    if scopes:
        rows = rows[rows["scope"].fillna(vocab.UNKNOWN).isin(scopes)]
    return rows


# --- the portfolio's column and filter ----------------------------------------------------------

def with_verdict(portfolio: pd.DataFrame, rule: pd.DataFrame) -> pd.DataFrame:
    """The portfolio with the rule's verdict of each project in ``must_assess`` (for the filter and column)."""
    verdicts = rule.set_index("project_id")["verdict"]
    return portfolio.assign(must_assess=portfolio["project_id"].map(verdicts).fillna("unknown"))


def verdict_column(rows: pd.DataFrame, lang: str) -> tuple[str, list[str]]:
    """The portfolio table's column: its heading and the short verdict of each row."""
    return t("screening.column_must_assess", lang), [verdict_short(v, lang) for v in rows["must_assess"]]


def today_in_copenhagen() -> dt.date:
    from dashboard.i18n import copenhagen_today

    return copenhagen_today()
