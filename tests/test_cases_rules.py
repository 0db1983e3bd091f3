"""Where a case stands (dashboard.cases.rules), without a database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.cases import rules, tables

D = dt.date
TODAY = D(2024, 4, 15)


def test_an_open_assessment_past_its_letter_day_is_overdue_in_words():
    steps = [("request", None, D(2024, 3, 1)), ("documents_received", D(2024, 3, 25), D(2024, 3, 25)),
             ("startup_meeting", D(2024, 3, 26), D(2024, 3, 27)), ("dialogue_meeting", D(2024, 4, 20), None)]
    p = rules.progress("risk_assessment", "open", D(2024, 3, 1), steps, TODAY)
    assert p.current_step == "startup_meeting" and p.next_step == "risk_workshop"
    assert p.letter_due == D(2024, 4, 11)                   # 10 working days across Easter
    assert p.days_used == 12 and p.days_left == -2          # 2 April ... 15 April
    assert p.overdue_steps == ["letter_sent"] and p.overdue_days == [D(2024, 4, 11)]
    assert p.next_deadline == D(2024, 4, 11) and p.next_deadline_step == "letter_sent"
    assert tables.overdue_text(p.overdue_steps, "open", "da") == "OVERSKREDET: Anbefalingsbrev sendt"
    assert tables.clock_text(p.days_used, "da") == "12 af 10 arbejdsdage – 2 over"
    assert rules.step_status(D(2024, 3, 26), D(2024, 3, 27), TODAY) == "done_late"
    assert rules.step_status(D(2024, 4, 20), None, TODAY) == "planned"


def test_a_closed_case_has_no_deadlines_and_a_sparring_meeting_no_clock():
    closed = rules.progress("risk_assessment", "closed", D(2023, 2, 1), [("letter_sent", D(2023, 2, 1), None)], TODAY)
    assert closed.overdue_steps == [] and closed.next_deadline is None
    sparring = rules.progress("sparring", "open", None, [("sparring_planned", None, D(2024, 4, 1)),
                                                         ("meeting_held", D(2024, 4, 10), None)], TODAY)
    assert sparring.days_used is None and sparring.overdue_steps == ["meeting_held"] and sparring.year == 2024


def test_filters_and_deadlines():
    cases = pd.DataFrame({"case_id": [1, 2, 3], "kind": ["risk_assessment", "sparring", "risk_assessment"],
                          "state": ["open", "open", "closed"], "month": [pd.Timestamp("2024-04-01"), pd.NaT,
                                                                         pd.Timestamp("2022-11-01")],
                          "members": ["Jane Kraglund; Lars Mathiesen", "", ""],
                          # the recorded steps as dashboard.cases.queries.cases_list gives them
                          "step_codes": [["documents_received"], ["meeting_held"], []],
                          "step_planned": [[None], [D(2024, 5, 1)], []],
                          "step_done": [[D(2024, 3, 25)], [None], []]})
    frame = rules.with_progress(cases, TODAY)
    assert list(frame["overdue"]) == [True, False, False]
    assert list(rules.apply_filter(frame, rules.CaseFilter(overdue="overdue"))["case_id"]) == [1]
    assert list(rules.apply_filter(frame, rules.CaseFilter(members=["Lars Mathiesen"]))["case_id"]) == [1]
    assert list(rules.apply_filter(frame, rules.CaseFilter(steps=["none"]))["case_id"]) == [2, 3]
    assert list(rules.apply_filter(frame, rules.CaseFilter(years=[2022]))["case_id"]) == [3]
    assert list(rules.deadlines(frame, TODAY)["case_id"]) == [1, 2]


def test_progress_as_of_a_day_ignores_steps_done_after_it():
    """A meeting's pack reckons as of the meeting day: a letter sent after it is still awaited."""
    cases = pd.DataFrame({"case_id": [7], "kind": ["risk_assessment"], "state": ["open"],
                          "month": [pd.Timestamp("2024-04-01")], "members": [""],
                          "step_codes": [["documents_received", "letter_sent"]],
                          "step_planned": [[None, None]],
                          "step_done": [[D(2024, 4, 2), D(2024, 4, 16)]]})
    on_the_day = rules.with_progress(cases, D(2024, 4, 16)).iloc[0]
    assert on_the_day["current_step"] == "letter_sent" and on_the_day["days_used"] == 10
    before = rules.with_progress(cases, D(2024, 4, 12)).iloc[0]
    assert before["current_step"] == "documents_received"
    assert before["days_used"] == 8 and before["next_deadline"] == D(2024, 4, 16)
