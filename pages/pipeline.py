"""Pipeline: the council's expected activities for a year (report table 2), grouped by month."""

import streamlit as st

from dashboard import charts, domain, tables, views as view_params
from dashboard.portfolio import filter_pipeline, organisations_of
from dashboard.text import literal
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.urlstate import ViewState

years = data.load("pipeline_years")["year"].tolist()
default_year = view_params.pipeline_default_year(years)
types = [domain.to_url_value("activity_type", c) for c in domain.ACTIVITY_TYPES]
portfolio = data.load("portfolio")
organisations = organisations_of(portfolio)

view = ViewState("pipeline", views.params("pipeline"))
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
with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.markdown(t("pipeline.count", count=len(items), year=year, awaiting=int(items["month"].isna().sum())),
                width="content")
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
            left.markdown(f"**{literal(row.project)}**  \n{domain.label('activity_type', row.type, L)} · "
                          f"{literal(tables.responsible_text(row.responsible, L))}")
            views.page_link("projekt", t("overview.open_project", name=row.project), icon=":material/arrow_forward:",
                            container=right, id=row.slug)

filters = [(plain("columns.year"), str(year)),
           (plain("columns.responsible"), ", ".join(view["ansvarlig"]) or plain("common.all")),
           (plain("portfolio.activity_type"), ", ".join(domain.label("activity_type", domain.from_url_value("activity_type", v), L)
                                                        for v in view["aktivitet"]) or plain("common.all")),
           (plain("links.link"), view.link("pipeline"))]
components.download_buttons(table, plain("pipeline.file_title", year=year), filters, key="pipeline")
st.caption(t("app.source_note"))
