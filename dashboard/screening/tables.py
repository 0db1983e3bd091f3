"""The screening room's frames as labelled tables for people, the same on the page and in the
downloads (no Streamlit here). Amounts stay numbers (mio. kr. in the heading), dates are written
"3. marts 2024", codes become their labels, and each project row links to its project page."""

from __future__ import annotations

import pandas as pd

from dashboard import tables as core_tables
from dashboard.i18n import month_name, t
from dashboard.screening import rules, vocab


def _col(name: str, lang: str) -> str:
    return t(f"screening.col.{name}", lang)


def _mkr_heading(name: str, lang: str) -> str:
    return f"{_col(name, lang)} ({t('screening.band.mkr', lang)})"


def mapped(values, fn) -> list:
    """fn of each value, computed once per distinct value (labels and dates repeat a lot)."""
    cache: dict = {}
    out = []
    for value in values:
        key = None if rules._missing(value) else value
        if key not in cache:
            cache[key] = fn(key)
        out.append(cache[key])
    return out


def _dates(values, lang: str) -> list[str]:
    """Dates as "3. marts 2024" (format.date), built column-wise: a list of projects has thousands."""
    days = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")
    if days.isna().all():
        return [""] * len(days)
    months = {m: month_name(m, lang) for m in range(1, 13)}
    template = t("format.date", lang)   # "{day}. {month} {year}" / "{day} {month} {year}"
    return ["" if pd.isna(day) else template.format(day=day.day, month=months[day.month], year=day.year)
            for day in days]


def _labels(values, vocabulary: str, lang: str) -> list[str]:
    return mapped(values, lambda v: vocab.label(vocabulary, v, lang))


def _responsible(values, lang: str) -> list[str]:
    return mapped(values, lambda v: core_tables.responsible_text(v or "", lang))


def _link(slugs: pd.Series, lang: str) -> pd.Series:
    return "projekt?id=" + slugs + f"&lang={lang}"


def _numbers(values: pd.Series) -> pd.Series:
    return values.astype("Float64").round(1)


def screening_list(rule: pd.DataFrame, which: str, lang: str) -> pd.DataFrame:
    """One of the screening lists (rules.LISTS) of screening_rule rows, as the page shows it."""
    records = rule.to_dict("records")
    columns: dict[str, object] = {_col("project", lang): rule["name"].tolist()}
    if which == "reassessment":
        columns |= {
            _col("reason", lang): [rules.reassessment_text(r, lang) for r in records],
            _col("responsible", lang): _responsible(rule["responsible"], lang),
            _col("assessed", lang): mapped(rule["assessed_month"], lambda v: rules._month(v, lang)),
            _mkr_heading("amount_then", lang): _numbers(rule["assessment_amount_mkr"]).tolist(),
            _mkr_heading("amount_now", lang): _numbers(rule["amount_mkr"]).tolist(),
            _col("figure_date", lang): _dates(rule["budget_as_of"], lang),
            _mkr_heading("threshold", lang): _numbers(rule["threshold_mkr"]).tolist(),
        }
    else:
        if which == "analysis":
            columns[_col("verdict", lang)] = mapped(rule["verdict"], lambda v: rules.verdict_short(v, lang))
        columns |= {
            _col("reason", lang): [rules.reason_text(r, lang) for r in records],
            _col("responsible", lang): _responsible(rule["responsible"], lang),
            _col("scope", lang): _labels(rule["scope"], "scope", lang),
            _col("phase", lang): _labels(rule["phase"], "phase", lang),
            _col("phase_since", lang): _dates(rule["phase_since"], lang),
            _mkr_heading("amount", lang): _numbers(rule["amount_mkr"]).tolist(),
            _col("figure_date", lang): _dates(rule["budget_as_of"], lang),
            _mkr_heading("threshold", lang): _numbers(rule["threshold_mkr"]).tolist(),
            _col("planned", lang): [rules.planned_text(r, lang) for r in records],
        }
    columns[_col("nomination", lang)] = [rules.nomination_text(r, lang) for r in records]
    columns[t("columns.link", lang)] = _link(rule["slug"], lang).tolist()
    return pd.DataFrame(columns)


def nominations_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The nomination list: who decided what about which project, and when."""
    return pd.DataFrame({
        _col("decided_on", lang): _dates(frame["decided_on"], lang),
        _col("project", lang): frame["name"].tolist(),
        _col("responsible", lang): _responsible(frame["responsible"], lang),
        _col("decision", lang): _labels(frame["decision"], "decision", lang),
        _col("grounds", lang): [vocab.label("grounds", c, lang) if isinstance(c, str) else "" for c in frame["grounds"]],
        _col("decided_by", lang): frame["decided_by"].tolist(),
        _col("note", lang): frame["note"].fillna("").tolist(),
        _col("entered_by", lang): frame["entered_by"].fillna("").tolist(),
        _col("provenance", lang): [t(f"provenance.{p}", lang) for p in frame["provenance"]],
        t("columns.link", lang): _link(frame["slug"], lang).tolist(),
    })


def budget_history_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A project's budget and schedule figures over time, newest first, each with its date and source."""
    return pd.DataFrame({
        _col("as_of", lang): _dates(frame["as_of"], lang),
        _col("kind", lang): _labels(frame["kind"], "budget_kind", lang),
        _mkr_heading("budget", lang): _numbers(frame["amount_mkr"]).tolist(),
        _mkr_heading("regional_share", lang): _numbers(frame["regional_share_mkr"]).tolist(),
        _col("start", lang): _dates(frame["start_on"], lang),
        _col("current_end", lang): _dates(frame["end_on"], lang),
        _col("source", lang): frame["source"].tolist(),
        _col("provenance", lang): [_provenance(r, lang) for r in frame.to_dict("records")],
    })


def phase_history_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        _col("phase", lang): _labels(frame["phase"], "phase", lang),
        _col("began_on", lang): _dates(frame["began_on"], lang),
        _col("provenance", lang): [_provenance(r, lang) for r in frame.to_dict("records")],
    })


def thresholds_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        _col("scope", lang): _labels(frame["applies_to"], "scope", lang),
        t("entry.field.valid_from", lang): _dates(frame["valid_from"], lang),
        _mkr_heading("threshold", lang): _numbers(frame["amount_mkr"]).tolist(),
        _col("source", lang): frame["source"].tolist(),
        _col("provenance", lang): [_provenance(r, lang) for r in frame.to_dict("records")],
    })


def _provenance(row: dict, lang: str) -> str:
    """'Offentliggjort (Årsrapport 2023, tabel 1)' / 'Indtastet (anna)' / 'Demo'."""
    label = t(f"provenance.{row['provenance']}", lang)
    detail = row.get("source_ref") if row["provenance"] == "published" else row.get("entered_by")
    return f"{label} ({detail})" if isinstance(detail, str) and detail else label
