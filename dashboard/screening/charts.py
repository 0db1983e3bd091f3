"""Figures 4 and 5 of the annual report, made live (no Streamlit here).

Figure 4: the characteristics of the risk-assessed projects, as they were at the assessment ("Der
er taget udgangspunkt i det materiale, som lå til grund for risikovurderingen", section 6).
Figure 5: the RSI portfolio by cost and duration, leaving out the projects in the idea or analysis
phase, which have not yet defined a schedule and budget (section 6).

Each figure comes with the table of its numbers and the table of its projects (with links). Bars
carry their counts as text, and facts that are not recorded are counted as such, never dropped.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.screening import rules, vocab
from dashboard.screening.tables import _col, _dates, _labels, _link, _mkr_heading, _numbers, mapped

BAR_COLOUR = "#1f4e79"
NOT_RECORDED_COLOUR = "#9e9e9e"


def _counts(values: list[str], order: list[str]) -> pd.DataFrame:
    """How many projects have each value, in ``order`` (values not in it appended), zeros kept."""
    counted = pd.Series(values, dtype="object").value_counts()
    labels = list(dict.fromkeys(order + [v for v in counted.index if v not in order]))
    return pd.DataFrame({"label": labels, "count": [int(counted.get(label, 0)) for label in labels]})


def _stacked(panels: list[tuple[str, pd.DataFrame]], title: str, not_recorded: str) -> go.Figure:
    """The panels as horizontal bar charts one under the other, so the figure reads as well on a
    phone as on a projector; each bar carries its count, a fact not recorded is grey. The layout is
    written out in one go (plotly's make_subplots and update_* calls took 30-60 ms a figure)."""
    most = max([int(counts["count"].max()) for _, counts in panels if not counts.empty] or [0])
    row_height, gap, head, title_room = 28, 70, 40, 110
    heights = [head + row_height * max(len(counts), 1) for _, counts in panels]
    total = sum(heights) + gap * (len(panels) - 1)
    # Whole projects: ticks at whole numbers, room for the count printed after the longest bar.
    x_axis = {"rangemode": "tozero", "range": [0, max(most, 1) * 1.2], "showgrid": True, "fixedrange": True}
    if most <= 10:
        x_axis["dtick"] = 1
    layout: dict = {
        # Two lines (it must fit a phone). Plotly anchors a title's first line, so the padding keeps
        # the line above it inside the figure.
        "title": {"text": title, "x": 0, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top",
                  "pad": {"t": 30}},
        "height": total + title_room, "showlegend": False, "margin": {"l": 10, "r": 30, "t": title_room, "b": 10},
        "font": {"size": 14}, "hoverlabel": {"font": {"size": 14}}, "annotations": [],
    }
    data = []
    top = 1.0
    for i, ((panel_title, counts), height) in enumerate(zip(panels, heights)):
        suffix = "" if i == 0 else str(i + 1)
        bottom = max(0.0, top - (height - head) / total)
        colours = [NOT_RECORDED_COLOUR if label == not_recorded else BAR_COLOUR for label in counts["label"]]
        data.append(go.Bar(x=counts["count"], y=counts["label"], orientation="h", marker={"color": colours},
                           text=counts["count"], textposition="outside", xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                           hovertemplate="%{y}: %{x}<extra></extra>"))
        layout[f"xaxis{suffix}"] = {**x_axis, "domain": [0, 1], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {"domain": [bottom, top], "anchor": f"x{suffix}", "autorange": "reversed",
                                    "automargin": True, "fixedrange": True}
        layout["annotations"].append({"text": panel_title, "x": 0.5, "y": top + 12 / total, "xref": "paper",
                                      "yref": "paper", "showarrow": False, "yanchor": "bottom",
                                      "font": {"size": 15}})
        top = max(0.0, bottom - (gap + head) / total)
    return go.Figure(data=data, layout=layout)


def _panel_table(panels: list[tuple[str, pd.DataFrame]], lang: str) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({_col("characteristic", lang): title, _col("value", lang): counts["label"],
                                    _col("projects", lang): counts["count"]}) for title, counts in panels],
                     ignore_index=True)


# --- figure 4 -----------------------------------------------------------------------------------

def assessed_projects(rule: pd.DataFrame) -> pd.DataFrame:
    return rule[rule["assessed_month"].notna()]


