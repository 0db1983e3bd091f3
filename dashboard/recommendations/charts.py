"""Charts and labelled tables of the recommendations (report figures 2 and 3, the list, the
follow-up), built from the frames of dashboard.recommendations' queries. No Streamlit here.

Every bar carries its number; colour separates series that the legend and the table also name.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import domain
from dashboard.charts import _layout
from dashboard.i18n import format_date, format_number, format_percent, format_timestamp, t
from dashboard.recommendations.queries import FOLLOWUP_STATES, RoundingCheck
from dashboard.tables import month_text, responsible_text
from dashboard.text import literal, plot_literal
from dashboard.views import case_paths, project_paths

COMPUTED_COLOUR = "#1f4e79"
PUBLISHED_COLOUR = "#9e9e9e"
FOCUS_COLOURS = {"project_planning": "#1f4e79", "governance": "#5b9bd5", "business": "#8e6bb1",
                 "market_technical": "#ef6c00", "end_users": "#2e7d32"}
# Follow-up states, ordered from the start of the road to its end; closed ones in muted shades.
FOLLOWUP_COLOURS = {"awaiting_response": "#bdbdbd", "not_started": "#f2c037", "in_progress": "#5b9bd5",
                    "implemented": "#2e7d32", "dropped": "#8d6e63", "not_accepted": "#616161"}


def name(frame: pd.DataFrame, lang: str, prefix: str = "") -> pd.Series:
    """The Danish or English name column of a frame (name_da / name_en, or with a prefix)."""
    return frame[f"{prefix}name_{'en' if lang == 'en' else 'da'}"]


def signed_pp(value: float | None, lang: str) -> str:
    """A difference in percentage points with its sign: '+0,6', '−0,2', '±0,0'; empty when there
    is nothing to compare."""
    if value is None or pd.isna(value):
        return ""
    sign = "+" if value > 0.05 else ("−" if value < -0.05 else "±")
    return f"{sign}{format_number(abs(value), lang, 1)}"


# --- figure 2 -------------------------------------------------------------------------------

def focus_area_comparison(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Figure 2: the share of each focus area computed from the database beside the published one."""
    labels = name(frame, lang)
    fig = go.Figure()
    fig.add_bar(y=labels, x=frame["share_pct"], orientation="h", name=t("recommendations.computed", lang),
                marker_color=COMPUTED_COLOUR,
                text=[f"{format_percent(v, lang, 1)} ({c})" for v, c in zip(frame["share_pct"], frame["count"])],
                textposition="outside")
    if frame["published_share_pct"].notna().any():
        fig.add_bar(y=labels, x=frame["published_share_pct"], orientation="h",
                    name=t("recommendations.published", lang), marker_color=PUBLISHED_COLOUR,
                    marker_pattern_shape="/",
                    text=[format_percent(v, lang) for v in frame["published_share_pct"]], textposition="outside")
    top = max(frame["share_pct"].max(), frame["published_share_pct"].fillna(0).max(), 1)
    fig.update_layout(barmode="group", title=t("recommendations.figure2_title", lang),
                      legend=dict(orientation="h", y=-0.2))
    fig.update_xaxes(title=t("recommendations.share_axis", lang), range=[0, top * 1.45], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=380)


def focus_area_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("rec_columns.focus_area", lang): name(frame, lang),
        t("rec_columns.count", lang): frame["count"],
        t("rec_columns.share", lang): [format_percent(v, lang, 1) for v in frame["share_pct"]],
        t("rec_columns.published_share", lang): [format_percent(v, lang) if pd.notna(v) else ""
                                                 for v in frame["published_share_pct"]],
        t("rec_columns.difference", lang): [signed_pp(v, lang) for v in frame["difference_pp"]],
    }).reset_index(drop=True)


