"""Charts and labelled tables of the traffic-light history (no Streamlit here).

Every status cell carries its symbol (✓ ! ✕) as well as its colour, every bar its number, and
each figure has a table with the same numbers for "Vis datatabel" and the downloads.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import domain
from dashboard.charts import STATUS_COLOURS, STATUS_SYMBOLS, _layout, status_label
from dashboard.i18n import format_number, format_percent, format_timestamp, t
from dashboard.tables import month_text
from dashboard.text import plot_literal
from dashboard.views import project_paths

_RANK = {colour: i for i, colour in enumerate(domain.STATUS_COLOURS)}
# A discrete scale: 0 green, 1 yellow, 2 red (zmin 0, zmax 2).
_SCALE = [[0.0, STATUS_COLOURS["green"]], [1 / 3, STATUS_COLOURS["green"]],
          [1 / 3, STATUS_COLOURS["yellow"]], [2 / 3, STATUS_COLOURS["yellow"]],
          [2 / 3, STATUS_COLOURS["red"]], [1.0, STATUS_COLOURS["red"]]]


def parameter_label(parameter: str, lang: str) -> str:
    return t(f"status.parameter_name.{parameter}", lang)




def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


MONTH_LABELS_PX = 90  # the month names, slanted, on the grid's top axis


def _status_grid(frame: pd.DataFrame, rows: list[str], row_of, lang: str, title: str, height: int) -> go.Figure:
    """A grid of status cells: z for the colour, the symbol printed in each cell, hover in words."""
    months = sorted(frame["month"].unique())
    col = {m: i for i, m in enumerate(months)}
    row = {r: i for i, r in enumerate(rows)}
    z = [[None] * len(months) for _ in rows]
    text = [[""] * len(months) for _ in rows]
    hover = [[""] * len(months) for _ in rows]
    for rec in frame.itertuples():
        r, c = row[row_of(rec)], col[rec.month]
        z[r][c] = _RANK[rec.colour]
        text[r][c] = STATUS_SYMBOLS[rec.colour]
        note = _short(getattr(rec, "explanation", "") or "", 300)
        hover[r][c] = (f"{plot_literal(row_of(rec))}<br>{month_text(rec.month, lang)}: {status_label(rec.colour, lang)}"
                       + (f"<br>{plot_literal(note).replace(chr(10), '<br>')}" if note else ""))
    fig = go.Figure(go.Heatmap(
        z=z, x=[month_text(m, lang) for m in months], y=[plot_literal(r) for r in rows], text=text,
        texttemplate="%{text}",
        textfont=dict(size=13, color="#111111"), hovertext=hover, hoverinfo="text",
        colorscale=_SCALE, zmin=0, zmax=2, showscale=False, xgap=2, ygap=2))
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True)
    fig.update_xaxes(side="top", tickangle=-45, fixedrange=True)
    fig.update_layout(title=title)
    # The month labels get their own band under the title (they were drawn over it).
    return _layout(fig, height, top_axis_px=MONTH_LABELS_PX)


def heatmap(frame: pd.DataFrame, parameter: str, lang: str) -> go.Figure:
    """Projects by month (one page of projects), coloured by the overall status or a parameter."""
    rows = list(dict.fromkeys(frame.sort_values("position")["name"]))
    title = t("status.heatmap_title", lang, parameter=parameter_label(parameter, lang))
    return _status_grid(frame, rows, lambda rec: rec.name, lang, title, height=max(160, 50 + 26 * len(rows)))


PHONE_MONTHS = 6      # months a phone shows of the heatmap
PHONE_NAME_CHARS = 16


def _phone_name(name: str, short_name: str | None) -> str:
    text = short_name or name
    return text if len(text) <= PHONE_NAME_CHARS else text[: PHONE_NAME_CHARS - 1] + "…"


def heatmap_phone(frame: pd.DataFrame, parameter: str, lang: str) -> go.Figure:
    """The heatmap for a phone (390 px): short names and the period's last six months, so every
    cell and label can be read; the wide heatmap and its table have the whole period."""
    months = sorted(frame["month"].unique())[-PHONE_MONTHS:]
    part = frame[frame["month"].isin(months)]
    order = frame.sort_values("position").drop_duplicates("slug")
    labels = {r.slug: _phone_name(r.name, r.short_name) for r in order.itertuples()}
    # Names that shorten alike are told apart by their position in the list.
    seen: dict[str, int] = {}
    for slug in labels:
        seen[labels[slug]] = seen.get(labels[slug], 0) + 1
        if seen[labels[slug]] > 1:
            labels[slug] = f"{labels[slug]} ({seen[labels[slug]]})"
    rows = [labels[s] for s in order["slug"]]
    cells = part.assign(label=part["slug"].map(labels))
    title = t("status.heatmap_phone_title", lang, parameter=parameter_label(parameter, lang), months=len(months))
    fig = _status_grid(cells, rows, lambda rec: rec.label, lang, title, height=max(140, 40 + 30 * len(rows)))
    fig.update_xaxes(ticktext=[_month_short(m, lang) for m in months], tickvals=[month_text(m, lang) for m in months],
                     tickangle=0)
    return fig.update_layout(margin=dict(t=fig.layout.margin.t - MONTH_LABELS_PX + 30),
                             height=fig.layout.height - MONTH_LABELS_PX + 30)


def _month_short(month, lang: str) -> str:
    """"jul 23" for a phone's axis."""
    text = month_text(month, lang)
    name, year = text.rsplit(" ", 1)
    return f"{name[:3]} {year[2:]}"


