"""What each view of the screening page shows, built from the frames in one go (no Streamlit), so
the page can keep the result per data version and filters and share it with every viewer."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import pandas as pd

from dashboard.screening import charts, rules, tables

VIEWS = ("must_assess", "analysis", "reassessment", "nominations", "figure4", "figure5")


def build(rule: pd.DataFrame, nominations: pd.DataFrame | None, which: str, judged_on: dt.date,
          responsible: Iterable[str], scopes: Iterable[str], lang: str) -> dict[str, Any]:
    """The view ``which`` of the projects matching the filters, judged as of ``judged_on`` (the
    nominations frame is read by the nominations view only):
    ``rows`` (what it counts, with slug/name/is_demo), ``total`` (projects after the filters),
    ``table`` (the labelled table shown and downloaded), and for a figure ``figure`` and ``counts``
    (its numbers), and for figure 5 ``left_out`` and ``no_phase``."""
    rule = rules.narrow(rule, responsible, scopes)
    view: dict[str, Any] = {"total": len(rule)}
    if which in rules.LISTS:
        rows = rules.SELECTORS[which](rule)
        view |= {"rows": rows, "table": tables.screening_list(rows, which, lang)}
    elif which == "nominations":
        rows = nominations[(nominations["decided_on"].dt.date <= judged_on) & nominations["slug"].isin(set(rule["slug"]))]
        view |= {"rows": rows, "table": tables.nominations_view(rows, lang)}
    elif which == "figure4":
        rows = charts.assessed_projects(rule)
        view["rows"] = rows
        if not rows.empty:
            view["figure"], view["counts"], view["table"] = charts.figure4(rule, lang)
    else:
        rows, left_out = charts.rsi_portfolio(rule)
        view |= {"rows": rows, "left_out": left_out, "no_phase": int(rows["phase"].isna().sum())}
        if not rows.empty:
            view["figure"], view["counts"], view["table"], _ = charts.figure5(rule, lang)
    view["count"] = rows["slug"].nunique() if which == "nominations" else len(rows)
    return view
