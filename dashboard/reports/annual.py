"""The annual report (årsrapport) as a draft from the database: key figures, tables 1 and 2 in the
report's own layout, figures 2, 3 and 6 to 9, the good advice and the members.

Rules taken from the published report 2023 (and tested against its text, cell for cell):
- Table 1 lists every project the council has held an activity with, from its first year up to the
  report's year: ongoing projects first, then completed and closed ones; within each, the project
  with the latest held activity first (ties in the order the projects were recorded).
- Its "Aktiviteter" cell names each held activity with its month, oldest first; neighbouring
  activities of the same type are one line in the plural ("Sparringsmøder (januar og oktober
  2022)"); the council an assessment was held with follows it ("Samarbejde med Statens It-råd").
- Its status column is "Status pr. <month year>": the status text valid that month
  (project_status_text), after the line "Afsluttet <month year>" / "Lukket <month year>" for a
  project finished by then. The month is the end of March after the report's year (the report 2023
  is "Status pr. marts 2024"), or the current month if that is earlier, unless asked for another.
- Table 2 is the next year's pipeline: dated items by month, "Afventer" last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

import pandas as pd
import sqlalchemy as sa

from dashboard import charts, domain, repository
from dashboard.i18n import copenhagen_today
from dashboard.recommendations import charts as recommendation_charts
from dashboard.status import charts as status_charts
from dashboard.errors import UserError
from dashboard.i18n import format_month, format_number, month_name, t
from dashboard.recommendations.queries import FIRST_MONTH, check_rounding
from dashboard.reports import data, links, members
from dashboard.reports.document import (BulletList, Document, Figure, Heading, PageBreak, Paragraph, Row, Table,
                                        para, paras)
from dashboard.reports.stamp import demo_notice, read_stamp

FIRST_YEAR = 2019  # the council was founded in 2019


@dataclass(frozen=True)
class AnnualRequest:
    year: int
    include_demo: bool = False
    status_as_of: dt.date | None = None   # the month of "Status pr. ..."; default: see default_status_month
    lang: str = "da"


def parse_year(text: object, today: dt.date | None = None) -> int:
    """The report's year from a command line or form: 2019 up to this year, else a clear message."""
    today = today or copenhagen_today()
    try:
        year = int(str(text).strip())
    except (TypeError, ValueError):
        raise UserError("reports.errors.bad_year", value=str(text), first=FIRST_YEAR, last=today.year) from None
    if not FIRST_YEAR <= year <= today.year:
        raise UserError("reports.errors.bad_year", value=str(text), first=FIRST_YEAR, last=today.year)
    return year


def parse_month(text: object) -> dt.date:
    """'2024-03' -> 2024-03-01, else a clear message."""
    try:
        year, month = str(text).strip().split("-")
        value = dt.date(int(year), int(month), 1)
    except (TypeError, ValueError):
        raise UserError("reports.errors.bad_month", value=str(text)) from None
    if value.year < FIRST_YEAR:
        raise UserError("reports.errors.bad_month", value=str(text))
    return value


def default_status_month(year: int, today: dt.date | None = None) -> dt.date:
    """March of the following year (the report 2023: "Status pr. marts 2024"), or this month if earlier."""
    today = today or copenhagen_today()
    return min(dt.date(year + 1, 3, 1), dt.date(today.year, today.month, 1))


def capitalised_month(month: dt.date, lang: str) -> str:
    """'Marts 2024' (table 2's Tidspunkt column)."""
    text = format_month(month, lang)
    return text[:1].upper() + text[1:]


# --- table 1 --------------------------------------------------------------------------------

def _months_text(months: list[dt.date], lang: str) -> str:
    """'februar 2023', 'januar og oktober 2022', 'oktober 2021 og januar 2022'."""
    by_year = [(year, [m for m in group]) for year, group in groupby(months, key=lambda m: m.year)]
    parts = [f"{domain.join_names([month_name(m.month, lang) for m in group], lang)} {year}"
             for year, group in by_year]
    return domain.join_names(parts, lang)


def activity_lines(activities: pd.DataFrame, lang: str) -> list[str]:
    """The "Aktiviteter" cell of one project (its held activities, oldest first) as lines."""
    lines: list[str] = []
    rows = list(activities.sort_values(["month", "activity_id"]).itertuples())
    for kind, group in groupby(rows, key=lambda r: r.type):
        group = list(group)
        label = t(f"reports.activity_{'plural' if len(group) > 1 else 'singular'}.{kind}", lang)
        lines.append(f"{label} ({_months_text([r.month.date() for r in group], lang)})")
        for council in dict.fromkeys(r.partner_council for r in group if isinstance(r.partner_council, str)):
            lines.append(t("council.with", lang, council=council))
    return lines


