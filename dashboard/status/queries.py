"""Traffic-light history (report section 7): the status queries, their pandera schemas, and the
status vocabulary shared by the page, the charts and the tests. No Streamlit here.

The functions are re-exported by dashboard.repository, so pages read them by name through
dashboard.ui.data.load("status_heatmap", ...). All aggregation (counts, shares, runs, changes)
happens in the SQL of dashboard/status/queries/*.sql.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import sqlalchemy as sa

from dashboard import domain
from dashboard.db.queries import TEXT, code_column, read_frame

# What a status view can be coloured by: the overall status or one of the four parameters.
VIEW_PARAMETERS = ("overall",) + domain.STATUS_PARAMETERS
# Their readable Danish names in URLs (?parameter=tid).
PARAMETER_URL_NAMES = {"overall": "samlet", "deliveries": "leverancer", "time": "tid", "money": "penge",
                       "resources": "ressourcer"}
PROJECT_GROUPS = ("all", "assessed")          # figure 6: all reporting RSI projects / risk-assessed ones
WARNING_KINDS = ("run", "worsened", "stale")
CHANGE_DIRECTIONS = ("worse", "better")
HEATMAP_SORTS = ("critical", "name")


def month_add(month: dt.date, n: int) -> dt.date:
    """The first of the month n months after (n < 0: before) the month of ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """The months from first to last, both included (empty when last is before first)."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [month_add(first, i) for i in range(max(count, 0))]


def default_since(last: dt.date) -> dt.date:
    """The last council meeting, until meetings are recorded: the first day of the month two
    months before the newest report month, so "changes since" covers the latest two reporting
    cycles. Both the front page and "Ændringer siden" use it; ``?siden=YYYY-MM-DD`` overrides it."""
    return month_add(last, -2)


def month_code(month: dt.date) -> str:
    """2023-03-01 -> '2023-03' (the URL form of a month)."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month_code(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


# --- schemas --------------------------------------------------------------------------------

_RANK = {colour: rank for rank, colour in enumerate(domain.STATUS_COLOURS)}
_MONTH = pa.Column("datetime64[ns]", coerce=True)
_COLOUR = code_column(domain.STATUS_COLOURS)
_COUNT = pa.Column(int, pa.Check.ge(0))

STATUS_BOUNDS = pa.DataFrameSchema(
    {"first_month": pa.Column("datetime64[ns]", nullable=True, coerce=True),
     "last_month": pa.Column("datetime64[ns]", nullable=True, coerce=True)},
    checks=[pa.Check(lambda df: len(df) == 1, name="one_row")],
    strict=True, coerce=True, name="status_bounds")

STATUS_TAXONOMY = pa.DataFrameSchema(
    {"focus_area": pa.Column(TEXT), "focus_area_da": pa.Column(TEXT), "focus_area_en": pa.Column(TEXT),
     "subcategory": pa.Column(TEXT, unique=True), "subcategory_da": pa.Column(TEXT), "subcategory_en": pa.Column(TEXT)},
    strict=True, coerce=True, name="status_taxonomy")

STATUS_PROJECTS = pa.DataFrameSchema(
    {"slug": pa.Column(TEXT, unique=True), "name": pa.Column(TEXT), "is_demo": pa.Column(bool)},
    strict=True, coerce=True, name="status_projects")

STATUS_HEATMAP = pa.DataFrameSchema(
    {
        "position": pa.Column(int, pa.Check.ge(1)),
        "slug": pa.Column(TEXT),
        "name": pa.Column(TEXT),
        "short_name": pa.Column(TEXT, nullable=True),
        "month": _MONTH,
        "colour": _COLOUR,
        "explanation": pa.Column(TEXT),
        "red_months": _COUNT,
        "yellow_months": _COUNT,
        "months_reported": pa.Column(int, pa.Check.ge(1)),
        "projects_total": pa.Column(int, pa.Check.ge(1)),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["slug", "month"]), name="one_cell_per_project_month")],
    strict=True, coerce=True, name="status_heatmap")

STATUS_DISTRIBUTION = pa.DataFrameSchema(
    {
        "project_group": code_column(PROJECT_GROUPS),
        "colour": _COLOUR,
        "marks": _COUNT,
        "share_pct": pa.Column(float, pa.Check.in_range(0, 100)),
        "projects": _COUNT,
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: len(df) == len(PROJECT_GROUPS) * len(domain.STATUS_COLOURS), name="every_cell")],
    strict=True, coerce=True, name="status_distribution")

STATUS_CAUSES = pa.DataFrameSchema(
    {
        "focus_area": pa.Column(TEXT),
        "focus_area_da": pa.Column(TEXT),
        "focus_area_en": pa.Column(TEXT),
        "focus_area_position": pa.Column(int),
        "subcategory": pa.Column(TEXT, unique=True),
        "subcategory_da": pa.Column(TEXT),
        "subcategory_en": pa.Column(TEXT),
        "subcategory_position": pa.Column(int),
        "yellow": _COUNT,
        "red": _COUNT,
        "marks": _COUNT,
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: df["marks"] == df["yellow"] + df["red"], name="marks_are_yellow_plus_red")],
    strict=True, coerce=True, name="status_causes")

