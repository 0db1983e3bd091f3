"""Screening: which projects must be risk-assessed under the council's rule and lack an assessment,
which are in analysis without one, which cost more than the threshold since their assessment, the
secretariat's nomination list, and figures 4 and 5. The day judged, the view and the filters are
all in the URL."""

import datetime as dt

import streamlit as st

from dashboard import views as view_params
from dashboard.entry.checks import FIRST_MONTH
from dashboard.i18n import format_mkr
from dashboard.screening import rules, tables as screening_tables, vocab
from dashboard.ui import components, data, session, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.screening_widgets import project_links, screening_view, show_list
from dashboard.ui.screening_widgets import organisations as screening_organisations
from dashboard.ui.shell import page_path
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Notice

URL_PATH = "screening"
VIEWS = view_params.SCREENING_VIEWS  # URL value -> view code
LAST_DAY = dt.date(2100, 12, 31)

today = rules.today_in_copenhagen()
organisations = screening_organisations()
scopes = view_params.SCREENING_SCOPES
view = ViewState(URL_PATH, views.params(URL_PATH))
if view["dato"] is None or not FIRST_MONTH <= view["dato"] <= LAST_DAY:   # none, or one the rule never applied on
    view.notices.append(Notice("dato", str(view["dato"] or "")))
    view["dato"] = today
L = lang()

components.page_header("screening.title", "screening.intro")
view.show_notices()

judged_on = view["dato"]
thresholds = data.load("screening_thresholds")
with st.container(border=True):
    st.markdown(f"**{t('screening.rule_heading')}**")
    st.caption(t("screening.rule_text"))
    in_force = thresholds[thresholds["valid_from"].dt.date <= judged_on].sort_values("valid_from").groupby(
        "applies_to").tail(1)
    # plain texts here: the sentence below makes them inert once (twice would show "&#40;")
    items = [plain("screening.threshold_item", scope=plain(f"screening.threshold_scope.{r.applies_to}"),
                   amount=format_mkr(r.amount_mkr, L), date=rules._date(r.valid_from, L))
             for r in in_force.itertuples()]
    st.markdown(rules.tidy(t("screening.thresholds_in_force", date=rules._date(judged_on, L),
                             items="; ".join(items) or t("screening.no_threshold_in_force"))))
    with st.expander(t("screening.threshold_history")):
        st.dataframe(screening_tables.thresholds_view(thresholds, L), hide_index=True, width="stretch")

st.segmented_control(t("screening.view"), list(VIEWS), key=view.key("visning"), required=True,
                     format_func=lambda v: t(f"screening.views.{VIEWS[v]}"))
c1, c2, c3 = st.columns([1, 2, 2])
c1.date_input(t("screening.judged_on"), key=view.key("dato"), format="DD.MM.YYYY", help=t("screening.judged_on_help"),
              min_value=FIRST_MONTH, max_value=LAST_DAY)
c2.multiselect(t("columns.responsible"), organisations, key=view.key("ansvarlig"), placeholder=t("common.all"))
c3.multiselect(t("screening.scope_filter"), scopes, key=view.key("type"), placeholder=t("common.all"),
               format_func=lambda v: vocab.label("scope", vocab.from_url("scope", v), L))
view.sync_url()

which = VIEWS[view["visning"] or "skal-vurderes"]
judged_on = view["dato"]
chosen_scopes = [vocab.from_url("scope", v) for v in view["type"]]
shown = screening_view(which, judged_on, view["ansvarlig"], chosen_scopes, L)
st.caption(t(f"screening.views_intro.{which}"))
filters = [(t("screening.view"), t(f"screening.views.{which}")),
           (t("screening.judged_on"), rules._date(judged_on, L)),
           (t("columns.responsible"), ", ".join(view["ansvarlig"]) or t("common.all")),
           (t("screening.scope_filter"), ", ".join(vocab.label("scope", s, L) for s in chosen_scopes) or t("common.all")),
           (t("links.link"), view.link(URL_PATH))]
title = f"{t('screening.title')} – {t(f'screening.views.{which}')}"

head, link = st.columns([4, 1])
head.markdown(t("screening.count", shown=shown["count"], total=shown["total"]))
with link:
    view.copy_link(URL_PATH)
components.demo_banner(shown["rows"])
if which == "nominations":
    person = session.actor()
    if person is not None and person.can_write:
        st.page_link(page_path("indtastning"), label=t("screening.new_nomination"), icon=":material/add:",
                     query_params={"type": "indstilling", "id": "ny", "lang": L})
if which == "figure5":
    if shown["left_out"]:
        st.caption(t("screening.fig5.left_out", count=shown["left_out"]))
    if shown["no_phase"]:
        st.caption(t("screening.fig5.no_phase", count=shown["no_phase"]))

if shown["rows"].empty:
    empty = {"figure4": "screening.fig4.none", "figure5": "screening.fig5.none"}.get(which, "screening.none_in_list")
    st.info(t(empty), icon=":material/filter_alt_off:")
else:
    if "figure" in shown:
        components.chart_with_table(shown["figure"], shown["counts"], key=f"screening_{which}")
    table = shown["table"]
    show_list(table)
    components.download_buttons(table, title, filters, key=f"screening:{which}")
    project_links(shown["rows"])
st.caption(t("app.source_note"))