def heatmap_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The heatmap as a table: one row per project, one column per month, "✓ Grøn" in the cells."""
    cells = frame.assign(label=frame["colour"].map(lambda c: status_label(c, lang)))
    table = cells.pivot_table(index=["position", "name"], columns="month", values="label", aggfunc="first")
    table.columns = [month_text(m, lang) for m in table.columns]
    table = table.reset_index().drop(columns="position").fillna("")
    return table.rename(columns={"name": t("columns.name", lang)})


def strip(frame: pd.DataFrame, lang: str) -> go.Figure:
    """One project's overall status per month, with the four parameters in the hover."""
    label = t("status.parameter_name.overall", lang)
    cells = frame.assign(colour=frame["overall"])
    cells["explanation"] = [
        " · ".join(f"{parameter_label(p, lang)}: {status_label(getattr(rec, p), lang)}"
                   for p in domain.STATUS_PARAMETERS) + (f"\n{_short(rec.explanation)}" if rec.explanation else "")
        for rec in frame.itertuples()]
    return _status_grid(cells, [label], lambda rec: label, lang, t("status.strip_title", lang), height=110)


def strip_phone(frame: pd.DataFrame, lang: str) -> go.Figure:
    """The strip for a phone: the last six months, with short month names."""
    months = sorted(frame["month"].unique())[-PHONE_MONTHS:]
    fig = strip(frame[frame["month"].isin(months)], lang)
    fig.update_xaxes(ticktext=[_month_short(m, lang) for m in months], tickvals=[month_text(m, lang) for m in months],
                     tickangle=0)
    return fig.update_layout(margin=dict(t=fig.layout.margin.t - MONTH_LABELS_PX + 30),
                             height=fig.layout.height - MONTH_LABELS_PX + 30)


def strip_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("status.col_month", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("status.parameter_name.overall", lang): frame["overall"].map(lambda c: status_label(c, lang)),
        **{parameter_label(p, lang): frame[p].map(lambda c: status_label(c, lang)) for p in domain.STATUS_PARAMETERS},
        t("status.col_explanation", lang): frame["explanation"],
        t("status.col_action", lang): frame["action"].map(lambda a: action_label(a, lang)),
    })


def action_label(action: str | None, lang: str) -> str:
    return t(f"status.action_name.{action}", lang) if isinstance(action, str) else ""


