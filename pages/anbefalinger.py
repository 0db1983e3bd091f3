"""Anbefalinger: the council's recommendations (report section 4, figures 2 and 3) as an
experience database: breakdowns by focus area and subcategory beside the published figure,
drill-down to the recommendations and on to the project, Danish full-text search, the projects'
follow-up, the risks identified beside them (same search and filters), and the report's good
advice. Figures 2 and 3 count risk assessments' recommendations only; the list, the follow-up and
the risks show sparring meetings' too, with the activity named. Every filter, the search and the
view are in the URL.
"""

import streamlit as st

from dashboard import domain
from dashboard.recommendations import charts as rc
from dashboard.i18n import format_number
from dashboard.recommendations.queries import ACTIVITY_TYPES, FOLLOWUP_STATES, check_rounding
from dashboard.text import literal
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, plain, t
from dashboard.ui.recommendation_widgets import followup_metrics, render_list, render_risks
from dashboard.ui.tables import grid
from dashboard.ui.urlstate import ViewState

PAGE = "anbefalinger"
VIEWS = {"fordeling": "recommendations.view_breakdown", "anbefalinger": "recommendations.view_list",
         "opfoelgning": "recommendations.view_followup", "risici": "recommendations.view_risks",
         "gode-raad": "recommendations.view_advice"}
ACTIVITIES = {domain.to_url_value("activity_type", c): c for c in ACTIVITY_TYPES}
FOLLOWUP_CHART_LIMIT = 25

components.page_header("recommendations.title", "recommendations.intro")

# --- the choices, then the state from the URL ---------------------------------------------------
taxonomy = data.load("recommendations_taxonomy")
projects = data.load("recommendations_projects")
organisations = data.load("recommendations_organisations")
months = views.recommendation_months()
focus_names = dict(zip(taxonomy["focus_area"], rc.name(taxonomy, lang(), "focus_")))
sub_names = dict(zip(taxonomy["subcategory"], rc.name(taxonomy, lang())))
sub_area = dict(zip(taxonomy["subcategory"], taxonomy["focus_area"]))
project_names = dict(zip(projects["slug"], projects["name"]))

view = ViewState(PAGE, views.params(PAGE), choices={
    "fra": months, "til": months, "ansvarlig": list(organisations["name"]), "projekt": list(projects["slug"]),
    "fokus": list(focus_names), "underkategori": list(sub_names)})

notes = []
if view["fra"] > view["til"]:
    view["fra"], view["til"] = view["til"], view["fra"]
    notes.append(t("recommendations.period_swapped"))
if view["underkategori"] and view["fokus"] and sub_area[view["underkategori"]] != view["fokus"]:
    notes.append(t("recommendations.subcategory_other_area", subcategory=sub_names[view["underkategori"]],
                   focus=focus_names[view["fokus"]]))
    view["underkategori"] = None
elif view["underkategori"]:
    view["fokus"] = sub_area[view["underkategori"]]

view.show_notices()
for note in notes:
    st.warning(note, icon="⚠️")


def _focus_changed() -> None:
    # A subcategory of another focus area no longer applies.
    if view["underkategori"] and sub_area[view["underkategori"]] != view["fokus"]:
        view["underkategori"] = None


def _drill(kind: str) -> None:
    """A focus area or subcategory picked under a figure: show its recommendations."""
    key = f"{PAGE}:drill_{kind}"
    value = st.session_state.get(key)
    if not value:
        return
    if kind == "fokus":
        view["fokus"], view["underkategori"] = value, None
    else:
        view["fokus"], view["underkategori"] = sub_area[value], value
    view["visning"] = "anbefalinger"
    st.session_state[key] = None


def _show_focus(code: str) -> None:
    view["fokus"], view["underkategori"], view["visning"] = code, None, "anbefalinger"


# --- filters --------------------------------------------------------------------------------
with st.container(border=True):
    cols = st.columns([1, 1, 1.2, 1.4, 2])
    cols[0].selectbox(t("recommendations.month_from"), options=months, key=view.key("fra"),
                      help=t("recommendations.period_help"))
    cols[1].selectbox(t("recommendations.month_to"), options=months, key=view.key("til"),
                      help=t("recommendations.period_help"))
    cols[2].multiselect(t("recommendations.profiles"), options=list(domain.RISK_PROFILES),
                        format_func=lambda p: domain.profile_label(p, lang()), key=view.key("profil"),
                        placeholder=t("recommendations.profiles_all"))
    cols[3].selectbox(t("recommendations.responsible"), options=[None, *organisations["name"]],
                      format_func=lambda o: o or t("recommendations.all"), key=view.key("ansvarlig"),
                      placeholder=t("recommendations.all"))
    cols[4].selectbox(t("recommendations.project"), options=[None, *projects["slug"]],
                      format_func=lambda s: project_names.get(s, s) if s else t("recommendations.all"),
                      key=view.key("projekt"), placeholder=t("recommendations.all"))
    st.text_input(t("recommendations.risks_search" if view["visning"] == "risici" else "recommendations.search"),
                  key=view.key("soeg"), help=t("recommendations.search_help"),
                  max_chars=200, icon=":material/search:")