def state_line(row, lang: str) -> str | None:
    """'Afsluttet marts 2023' / 'Lukket august 2023' for a project finished by the status month."""
    if not row.finished:
        return None
    return f"{domain.label('state', row.state, lang)} {format_month(row.end_month.date(), lang)}"


def table1(projects: pd.DataFrame, activities: pd.DataFrame, first_year: int, year: int, status_month: dt.date,
           lang: str) -> Table:
    header = (t("reports.t1.project", lang), t("columns.purpose", lang), t("columns.responsible", lang),
              t("columns.activities", lang), t("reports.t1.status", lang, month=format_month(status_month, lang)))
    rows: list[Row] = []
    by_project = {pid: frame for pid, frame in activities.groupby("project_id")}
    for finished, section in ((False, "reports.t1.ongoing"), (True, "reports.t1.finished")):
        part = projects[projects["finished"] == finished]
        if part.empty:
            continue
        rows.append(Row((paras(t(section, lang)),), section=True))
        for row in part.itertuples():
            own = by_project.get(row.project_id, activities.iloc[0:0])
            responsible = domain.join_names(domain.responsible_names(row.responsible), lang)
            status = paras(state_line(row, lang), row.status_text if isinstance(row.status_text, str) else None)
            rows.append(Row((
                paras(row.name),
                paras(*(row.purpose.split("\n") if isinstance(row.purpose, str) else [])),
                paras(responsible),
                paras(*activity_lines(own, lang)),
                status,
            )))
    period = f"{first_year}-{year}" if first_year != year else str(year)
    return Table(t("reports.t1.caption", lang, period=period), header, tuple(rows), widths=(1.35, 2.3, 1.3, 1.3, 2.6))


def table2(pipeline: pd.DataFrame, year: int, lang: str) -> Table:
    header = (t("reports.t2.project", lang), t("columns.responsible", lang), t("reports.t2.activity", lang),
              t("reports.t2.when", lang))
    rows = tuple(Row((
        paras(r.project),
        paras(domain.join_names(domain.responsible_names(r.responsible), lang)),
        paras(domain.label("activity_type", r.type, lang)),
        paras(capitalised_month(r.month.date(), lang) if pd.notna(r.month) else t("format.awaiting", lang)),
    )) for r in pipeline.itertuples())
    return Table(t("reports.t2.caption", lang, year=year), header, rows, widths=(3.4, 1.6, 1.6, 1.0),
                 font_size=9, caption_below=True)


# --- key figures ----------------------------------------------------------------------------

def number_word(n: int, lang: str, neuter: bool = False) -> str:
    """Numbers up to twelve in words, as Danish text writes them ("ti risikovurderinger")."""
    if n == 1:
        return t(f"reports.numbers.one_{'neuter' if neuter else 'common'}", lang)
    if 0 <= n <= 12:
        return t(f"reports.numbers.n{n}", lang)
    return format_number(n, lang)


def counted(n: int, key: str, lang: str, neuter: bool = False) -> str:
    """'ti risikovurderinger', 'ét sparringsmøde', '1.234 statusrapporter'."""
    noun = t(f"reports.nouns.{key}_{'one' if n == 1 else 'many'}", lang)
    return f"{number_word(n, lang, neuter)} {noun}"


