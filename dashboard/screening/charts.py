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
from plotly.subplots import make_subplots

from dashboard.i18n import t
from dashboard.screening import rules, vocab
from dashboard.screening.tables import _col, _dates, _labels, _link, _mkr_heading, _numbers, mapped

BAR_COLOUR = "#1f4e79"
NOT_RECORDED_COLOUR = "#9e9e9e"


def _layout(fig: go.Figure, title: str, height: int, panels: list[tuple[str, pd.DataFrame]]) -> go.Figure:
    # The title has two lines (it must fit a phone): room for both above the first panel.
    fig.update_layout(title=dict(text=title, x=0, xanchor="left", yref="container", y=0.995, yanchor="top"),
                      height=height + 40, showlegend=False, margin=dict(l=10, r=30, t=110, b=10),
                      font=dict(size=14), hoverlabel=dict(font_size=14))
    most = max([int(counts["count"].max()) for _, counts in panels if not counts.empty] or [0])
    # Whole projects: ticks at whole numbers, room for the count printed after the longest bar.
    fig.update_xaxes(rangemode="tozero", range=[0, max(most, 1) * 1.2], dtick=1 if most <= 10 else None,
                     showgrid=True)
    fig.update_annotations(font_size=15)
    return fig


def _counts(values: list[str], order: list[str]) -> pd.DataFrame:
    """How many projects have each value, in ``order`` (values not in it appended), zeros kept."""
    counted = pd.Series(values, dtype="object").value_counts()
    labels = list(dict.fromkeys(order + [v for v in counted.index if v not in order]))
    return pd.DataFrame({"label": labels, "count": [int(counted.get(label, 0)) for label in labels]})


def _add_bars(fig: go.Figure, counts: pd.DataFrame, row: int, col: int, not_recorded: str) -> None:
    colours = [NOT_RECORDED_COLOUR if label == not_recorded else BAR_COLOUR for label in counts["label"]]
    fig.add_bar(x=counts["count"], y=counts["label"], orientation="h", marker_color=colours,
                text=counts["count"], textposition="outside", row=row, col=col,
                hovertemplate="%{y}: %{x}<extra></extra>")
    fig.update_yaxes(autorange="reversed", row=row, col=col)


def _stacked(panels: list[tuple[str, pd.DataFrame]], not_recorded: str) -> go.Figure:
    """One panel under the other, so the figure reads as well on a phone as on a projector."""
    rows = [len(counts) for _, counts in panels]
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=[title for title, _ in panels],
                        row_heights=rows, vertical_spacing=0.5 / len(panels))
    for i, (_, counts) in enumerate(panels):
        _add_bars(fig, counts, i + 1, 1, not_recorded)
    return fig


def _height(panels: list[tuple[str, pd.DataFrame]]) -> int:
    return 110 + sum(60 + 28 * len(counts) for _, counts in panels)


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
    fig = _stacked(panels, not_recorded)
    _layout(fig, t("screening.fig4.title", lang, count=len(assessed)), _height(panels), panels)
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
    fig = _stacked(panels, not_recorded)
    _layout(fig, t("screening.fig5.title", lang, count=len(shown)), _height(panels), panels)
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