with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.segmented_control(t("recommendations.view"), options=list(VIEWS), format_func=lambda v: t(VIEWS[v]),
                         key=view.key("visning"), required=True, label_visibility="collapsed")
    view.copy_link(PAGE)

filters = {"month_from": view["fra"], "month_to": view["til"], "profiles": tuple(view["profil"] or ()),
           "organisation": view["ansvarlig"], "project": view["projekt"], "search": view["soeg"]}
current = view["visning"]
activities = (ACTIVITIES[view["aktivitet"]],) if view["aktivitet"] else ()
drill = {"focus_area": view["fokus"], "subcategory": view["underkategori"], "followup": view["opfoelgning"],
         "activities": activities}


def _described(with_drill: bool) -> list[tuple[str, str]]:
    """The active filters in words and the view's link, written into downloaded files."""
    out = [(plain("recommendations.month_from"), view["fra"]), (plain("recommendations.month_to"), view["til"])]
    if view["profil"]:
        out.append((plain("recommendations.profiles"), ", ".join(view["profil"])))
    if view["ansvarlig"]:
        out.append((plain("recommendations.responsible"), view["ansvarlig"]))
    if view["projekt"]:
        out.append((plain("recommendations.project"), project_names.get(view["projekt"], view["projekt"])))
    if view["soeg"]:
        out.append((plain("recommendations.search"), view["soeg"]))
    if with_drill:
        if view["aktivitet"]:
            out.append((plain("recommendations.activity"),
                        domain.label("activity_type", ACTIVITIES[view["aktivitet"]], lang())))
        if view["fokus"]:
            out.append((plain("recommendations.focus_area"), focus_names[view["fokus"]]))
        if view["underkategori"]:
            out.append((plain("recommendations.subcategory"), sub_names[view["underkategori"]]))
        if view["opfoelgning"] and current != "risici":
            out.append((plain("recommendations.followup"), rc.followup_label(view["opfoelgning"], lang())))
    out.append((plain("links.link"), view.link(PAGE)))
    return out


def _focus_selector(container) -> None:
    container.selectbox(t("recommendations.focus_area"), options=[None, *focus_names],
                        format_func=lambda c: focus_names[c] if c else t("recommendations.all"),
                        key=view.key("fokus"), on_change=_focus_changed, placeholder=t("recommendations.all"))


def _drill_selectors(with_followup: bool = True) -> None:
    """Focus area, subcategory, follow-up state (not for the risks) and the activity: what the list,
    the follow-up and the risks are narrowed to."""
    cols = st.columns(4 if with_followup else 3)
    _focus_selector(cols[0])
    subs = [s for s in sub_names if not view["fokus"] or sub_area[s] == view["fokus"]]
    cols[1].selectbox(t("recommendations.subcategory"), options=[None, *subs],
                      format_func=lambda c: sub_names[c] if c else t("recommendations.all"),
                      key=view.key("underkategori"), placeholder=t("recommendations.all"))
    if with_followup:
        cols[2].selectbox(t("recommendations.followup"), options=[None, *FOLLOWUP_STATES],
                          format_func=lambda c: rc.followup_label(c, lang()) if c else t("recommendations.all"),
                          key=view.key("opfoelgning"), placeholder=t("recommendations.all"))
    cols[-1].selectbox(t("recommendations.activity"), options=[None, *ACTIVITIES],
                       format_func=lambda v: domain.label("activity_type", ACTIVITIES[v], lang()) if v
                       else t("recommendations.all"),
                       key=view.key("aktivitet"), placeholder=t("recommendations.all"),
                       help=t("recommendations.activity_help"))


by_focus = data.load("recommendations_by_focus_area", **filters)
focus_counts = dict(zip(by_focus["focus_area"], by_focus["count"]))

