"""Overblik: the portfolio at a glance (key figures, risk matrix, attention list, portfolio)."""

import streamlit as st

from dashboard import charts, domain, tables
from dashboard.ui import components, data
from dashboard.ui.tables import portfolio_column_config
from dashboard.ui.urlstate import ViewState

ViewState("overblik", []).sync_url()  # the link carries the language
from dashboard.ui.context import lang, t
from dashboard.ui.shell import page_path

components.page_header("overview.title", "overview.intro")
portfolio = data.load("portfolio")
activities = data.load("activities")
figures = data.load("key_figures")
attention = data.load("attention")
components.demo_banner(portfolio)
components.last_changed(data.current_version()[1])

held = figures[figures["figure"] == "held_by_type"].set_index("code")
profiles = figures[figures["figure"] == "profiles"].set_index("code")["value"]
states = figures[figures["figure"] == "projects_by_state"].set_index("code")["value"]


def _held(code: str) -> tuple[int, str]:
    if code not in held.index:
        return 0, ""
    row = held.loc[code]
    return int(row["value"]), t("overview.period", first=row["first_year"], last=row["last_year"])


cols = st.columns(5)
for col, code, label_key in ((cols[0], "risk_assessment", "overview.risk_assessments"),
                             (cols[1], "sparring_meeting", "overview.sparring_meetings")):
    value, period = _held(code)
    col.metric(t(label_key), value, border=True)
    col.caption(t("overview.held_in", period=period))
for col, profile in zip(cols[2:], domain.RISK_PROFILES):
    col.metric(t("overview.profile_count", profile=profile), int(profiles.get(profile, 0)), border=True)
    col.caption(domain.profile_label(profile, lang()))

st.caption(" · ".join(f"{domain.label('state', code, lang())}: {int(states.get(code, 0))}"
                      for code in domain.PROJECT_STATES) + f" · {t('overview.projects')}: {int(states.sum())}")

left, right = st.columns(2)
with left:
    counts = charts.activities_per_year_table(activities, lang())
    components.chart_with_table(charts.activities_per_year(counts, lang()),
                                tables.activities_per_year(counts, lang()), key="per_year")
with right:
    components.chart_with_table(charts.risk_matrix(portfolio, lang()),
                                charts.risk_matrix_table(portfolio, lang()), key="matrix")

st.subheader(t("overview.attention_heading"))
components.demo_banner(attention)
if attention.empty:
    st.info(t("overview.attention_none"), icon=":material/check_circle:")
else:
    for row in attention.itertuples():
        with st.container(border=True):
            st.markdown(f"**{charts.status_label(row.overall, lang())}** · {row.name} · "
                        f"{tables.month_text(row.month, lang())}")
            st.caption(row.explanation)
            st.page_link(page_path("projekt"), label=t("overview.open_project"), query_params={"id": row.slug},
                         icon=":material/arrow_forward:")

st.subheader(t("overview.portfolio_heading"))
st.dataframe(tables.portfolio_view(portfolio, lang()), hide_index=True, width="stretch",
             column_config=portfolio_column_config(lang()))
st.caption(t("app.source_note"))