def group_label(group: str, projects: int, lang: str) -> str:
    return t(f"status.group_{group}", lang, projects=format_number(projects, lang))


def distribution(frame: pd.DataFrame, parameter: str, lang: str) -> go.Figure:
    """Figure 6: shares of green/yellow/red marks, all RSI projects next to the risk-assessed ones."""
    groups = frame.drop_duplicates("project_group")
    labels = {g.project_group: group_label(g.project_group, g.projects, lang) for g in groups.itertuples()}
    fig = go.Figure()
    for colour in domain.STATUS_COLOURS:
        part = frame[frame["colour"] == colour]
        fig.add_bar(x=[labels[g] for g in part["project_group"]], y=part["share_pct"],
                    name=status_label(colour, lang), marker_color=STATUS_COLOURS[colour],
                    text=[f"{STATUS_SYMBOLS[colour]} {format_percent(v, lang)}" for v in part["share_pct"]],
                    textposition="inside", insidetextanchor="middle", customdata=part["marks"],
                    hovertemplate="%{x}<br>%{fullData.name}: %{text} (%{customdata})<extra></extra>")
    fig.update_layout(barmode="stack", title=t("status.distribution_title", lang,
                                               parameter=parameter_label(parameter, lang)),
                      yaxis_title=t("status.share_axis", lang), legend=dict(orientation="h", y=-0.12))
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", fixedrange=True)
    fig.update_xaxes(fixedrange=True)
    return _layout(fig, 440)


def distribution_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("status.col_group", lang): [group_label(r.project_group, r.projects, lang) for r in frame.itertuples()],
        t("status.col_colour", lang): frame["colour"].map(lambda c: status_label(c, lang)),
        t("status.col_marks", lang): frame["marks"],
        t("status.col_share", lang): frame["share_pct"].map(lambda v: format_percent(v, lang, 1)),
    }).reset_index(drop=True)


def _cause_bars(names: list[str], codes: list[str], yellow, red, lang: str, title: str) -> go.Figure:
    fig = go.Figure()
    for colour, values in (("yellow", yellow), ("red", red)):
        fig.add_bar(y=names, x=values, orientation="h", name=status_label(colour, lang),
                    marker_color=STATUS_COLOURS[colour], customdata=codes,
                    text=[f"{STATUS_SYMBOLS[colour]} {v}" if v else "" for v in values], textposition="inside",
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="stack", title=title, clickmode="event+select",
                      legend=dict(orientation="h", y=-0.12, traceorder="normal"))
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True)
    fig.update_xaxes(fixedrange=True)
    return _layout(fig, max(240, 110 + 34 * len(names)))


def _name(lang: str, stem: str) -> str:
    return f"{stem}_{'en' if lang == 'en' else 'da'}"


def causes_by_focus_area(causes: pd.DataFrame, lang: str) -> go.Figure:
    """Figure 7: yellow and red marks by focus area (click a bar to drill down)."""
    table = focus_area_counts(causes, lang)
    return _cause_bars(list(table["name"]), list(table["focus_area"]), list(table["yellow"]), list(table["red"]),
                       lang, t("status.focus_area_title", lang))


def focus_area_counts(causes: pd.DataFrame, lang: str) -> pd.DataFrame:
    grouped = (causes.groupby(["focus_area_position", "focus_area", _name(lang, "focus_area")], as_index=False)
               [["yellow", "red", "marks"]].sum().sort_values("focus_area_position"))
    return grouped.rename(columns={_name(lang, "focus_area"): "name"})


def causes_by_subcategory(causes: pd.DataFrame, lang: str, focus_area: str | None = None) -> go.Figure:
    """Figure 8: yellow and red marks by subcategory, of one focus area or all (only those with marks)."""
    shown = subcategory_rows(causes, focus_area)
    names = list(shown[_name(lang, "subcategory")])
    title = t("status.subcategory_title", lang)
    if focus_area is not None and not shown.empty:
        title = t("status.subcategory_title_in", lang, focus_area=shown[_name(lang, "focus_area")].iloc[0])
    return _cause_bars(names, list(shown["subcategory"]), list(shown["yellow"]), list(shown["red"]), lang, title)