def rounding_note(check: RoundingCheck, shares: pd.DataFrame, lang: str) -> str:
    """Why figure 2 cannot (or can) be met by whole recommendations, with the nearest split."""
    names = dict(zip(shares["focus_area"], name(shares, lang)))
    published = dict(zip(shares["focus_area"], shares["published_share_pct"]))
    split = " / ".join(str(check.closest[a]) for a in shares["focus_area"])
    if check.feasible:
        return t("recommendations.rounding_feasible", lang, total=check.total, split=split)
    matching = [check.matching[a] for a in shares["focus_area"]]
    differs = "; ".join(
        t("recommendations.rounding_differs", lang, area=literal(names[a]),
          computed=format_percent(check.closest_shares[a], lang, 1), published=format_percent(published[a], lang))
        for a in check.mismatched)
    if all(matching) and all(m[0] == m[1] for m in matching):
        counts = " / ".join(str(m[0]) for m in matching)
        return t("recommendations.rounding_infeasible", lang, total=check.total,
                 shares=" / ".join(format_number(published[a], lang) for a in shares["focus_area"]),
                 counts=counts, matching=check.matching_sum[0], split=split, differs=differs)
    return t("recommendations.rounding_infeasible_short", lang, total=check.total, split=split, differs=differs)


# --- figure 3 -------------------------------------------------------------------------------

