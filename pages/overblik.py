"""Overblik: the director's front page. The first screen answers "how does the portfolio stand
before the meeting": the running projects by their latest overall status, what changed since
the last council meeting, and the projects that need attention with what, why, since when and
the chosen action. The council's activity counts and figure 9 follow below.

Built from small, aggregated queries (front_page_status, front_page_attention, status_changes,
key_figures, risk_matrix) so that the first run after a write stays fast (docs/performance.md).
"""

import streamlit as st

from dashboard import charts, domain, tables
from dashboard.status import attention
from dashboard.status import queries as status
from dashboard.status import charts as status_charts
from dashboard.i18n import format_date, format_number
from dashboard.tables import month_text
from dashboard.text import literal
from dashboard.ui import components, data, session, views
from dashboard.ui.context import lang, t
from dashboard.ui.urlstate import ViewState

ATTENTION_CARDS = 10
CHANGES_SHOWN = 6

L = lang()
view = ViewState("overblik", views.params(""))
components.page_header("overview.title", "overview.intro")
view.show_notices()

# The secretariat starts with the cases' deadlines (issue 13): what is due soon and what is overdue.
if session.can_see("secretariat", session.actor()):
    from dashboard.cases.rules import today_in_copenhagen
    from dashboard.ui.cases_widgets import render_deadlines

    render_deadlines(today_in_copenhagen())

groups = data.load("front_page_status")
as_of = groups["as_of"].dropna()
as_of = as_of.iloc[0].date() if not as_of.empty else None
counts = attention.category_counts(groups)
components.demo_banner(groups)
components.last_changed(data.current_version()[1])

# --- the portfolio by latest overall status ------------------------------------------------------
if as_of is None:
    st.subheader(t("overview.status_heading_none"))
else:
    st.subheader(t("overview.status_heading", month=month_text(as_of, L)))
    if attention.is_old(as_of):
        st.warning(t("overview.status_old", month=month_text(as_of, L)), icon=":material/history:")
# Side by side on a wide screen; on a phone one short line (style.css shows one of the two).
with st.container(horizontal=True, gap="small", key="wide-only-status-groups"):
    for category in attention.CATEGORIES:
        number, names = counts[category]
        shown = ", ".join(names) + (" …" if number > len(names) else "")
        st.metric(t(f"overview.category_{category}"), format_number(number, L), border=True,
                  width=172, help=t(f"overview.category_{category}_help") + (f"  \n\n{literal(shown)}" if names else ""))
with st.container(key="phone-only-status-groups"):
    st.markdown(" · ".join(f"{t(f'overview.category_{c}')} **{format_number(counts[c][0], L)}**"
                           for c in attention.CATEGORIES))

# --- needs attention | changed since the last council meeting -----------------------------------
left, right = st.columns([3, 2], gap="large")
with left:
    # Without any report nothing can be yellow or red: the query is not run.
    concerns_frame = data.load("front_page_attention", row_limit=ATTENTION_CARDS) if as_of is not None else None
    total = int(concerns_frame["rows_total"].iloc[0]) if concerns_frame is not None and not concerns_frame.empty else 0
    st.subheader(t("overview.attention_heading", count=format_number(total, L)))
    if as_of is None:
        st.info(t("status.no_reports"), icon=":material/info:")
    elif concerns_frame.empty:
        st.success(t("overview.attention_none"), icon=":material/check_circle:")
    else:
        cause_names = components.cause_names()
        for concern in attention.from_front_page(concerns_frame):
            components.concern_card(concern, cause_names, as_of)
        if total > ATTENTION_CARDS:
            views.page_link("status", t("overview.attention_more", count=total - ATTENTION_CARDS),
                            icon=":material/traffic:")

with right:
    st.subheader(t("overview.changes_heading"))
    if as_of is None:
        st.caption(t("overview.changes_no_reports"))
    else:
        st.date_input(t("overview.meeting"), key=view.key("siden"), format="DD.MM.YYYY",
                      help=t("overview.meeting_help"))
        since = view["siden"] or status.default_since(as_of)
        changes = data.load("status_changes", since=since, parameter="overall", project=None, row_limit=CHANGES_SHOWN)
        changed = int(changes["rows_total"].iloc[0]) if not changes.empty else 0
        worse = int(changes["worse_total"].iloc[0]) if not changes.empty else 0
        if not changed:
            st.info(t("overview.changes_none", date=format_date(since, L)), icon=":material/check_circle:")
        else:
            st.markdown(t("overview.changes_summary", count=format_number(changed, L), date=format_date(since, L),
                          worse=format_number(worse, L), better=format_number(changed - worse, L)))
            lines = [t("overview.change_line", name=row.name, month=month_text(row.month, L),
                       before=status_charts.status_label(row.previous_colour, L),
                       after=status_charts.status_label(row.colour, L),
                       direction=t(f"status.direction_{row.direction}").lower())
                     for row in changes.itertuples()]
            st.markdown("\n".join(f"- {line}" for line in lines))
        views.page_link("status", t("overview.changes_all"), icon=":material/change_history:",
                        visning="aendringer", siden=since)
view.sync_url()

# --- below the first screen: the council's activities and figure 9 ---------------------------------
st.divider()
st.subheader(t("overview.activities_heading"))
figures = data.load("key_figures")
held = figures[figures["figure"] == "held_by_type"].set_index("code")
profiles = figures[figures["figure"] == "profiles"].set_index("code")["value"]
states = figures[figures["figure"] == "projects_by_state"].set_index("code")["value"]

cols = st.columns(5)
for col, code, label_key in ((cols[0], "risk_assessment", "overview.risk_assessments"),
                             (cols[1], "sparring_meeting", "overview.sparring_meetings")):
    value = int(held.loc[code, "value"]) if code in held.index else 0
    col.metric(t(label_key), value, border=True)
    if code in held.index:
        col.caption(t("overview.held_in", period=t("overview.period", first=held.loc[code, "first_year"],
                                                      last=held.loc[code, "last_year"])))
for col, profile in zip(cols[2:], domain.RISK_PROFILES):
    col.metric(t("overview.profile_count", profile=profile), int(profiles.get(profile, 0)), border=True)
    col.caption(domain.profile_label(profile, L))
st.caption(" · ".join(f"{domain.label('state', code, L)}: {int(states.get(code, 0))}"
                      for code in domain.PROJECT_STATES) + f" · {t('overview.projects')}: {int(states.sum())}")


def _per_year(figures, lang):
    counts = charts.held_per_year(figures, lang)
    return charts.activities_per_year(counts, lang), tables.activities_per_year(counts, lang)


def _matrix(matrix, lang):
    return charts.risk_matrix(matrix, lang), charts.risk_matrix_table(matrix, lang)


# The charts are the same for every viewer: built once per data version and language.
chart_left, chart_right = st.columns(2)
with chart_left:
    components.chart_with_table(*data.derived(_per_year, "key_figures", lang=L), key="per_year")
with chart_right:
    components.chart_with_table(*data.derived(_matrix, "risk_matrix", lang=L), key="matrix")

views.page_link("portefolje", t("overview.to_portfolio", count=int(states.sum())), icon=":material/table_rows:")
st.caption(t("app.source_note"))
