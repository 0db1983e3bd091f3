"""Where each case stands: its current step, the next deadline, the working-day clock's days used
and left, and what is overdue (by a date, and said in words: never by colour alone).

Pure functions over the frames of dashboard.cases.queries; no Streamlit, no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd

from dashboard.cases import clock, vocab
from dashboard.i18n import copenhagen_today


def today_in_copenhagen() -> dt.date:
    return copenhagen_today()


def _day(value) -> dt.date | None:
    if value is None or type(value) is dt.date:   # what the steps' arrays hold: no pandas needed
        return value
    if pd.isna(value):
        return None
    return value.date() if hasattr(value, "date") else value


def step_status(planned: dt.date | None, done: dt.date | None, today: dt.date) -> str:
    """done | done_late (after its planned day) | overdue (planned day passed, not done) | planned | not_planned."""
    if done is not None:
        return "done_late" if planned is not None and done > planned else "done"
    if planned is None:
        return "not_planned"
    return "overdue" if planned < today else "planned"


@dataclass
class Progress:
    """One case's standing on a day."""

    current_step: str | None = None          # the last step done in the path's order
    next_step: str | None = None             # the first step after it not yet done
    next_deadline: dt.date | None = None     # the earliest planned day of a step not done (open cases)
    next_deadline_step: str | None = None
    letter_due: dt.date | None = None        # documents + 10 working days (risk assessments)
    days_used: int | None = None             # working days since the documents (to the letter, or today)
    days_left: int | None = None             # of the 10; negative = over the budget
    overdue_steps: list[str] = field(default_factory=list)
    overdue_days: list[dt.date] = field(default_factory=list)   # each overdue step's deadline
    year: int | None = None

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_steps)


StepDates = list[tuple[str, "dt.date | None", "dt.date | None"]]   # (step, planned, done)


def progress(kind: str, state: str, month: dt.date | None, steps: StepDates, today: dt.date) -> Progress:
    """A case's progress from its recorded steps."""
    planned = {step: day for step, day, _ in steps}
    done = {step: day for step, _, day in steps if day is not None}
    path = vocab.PATH[kind]
    result = Progress()
    dated = [d for d in (*done.values(), *(p for p in planned.values() if p)) if d]
    result.year = month.year if month else (min(dated).year if dated else None)
    done_in_order = [s for s in path if s in done]
    result.current_step = done_in_order[-1] if done_in_order else None
    after = path[path.index(result.current_step) + 1:] if result.current_step else path
    result.next_step = next((s for s in after if s not in done), None)

    if kind == "risk_assessment" and vocab.CLOCK_START in done:
        start = done[vocab.CLOCK_START]
        result.letter_due = clock.letter_due(start)
        result.days_used = clock.working_days_used(start, done.get(vocab.CLOCK_END), today)
        result.days_left = clock.BUDGET_WORKING_DAYS - result.days_used

    if state == "open":
        waiting = {s: planned.get(s) for s in path if s not in done}
        if kind == "risk_assessment" and result.letter_due and vocab.CLOCK_END in waiting \
                and waiting[vocab.CLOCK_END] is None:
            waiting[vocab.CLOCK_END] = result.letter_due     # the clock's deadline when none is planned
        deadlines = sorted((day, path.index(s), s) for s, day in waiting.items() if day is not None)
        if deadlines:
            result.next_deadline, _, result.next_deadline_step = deadlines[0]
        result.overdue_steps = [s for day, _, s in deadlines if day < today]
        result.overdue_days = [day for day, _, s in deadlines if day < today]
    return result


def recorded_steps(cases: pd.DataFrame, as_of: dt.date) -> list[StepDates]:
    """Each case's recorded steps (the step_codes, step_planned and step_done arrays of
    dashboard.cases.queries.cases_list) as on ``as_of``: a step done after that day is not done yet."""
    return [[(code, _day(planned), day if day is not None and day <= as_of else None)
             for code, planned, day in zip(codes, planneds, (_day(d) for d in dones))]
            for codes, planneds, dones in zip(cases["step_codes"].tolist(), cases["step_planned"].tolist(),
                                              cases["step_done"].tolist())]


def progresses(cases: pd.DataFrame, today: dt.date) -> list[Progress]:
    """Every case's progress on ``today`` (see progress), in the frame's order."""
    return [progress(kind, state, _day(month), steps, today)
            for kind, state, month, steps in zip(cases["kind"].tolist(), cases["state"].tolist(),
                                                 cases["month"].tolist(), recorded_steps(cases, today))]


def with_progress(cases: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The cases (dashboard.cases.queries.cases_list) with their progress on ``today`` as columns
    (see Progress); a meeting's pack reckons as of the meeting's day."""
    rows = progresses(cases, today)
    out = cases.copy()
    for name in ("current_step", "next_step", "next_deadline", "next_deadline_step", "letter_due", "days_used",
                 "days_left", "year"):
        out[name] = pd.Series([getattr(p, name) for p in rows], index=cases.index, dtype=object)
    out["overdue_steps"] = pd.Series([p.overdue_steps for p in rows], index=cases.index, dtype=object)
    out["overdue_days"] = pd.Series([p.overdue_days for p in rows], index=cases.index, dtype=object)
    out["overdue"] = pd.Series([p.overdue for p in rows], index=cases.index, dtype=bool)
    return out


@dataclass
class CaseFilter:
    states: Sequence[str] = ()       # open / closed
    steps: Sequence[str] = ()        # the current step ("none": nothing done yet)
    overdue: str = "all"             # all | overdue | on_time
    members: Sequence[str] = ()      # a member's name among the case's members
    years: Sequence[int] = ()


def apply_filter(frame: pd.DataFrame, chosen: CaseFilter) -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if chosen.states:
        keep &= frame["state"].isin(chosen.states)
    if chosen.steps:
        keep &= frame["current_step"].fillna("none").isin(chosen.steps)
    if chosen.overdue == "overdue":
        keep &= frame["overdue"]
    elif chosen.overdue == "on_time":
        keep &= ~frame["overdue"]
    if chosen.members:
        wanted = set(chosen.members)
        keep &= frame["members"].map(lambda names: bool(wanted & set(filter(None, names.split("; ")))))
    if chosen.years:
        keep &= frame["year"].isin(list(chosen.years))
    return frame[keep]


def member_names(frame: pd.DataFrame) -> list[str]:
    return sorted({n for names in frame["members"] for n in names.split("; ") if n})


def case_years(frame: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in frame["year"].dropna()})


def deadlines(frame: pd.DataFrame, today: dt.date, days_ahead: int = 30) -> pd.DataFrame:
    """The open cases' overdue steps and the deadlines of the next ``days_ahead`` days, soonest first
    ("Kommende frister")."""
    soon = today + dt.timedelta(days=days_ahead)
    rows = frame[(frame["state"] == "open") & frame["next_deadline"].notna()]
    rows = rows[rows["overdue"] | rows["next_deadline"].map(lambda d: d <= soon)]
    return rows.sort_values(["next_deadline", "case_id"])
