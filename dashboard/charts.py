"""Plotly figures built from the query layer's frames (no Streamlit here).

Colour never carries meaning alone: status colours come with a symbol and a word, profiles with
their letter, bars with their numbers printed on them.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import domain
from dashboard.i18n import t

# Colour-blind-aware shades; the symbol and word always go with them.
STATUS_COLOURS = {"green": "#2e7d32", "yellow": "#f2c037", "red": "#c62828"}
STATUS_SYMBOLS = {"green": "✓", "yellow": "!", "red": "✕"}
ACTIVITY_COLOURS = {"risk_assessment": "#1f4e79", "sparring_meeting": "#5b9bd5",
                    "revisit": "#8e6bb1", "sparring_or_assessment": "#9e9e9e"}
PROFILE_COLOURS = {"A": "#b71c1c", "B": "#ef6c00", "C": "#2e7d32"}


def status_label(colour: str | None, lang: str) -> str:
    """'✕ Rød' / '✕ Red'."""
    if not colour:
        return ""
    return f"{STATUS_SYMBOLS[colour]} {t(f'status_colour.{colour}', lang)}"


def _layout(fig: go.Figure, height: int = 360) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend_title_text="",
                      font=dict(size=14), hoverlabel=dict(font_size=14))
    return fig


def activities_per_year_table(activities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Held activities counted by year and type, as the table behind the chart."""
    held = activities[activities["state"] == "held"]
    counts = (held.assign(year=held["month"].dt.year)
              .groupby(["year", "type"]).size().rename("count").reset_index())
    counts["type_label"] = counts["type"].map(lambda c: domain.label("activity_type", c, lang))
    return counts


def activities_per_year(counts: pd.DataFrame, lang: str) -> go.Figure:
    fig = go.Figure()
    for code in domain.ACTIVITY_TYPES:
        part = counts[counts["type"] == code]
        if part.empty:
            continue
        fig.add_bar(x=part["year"].astype(str), y=part["count"], name=domain.label("activity_type", code, lang),
                    marker_color=ACTIVITY_COLOURS[code], text=part["count"], textposition="outside")
    fig.update_layout(barmode="group", title=t("overview.per_year_title", lang),
                      xaxis_title=t("columns.year", lang), yaxis_title=t("columns.count", lang))
    fig.update_yaxes(dtick=1, rangemode="tozero")
    return _layout(fig)


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


def _spread(n: int, width: float) -> list[float]:
    if n <= 1:
        return [0.0] * n
    return [(-width / 2) + width * i / (n - 1) for i in range(n)]


def risk_matrix(portfolio: pd.DataFrame, lang: str) -> go.Figure:
    """Figure 9: complexity up, critical risks to the right; diagonal zones A (very high),
    B (high), C (normal). A project whose axes are known sits in its quadrant; one with only a
    profile (all published ones) sits on the diagonal inside its zone, marked as such."""
    fig = go.Figure()
    zones = {"C": [(0, 0), (0.7, 0), (0, 0.7)], "B": [(0.7, 0), (1, 0), (1, 0.3), (0.3, 1), (0, 1), (0, 0.7)],
             "A": [(1, 0.3), (1, 1), (0.3, 1)]}
    for profile, points in zones.items():
        xs, ys = zip(*(points + [points[0]]))
        fig.add_scatter(x=xs, y=ys, fill="toself", mode="lines", line=dict(width=0),
                        fillcolor=PROFILE_COLOURS[profile], opacity=0.18, hoverinfo="skip", showlegend=False)
    for profile, (x, y) in {"A": (0.93, 0.93), "B": (0.62, 0.55), "C": (0.07, 0.07)}.items():
        fig.add_annotation(x=x, y=y, text=f"<b>{domain.profile_label(profile, lang)}</b>", showarrow=False,
                           font=dict(size=15, color=PROFILE_COLOURS[profile]))

    assessed = portfolio[portfolio["risk_profile"].notna()]
    known = assessed[assessed["complexity"].notna()]
    by_profile = assessed[assessed["complexity"].isna()]
    centre = {"A": 0.78, "B": 0.5, "C": 0.2}
    xs, ys, labels, hover = [], [], [], []
    for profile, group in by_profile.groupby("risk_profile"):
        offsets = _spread(len(group), min(0.5, 0.08 * len(group)))
        for offset, row in zip(offsets, group.itertuples()):
            # along the anti-diagonal through the zone's centre, so all stay in the zone
            xs.append(centre[profile] + offset / math.sqrt(2))
            ys.append(centre[profile] - offset / math.sqrt(2))
            labels.append(row.short_name or row.name)
            hover.append(f"{row.name}<br>{domain.profile_label(profile, lang)}<br>{t('overview.placed_by_profile', lang)}")
    fig.add_scatter(x=xs, y=ys, mode="markers+text", text=labels, textposition="top center",
                    marker=dict(size=11, symbol="circle-open", line=dict(width=2), color="#263238"),
                    hovertext=hover, hoverinfo="text", name=t("overview.placed_by_profile", lang))
    if not known.empty:
        qx = known["risk"].map({"few": 0.25, "many": 0.75})
        qy = known["complexity"].map({"low": 0.25, "high": 0.75})
        n = known.groupby(["risk", "complexity"]).cumcount()
        fig.add_scatter(x=qx + (n % 3) * 0.07 - 0.07, y=qy - (n // 3) * 0.07, mode="markers+text",
                        text=known["short_name"].fillna(known["name"]), textposition="top center",
                        marker=dict(size=12, symbol="circle", color="#263238"),
                        hovertext=known["name"], hoverinfo="text", name=t("overview.placed_by_axes", lang))
    fig.update_xaxes(range=[0, 1], tickvals=[0.25, 0.75],
                     ticktext=[t("profile.risk_few", lang), t("profile.risk_many", lang)],
                     title=t("profile.risks", lang), showgrid=False, zeroline=False, fixedrange=True)
    fig.update_yaxes(range=[0, 1], tickvals=[0.25, 0.75],
                     ticktext=[t("profile.complexity_low", lang), t("profile.complexity_high", lang)],
                     title=t("profile.complexity", lang), showgrid=False, zeroline=False, fixedrange=True,
                     scaleanchor="x")
    fig.update_layout(title=t("overview.matrix_title", lang), legend=dict(orientation="h", y=-0.15))
    return _layout(fig, height=480)