def figure4(rule: pd.DataFrame, lang: str) -> tuple[go.Figure, pd.DataFrame, pd.DataFrame]:
    """The assessed projects by type, development, budget band and phase, each as at the assessment."""
    assessed = assessed_projects(rule)
    not_recorded = t("screening.not_recorded", lang)
    budget_bands = [vocab.band_index(v, vocab.COST_BANDS_MKR) for v in assessed["assessment_amount_mkr"]]
    panels = [
        (t("screening.fig4.scope", lang), _counts(_labels(assessed["scope"], "scope", lang),
                                                  [vocab.label("scope", s, lang) for s in vocab.SCOPES] + [not_recorded])),
        (t("screening.fig4.development", lang),
         _counts(_labels(assessed["development"], "development", lang),
                 [vocab.label("development", d, lang) for d in vocab.DEVELOPMENTS] + [not_recorded])),
        (t("screening.fig4.budget", lang),
         _counts(mapped(budget_bands, lambda b: vocab.cost_band_label(b, lang)),
                 [vocab.cost_band_label(i, lang) for i in range(len(vocab.COST_BANDS_MKR) + 1)] + [not_recorded])),
        (t("screening.fig4.phase", lang),
         _counts(_labels(assessed["phase_at_assessment"], "phase", lang),
                 [vocab.label("phase", p, lang) for p in vocab.PHASES] + [not_recorded])),
    ]
    fig = _stacked(panels, t("screening.fig4.title", lang, count=len(assessed)), not_recorded)
    projects = pd.DataFrame({
        _col("project", lang): assessed["name"].tolist(),
        _col("assessed", lang): mapped(assessed["assessed_month"], lambda v: rules._month(v, lang)),
        _col("scope", lang): _labels(assessed["scope"], "scope", lang),
        _col("development", lang): _labels(assessed["development"], "development", lang),
        _mkr_heading("amount_then", lang): _numbers(assessed["assessment_amount_mkr"]).tolist(),
        t("screening.fig4.phase", lang): _labels(assessed["phase_at_assessment"], "phase", lang),
        t("columns.link", lang): _link(assessed["slug"], lang).tolist(),
    })
    return fig, _panel_table(panels, lang), projects


# --- figure 5 -----------------------------------------------------------------------------------

def rsi_portfolio(rule: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The RSI projects figure 5 counts, and how many were left out for being in idea or analysis."""
    rsi = rule[rule["is_rsi"].fillna(False).astype(bool)]
    early = rsi["phase"].isin(vocab.EARLY_PHASES)
    return rsi[~early], int(early.sum())


def duration_months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole months from start to end (rounded), missing where either is missing."""
    days = (pd.to_datetime(end) - pd.to_datetime(start)).dt.days
    return (days / 30.4375).round().astype("Int64")


def figure5(rule: pd.DataFrame, lang: str) -> tuple[go.Figure, pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """The RSI portfolio (idea and analysis phases left out) by cost band and duration band."""
    shown, left_out = rsi_portfolio(rule)
    not_recorded = t("screening.not_recorded", lang)
    months = duration_months(shown["start_on"], shown["current_end_on"])
    cost_labels = mapped([vocab.band_index(v, vocab.COST_BANDS_MKR) for v in shown["budget_mkr"]],
                         lambda i: vocab.cost_band_label(i, lang))
    duration_labels = mapped([vocab.band_index(None if pd.isna(m) else float(m), vocab.DURATION_BANDS_MONTHS)
                              for m in months], lambda i: vocab.duration_band_label(i, lang))
    panels = [
        (t("screening.fig5.cost", lang),
         _counts(cost_labels, [vocab.cost_band_label(i, lang) for i in range(len(vocab.COST_BANDS_MKR) + 1)]
                 + [not_recorded])),
        (t("screening.fig5.duration", lang),
         _counts(duration_labels, [vocab.duration_band_label(i, lang)
                                   for i in range(len(vocab.DURATION_BANDS_MONTHS) + 1)] + [not_recorded])),
    ]
    fig = _stacked(panels, t("screening.fig5.title", lang, count=len(shown)), not_recorded)
    projects = pd.DataFrame({
        _col("project", lang): shown["name"].tolist(),
        _col("phase", lang): _labels(shown["phase"], "phase", lang),
        _mkr_heading("budget", lang): _numbers(shown["budget_mkr"]).tolist(),
        _col("start", lang): _dates(shown["start_on"], lang),
        _col("current_end", lang): _dates(shown["current_end_on"], lang),
        _col("duration", lang): months.tolist(),
        _col("cost_band", lang): cost_labels,
        _col("duration_band", lang): duration_labels,
        t("columns.link", lang): _link(shown["slug"], lang).tolist(),
    })
    counts = {"shown": len(shown), "left_out": left_out, "no_phase": int(shown["phase"].isna().sum())}
    return fig, _panel_table(panels, lang), projects, counts