def key_figures(held: pd.DataFrame, projects: pd.DataFrame, profiles: pd.DataFrame, pipeline: pd.DataFrame,
                recommendations: int, published_total: int | None, status_marks: int, first_year: int, year: int,
                status_month: dt.date, lang: str) -> list:
    by_type = held["type"].value_counts()
    this_year = held[held["month"].dt.year == year]["type"].value_counts()
    ra, sm, rv = (int(by_type.get(k, 0)) for k in ("risk_assessment", "sparring_meeting", "revisit"))
    period = f"{first_year}-{year}"
    sentence = t("reports.kf.sentence", lang, period=period, assessments=counted(ra, "assessment", lang),
                 meetings=counted(sm, "meeting", lang, neuter=True))
    if rv:
        sentence = sentence.rstrip(".") + t("reports.kf.and_revisits", lang, revisits=counted(rv, "revisit", lang,
                                                                                              neuter=True))
    profile_counts = profiles["risk_profile"].value_counts()
    profile_text = ", ".join(
        f"{format_number(int(profile_counts.get(p, 0)), lang)} {domain.profile_label(p, lang)}"
        for p in domain.RISK_PROFILES if profile_counts.get(p, 0))
    minority = []
    if not profile_counts.empty:
        common = profile_counts.idxmax()
        for r in profiles[profiles["risk_profile"] != common].sort_values(["risk_profile", "name"]).itertuples():
            minority.append(f"{r.name} ({r.risk_profile})")
    rows = [
        (t("reports.kf.assessments", lang, period=period),
         t("reports.kf.of_which", lang, total=format_number(ra, lang), year=year,
           count=format_number(int(this_year.get("risk_assessment", 0)), lang))),
        (t("reports.kf.meetings", lang, period=period),
         t("reports.kf.of_which", lang, total=format_number(sm, lang), year=year,
           count=format_number(int(this_year.get("sparring_meeting", 0)), lang))),
        (t("reports.kf.revisits", lang, period=period),
         t("reports.kf.of_which", lang, total=format_number(rv, lang), year=year,
           count=format_number(int(this_year.get("revisit", 0)), lang))),
        (t("reports.kf.projects", lang, month=format_month(status_month, lang)),
         t("reports.kf.projects_value", lang, total=format_number(len(projects), lang),
           ongoing=format_number(int((~projects["finished"]).sum()), lang),
           finished=format_number(int(projects["finished"].sum()), lang))),
        (t("reports.kf.profiles", lang), profile_text or t("format.none", lang)),
        (t("reports.kf.recommendations", lang, period=period),
         format_number(recommendations, lang) + (t("reports.kf.published_total", lang,
                                                   total=format_number(published_total, lang))
                                                 if published_total else "")),
        (t("reports.kf.status_marks", lang, period=f"{year - 1}-{year}"), format_number(status_marks, lang)),
        (t("reports.kf.pipeline", lang, year=year + 1),
         t("reports.kf.pipeline_value", lang, total=format_number(len(pipeline), lang),
           awaiting=format_number(int(pipeline["month"].isna().sum()), lang))),
    ]
    blocks: list = [Paragraph(para(sentence))]
    if minority:
        blocks.append(Paragraph(para(t("reports.kf.exceptions", lang, common=domain.profile_label(common, lang),
                                       exceptions=domain.join_names(minority, lang)))))
    blocks.append(Table(t("reports.kf.caption", lang, period=period), (t("reports.kf.figure", lang),
                                                                        t("reports.kf.value", lang)),
                        tuple(Row((paras(label), paras(value))) for label, value in rows), widths=(3, 2), font_size=9))
    return blocks


# --- the document ---------------------------------------------------------------------------