STATUS_CAUSE_REPORTS = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT),
        "name": pa.Column(TEXT),
        "month": _MONTH,
        "parameter": code_column(domain.STATUS_PARAMETERS),
        "colour": code_column(("yellow", "red")),
        "subcategory": pa.Column(TEXT),
        "focus_area": pa.Column(TEXT),
        "explanation": pa.Column(TEXT),
        "action": code_column(domain.STATUS_ACTIONS),
        "reported_by": pa.Column(TEXT),
        "reported_at": pa.Column("datetime64[ns, UTC]", coerce=True),
        "is_demo": pa.Column(bool),
        "rows_total": pa.Column(int, pa.Check.ge(1)),
    },
    strict=True, coerce=True, name="status_cause_reports")

STATUS_WARNINGS = pa.DataFrameSchema(
    {
        "kind": code_column(WARNING_KINDS),
        "slug": pa.Column(TEXT),
        "name": pa.Column(TEXT),
        "state": code_column(domain.PROJECT_STATES),
        "month": _MONTH,
        "colour": _COLOUR,
        "previous_colour": code_column(domain.STATUS_COLOURS, nullable=True),
        "run_start": pa.Column("datetime64[ns]", nullable=True, coerce=True),
        "run_months": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
        "explanation": pa.Column(TEXT),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: (df["kind"] != "run") | df["run_months"].notna(), name="run_has_length"),
            pa.Check(lambda df: (df["kind"] != "worsened") | df["previous_colour"].notna(),
                     name="worsened_has_previous")],
    strict=True, coerce=True, name="status_warnings")

STATUS_CHANGES = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT),
        "name": pa.Column(TEXT),
        "month": _MONTH,
        "reported_at": pa.Column("datetime64[ns, UTC]", coerce=True),
        "previous_month": _MONTH,
        "previous_colour": _COLOUR,
        "colour": _COLOUR,
        "direction": code_column(CHANGE_DIRECTIONS),
        "explanation": pa.Column(TEXT),
        "action": code_column(domain.STATUS_ACTIONS, nullable=True),
        "reported_by": pa.Column(TEXT),
        "is_demo": pa.Column(bool),
        "rows_total": pa.Column(int, pa.Check.ge(1)),
        "worse_total": _COUNT,
    },
    checks=[pa.Check(lambda df: df["colour"] != df["previous_colour"], name="a_change_changes"),
            pa.Check(lambda df: df["worse_total"] <= df["rows_total"], name="worse_are_some_of_all")],
    strict=True, coerce=True, name="status_changes")

STATUS_PROJECT_STRIP = pa.DataFrameSchema(
    {
        "month": pa.Column("datetime64[ns]", unique=True, coerce=True),
        "overall": _COLOUR,
        "deliveries": _COLOUR,
        "time": _COLOUR,
        "money": _COLOUR,
        "resources": _COLOUR,
        **{f"{p}_cause": pa.Column(TEXT, nullable=True) for p in domain.STATUS_PARAMETERS},
        **{f"{p}_note": pa.Column(TEXT, nullable=True) for p in domain.STATUS_PARAMETERS},
        "explanation": pa.Column(TEXT),
        "action": code_column(domain.STATUS_ACTIONS, nullable=True),
        "reported_by": pa.Column(TEXT),
        "is_demo": pa.Column(bool),
    },
    checks=[pa.Check(lambda df: df["overall"].map(_RANK) == df[list(domain.STATUS_PARAMETERS)].apply(
        lambda column: column.map(_RANK)).max(axis=1), name="overall_is_worst_of_four")],
    strict=True, coerce=True, name="status_project_strip")


FRONT_PAGE_ATTENTION = pa.DataFrameSchema(
    {
        "slug": pa.Column(TEXT, unique=True),
        "name": pa.Column(TEXT),
        "month": pa.Column("datetime64[ns]", coerce=True),
        "overall": code_column(["yellow", "red"]),
        # [{"parameter", "colour", "cause", "note"}, ...]: the yellow and red parameters
        "parameters": pa.Column(object, pa.Check(lambda s: s.map(lambda v: isinstance(v, list) and len(v) > 0),
                                                 element_wise=False, name="some_parameter_not_green")),
        "action": code_column(domain.STATUS_ACTIONS),
        "run_start": pa.Column("datetime64[ns]", coerce=True),
        "is_demo": pa.Column(bool),
        "rows_total": pa.Column(int, pa.Check.ge(1)),
    },
    checks=[pa.Check(lambda df: df["run_start"] <= df["month"], name="run_starts_before_latest_report")],
    strict=True,
    coerce=True,
    name="front_page_attention",
)


# --- queries (dashboard/status/queries/*.sql) ----------------------------------------------------

def _read(conn: sa.Connection, name: str, schema: pa.DataFrameSchema, params: dict | None = None) -> pd.DataFrame:
    return read_frame(conn, f"status/{name}", schema, params)


