"""Plotly figures built from the query layer's frames (no Streamlit here).

Colour never carries meaning alone: status colours come with a symbol and a word, profiles with
their letter, bars with their numbers printed on them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import domain
from dashboard.i18n import t
from dashboard.text import plot_literal

# Colour-blind-aware shades; the symbol and word always go with them.
STATUS_COLOURS = {"green": "#2e7d32", "yellow": "#f2c037", "red": "#c62828"}
STATUS_SYMBOLS = {"green": "✓", "yellow": "!", "red": "✕"}
ACTIVITY_COLOURS = {"risk_assessment": "#1f4e79", "sparring_meeting": "#5b9bd5",
                    "revisit": "#8e6bb1", "sparring_or_assessment": "#9e9e9e"}
PROFILE_COLOURS = {"A": "#b71c1c", "B": "#ef6c00", "C": "#2e7d32"}
# A zone of figure 9 lists at most this many project names (hundreds on a large portfolio are
# unreadable, and slow to draw); the rest are counted.
MATRIX_NAMES = 12


def status_label(colour: str | None, lang: str) -> str:
    """'✕ Rød' / '✕ Red'."""
    if not colour:
        return ""
    return f"{STATUS_SYMBOLS[colour]} {t(f'status_colour.{colour}', lang)}"


# Text in charts: #31333f on white is 12.6:1 (Streamlit's theme draws axis labels in #808495, 3.7:1).
TEXT_COLOUR = "#31333f"
# Streamlit's chart toolbar (fullscreen, …) sits over the top right of a chart: titles start below it.
TOOLBAR_PX = 30
TITLE_LINE_PX = 22
TITLE_CHARS = 46  # a title line that fits a phone (390 px); longer titles break between words
LEGEND_PX = 64    # a legend under a chart: up to two rows on a phone, under the axis labels
AXIS_TITLE_PX = 22


def wrap_title(text: str, width: int = TITLE_CHARS) -> str:
    """A chart title broken into lines (Plotly does not wrap titles; a phone would cut them)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def figure(data: list[dict], layout: dict, height: int = 360, top_axis_px: int = 0, bottom_px: int = 10) -> go.Figure:
    """A chart from plain Plotly data and layout, sized and made readable (see ``_layout``), built
    in one step without Plotly's validation of every property: an incrementally built and
    validated figure cost 20 to 40 ms, most of a page's first run after a write (docs/performance.md).
    The specs are the app's own; the tests read them back, and the browser draws them."""
    return go.Figure({"data": data, "layout": _readable(layout, height, top_axis_px, bottom_px)}, _validate=False)


def _readable(layout: dict, height: int, top_axis_px: int, bottom_px: int) -> dict:
    """Size, margins and readable text for every chart: the title below the toolbar's corner and
    above anything drawn at the top (``top_axis_px``: month labels on a top axis), dark text, and a
    legend under the chart in its own band."""
    layout = dict(layout)
    title = layout.get("title") or ""
    title = title.get("text", "") if isinstance(title, dict) else title
    if title and "<br>" not in title:
        title = wrap_title(title)
    lines = title.count("<br>") + 1 if title else 0
    top = TOOLBAR_PX + lines * TITLE_LINE_PX + 10 + top_axis_px
    legend = dict(layout.get("legend") or {}, font=dict(color=TEXT_COLOUR), title=dict(text=""))
    bottom, extra = bottom_px, 0
    if legend.get("orientation") == "h":
        # A legend under the chart sits at the figure's bottom edge, in its own band below the
        # axis labels (placed relative to the plot it was drawn over them on a phone).
        axis_title = (layout.get("xaxis") or {}).get("title")
        extra = LEGEND_PX + (AXIS_TITLE_PX if axis_title else 0)
        legend.update(yref="container", y=0, yanchor="bottom", x=0, xanchor="left")
        bottom += extra
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        spec = dict(layout.get(axis) or {})
        spec["tickfont"] = dict(spec.get("tickfont") or {}, color=TEXT_COLOUR)
        axis_title = spec.get("title")
        if axis_title:
            spec["title"] = dict(text=axis_title, font=dict(color=TEXT_COLOUR)) if isinstance(axis_title, str) \
                else dict(axis_title, font=dict(color=TEXT_COLOUR))
        layout[axis] = spec
    layout.update(
        height=height + top - 40 + extra, margin=dict(l=10, r=10, t=top, b=bottom), legend=legend,
        title=dict(text=title, x=0, xref="container", xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=TOOLBAR_PX, l=10), font=dict(color=TEXT_COLOUR, size=16)),
        font=dict(size=14, color=TEXT_COLOUR), hoverlabel=dict(font=dict(size=14)))
    return layout


def _layout(fig: go.Figure, height: int = 360, top_axis_px: int = 0, bottom_px: int = 10) -> go.Figure:
    """``figure`` for a chart built step by step as a go.Figure."""
    spec = fig.to_plotly_json()
    return figure(spec["data"], spec["layout"], height, top_axis_px, bottom_px)