def build(conn: sa.Connection, request: AnnualRequest, today: dt.date | None = None) -> Document:
    """The annual report draft for ``request.year`` as a Document (figures not yet drawn)."""
    lang, year, demo = request.lang, request.year, request.include_demo
    today = today or copenhagen_today()
    status_month = request.status_as_of or default_status_month(year, today)
    period_to = dt.date(year, 12, 1)
    stamp = read_stamp(conn)

    projects = data.table1(conn, period_to, status_month, demo)
    held = data.held_activities(conn, period_to, demo)
    pipeline = data.pipeline(conn, year + 1, demo)
    profiles = data.risk_profiles(conn, period_to, demo)
    first_year = int(held["month"].dt.year.min()) if not held.empty else year
    rec_filters = dict(month_from=FIRST_MONTH, month_to=period_to, include_demo=demo)
    by_focus = repository.recommendations_by_focus_area(conn, **rec_filters)
    by_sub = repository.recommendations_by_subcategory(conn, **rec_filters)
    published = repository.recommendation_shares(conn)
    status_from = dt.date(year - 1, 1, 1)
    distribution = repository.status_distribution(conn, status_from, period_to, include_demo=demo)
    causes = repository.status_causes(conn, status_from, period_to, include_demo=demo)
    advice = repository.recommendations_good_advice(conn)
    council, council_source = members.council_members(conn, year, demo, lang)

    doc = Document(
        title=t("reports.annual.title", lang, year=year),
        subtitle=t("reports.annual.subtitle", lang, month=format_month(status_month, lang)),
        running_head=t("reports.annual.running_head", lang, year=year),
        stamp=stamp.text(lang, links.public_url()),
        demo_notice=demo_notice(demo, lang), lang=lang)

    # 1. Key figures
    doc.add(Heading(t("reports.annual.h_key_figures", lang)))
    published_total = int(published["total_count"].iloc[0]) if not published.empty else None
    doc.add(*key_figures(held, projects, profiles, pipeline, int(by_focus["count"].sum()), published_total,
                         int(distribution[distribution["project_group"] == "all"]["marks"].sum()), first_year, year,
                         status_month, lang))

    # 2. Activities: tables 1 and 2
    doc.add(Heading(t("reports.annual.h_activities", lang)))
    doc.add(Paragraph(para(t("reports.annual.activities_intro", lang, period=f"{first_year}-{year}", next=year + 1))))
    doc.add(table1(projects, held, first_year, year, status_month, lang))
    doc.add(table2(pipeline, year + 1, lang) if not pipeline.empty
            else Paragraph(para(t("reports.annual.no_pipeline", lang, year=year + 1))))

    # 3. Good advice
    doc.add(PageBreak(), Heading(t("reports.annual.h_advice", lang)))
    name_col = "focus_name_en" if lang == "en" else "focus_name_da"
    for _, group in advice.groupby("focus_area", sort=False):
        doc.add(Heading(group[name_col].iloc[0], level=2))
        doc.add(BulletList(tuple(para(f"{r.title}: ", r.text) for r in group.itertuples())))

    # 4. Recommendations: figures 2 and 3
    doc.add(PageBreak(), Heading(t("reports.annual.h_recommendations", lang)))
    total = int(by_focus["count"].sum())
    notes = [para(t("reports.annual.fig2_note", lang, total=format_number(total, lang), period=f"{first_year}-{year}"))]
    if not published.empty:
        check = check_rounding(dict(zip(published["focus_area"], published["share_pct"])),
                               int(published["total_count"].iloc[0]))
        notes.append(para(t("recommendations.figure2_compare", lang, total=int(published["total_count"].iloc[0]),
                            first=int(published["period_from"].min()), last=int(published["period_to"].max()))))
        notes.append(para(recommendation_charts.rounding_note(check, by_focus, lang)))
    doc.add(Figure("figur-2", t("reports.annual.fig2", lang, period=f"{first_year}-{year}"),
                   recommendation_charts.focus_area_comparison(by_focus, lang), 900, 420, tuple(notes)))
    if total:
        doc.add(Figure("figur-3", t("reports.annual.fig3", lang, period=f"{first_year}-{year}"),
                       recommendation_charts.subcategory_chart(by_sub, lang), 900, max(420, 26 * len(by_sub) + 120)))
    else:
        doc.add(Paragraph(para(t("reports.annual.fig3_none", lang))))

    # 5. Status: figures 6 to 8
    doc.add(PageBreak(), Heading(t("reports.annual.h_status", lang)))
    marks = int(causes["marks"].sum())
    status_period = f"{year - 1}-{year}"
    if int(distribution["marks"].sum()) == 0:
        doc.add(Paragraph(para(t("reports.annual.status_none", lang, period=status_period))))
    else:
        doc.add(Figure("figur-6", t("reports.annual.fig6", lang, period=status_period),
                       status_charts.distribution(distribution, "overall", lang), 900, 420))
        if marks:
            doc.add(Figure("figur-7", t("reports.annual.fig7", lang, period=status_period),
                           status_charts.causes_by_focus_area(causes, lang), 900, 340))
            doc.add(Figure("figur-8", t("reports.annual.fig8", lang, period=status_period),
                           status_charts.causes_by_subcategory(causes, lang), 900,
                           max(360, 30 * int((causes["marks"] > 0).sum()) + 120)))

    # 6. Members
    doc.add(PageBreak(), Heading(t("reports.annual.h_members", lang)))
    doc.add(Table(t("reports.annual.members_caption", lang), (t("reports.members.name", lang),
                                                              t("reports.members.title", lang),
                                                              t("reports.members.organisation", lang)),
                  tuple(Row((paras(m.name + (t("reports.members.chair", lang) if m.chair else "")), paras(m.title),
                             paras(m.organisation))) for m in council), widths=(1.6, 2.2, 1.8), font_size=9))
    doc.add(Paragraph(para(t("reports.annual.members_source", lang, source=council_source)), small=True))

    # 7. Risk profiles: figure 9
    doc.add(Heading(t("reports.annual.h_profiles", lang)))
    if profiles.empty:
        doc.add(Paragraph(para(t("reports.annual.profiles_none", lang))))
    else:
        doc.add(Figure("figur-9", t("reports.annual.fig9", lang, period=f"{first_year}-{year}"),
                       charts.risk_matrix(profiles, lang), 760, 560))
    doc.add(Paragraph(para(t("reports.annual.source", lang)), small=True))
    return doc
