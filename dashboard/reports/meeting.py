"""The council meeting pack (mødepakke): everything since the last meeting on a few pages, every
item with a clickable link to its exact view in the dashboard.

Definitions are the dashboard's own, not derived again here: a status change, an early warning and
a missing report are those of dashboard.status (the /status page's "Ændringer siden" and "Tidlige
advarsler"); an open recommendation is one awaiting the project's response
(recommendation_followup_state). Early warnings are as of the month before the meeting: its
reports are due by the meeting, the meeting month's are not.

Cases and their deadlines are the assessment cases' (dashboard/cases/): where each open case stands,
its working days used, its next deadline and what is overdue are dashboard.cases.rules' (as on
/sager and in "Kommende frister"), as of the meeting date; the cases' activity since the last
meeting is their steps done in the period and the cases closed in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from dashboard import domain, repository
from dashboard.i18n import copenhagen_today
from dashboard.status import charts as status_charts
from dashboard.charts import status_label
from dashboard.errors import UserError
from dashboard.i18n import format_date, format_month, format_number, t
from dashboard.recommendations.queries import FIRST_MONTH
from dashboard.cases import rules, tables as case_tables, vocab as case_vocab
from dashboard.reports import data, links
from dashboard.reports.document import Document, Heading, Paragraph, Row, Run, Table, para, paras
from dashboard.reports.stamp import demo_notice, read_stamp
from dashboard.status.queries import month_add

# A few pages: each list shows at most this many rows and links to the full view for the rest.
ROW_LIMIT = 40
PIPELINE_MONTHS = 3


@dataclass(frozen=True)
class MeetingRequest:
    since: dt.date            # the last meeting
    meeting_date: dt.date     # this meeting (default today)
    include_demo: bool = False
    lang: str = "da"


def parse_date(text: object, today: dt.date | None = None) -> dt.date:
    """'2024-02-15' -> a date from 2019 up to today, else a clear message."""
    today = today or copenhagen_today()
    try:
        value = dt.date.fromisoformat(str(text).strip())
    except (TypeError, ValueError):
        raise UserError("reports.errors.bad_date", value=str(text)) from None
    if not dt.date(2019, 1, 1) <= value <= today:
        raise UserError("reports.errors.bad_date", value=str(text))
    return value


def check_period(since: dt.date, meeting_date: dt.date, lang: str = "da") -> None:
    if since >= meeting_date:
        raise UserError("reports.errors.since_after_meeting", since=format_date(since, lang),
                        meeting=format_date(meeting_date, lang))


def _month(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, 1)


def _link(url: str, lang: str) -> tuple:
    return (para(Run(t("reports.meeting.open", lang), url=url)),)


def _project(name: str, slug: str, lang: str, tab: str = "oversigt") -> tuple:
    return (para(Run(name, url=links.project(slug, tab))),)


def _none(url: str, lang: str) -> Paragraph:
    """"Ingen." and the link to the view, for a section with nothing since the last meeting."""
    return Paragraph(para(t("reports.meeting.none", lang), " ", Run(t("reports.meeting.see_view", lang), url=url)))


def _more(shown: int, total: int, url: str, lang: str) -> list:
    if total <= shown:
        return []
    return [Paragraph(para(t("reports.meeting.more", lang, shown=format_number(shown, lang),
                             total=format_number(total, lang)), Run(t("reports.meeting.see_all", lang), url=url)),
                      small=True)]


# --- the sections ---------------------------------------------------------------------------

def status_changes(conn: sa.Connection, request: MeetingRequest) -> list:
    lang = request.lang
    changes = repository.status_changes(conn, request.since, row_limit=ROW_LIMIT, include_demo=request.include_demo)
    blocks: list = [Heading(t("reports.meeting.h_changes", lang, since=format_date(request.since, lang)))]
    all_url = links.status_changes(request.since)
    if changes.empty:
        return blocks + [_none(all_url, lang)]
    marks = data.meeting_marks(conn, [(r.slug, r.month.date()) for r in changes.itertuples()])
    by_report = {key: frame for key, frame in marks.groupby(["slug", "month"])}
    rows = []
    for r in changes.itertuples():
        causes = []
        own = by_report.get((r.slug, r.month), marks.iloc[0:0])
        for m in own.itertuples():
            sub = m.subcategory_en if lang == "en" else m.subcategory_da
            causes.append(f"{status_charts.parameter_label(m.parameter, lang)} ({status_label(m.colour, lang)}): "
                          f"{sub}. {m.explanation}")
        if isinstance(r.action, str):
            causes.append(t("reports.meeting.action", lang, action=status_charts.action_label(r.action, lang)))
        rows.append(Row((
            _project(r.name, r.slug, lang),
            paras(format_month(r.month.date(), lang)),
            paras(f"{status_label(r.previous_colour, lang)} → {status_label(r.colour, lang)}",
                  t(f"status.direction_{r.direction}", lang)),
            paras(*causes) if causes else paras(t("reports.meeting.all_green", lang)),
            _link(links.status_changes(request.since, r.slug), lang),
        )))
    total = int(changes["rows_total"].iloc[0])
    blocks.append(Table(t("reports.meeting.changes_caption", lang, count=format_number(total, lang)),
                        (t("columns.name", lang), t("status.col_month", lang), t("status.col_change", lang),
                         t("reports.meeting.causes", lang), t("reports.meeting.link", lang)),
                        tuple(rows), widths=(1.5, 0.9, 1.2, 4.0, 0.8)))
    return blocks + _more(len(changes), total, all_url, lang)


def warnings(conn: sa.Connection, request: MeetingRequest) -> list:
    lang = request.lang
    as_of = month_add(_month(request.meeting_date), -1)
    frame = repository.status_warnings(conn, as_of, include_demo=request.include_demo)
    blocks: list = []
    for kinds, heading in ((("run", "worsened"), "reports.meeting.h_warnings"), (("stale",), "reports.meeting.h_missing")):
        part = frame[frame["kind"].isin(kinds)]
        blocks.append(Heading(t(heading, lang, month=format_month(as_of, lang))))
        view_url = links.status_warnings(as_of)
        if part.empty:
            blocks.append(_none(view_url, lang))
            continue
        shown = part.head(ROW_LIMIT)
        rows = []
        for r in shown.itertuples():
            if r.kind == "run":
                what = t("status.run_text", lang, months=int(r.run_months), start=format_month(r.run_start.date(), lang))
            elif r.kind == "worsened":
                what = f"{status_label(r.previous_colour, lang)} → {status_label(r.colour, lang)}"
            else:
                what = t("reports.meeting.latest_report", lang, month=format_month(r.month.date(), lang))
            rows.append(Row((
                _project(r.name, r.slug, lang),
                paras(t(f"status.warning_{r.kind}", lang, n=3)),
                paras(status_label(r.colour, lang), what),
                paras(r.explanation) if r.explanation else paras("–"),
                _link(links.status_warnings(as_of, r.slug), lang),
            )))
        blocks.append(Table(t("reports.meeting.warnings_caption", lang, count=format_number(len(part), lang)),
                            (t("columns.name", lang), t("reports.meeting.warning", lang), t("status.col_colour", lang),
                             t("status.col_explanation", lang), t("reports.meeting.link", lang)),
                            tuple(rows), widths=(1.5, 1.4, 1.4, 3.3, 0.8)))
        blocks += _more(len(shown), len(part), view_url, lang)
    return blocks


def _cases(conn: sa.Connection, request: MeetingRequest) -> pd.DataFrame:
    """Every case (demo ones only with include_demo), with its recorded steps on its row."""
    cases = repository.cases_list(conn)
    return cases if request.include_demo else cases[~cases["is_demo"]]


def _case_name(r, lang: str) -> tuple:
    """The project (a link to its page) and the kind of case; a demo case says so."""
    name = r.project_name
    if r.is_demo and not name.upper().startswith("DEMO"):
        name = t("reports.meeting.demo_case", lang, name=name)
    return (para(Run(name, url=links.project(r.slug))), para(case_vocab.label("kind", r.kind, lang)))


def open_cases(cases: pd.DataFrame, request: MeetingRequest) -> list:
    """The open cases: the step reached, the working days used of the budget, the next deadline and
    what is overdue (in words), overdue ones first, then by their next deadline. Where each stands
    is rules.with_progress as of the meeting date (only the open cases are weighed: the closed ones
    of a large set are many and shown here only by their steps)."""
    lang = request.lang
    frame = rules.with_progress(cases[cases["state"] == "open"], request.meeting_date)
    frame = frame.assign(_soonest=[d or dt.date.max for d in frame["next_deadline"]]).sort_values(
        ["overdue", "_soonest", "case_id"], ascending=[False, True, True])
    overdue = int(frame["overdue"].sum())
    all_url = links.cases(state="open")
    blocks: list = [Heading(t("reports.meeting.h_open_cases", lang, date=format_date(request.meeting_date, lang)),
                             level=2)]
    if frame.empty:
        return blocks + [_none(all_url, lang)]
    shown = frame.head(ROW_LIMIT)
    rows = []
    for r in shown.itertuples():
        standing = [t("reports.meeting.was_due", lang, step=case_vocab.label("step", step, lang),
                      date=format_date(day, lang)) for step, day in zip(r.overdue_steps, r.overdue_days)]
        rows.append(Row((
            _case_name(r, lang),
            paras(case_vocab.label("step", r.current_step, lang) if r.current_step else t("cases.step_none", lang)),
            paras(case_tables.clock_text(r.days_used, lang) or "–"),
            paras(case_tables.deadline_text(r.next_deadline_step, r.next_deadline, lang) or "–"),
            paras(t("reports.meeting.overdue", lang), *standing) if standing else paras(t("cases.on_time", lang)),
            _link(links.case(r.case_id), lang),
        )))
    blocks.append(Table(t("reports.meeting.open_cases_caption", lang, count=format_number(len(frame), lang),
                          overdue=format_number(overdue, lang)),
                        (t("cases.col.project", lang), t("cases.col.step", lang), t("cases.col.clock", lang),
                         t("cases.col.next_deadline", lang), t("cases.filter_overdue", lang),
                         t("reports.meeting.link", lang)),
                        tuple(rows), widths=(1.8, 1.3, 1.2, 1.5, 1.9, 0.7)))
    if len(shown) < len(frame) and overdue > int(shown["overdue"].sum()):
        all_url = links.cases(state="open", overdue="overdue")
    return blocks + _more(len(shown), len(frame), all_url, lang)


def cases_since(conn: sa.Connection, cases: pd.DataFrame, request: MeetingRequest) -> list:
    """The cases with a step done since the last meeting, or closed since, latest first (a step done
    after the meeting date is not done yet: rules.recorded_steps)."""
    lang = request.lang
    closed = data.meeting_cases_closed(conn, request.since, request.meeting_date)
    still_closed = set(cases.loc[cases["state"] == "closed", "case_id"])      # not reopened since
    closed_on = {int(c): d.date() for c, d in zip(closed["case_id"], closed["closed_on"]) if c in still_closed}
    done_by_case: dict[int, list[tuple[dt.date, str]]] = {}
    for case_id, steps in zip(cases["case_id"], rules.recorded_steps(cases, request.meeting_date)):
        for step, _, day in steps:
            if day is not None and request.since <= day:
                done_by_case.setdefault(int(case_id), []).append((day, step))
    order = {step: i for i, step in enumerate(case_vocab.STEPS)}
    frame = cases[cases["case_id"].isin(set(done_by_case) | set(closed_on))]
    frame = frame.assign(_latest=[max([d for d, _ in done_by_case.get(int(c), [])]
                                      + ([closed_on[int(c)]] if int(c) in closed_on else []))
                                  for c in frame["case_id"]]).sort_values(["_latest", "case_id"],
                                                                          ascending=[False, False])
    blocks: list = [Heading(t("reports.meeting.h_cases_since", lang, since=format_date(request.since, lang)), level=2)]
    all_url = links.cases()
    if frame.empty:
        return blocks + [_none(all_url, lang)]
    shown = frame.head(ROW_LIMIT)
    rows = []
    for r in shown.itertuples():
        events = [t("reports.meeting.step_done", lang, step=case_vocab.label("step", step, lang),
                    date=format_date(day, lang))
                  for day, step in sorted(done_by_case.get(int(r.case_id), []), key=lambda e: (e[0], order[e[1]]))]
        state = case_vocab.label("state", r.state, lang)
        if int(r.case_id) in closed_on:
            state = t("reports.meeting.closed_on", lang, date=format_date(closed_on[int(r.case_id)], lang))
        rows.append(Row((
            _case_name(r, lang),
            paras(*events) if events else paras("–"),
            paras(state),
            _link(links.case(r.case_id), lang),
        )))
    blocks.append(Table(t("reports.meeting.cases_since_caption", lang, count=format_number(len(frame), lang)),
                        (t("cases.col.project", lang), t("reports.meeting.steps_since", lang),
                         t("cases.col.state", lang), t("reports.meeting.link", lang)),
                        tuple(rows), widths=(2.2, 3.2, 1.5, 0.7)))
    return blocks + _more(len(shown), len(frame), all_url, lang)


def cases_and_deadlines(conn: sa.Connection, request: MeetingRequest) -> list:
    """The assessment cases: the open ones with their deadlines, and what happened since the last meeting."""
    cases = _cases(conn, request)
    return [Heading(t("reports.meeting.h_cases", request.lang)), *open_cases(cases, request),
            *cases_since(conn, cases, request)]


def pipeline(conn: sa.Connection, request: MeetingRequest) -> list:
    lang = request.lang
    first = _month(request.meeting_date)
    last = month_add(first, PIPELINE_MONTHS - 1)
    frame = data.meeting_pipeline(conn, first, last, request.include_demo)
    blocks: list = [Heading(t("reports.meeting.h_pipeline", lang, first=format_month(first, lang),
                              last=format_month(last, lang)))]
    if frame.empty:
        return blocks + [_none(links.pipeline(first.year), lang)]
    shown = frame.head(ROW_LIMIT)
    rows = tuple(Row((
        _project(r.project, r.slug, lang, "aktiviteter"),
        paras(domain.join_names(domain.responsible_names(r.responsible), lang)),
        paras(domain.label("activity_type", r.type, lang)),
        paras(format_month(r.month.date(), lang) if pd.notna(r.month) else t("format.awaiting", lang)),
        _link(links.pipeline(int(r.plan_year) if pd.notna(r.plan_year) else r.month.year), lang),
    )) for r in shown.itertuples())
    blocks.append(Table(t("reports.meeting.pipeline_caption", lang), (
        t("columns.name", lang), t("columns.responsible", lang), t("columns.type", lang), t("columns.month", lang),
        t("reports.meeting.link", lang)), rows, widths=(2.6, 1.5, 1.5, 1.1, 0.8)))
    return blocks + _more(len(shown), len(frame), links.pipeline(first.year), lang)


def open_recommendations(conn: sa.Connection, request: MeetingRequest) -> list:
    lang = request.lang
    frame = repository.recommendations_followup(conn, month_from=FIRST_MONTH, month_to=_month(request.meeting_date),
                                                followup="awaiting_response", include_demo=request.include_demo)
    frame = frame[frame["awaiting_response"] > 0]
    blocks: list = [Heading(t("reports.meeting.h_recommendations", lang))]
    all_url = links.recommendations(followup="awaiting_response")
    if frame.empty:
        return blocks + [_none(all_url, lang)]
    shown = frame.head(ROW_LIMIT)
    rows = tuple(Row((
        _project(r.project, r.slug, lang, "anbefalinger"),
        paras(format_month(r.last_assessment.date(), lang)),
        paras(format_number(int(r.awaiting_response), lang)),
        _link(links.recommendations(r.slug, "awaiting_response"), lang),
    )) for r in shown.itertuples())
    blocks.append(Table(t("reports.meeting.recommendations_caption", lang,
                          count=format_number(int(frame["awaiting_response"].sum()), lang)),
                        (t("columns.name", lang), t("rec_columns.last_assessment", lang),
                         t("reports.meeting.awaiting", lang), t("reports.meeting.link", lang)),
                        rows, widths=(3.4, 1.6, 1.4, 0.8)))
    return blocks + _more(len(shown), len(frame), all_url, lang)


def build(conn: sa.Connection, request: MeetingRequest) -> Document:
    lang = request.lang
    check_period(request.since, request.meeting_date, lang)
    stamp = read_stamp(conn)
    doc = Document(
        title=t("reports.meeting.title", lang, date=format_date(request.meeting_date, lang)),
        subtitle=t("reports.meeting.subtitle", lang, since=format_date(request.since, lang)),
        running_head=t("reports.meeting.running_head", lang, date=format_date(request.meeting_date, lang)),
        stamp=stamp.text(lang, links.public_url()), demo_notice=demo_notice(request.include_demo, lang), lang=lang)
    doc.add(Paragraph(para(t("reports.meeting.intro", lang), Run(links.public_url(), url=links.public_url()), ".")))
    doc.add(*status_changes(conn, request))
    doc.add(*warnings(conn, request))
    doc.add(*cases_and_deadlines(conn, request))
    doc.add(*pipeline(conn, request))
    doc.add(*open_recommendations(conn, request))
    return doc
