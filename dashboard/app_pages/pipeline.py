"""Pipeline: the council's expected activities for a year (report table 2), grouped by month."""

import datetime as dt

import streamlit as st

from dashboard import charts, domain, tables
from dashboard.portfolio import filter_pipeline, organisations_of
from dashboard.ui import components, data
from dashboard.ui.context import lang, t
from dashboard.ui.shell import page_path
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Param

years = data.load("pipeline_years")["year"].tolist()
# The current year when it has a pipeline, else the latest year that has one.
default_year = dt.date.today().year if dt.date.today().year in years else (years[-1] if years else dt.date.today().year)
types = [domain.to_url_value("activity_type", c) for c in domain.ACTIVITY_TYPES]
portfolio = data.load("portfolio")
organisations = organisations_of(portfolio)

view = ViewState("pipeline", [
    Param("aar", default=default_year, kind="int", choices=years or [default_year]),
    Param("ansvarlig", default=[], multi=True, choices=organisations),
    Param("aktivitet", default=[], multi=True, choices=types),
])
L = lang()
components.page_header("pipeline.title", "pipeline.intro")
view.show_notices()

with st.container(border=True):
    c1, c2, c3 = st.columns([1, 2, 2])
    c1.selectbox(t("columns.year"), years or [default_year], key=view.key("aar"))
    c2.multiselect(t("columns.responsible"), organisations, key=view.key("ansvarlig"), placeholder=t("common.all"))
    c3.multiselect(t("portfolio.activity_type"), types, key=view.key("aktivitet"), placeholder=t("common.all"),
                   format_func=lambda v: domain.label("activity_type", domain.from_url_value("activity_type", v), L))
view.sync_url()

year = view["aar"]
items = filter_pipeline(data.load("pipeline", year=year), view["ansvarlig"],
                        [domain.from_url_value("activity_type", v) for v in view["aktivitet"]])

components.demo_banner(items)
head, link = st.columns([4, 1])
head.markdown(t("pipeline.count", count=len(items), year=year,
                awaiting=int(items["month"].isna().sum())))
with link:
    view.copy_link("pipeline")

if items.empty:
    st.info(t("pipeline.empty", year=year), icon=":material/event_busy:")
    st.stop()

table = tables.pipeline_view(items, L)
components.chart_with_table(charts.activity_timeline(items, L, "pipeline.timeline_title"), table, key="pipeline")

for label, group in tables.pipeline_groups(items, L):
    st.subheader(label)
    for row in group.itertuples():
        with st.container(border=True):
            left, right = st.columns([4, 1])
            left.markdown(f"**{row.project}**  \n{domain.label('activity_type', row.type, L)} · "
                          f"{tables.responsible_text(row.responsible, L)}")
            right.page_link(page_path("projekt"), label=t("overview.open_project"),
                            query_params={"id": row.slug}, icon=":material/arrow_forward:")

filters = [(t("columns.year"), str(year)),
           (t("columns.responsible"), ", ".join(view["ansvarlig"]) or t("common.all")),
           (t("portfolio.activity_type"), ", ".join(domain.label("activity_type", domain.from_url_value("activity_type", v), L)
                                                    for v in view["aktivitet"]) or t("common.all")),
           (t("links.link"), view.link("pipeline"))]
components.download_buttons(table, t("pipeline.file_title", year=year), filters, key="pipeline")
st.caption(t("app.source_note"))
