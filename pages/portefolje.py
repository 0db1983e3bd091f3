"""Portefølje: the portfolio table, filtered, searched and sorted, every choice in the link."""

import streamlit as st

from dashboard import domain, tables
from dashboard.portfolio import SORT_KEYS, PortfolioFilter, activity_years, apply_filter, organisations_of, sort_portfolio
from dashboard.screening import rules as screening_rules, vocab as screening_vocab
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, t
from dashboard.ui.tables import grid
from dashboard.ui.urlstate import ViewState

portfolio = data.load("portfolio")
activities = data.load("activities")
# The rule for what must be risk-assessed, as of today (issue 15): a filter and a column.
portfolio = screening_rules.with_verdict(
    portfolio, data.load("screening_verdicts", judged_on=screening_rules.today_in_copenhagen()))
verdicts = [screening_vocab.to_url("verdict", c) for c in screening_vocab.VERDICTS]
organisations = organisations_of(portfolio)
years = activity_years(activities)
states = [domain.to_url_value("state", c) for c in domain.PROJECT_STATES]
profiles = [domain.to_url_value("profile", c) for c in (*domain.RISK_PROFILES, "none")]
types = [domain.to_url_value("activity_type", c) for c in domain.ACTIVITY_TYPES]

view = ViewState("portefolje", views.params("portefolje"))

components.page_header("portfolio.title", "portfolio.intro")
view.show_notices()

L = lang()
with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 1])
    c1.multiselect(t("columns.responsible"), organisations, key=view.key("ansvarlig"),
                   placeholder=t("common.all"))
    c2.multiselect(t("columns.state"), states, key=view.key("tilstand"), placeholder=t("common.all"),
                   format_func=lambda v: domain.label("state", domain.from_url_value("state", v), L))
    c3.multiselect(t("columns.risk_profile"), profiles, key=view.key("profil"), placeholder=t("common.all"),
                   format_func=lambda v: domain.profile_label(domain.from_url_value("profile", v), L))
    c4, c9, c5, c6, c7, c8 = st.columns([2, 2, 1, 2, 1, 1])
    c4.multiselect(t("portfolio.activity_type"), types, key=view.key("aktivitet"), placeholder=t("common.all"),
                   format_func=lambda v: domain.label("activity_type", domain.from_url_value("activity_type", v), L))
    c9.multiselect(t("screening.column_must_assess"), verdicts, key=view.key("risikovurdering"),
                   placeholder=t("common.all"),
                   format_func=lambda v: t(f"screening.verdict_filter.{screening_vocab.from_url('verdict', v)}"))
    c5.multiselect(t("columns.year"), years, key=view.key("aar"), placeholder=t("common.all"))
    c6.text_input(t("portfolio.search"), key=view.key("soeg"), placeholder=t("portfolio.search_placeholder"),
                  max_chars=200)
    c7.selectbox(t("portfolio.sort"), list(SORT_KEYS), key=view.key("sorter"),
                 format_func=lambda v: t(f"portfolio.sort_{v.replace('-', '_')}"))
    c8.selectbox(t("portfolio.order"), ["stigende", "faldende"], key=view.key("orden"),
                 format_func=lambda v: t(f"portfolio.order_{v}"))

chosen = PortfolioFilter(
    responsible=view["ansvarlig"],
    states=[domain.from_url_value("state", v) for v in view["tilstand"]],
    profiles=[domain.from_url_value("profile", v) for v in view["profil"]],
    activity_types=[domain.from_url_value("activity_type", v) for v in view["aktivitet"]],
    years=view["aar"],
    search=view["soeg"] or "",
    must_assess=[screening_vocab.from_url("verdict", v) for v in view["risikovurdering"]],
)
rows = sort_portfolio(apply_filter(portfolio, activities, chosen), view["sorter"], view["orden"] == "faldende")
view.sync_url()

components.demo_banner(rows)
# The count and "Kopiér link" side by side at the left (the table's own toolbar appears at its right).
with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.markdown(t("portfolio.count", shown=len(rows), total=len(portfolio)), width="content")
    view.copy_link("portefolje")

if rows.empty:
    st.info(t("common.no_rows"), icon=":material/filter_alt_off:")
else:
    table = tables.portfolio_view(rows, L)
    verdict_heading, verdict_values = screening_rules.verdict_column(rows, L)
    table.insert(table.columns.get_loc(t("columns.risk_profile")) + 1, verdict_heading, verdict_values)
    # On the page: the columns a director scans, the status text in full with its month (the
    # download has every column).
    status, month = t("columns.status_text"), t("columns.status_date")
    shown = table[[t("columns.name"), t("columns.responsible"), t("columns.state"), t("columns.risk_profile"),
                   verdict_heading, status, t("columns.link")]].copy()
    shown[status] = [f"{m}: {s}" if s else "" for m, s in zip(table[month], table[status])]
    event = grid(shown, text=status, link=t("columns.link"), name=t("columns.name"), on_select="rerun", selection_mode="single-row",
                 key="portfolio_table")
    st.caption(t("portfolio.open_hint"))
    selected = event.selection.rows if event is not None else []
    if selected:
        views.switch_page("projekt", id=rows.iloc[selected[0]]["slug"])
    filters = [(t("columns.responsible"), ", ".join(view["ansvarlig"]) or t("common.all")),
               (t("columns.state"), ", ".join(domain.label("state", c, L) for c in chosen.states) or t("common.all")),
               (t("columns.risk_profile"), ", ".join(domain.profile_label(c if c != "none" else None, L)
                                                    for c in chosen.profiles) or t("common.all")),
               (t("portfolio.activity_type"), ", ".join(domain.label("activity_type", c, L)
                                                        for c in chosen.activity_types) or t("common.all")),
               (t("columns.year"), ", ".join(map(str, chosen.years)) or t("common.all")),
               (t("portfolio.search"), chosen.search or "–"),
               (t("screening.column_must_assess"), ", ".join(t(f"screening.verdict_filter.{c}")
                                                           for c in chosen.must_assess) or t("common.all")),
               (t("links.link"), view.link("portefolje"))]
    components.download_buttons(table, t("portfolio.title"), filters,
                                key="portfolio")
st.caption(t("app.source_note"))