def activities_per_year_table(activities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Held activities counted by year and type, as the table behind the chart."""
    held = activities[activities["state"] == "held"]
    counts = (held.assign(year=held["month"].dt.year)
              .groupby(["year", "type"]).size().rename("count").reset_index())
    counts["type_label"] = counts["type"].map(lambda c: domain.label("activity_type", c, lang))
    return counts


def held_per_year(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The key figures' held activities by year and type, in the form of activities_per_year_table."""
    rows = figures[figures["figure"] == "held_per_year"]
    counts = pd.DataFrame({"year": rows["first_year"].astype(int), "type": rows["code"],
                           "count": rows["value"].astype(int)}).sort_values(["year", "type"]).reset_index(drop=True)
    counts["type_label"] = counts["type"].map(lambda c: domain.label("activity_type", c, lang))
    return counts


def activities_per_year(counts: pd.DataFrame, lang: str) -> go.Figure:
    data = []
    for code in domain.ACTIVITY_TYPES:
        part = counts[counts["type"] == code]
        if part.empty:
            continue
        data.append(dict(type="bar", x=[str(y) for y in part["year"]], y=[int(c) for c in part["count"]],
                         name=domain.label("activity_type", code, lang), marker=dict(color=ACTIVITY_COLOURS[code]),
                         text=[int(c) for c in part["count"]], textposition="outside"))
    return figure(data, dict(barmode="group", title=t("overview.per_year_title", lang),
                             xaxis=dict(title=t("columns.year", lang)),
                             yaxis=dict(title=t("columns.count", lang), dtick=1, rangemode="tozero")))


def risk_matrix_table(portfolio: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The risk-assessed projects with their profile and, where known, their place in figure 9."""
    assessed = portfolio[portfolio["risk_profile"].notna()].copy()
    return pd.DataFrame({
        t("columns.name", lang): assessed["name"],
        t("columns.risk_profile", lang): assessed["risk_profile"].map(lambda p: domain.profile_label(p, lang)),
        t("profile.complexity", lang): assessed["complexity"].map(
            lambda c: t(f"profile.complexity_{c}", lang) if isinstance(c, str) else t("format.unknown", lang)),
        t("profile.risks", lang): assessed["risk"].map(
            lambda r: t(f"profile.risk_{r}", lang) if isinstance(r, str) else t("format.unknown", lang)),
    }).reset_index(drop=True)


def risk_matrix(portfolio: pd.DataFrame, lang: str) -> go.Figure:
    """Figure 9: complexity up, critical risks to the right; diagonal zones A (very high),
    B (high), C (normal). A project whose axes are known sits in its quadrant; one with only a
    profile (all published ones) is listed by name in its zone."""
    zones = {"C": [(0, 0), (0.7, 0), (0, 0.7)], "B": [(0.7, 0), (1, 0), (1, 0.3), (0.3, 1), (0, 1), (0, 0.7)],
             "A": [(1, 0.3), (1, 1), (0.3, 1)]}
    data = []
    for profile, points in zones.items():
        xs, ys = zip(*(points + [points[0]]))
        data.append(dict(type="scatter", x=list(xs), y=list(ys), fill="toself", mode="lines", line=dict(width=0),
                         fillcolor=PROFILE_COLOURS[profile], opacity=0.18, hoverinfo="skip", showlegend=False))
    # Plain records: a few pandas operations on a small frame cost more than the whole figure.
    rows = [r for r in portfolio[["name", "short_name", "risk_profile", "complexity", "risk"]].to_dict("records")
            if isinstance(r["risk_profile"], str)]
    known = [r for r in rows if isinstance(r["complexity"], str)]
    by_profile = [r for r in rows if not isinstance(r["complexity"], str)]
    # Each zone lists, by name, the projects placed there by profile alone: readable on a
    # projector, nothing hidden behind hover.
    anchors = {"A": (0.98, 0.98, "right", "top"), "B": (0.5, 0.5, "center", "middle"), "C": (0.02, 0.02, "left", "bottom")}
    annotations = []
    for profile, (x, y, xanchor, yanchor) in anchors.items():
        names = sorted((r["short_name"] if isinstance(r["short_name"], str) and r["short_name"] else r["name"])
                       for r in by_profile if r["risk_profile"] == profile)
        text = f"<b>{domain.profile_label(profile, lang)}</b>"
        if names:
            shown = names[:MATRIX_NAMES]
            more = [t("charts.more_names", lang, count=len(names) - len(shown))] if len(names) > len(shown) else []
            text += f" ({len(names)})<br>" + "<br>".join([plot_literal(n) for n in shown] + more)
        annotations.append(dict(x=x, y=y, text=text, showarrow=False, xanchor=xanchor, yanchor=yanchor,
                                align=xanchor if xanchor != "center" else "center",
                                font=dict(size=13, color="#263238"), bgcolor="rgba(255,255,255,0.75)",
                                bordercolor=PROFILE_COLOURS[profile], borderwidth=1))
    if known:
        places: dict[tuple, int] = {}
        xs, ys = [], []
        for r in known:  # several projects in one quadrant stand side by side, three to a row
            n = places[(r["risk"], r["complexity"])] = places.get((r["risk"], r["complexity"]), -1) + 1
            xs.append({"few": 0.25, "many": 0.75}[r["risk"]] + (n % 3) * 0.07 - 0.07)
            ys.append({"low": 0.25, "high": 0.75}[r["complexity"]] - (n // 3) * 0.07)
        data.append(dict(type="scatter", x=xs, y=ys, mode="markers+text",
                         text=[plot_literal(r["short_name"] or r["name"]) for r in known],
                         textposition="top center", marker=dict(size=12, symbol="circle", color="#263238"),
                         hovertext=[plot_literal(r["name"]) for r in known], hoverinfo="text",
                         name=t("overview.placed_by_axes", lang)))
    # The note on how projects are placed is under the title, never near the axis title.
    title = t("overview.matrix_title", lang)
    if by_profile:
        title += f"<br><span style='font-size:12px'>{wrap_title(t('overview.placed_by_profile', lang), 60)}</span>"
    axis = dict(range=[0, 1], tickvals=[0.25, 0.75], showgrid=False, zeroline=False, fixedrange=True)
    return figure(data, dict(
        title=title, legend=dict(orientation="h"), annotations=annotations,
        xaxis=dict(axis, ticktext=[t("profile.risk_few", lang), t("profile.risk_many", lang)],
                   title=t("profile.risks", lang)),
        yaxis=dict(axis, ticktext=[t("profile.complexity_low", lang), t("profile.complexity_high", lang)],
                   title=t("profile.complexity", lang), scaleanchor="x")), height=480, bottom_px=20)


STATE_SYMBOLS = {"held": "circle", "planned": "circle-open", "awaiting": "diamond-open"}


def activity_timeline(activities: pd.DataFrame, lang: str, title_key: str = "project.timeline_title") -> go.Figure:
    """The activities of one or more projects over time: one row per project, symbol by state
    (filled = held, open = planned), colour and label by type. Items without a month (Afventer)
    are shown in an own column at the right."""
    fig = go.Figure()
    dated = activities[activities["month"].notna()]
    awaiting = activities[activities["month"].isna()]
    last = dated["month"].max() if not dated.empty else pd.Timestamp.today().normalize()
    awaiting_x = (last + pd.DateOffset(months=3)) if not awaiting.empty else None
    for code in domain.ACTIVITY_TYPES:
        for state in domain.ACTIVITY_STATES:
            part = activities[(activities["type"] == code) & (activities["state"] == state)]
            if part.empty:
                continue
            x = part["month"].where(part["month"].notna(), awaiting_x)
            label = f"{domain.label('activity_type', code, lang)} ({domain.label('activity_state', state, lang).lower()})"
            fig.add_scatter(
                x=x, y=[plot_literal(p) for p in part["project"]], mode="markers", name=label,
                marker=dict(size=14, symbol=STATE_SYMBOLS[state], color=ACTIVITY_COLOURS[code], line=dict(width=2)),
                hovertext=[f"{plot_literal(row.project)}<br>{label}<br>{_month_label(row.month, lang)}"
                           for row in part.itertuples()],
                hoverinfo="text")
    if awaiting_x is not None:
        fig.add_vline(x=awaiting_x - pd.DateOffset(months=1, days=15), line_dash="dot", line_color="#9e9e9e")
        fig.add_annotation(x=awaiting_x, y=1.02, yref="paper", text=t("format.awaiting", lang), showarrow=False)
    height = max(260, 60 + 34 * activities["project"].nunique())
    fig.update_layout(title=t(title_key, lang), legend=dict(orientation="h", y=-0.25))
    fig.update_yaxes(autorange="reversed", title=None)
    # Month names in the viewer's language (Plotly's own date ticks are English: "May 2024").
    ticks = month_ticks(dated["month"].min() if not dated.empty else last, last)
    fig.update_xaxes(title=None, tickvals=ticks, ticktext=[_month_label(m, lang) for m in ticks])
    return _layout(fig, height=height)


def month_ticks(first, last, most: int = 8) -> list:
    """First days of months from ``first`` to ``last``, every month or every few, at most ``most``."""
    first, last = pd.Timestamp(first).replace(day=1), pd.Timestamp(last).replace(day=1)
    months = pd.date_range(first, last, freq="MS")
    step = max(1, -(-len(months) // most))
    return list(months[::step]) or [first]


def _month_label(value, lang: str) -> str:
    from dashboard.i18n import format_month

    return t("format.awaiting", lang) if pd.isna(value) else format_month(value, lang)