def front_page_attention(conn: sa.Connection, row_limit: int = 10) -> pd.DataFrame:
    return _read(conn, "front_page_attention", FRONT_PAGE_ATTENTION, {"row_limit": row_limit})


def _parameter(parameter: str) -> str:
    if parameter not in VIEW_PARAMETERS:
        raise ValueError(f"unknown status parameter {parameter!r}")
    return parameter


def status_bounds(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "status_bounds", STATUS_BOUNDS)


def status_taxonomy(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "status_taxonomy", STATUS_TAXONOMY)


def status_projects(conn: sa.Connection) -> pd.DataFrame:
    return _read(conn, "status_projects", STATUS_PROJECTS)


def status_heatmap(conn: sa.Connection, period_from: dt.date, period_to: dt.date, parameter: str = "overall",
                   project: str | None = None, sort: str = "critical", page_size: int = 30,
                   page_offset: int = 0) -> pd.DataFrame:
    if sort not in HEATMAP_SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    return _read(conn, "status_heatmap", STATUS_HEATMAP, {
        "period_from": period_from, "period_to": period_to, "parameter": _parameter(parameter),
        "project": project, "sort": sort, "page_size": page_size, "page_offset": page_offset})


def status_distribution(conn: sa.Connection, period_from: dt.date, period_to: dt.date,
                        parameter: str = "overall", project: str | None = None,
                        include_demo: bool = True) -> pd.DataFrame:
    return _read(conn, "status_distribution", STATUS_DISTRIBUTION, {
        "period_from": period_from, "period_to": period_to, "parameter": _parameter(parameter), "project": project,
        "include_demo": include_demo})


def status_causes(conn: sa.Connection, period_from: dt.date, period_to: dt.date, parameter: str = "overall",
                  project: str | None = None, include_demo: bool = True) -> pd.DataFrame:
    return _read(conn, "status_causes", STATUS_CAUSES, {
        "period_from": period_from, "period_to": period_to, "parameter": _parameter(parameter), "project": project,
        "include_demo": include_demo})


def status_cause_reports(conn: sa.Connection, period_from: dt.date, period_to: dt.date,
                         parameter: str = "overall", project: str | None = None,
                         subcategory: str | None = None, focus_area: str | None = None,
                         row_limit: int = 200) -> pd.DataFrame:
    return _read(conn, "status_cause_reports", STATUS_CAUSE_REPORTS, {
        "period_from": period_from, "period_to": period_to, "parameter": _parameter(parameter),
        "project": project, "subcategory": subcategory, "focus_area": focus_area, "row_limit": row_limit})


def status_warnings(conn: sa.Connection, as_of: dt.date, parameter: str = "overall", project: str | None = None,
                    min_run: int = 3, include_demo: bool = True) -> pd.DataFrame:
    return _read(conn, "status_warnings", STATUS_WARNINGS, {
        "as_of": as_of, "parameter": _parameter(parameter), "project": project, "min_run": min_run,
        "include_demo": include_demo})


def status_changes(conn: sa.Connection, since: dt.date, parameter: str = "overall", project: str | None = None,
                   row_limit: int = 200, include_demo: bool = True) -> pd.DataFrame:
    return _read(conn, "status_changes", STATUS_CHANGES, {
        "since": since, "parameter": _parameter(parameter), "project": project, "row_limit": row_limit,
        "include_demo": include_demo})


def status_project_strip(conn: sa.Connection, slug: str) -> pd.DataFrame:
    return _read(conn, "status_project_strip", STATUS_PROJECT_STRIP, {"slug": slug})


QUERIES = ("status_bounds", "status_taxonomy", "status_projects", "status_heatmap", "status_distribution", "status_causes",
           "status_cause_reports", "status_warnings", "status_changes", "status_project_strip")


def page_queries(first_month: dt.date, last_month: dt.date) -> dict[str, list[tuple[str, dict]]]:
    """The queries each view of the /status page runs in its default state, by view (URL name):
    what a benchmark times to compare the page's run with its SQL alone."""
    period = {"period_from": max(first_month, month_add(last_month, -23)), "period_to": last_month,
              "parameter": "overall", "project": None}
    common = [("status_bounds", {}), ("status_projects", {}), ("status_taxonomy", {})]
    return {
        "historik": common + [("status_heatmap", {**period, "sort": "critical", "page_size": 30, "page_offset": 0})],
        "fordeling": common + [("status_distribution", {**period, "include_demo": True})],
        "aarsager": common + [("status_causes", {**period, "include_demo": True}),
                              ("status_cause_reports", {**period, "subcategory": "schedule", "focus_area": None,
                                                        "row_limit": 200})],
        "advarsler": common + [("status_warnings", {"as_of": last_month, "parameter": "overall", "project": None,
                                                    "min_run": 3, "include_demo": True})],
        "aendringer": common + [("status_changes", {"since": month_add(last_month, -2), "parameter": "overall",
                                                    "project": None, "row_limit": 200, "include_demo": True})],
    }
