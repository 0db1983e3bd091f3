"""Sag: one assessment case: its timeline (planned against done), the working-day clock, the
participants, the letter (general statement, risk profile, recommendations), the risks, the
project's response and the evaluation; links to the project page and back to the list."""

import streamlit as st

from dashboard import domain
from dashboard.cases import clock, rules, tables as case_tables, vocab
from dashboard.i18n import format_date
from dashboard.tables import month_text
from dashboard.text import literal
from dashboard.ui import components, data, views
from dashboard.ui.context import lang, t
from dashboard.ui.urlstate import ViewState
from dashboard.viewstate import Notice

L = lang()
today = rules.today_in_copenhagen()
view = ViewState("sag", views.params("sag"))
if view["id"] is not None and not (str(view["id"]).isascii() and str(view["id"]).isdigit()):
    view.notices.append(Notice("id", str(view["id"])))   # not a case number: the usual notice
    view["id"] = None
view.sync_url()

if view["id"] is None:
    components.page_header("nav.case")
    view.show_notices()
    st.info(t("cases.case.choose"), icon=":material/assignment:")
    views.page_link("sager", t("cases.case.to_list"), icon=":material/assignment:")
    st.stop()

case_id = int(view["id"])
found = data.load("cases_list", case_id=case_id)
if found.empty:
    components.page_header("nav.case")
    view.show_notices()
    st.warning(t("cases.case.unknown"), icon=":material/search_off:")
    views.page_link("sager", t("cases.case.to_list"), icon=":material/assignment:")
    st.stop()

steps = data.load("cases_steps", case_id=case_id)
case = found.iloc[0]
progress = rules.progresses(found, today)[0]

st.title(t("cases.case.title", project=case["project_name"]))
month = month_text(case["month"], L) or t("format.awaiting")
st.caption(t("cases.case.summary", kind=vocab.label("kind", case["kind"], L), month=month,
             state=vocab.label("state", case["state"], L)))
components.demo_banner(found)
with st.container(horizontal=True, gap="small"):
    views.page_link("projekt", t("cases.case.to_project"), icon=":material/folder_open:", id=case["slug"])
    views.page_link("sager", t("cases.case.to_list"), icon=":material/assignment:")
    view.copy_link("sag")

facts = [(t("cases.col.step"), vocab.label("step", progress.current_step, L) if progress.current_step
          else t("cases.step_none")),
         (t("cases.col.next_deadline"), case_tables.deadline_text(progress.next_deadline_step, progress.next_deadline, L)),
         (t("cases.col.overdue"), case_tables.overdue_text(progress.overdue_steps, case["state"], L)),
         (t("cases.case.requested_by"), vocab.label("requester", case["requested_by"], L)
          if case["requested_by"] else ""),
         (t("cases.col.partner"), domain.label("council", case["partner_council"], L)
          if isinstance(case["partner_council"], str) else "")]
components.facts(facts)
if case["note"]:
    st.text(case["note"])

# --- the clock (risk assessments) ----------------------------------------------------------------
if case["kind"] == "risk_assessment":
    st.subheader(t("cases.case.clock"))
    done = {s: d for s, _, d in rules.recorded_steps(found, today)[0] if d}
    if progress.days_used is None:
        st.caption(t("cases.case.clock_not_started"))
    else:
        start = format_date(done[vocab.CLOCK_START], L)
        used = progress.days_used
        if vocab.CLOCK_END in done:
            st.markdown(t("cases.case.clock_sent", start=start, sent=format_date(done[vocab.CLOCK_END], L), used=used))
        else:
            st.markdown(t("cases.case.clock_text", start=start, due=format_date(progress.letter_due, L), used=used,
                          left=max(progress.days_left, 0)))
        st.progress(min(used, clock.BUDGET_WORKING_DAYS) / clock.BUDGET_WORKING_DAYS,
                    text=case_tables.clock_text(used, L))
        if used > clock.BUDGET_WORKING_DAYS:
            st.warning(t("cases.case.clock_over", over=used - clock.BUDGET_WORKING_DAYS), icon=":material/schedule:")

# --- the timeline ---------------------------------------------------------------------------------
st.subheader(t("cases.case.timeline"))
timeline = case_tables.timeline_view(case["kind"], steps, today, L)
st.dataframe(timeline, hide_index=True, width="stretch")
if case["provenance"] == "published":
    st.caption(t("cases.published_note"))