def subcategory_rows(causes: pd.DataFrame, focus_area: str | None = None) -> pd.DataFrame:
    shown = causes[causes["marks"] > 0]
    if focus_area is not None:
        shown = shown[shown["focus_area"] == focus_area]
    return shown.sort_values("marks", ascending=False, kind="stable")


def causes_table(causes: pd.DataFrame, lang: str) -> pd.DataFrame:
    shown = causes[causes["marks"] > 0]
    return pd.DataFrame({
        t("status.col_focus_area", lang): shown[_name(lang, "focus_area")],
        t("status.col_subcategory", lang): shown[_name(lang, "subcategory")],
        status_label("yellow", lang): shown["yellow"],
        status_label("red", lang): shown["red"],
        t("status.col_marks", lang): shown["marks"],
    }).reset_index(drop=True)


def _project_link(slugs: pd.Series, lang: str) -> pd.Series:
    return project_paths(slugs, lang)


def cause_reports_table(frame: pd.DataFrame, causes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The drill-down list: one row per yellow/red mark, with the explanation and the action."""
    names = causes.set_index("subcategory")[_name(lang, "subcategory")]
    return pd.DataFrame({
        t("columns.name", lang): frame["name"],
        t("status.col_month", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("status.col_parameter", lang): frame["parameter"].map(lambda p: parameter_label(p, lang)),
        t("status.col_colour", lang): frame["colour"].map(lambda c: status_label(c, lang)),
        t("status.col_subcategory", lang): frame["subcategory"].map(names),
        t("status.col_explanation", lang): frame["explanation"],
        t("status.col_action", lang): frame["action"].map(lambda a: action_label(a, lang)),
        t("status.col_reported_by", lang): frame["reported_by"],
        t("status.col_reported_at", lang): frame["reported_at"].map(
            lambda v: format_timestamp(v.to_pydatetime(), lang)),
        t("columns.link", lang): _project_link(frame["slug"], lang),
    }).reset_index(drop=True)


def warnings_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("columns.name", lang): frame["name"],
        t("columns.state", lang): frame["state"].map(lambda s: domain.label("state", s, lang)),
        t("status.col_latest", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("status.col_colour", lang): frame["colour"].map(lambda c: status_label(c, lang)),
        t("status.col_previous", lang): frame["previous_colour"].map(
            lambda c: status_label(c, lang) if isinstance(c, str) else ""),
        t("status.col_run", lang): [
            t("status.run_text", lang, months=int(r.run_months), start=month_text(r.run_start, lang))
            if not pd.isna(r.run_months) else "" for r in frame.itertuples()],
        t("status.col_explanation", lang): frame["explanation"],
        t("columns.link", lang): _project_link(frame["slug"], lang),
    }).reset_index(drop=True)


def changes_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("columns.name", lang): frame["name"],
        t("status.col_month", lang): frame["month"].map(lambda m: month_text(m, lang)),
        t("status.col_change", lang): [
            f"{status_label(r.previous_colour, lang)} → {status_label(r.colour, lang)}" for r in frame.itertuples()],
        t("status.col_direction", lang): frame["direction"].map(lambda d: t(f"status.direction_{d}", lang)),
        t("status.col_explanation", lang): frame["explanation"],
        t("status.col_action", lang): frame["action"].map(lambda a: action_label(a, lang)),
        t("status.col_reported_by", lang): frame["reported_by"],
        t("status.col_reported_at", lang): frame["reported_at"].map(
            lambda v: format_timestamp(v.to_pydatetime(), lang)),
        t("columns.link", lang): _project_link(frame["slug"], lang),
    }).reset_index(drop=True)