def subcategory_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Figure 3: recommendations by subcategory, grouped and coloured by focus area (named in the legend)."""
    fig = go.Figure()
    for code, part in frame.groupby("focus_area", sort=False):
        fig.add_bar(y=name(part, lang), x=part["count"], orientation="h", name=name(part, lang, "focus_").iloc[0],
                    marker_color=FOCUS_COLOURS.get(code, COMPUTED_COLOUR), text=part["count"], textposition="outside",
                    customdata=[format_percent(v, lang, 1) for v in part["share_pct"]],
                    hovertemplate="%{y}: %{x} (%{customdata})<extra>%{fullData.name}</extra>")
    fig.update_layout(title=t("recommendations.figure3_title", lang), legend=dict(orientation="h", y=-0.12),
                      bargap=0.25)
    fig.update_xaxes(title=t("rec_columns.count", lang), rangemode="tozero", range=[0, max(frame["count"].max(), 1) * 1.2])
    fig.update_yaxes(autorange="reversed", title="")
    return _layout(fig, height=max(380, 28 * len(frame) + 140))


def subcategory_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("rec_columns.focus_area", lang): name(frame, lang, "focus_"),
        t("rec_columns.subcategory", lang): name(frame, lang),
        t("rec_columns.count", lang): frame["count"],
        t("rec_columns.share", lang): [format_percent(v, lang, 1) for v in frame["share_pct"]],
        t("rec_columns.share_of_focus", lang): [format_percent(v, lang, 1) for v in frame["share_of_focus_pct"]],
    }).reset_index(drop=True)


# --- the list and the follow-up -------------------------------------------------------------

def followup_label(state: str, lang: str) -> str:
    return t(f"followup.{state}", lang)


def _date(value, lang: str) -> str:
    return "" if value is None or pd.isna(value) else format_date(value.date(), lang)


def _dated(label: str, value, lang: str) -> str:
    return f"{label} ({_date(value, lang)})" if label and _date(value, lang) else label


def list_view(frame: pd.DataFrame, lang: str, with_project: bool = True) -> pd.DataFrame:
    """The recommendations as people read them: project, when, where classified, the text and
    what came of it. The same table is shown and downloaded."""
    columns = {}
    if with_project:
        columns[t("rec_columns.project", lang)] = frame["project"]
    columns.update({
        t("rec_columns.assessed", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("rec_columns.activity", lang): frame["activity_type"].map(lambda c: domain.label("activity_type", c, lang)),
        t("rec_columns.text", lang): frame["text"],
        t("rec_columns.subcategory", lang): name(frame, lang, "subcategory_"),
        t("rec_columns.focus_area", lang): name(frame, lang, "focus_"),
        t("rec_columns.followup", lang): frame["followup_state"].map(lambda s: followup_label(s, lang)),
        t("rec_columns.response", lang): [
            _dated(t(f"response.{r}", lang) if isinstance(r, str) else "", d, lang)
            for r, d in zip(frame["response"], frame["response_date"])],
        t("rec_columns.implementation", lang): [
            _dated(t(f"implementation.{i}", lang) if isinstance(i, str) else "", d, lang)
            for i, d in zip(frame["implementation"], frame["implementation_date"])],
        t("rec_columns.recorded", lang): [
            f"{by}, {format_timestamp(at.to_pydatetime(), lang)}" if isinstance(by, str) and pd.notna(at) else ""
            for by, at in zip(frame["followup_by"], frame["followup_at"])],
        t("rec_columns.provenance", lang): frame["provenance"].map(lambda c: domain.label("provenance", c, lang)),
    })
    if with_project:
        columns[t("rec_columns.link", lang)] = project_paths(frame["slug"], lang)
    return pd.DataFrame(columns).reset_index(drop=True)


def risks_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The identified risks as people read them: project, when, which activity, the risk, where it is
    classified, and links to its case (empty when the activity has none) and its project. The same
    table is shown and downloaded."""
    cases = frame["case_id"]
    case_links = pd.Series("", index=frame.index, dtype=object)
    if cases.notna().any():
        case_links[cases.notna()] = case_paths(cases[cases.notna()].astype("int64"), lang)
    return pd.DataFrame({
        t("rec_columns.project", lang): frame["project"],
        t("rec_columns.assessed", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("rec_columns.activity", lang): frame["activity_type"].map(lambda c: domain.label("activity_type", c, lang)),
        t("rec_columns.risk", lang): frame["text"],
        t("rec_columns.subcategory", lang): name(frame, lang, "subcategory_"),
        t("rec_columns.focus_area", lang): name(frame, lang, "focus_"),
        t("rec_columns.case", lang): case_links,
        t("rec_columns.provenance", lang): frame["provenance"].map(lambda c: domain.label("provenance", c, lang)),
        t("rec_columns.link", lang): project_paths(frame["slug"], lang),
    }).reset_index(drop=True)


def followup_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per project: how many recommendations, how the project responded, how far it has come."""
    return pd.DataFrame({
        t("rec_columns.project", lang): frame["project"],
        t("rec_columns.count", lang): frame["count"],
        t("response.accepted", lang): frame["accepted"],
        t("response.partly_accepted", lang): frame["partly_accepted"],
        t("followup.implemented", lang): frame["implemented"],
        t("rec_columns.open", lang): frame["open"],
        t("followup.awaiting_response", lang): frame["awaiting_response"],
        t("followup.not_started", lang): frame["not_started"],
        t("followup.in_progress", lang): frame["in_progress"],
        t("followup.dropped", lang): frame["dropped"],
        t("response.not_accepted", lang): frame["not_accepted"],
        t("rec_columns.last_assessment", lang): frame["last_assessment"].map(lambda m: month_text(m, lang)),
        t("rec_columns.responsible", lang): frame["responsible"].map(lambda r: responsible_text(r, lang)),
        t("rec_columns.link", lang): project_paths(frame["slug"], lang),
    }).reset_index(drop=True)


def followup_chart(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Per project, its recommendations stacked by follow-up state (named in the legend, counts on the bars)."""
    fig = go.Figure()
    labels = [plot_literal(p) for p in frame["project"]]
    for state in FOLLOWUP_STATES:
        values = frame[state]
        fig.add_bar(y=labels, x=values, orientation="h", name=followup_label(state, lang),
                    marker_color=FOLLOWUP_COLOURS[state], text=[v if v else "" for v in values],
                    textposition="inside", insidetextanchor="middle")
    fig.update_layout(barmode="stack", title=t("recommendations.followup_chart_title", lang),
                      legend=dict(orientation="h", y=-0.15))
    fig.update_xaxes(title=t("rec_columns.count", lang))
    fig.update_yaxes(autorange="reversed", title="")
    return _layout(fig, height=max(340, 30 * len(frame) + 160))
