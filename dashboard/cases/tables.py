"""The cases room's frames as labelled tables for people, the same on the page and in the downloads
(no Streamlit here). Dates are written "3. april 2024", codes become their labels, an overdue step
is said in words ("OVERSKREDET: ...") beside any colour, and each case links to its page."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd

from dashboard import domain
from dashboard import tables as core_tables
from dashboard.cases import clock, rules, vocab
from dashboard.i18n import format_date, t
from dashboard.views import case_paths


def col(name: str, lang: str) -> str:
    return t(f"cases.col.{name}", lang)


def date_text(value, lang: str) -> str:
    day = rules._day(value)
    return format_date(day, lang) if day else ""


def clock_text(used, lang: str) -> str:
    """"4 af 10 arbejdsdage" (or "12 af 10 arbejdsdage – 2 over"); empty before the documents."""
    if used is None or pd.isna(used):
        return ""
    return _clock_text(int(used), lang)


@cache   # a handful of distinct texts for a list of thousands of cases
def _clock_text(used: int, lang: str) -> str:
    budget = clock.BUDGET_WORKING_DAYS
    if used > budget:
        return t("cases.days_over", lang, used=used, budget=budget, over=used - budget)
    return t("cases.days_budget", lang, used=used, budget=budget)


def deadline_text(step, day, lang: str) -> str:
    if day is None or (not isinstance(day, dt.date) and pd.isna(day)):
        return ""
    return t("cases.deadline_text", lang, step=vocab.label("step", step, lang), date=date_text(day, lang))


def overdue_text(steps, state: str, lang: str) -> str:
    if state != "open":
        return ""
    if steps:
        return t("cases.overdue_text", lang, steps=", ".join(vocab.label("step", s, lang) for s in steps))
    return t("cases.on_time", lang)


def cases_view(frame: pd.DataFrame, lang: str, keep_index: bool = False) -> pd.DataFrame:
    """The list of cases (/sager), one row per case, with its progress (rules.with_progress);
    ``keep_index``: rows keep the frame's index (to pick a selection of a labelled whole)."""
    table = pd.DataFrame({
        col("project", lang): frame["project_name"],
        col("kind", lang): [vocab.label("kind", k, lang) for k in frame["kind"]],
        col("month", lang): [core_tables.month_text(m, lang) or t("format.awaiting", lang) for m in frame["month"]],
        col("state", lang): [vocab.label("state", s, lang) for s in frame["state"]],
        col("step", lang): [vocab.label("step", s, lang) if s else t("cases.step_none", lang)
                            for s in frame["current_step"]],
        col("clock", lang): [clock_text(u, lang) for u in frame["days_used"]],
        col("next_deadline", lang): [deadline_text(s, d, lang)
                                     for s, d in zip(frame["next_deadline_step"], frame["next_deadline"])],
        col("overdue", lang): [overdue_text(s, st, lang) for s, st in zip(frame["overdue_steps"], frame["state"])],
        col("members", lang): [m.replace("; ", ", ") if m else t("cases.no_members", lang) for m in frame["members"]],
        col("profile", lang): [domain.profile_label(p if isinstance(p, str) else None, lang) if k == "risk_assessment"
                               else "" for p, k in zip(frame["profile"], frame["kind"])],
        col("partner", lang): [domain.label("council", c, lang) if isinstance(c, str) else ""
                               for c in frame["partner_council"]],
        col("provenance", lang): [domain.label("provenance", c, lang) for c in frame["provenance"]],
        t("columns.link", lang): list(case_paths(frame["case_id"], lang)) if len(frame) else [],
    }, index=frame.index)
    return table if keep_index else table.reset_index(drop=True)


# What /sager shows of cases_view (the downloads have every column): the kind and the month as one
# column, so that the list's nine columns fit the page at 1440 px without breaking a word.
PAGE_COLUMNS = ("project", "case", "step", "clock", "next_deadline", "overdue", "members")


def cases_page_view(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The page's columns of a cases_view table (and its link column), "Risikovurdering, april 2024"
    in one "Sag" column."""
    out = table.assign(**{col("case", lang): table[col("kind", lang)] + ", " + table[col("month", lang)]})
    return out[[col(c, lang) for c in PAGE_COLUMNS] + [t("columns.link", lang)]]


def timeline_view(kind: str, steps: pd.DataFrame, today: dt.date, lang: str) -> pd.DataFrame:
    """Every step of the case's path, planned against done, with where it stands in words."""
    recorded = {r.step: r for r in steps.itertuples()}
    rows = []
    for step in vocab.PATH[kind]:
        r = recorded.get(step)
        planned, done = (rules._day(r.planned_on), rules._day(r.done_on)) if r is not None else (None, None)
        rows.append({
            t("entry.field.step", lang): vocab.label("step", step, lang),
            col("planned", lang): date_text(planned, lang),
            col("done", lang): date_text(done, lang),
            col("done_by", lang): (r.done_by or "") if r is not None and isinstance(r.done_by, str) else "",
            col("standing", lang): t(f"cases.step_status.{rules.step_status(planned, done, today)}", lang),
        })
    return pd.DataFrame(rows)


def term_text(start, end, lang: str) -> str:
    start, end = rules._day(start), rules._day(end)
    if start is None and end is None:
        return t("cases.council.term_unknown", lang)
    if end is None:
        return t("cases.council.term_open", lang, start=format_date(start, lang))
    if start is None:
        return t("cases.council.term_until", lang, end=format_date(end, lang))
    return t("cases.council.term_range", lang, start=format_date(start, lang), end=format_date(end, lang))


def members_view(members: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        col("name", lang): [n + (" " + t("cases.council.chair", lang) if c else "")
                            for n, c in zip(members["name"], members["is_chair"])],
        col("title", lang): members["title"].fillna(""),
        col("organisation", lang): members["organisation"].fillna(""),
        col("affiliation", lang): [vocab.label("affiliation", a, lang) for a in members["affiliation"]],
        col("term", lang): [term_text(s, e, lang) for s, e in zip(members["term_from"], members["term_to"])],
        col("cases", lang): members["cases"].astype(int),
        col("provenance", lang): [domain.label("provenance", c, lang) for c in members["provenance"]],
    }).reset_index(drop=True)


def declarations_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        col("member", lang): frame["member"],
        col("project", lang): frame["project_name"],
        col("reason", lang): frame["reason"],
        col("period", lang): [term_text(s, e, lang) for s, e in zip(frame["declared_from"], frame["declared_to"])],
        col("provenance", lang): [domain.label("provenance", c, lang) for c in frame["provenance"]],
    }).reset_index(drop=True)
