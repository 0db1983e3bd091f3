"""Streamlit pieces of the screening room: the project page's facts and verdict (one call), the
lists' project links and column settings. Everything else is in dashboard.screening."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.i18n import format_mkr
from dashboard.screening import rules, tables as screening_tables, vocab
from dashboard.ui import components, data, tables, views
from dashboard.ui.context import lang, t
from dashboard.text import literal

VERDICT_BOX = {"required": (st.warning, ":material/assignment_late:"),
               "not_required": (st.success, ":material/check_circle:"),
               "unknown": (st.info, ":material/help:")}


def render_project_facts(slug: str) -> None:
    """On the project page: the rule's verdict with its reason in words, the project's type, phase,
    budget and schedule (with their history), its outcome at closure, its lineage both ways and the
    nominations; every fact with its provenance."""
    L = lang()
    match = data.load("screening_rule", judged_on=rules.today_in_copenhagen(), slug=slug)
    if match.empty:
        return
    row = match.iloc[0].to_dict()

    st.subheader(t("screening.project.heading"))
    components.demo_banner(force=bool(row["facts_demo"]))   # the verdict rests on demo facts
    box, icon = VERDICT_BOX[row["verdict"]]
    box(literal(rules.reason_text(row, L)) + "  \n" + literal(rules.assessment_text(row, L)), icon=icon)
    if row["reassessment"] and row["state"] in rules.LIVE_STATES:
        st.error(literal(t("screening.views.reassessment") + ": " + rules.reassessment_text(row, L)),
                 icon=":material/trending_up:")
    nomination = rules.nomination_text(row, L)
    if nomination:
        st.caption(f"{t('screening.col.nomination')}: {literal(nomination)}")
    views.page_link("screening", t("screening.project.to_screening"), icon=":material/rule:")

    st.subheader(t("screening.project.facts_heading"))
    scope = vocab.label("scope", row["scope"], L)
    if isinstance(row["development"], str):
        scope = f"{scope} · {vocab.label('development', row['development'], L)}"
    phase = vocab.label("phase", row["phase"], L)
    if isinstance(row["phase"], str):
        phase = f"{phase} ({rules._date(row['phase_since'], L)})"
    budget = format_mkr(row["budget_mkr"], L) or t("screening.not_recorded")
    if isinstance(row["budget_kind"], str):
        budget = f"{budget} ({rules._figure(row, L)})"
    components.facts([(t("screening.project.type"), scope), (t("screening.project.phase"), phase),
                      (t("screening.project.budget"), rules.tidy(budget)),
                      (t("screening.project.end"), rules._date(row["current_end_on"], L) or t("screening.not_recorded"))])

    _outcome(slug, L)
    _lineage(slug)
    budgets = data.load("screening_project_budgets", slug=slug)
    phases = data.load("screening_project_phases", slug=slug)
    with st.expander(t("screening.project.budget_history", count=len(budgets))):
        if budgets.empty:
            st.caption(t("screening.project.no_budget"))
        else:
            st.dataframe(screening_tables.budget_history_view(budgets, L), hide_index=True, width="stretch")
    with st.expander(t("screening.project.phase_history", count=len(phases))):
        if phases.empty:
            st.caption(t("screening.project.no_phases"))
        else:
            st.dataframe(screening_tables.phase_history_view(phases, L), hide_index=True, width="stretch")
    nominations = data.load("screening_nominations")
    own = nominations[nominations["slug"] == slug]
    if not own.empty:
        with st.expander(f"{t('screening.project.nominations_heading')} ({len(own)})"):
            st.dataframe(screening_tables.nominations_view(own, L).drop(columns=[t("columns.link")]),
                         hide_index=True, width="stretch")


def _outcome(slug: str, L: str) -> None:
    outcome = data.load("screening_project_outcome", slug=slug)
    if outcome.empty:
        return
    o = outcome.iloc[0].to_dict()
    parts = []
    if isinstance(o["budget_outcome"], str):
        text = vocab.label("budget_outcome", o["budget_outcome"], L)
        if not pd.isna(o["budget_variance_mkr"]) and o["budget_variance_mkr"] != 0:
            key = "outcome_under" if o["budget_variance_mkr"] < 0 else "outcome_over"
            text = t(f"screening.project.{key}", amount=format_mkr(abs(o["budget_variance_mkr"]), L))
        parts.append(text)
    if isinstance(o["schedule_outcome"], str):
        text = vocab.label("schedule_outcome", o["schedule_outcome"], L)
        months = o["schedule_variance_months"]
        if not pd.isna(months) and months != 0:
            key = "outcome_months_early" if months < 0 else "outcome_months_late"
            text = t(f"screening.project.{key}", months=abs(int(months)))
        parts.append(text)
    st.markdown(f"**{t('screening.project.outcome_heading')}:** {literal(' · '.join(parts))}")
    if isinstance(o["statement"], str):
        st.caption(literal(f"“{o['statement']}”"))
    source = o["source_ref"] if o["provenance"] == "published" else o["source"]
    provenance = t(f"provenance.{o['provenance']}")
    st.caption(literal(t("screening.project.source", source=f"{provenance}, {source}")))


def _lineage(slug: str) -> None:
    lineage = data.load("screening_project_lineage", slug=slug)
    if lineage.empty:
        return
    st.markdown(f"**{t('screening.project.lineage_heading')}**")
    for row in lineage.itertuples():
        views.page_link("projekt", f"{t(f'screening.project.{row.direction}')}: {literal(row.name)}",
                        icon=":material/arrow_back:" if row.direction == "continues" else ":material/arrow_forward:",
                        id=row.slug)
        source = row.source_ref if row.provenance == "published" else t(f"provenance.{row.provenance}")
        if isinstance(row.note, str):
            st.caption(literal(f"“{row.note}” ({source})"))


@st.cache_resource(max_entries=64, show_spinner=False)
def _view(database: str, version: int, which: str, judged_on, responsible: tuple, scopes: tuple, lang: str) -> dict:
    from dashboard.screening import views

    nominations = data.load("screening_nominations") if which == "nominations" else None   # only that view reads it
    return views.build(data.load("screening_rule", judged_on=judged_on), nominations, which, judged_on,
                       responsible, scopes, lang)


@st.cache_resource(max_entries=8, show_spinner=False)
def _organisations(database: str, version: int, judged_on) -> list[str]:
    from dashboard.portfolio import organisations_of

    return organisations_of(data.load("screening_rule", judged_on=judged_on))


def organisations() -> list[str]:
    """The responsible organisations of the projects (the filter's choices), kept per data version:
    a warm run of the screening page then never copies the whole rule frame out of the cache."""
    return _organisations(data.database_key(), data.current_version()[0], rules.today_in_copenhagen())


def screening_view(which: str, judged_on, responsible, scopes, lang: str) -> dict:
    """dashboard.screening.views.build for these filters, built once per data version and shared by
    every viewer (the same for everyone; read it, never change it)."""
    return _view(data.database_key(), data.current_version()[0], which, judged_on, tuple(responsible),
                 tuple(scopes), lang)


# The screening lists have a dozen columns and scroll sideways, the project pinned; these two wrap.
LIST_TEXT_PX = {"project": 220, "reason": 420}


def list_widths(table: pd.DataFrame) -> dict[str, int]:
    """The pixel widths of the screening list's wrapping columns (project, reason) in ``table``."""
    return {t(f"screening.col.{name}"): px for name, px in LIST_TEXT_PX.items()
            if t(f"screening.col.{name}") in table.columns}


ROWS_SHOWN = 500   # long lists (the synthetic benchmark set) show their first rows; the downloads hold all


def show_list(table: pd.DataFrame) -> None:
    """A screening list (screening_list): the project pinned, the project and the reason wrapped
    whole in rows high enough for them, the other columns scrolling sideways."""
    first = table.head(ROWS_SHOWN)
    widths = list_widths(first)
    height = tables.row_height(first, widths)
    st.dataframe(tables.fitted(first, widths), hide_index=True, width="stretch",
                 column_config=list_column_config(first), row_height=height,
                 height=38 + min(len(first), tables.VISIBLE_ROWS) * height + 2)
    if len(table) > ROWS_SHOWN:
        st.caption(t("screening.rows_limited", shown=ROWS_SHOWN, total=len(table)))


def list_column_config(table: pd.DataFrame) -> dict:
    """Column settings of a screening table: the project pinned, the reason wide (both wrap: see
    list_widths), amounts in the viewer's number format (9,5), the link as a link."""
    widths = list_widths(table)
    config = {
        t("screening.col.project"): st.column_config.TextColumn(width=widths.get(t("screening.col.project")),
                                                                pinned=True),
        t("screening.col.reason"): st.column_config.TextColumn(width=widths.get(t("screening.col.reason"))),
        t("columns.link"): st.column_config.LinkColumn(display_text=t("columns.link"), width="small"),
    }
    unit = f"({t('screening.band.mkr')})"
    for column in table.columns:
        if column.endswith(unit):
            config[column] = st.column_config.NumberColumn(format="localized")
    return config


def project_links(frame: pd.DataFrame, limit: int = 12) -> None:
    """Links to the project pages of the projects in a list (the first ``limit``), in this tab."""
    projects = frame.drop_duplicates("slug")[["slug", "name"]]
    if projects.empty:
        return
    st.caption(t("screening.open_project"))
    columns = st.columns(3)
    for i, row in enumerate(projects.head(limit).itertuples()):
        views.page_link("projekt", literal(row.name), icon=":material/arrow_forward:", container=columns[i % 3],
                        id=row.slug)
    if len(projects) > limit:
        st.caption(t("screening.more_projects", count=len(projects) - limit))