# --- Fordeling: figures 2 and 3 -----------------------------------------------------------------
if current == "fordeling":
    components.demo_banner(by_focus)
    published = data.load("recommendation_shares")
    st.caption(t("recommendations.list_count", count=format_number(int(by_focus["count"].sum()), lang())))
    st.caption(t("recommendations.figures_only_assessments"))
    st.subheader(t("recommendations.figure2_heading"))
    chart_col, table_col = st.columns(2)
    with chart_col:
        components.chart_with_table(rc.focus_area_comparison(by_focus, lang()),
                                    rc.focus_area_table(by_focus, lang()), key="figure2")
    with table_col:
        grid(rc.focus_area_table(by_focus, lang()), name=t("rec_columns.focus_area"), width=470)
        if not published.empty:
            first, last = int(published["period_from"].min()), int(published["period_to"].max())
            total = int(published["total_count"].iloc[0])
            st.caption(t("recommendations.figure2_compare", total=total, first=first, last=last))
            narrowed = (view["profil"] or view["ansvarlig"] or view["projekt"] or view["soeg"]
                        or view["fra"] > f"{first}-01" or view["til"] < f"{last}-12")
            if narrowed:
                st.caption(t("recommendations.figure2_filtered", total=total, first=first, last=last))
            check = check_rounding(dict(zip(published["focus_area"], published["share_pct"])), total)
            st.info(rc.rounding_note(check, by_focus, lang()), icon=":material/calculate:")
    st.pills(t("recommendations.drill_focus"), options=list(focus_names),
             format_func=lambda c: f"{literal(focus_names[c])} ({focus_counts.get(c, 0)})",
             key=f"{PAGE}:drill_fokus", on_change=_drill, args=("fokus",))

    st.subheader(t("recommendations.figure3_heading"))
    by_sub = data.load("recommendations_by_subcategory", **filters)
    components.chart_with_table(rc.subcategory_chart(by_sub, lang()), rc.subcategory_table(by_sub, lang()),
                                key="figure3")
    sub_counts = dict(zip(by_sub["subcategory"], by_sub["count"]))
    st.pills(t("recommendations.drill_subcategory"), options=list(sub_names),
             format_func=lambda c: f"{literal(sub_names[c])} ({sub_counts.get(c, 0)})",
             key=f"{PAGE}:drill_underkategori", on_change=_drill, args=("underkategori",))

# --- Anbefalinger: the drill-down list ----------------------------------------------------------
elif current == "anbefalinger":
    _drill_selectors()
    listing = data.load("recommendations_list", **filters, **drill)
    components.demo_banner(listing)
    st.subheader(t("recommendations.list_heading"))
    render_list(listing, _described(with_drill=True), key="recommendations")
    if view["fokus"]:
        advice = data.load("recommendations_good_advice")
        advice = advice[advice["focus_area"] == view["fokus"]]
        if not advice.empty:
            with st.expander(t("recommendations.advice_for_focus", focus=focus_names[view["fokus"]]),
                             icon=":material/lightbulb:"):
                for row in advice.itertuples():
                    st.markdown(f"**{literal(row.title)}**  \n{literal(row.text)}")
                st.caption(t("recommendations.source", source=advice["source_ref"].iloc[0]))

# --- Opfølgning: per project -------------------------------------------------------------------
elif current == "opfoelgning":
    _drill_selectors()
    followup = data.load("recommendations_followup", **filters, **drill)
    components.demo_banner(followup)
    st.subheader(t("recommendations.followup_heading"))
    st.caption(t("recommendations.followup_intro"))
    if followup.empty:
        st.info(t("recommendations.none"), icon=":material/search_off:")
    else:
        followup_metrics(followup)
        table = rc.followup_view(followup, lang())
        if len(followup) <= FOLLOWUP_CHART_LIMIT:
            components.chart_with_table(rc.followup_chart(followup, lang()), table, key="followup")
        else:
            st.caption(t("recommendations.followup_chart_skipped", limit=FOLLOWUP_CHART_LIMIT))
        grid(table, link=t("rec_columns.link"), name=t("rec_columns.project"))
        components.download_buttons(table, t("recommendations.followup_file"), _described(with_drill=True),
                                    key="followup")

# --- Risici: the risks identified, searched and filtered like the recommendations ----------------
elif current == "risici":
    _drill_selectors(with_followup=False)
    risks = data.load("recommendations_risks", **filters, focus_area=view["fokus"],
                      subcategory=view["underkategori"], activities=activities)
    components.demo_banner(risks)
    st.subheader(t("recommendations.risks_heading"))
    st.caption(t("recommendations.risks_intro"))
    render_risks(risks, _described(with_drill=True), key="risks")

# --- Gode råd: the report's advice by focus area -----------------------------------------------
else:
    advice = data.load("recommendations_good_advice")
    st.subheader(t("recommendations.advice_heading"))
    st.caption(t("recommendations.advice_intro"))
    _focus_selector(st.columns(3)[0])
    for code, focus in focus_names.items():
        if view["fokus"] and code != view["fokus"]:
            continue
        items = advice[advice["focus_area"] == code]
        with st.container(border=True):
            st.markdown(f"#### {literal(focus)}")
            st.caption(t("recommendations.advice_count", count=format_number(focus_counts.get(code, 0), lang())))
            if items.empty:
                st.caption(t("recommendations.advice_none"))
            for row in items.itertuples():
                st.markdown(f"**{literal(row.title)}**  \n{literal(row.text)}")
            st.button(t("recommendations.show_focus"), key=f"{PAGE}:show:{code}", on_click=_show_focus,
                      args=(code,), icon=":material/arrow_forward:")
    if not advice.empty:
        st.caption(t("recommendations.source", source=advice["source_ref"].iloc[0]))

st.caption(t("app.source_note"))
view.sync_url()