# --- participants ---------------------------------------------------------------------------------
st.subheader(t("cases.case.participants"))
people = data.load("cases_participants", case_id=case_id)
if people.empty:
    st.caption(t("cases.case.no_participants"))
for p in people.itertuples():
    role = t("cases.case.member_role") if p.role == "member" else t("cases.case.assessor_role")
    where = ", ".join(x for x in (p.title, p.organisation) if isinstance(x, str) and x)
    if p.role == "assessor" and p.field:
        where = ", ".join(x for x in (where, vocab.label("field", p.field, L)) if x)
    standing = "" if p.role != "member" else " · " + (t("cases.case.eligible_yes") if p.eligible
                                                       else t("cases.case.not_eligible"))
    st.markdown(f"{role}: **{literal(p.name)}**" + (f" ({literal(where)})" if where else "") + standing)

# --- the letter or the minutes, risks, recommendations --------------------------------------------
findings = data.load("cases_findings", case_id=case_id)
if case["kind"] == "risk_assessment":
    st.subheader(t("cases.case.letter"))
    letter = data.load("cases_letter", case_id=case_id)
    if letter.empty:
        st.caption(t("cases.case.no_letter"))
    else:
        part = letter.iloc[0]
        if part["general_statement"]:
            st.markdown(f"**{t('cases.case.general_statement')}**")
            st.text(part["general_statement"])
        if part["profile"]:
            st.markdown(f"**{t('cases.case.risk_profile')}**: {literal(domain.profile_label(part['profile'], L))}")
            if part["complexity"]:
                st.markdown(t("cases.case.matrix", complexity=t(f"entry.complexity.{part['complexity']}"),
                              risk=t(f"entry.risk.{part['risk']}")))
            criteria = [c for c in part["criteria"].split(",") if c]
            if criteria:
                st.markdown(f"{t('cases.case.criteria')}: " + literal(", ".join(vocab.label("criterion", c, L)
                                                                               for c in criteria)))
            if part["judgement"]:
                st.markdown(f"{t('cases.case.judgement')}:")
                st.text(part["judgement"])
        if part["lowering_advice"]:
            st.markdown(f"**{t('cases.case.lowering_advice')}**")
            st.text(part["lowering_advice"])


def _finding_list(kind: str, heading: str, empty: str) -> None:
    st.subheader(t(heading))
    rows = findings[findings["finding"] == kind]
    if rows.empty:
        st.caption(t(empty))
        return
    area = "focus_area_en" if L == "en" else "focus_area_da"
    sub = "subcategory_en" if L == "en" else "subcategory_da"
    for r in rows.itertuples():
        state = f" · {t(f'followup.{r.followup}')}" if kind == "recommendation" and r.followup else ""
        st.markdown(f"- {literal(getattr(r, area))} › {literal(getattr(r, sub))}{state}: {literal(r.text)}")


_finding_list("risk", "cases.case.risks", "cases.case.no_risks")
_finding_list("recommendation", "cases.case.recommendations", "cases.case.no_recommendations")

# --- response and evaluation ----------------------------------------------------------------------
feedback = data.load("cases_feedback", case_id=case_id)
if case["kind"] == "risk_assessment":
    st.subheader(t("cases.case.response"))
    responses = feedback[feedback["record"] == "response"]
    if responses.empty:
        st.caption(t("cases.case.no_response"))
    for r in responses.itertuples():
        st.markdown(t("cases.case.response_line", date=format_date(r.received_on.date(), L), text=r.text))
st.subheader(t("cases.case.evaluation"))
evaluations = feedback[feedback["record"] == "evaluation"]
if evaluations.empty:
    st.caption(t("cases.case.no_evaluation"))
for r in evaluations.itertuples():
    st.markdown(t("cases.case.evaluation_line", respondent=vocab.label("respondent", r.respondent, L),
                  date=format_date(r.received_on.date(), L), process=r.score_process, output=r.score_output,
                  value=r.score_value))
    if r.text:
        st.text(r.text)
if case["source_ref"]:
    st.caption(t("cases.case.source", source=case["source_ref"]))
st.caption(t("app.source_note"))
