"""Rapporter: the annual report draft (PDF or Word) and the council meeting pack (PDF), made from the
database with progress, then downloaded. The same documents as `itraad rapport` (dashboard/reports)."""

import datetime as dt

import streamlit as st

from dashboard.i18n import copenhagen_today, format_month
from dashboard.reports import annual
from dashboard.ui import components
from dashboard.ui.context import lang, t
from dashboard.ui.reports_widgets import (build_document, default_since, describe_meeting, has_demo_rows,
                                          render_download, table_years)
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Param

today = copenhagen_today()
years = table_years(today)
view = ViewState("rapporter", [
    Param("dokument", default="aarsrapport", choices=["aarsrapport", "raadsmoede"]),
    Param("aar", default=today.year - 1, kind="int", choices=years),
    Param("format", default="pdf", choices=["pdf", "docx"]),
    Param("siden", default=default_since(today), kind="date"),
    Param("dato", default=today, kind="date"),
    Param("demo", default="nej", choices=["nej", "ja"]),
])
components.page_header("reports.page.title", "reports.page.intro")
view.show_notices()

st.segmented_control(t("reports.page.document"), ["aarsrapport", "raadsmoede"], key=view.key("dokument"),
                     format_func=lambda d: t(f"reports.page.kind_{d}"))
kind = view["dokument"] or "aarsrapport"
demo_available = has_demo_rows()
with st.container(border=True):
    if kind == "aarsrapport":
        c1, c2 = st.columns(2)
        c1.selectbox(t("reports.page.year"), years, key=view.key("aar"))
        c2.radio(t("reports.page.format"), ["pdf", "docx"], key=view.key("format"), horizontal=True,
                 format_func=lambda f: t(f"reports.page.format_{f}"))
        st.caption(t("reports.page.annual_help", month=format_month(annual.default_status_month(view["aar"], today), lang())))
    else:
        c1, c2 = st.columns(2)
        c1.date_input(t("reports.page.since"), key=view.key("siden"), min_value=dt.date(2019, 1, 1), max_value=today,
                      format="DD.MM.YYYY")
        c2.date_input(t("reports.page.meeting_date"), key=view.key("dato"), min_value=dt.date(2019, 1, 1),
                      max_value=today, format="DD.MM.YYYY")
        st.caption(describe_meeting(view["siden"], view["dato"]))
    if demo_available:
        st.radio(t("reports.page.demo"), ["nej", "ja"], key=view.key("demo"), horizontal=True,
                 format_func=lambda v: t(f"reports.page.demo_{v}"))
view.sync_url()

include_demo = demo_available and view["demo"] == "ja"
if kind == "aarsrapport":
    fmt = view["format"] or "pdf"
    file_name = f"aarsrapport-{view['aar']}{'-med-demo' if include_demo else ''}.{fmt}"
    values = {"year": view["aar"], "demo": include_demo}
else:
    fmt = "pdf"
    file_name = f"raadsmoede-{view['dato'].isoformat()}{'-med-demo' if include_demo else ''}.pdf"
    values = {"since": view["siden"], "meeting_date": view["dato"], "demo": include_demo}

if st.button(t("reports.page.build", name=file_name), type="primary", icon=":material/description:"):
    build_document(kind, fmt, values, file_name)
render_download()
with st.sidebar:
    view.copy_link("rapporter")
st.caption(t("reports.page.cli_hint"))
