"""The secretariat's case forms through the entry service: the rules of migration 0050 answered
with field messages, nothing written on a refusal."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard.accounts import Actor, PermissionDenied
from dashboard.entry import service
from helpers import table_checksums
from tests.cases_helpers import D, add_activity, assign, declare, open_case, record_step

ANNA = Actor("anna", "secretariat")


@pytest.fixture
def case_db(db):
    with db.begin() as conn:
        case = open_case(conn, "apovision", month=D(2024, 3, 1))
        declare(conn, "Henning Voss", "apovision", reason="Formand for projektets styregruppe")
        members = dict(conn.execute(sa.text("SELECT name, id FROM council_member")).all())
    return {"db": db, "case": case, "members": members}


def _save(kind, values, record_id=None, version=None):
    return service.save(kind, values, ANNA, token=service.new_token(), record_id=record_id, opened_version=version)


def test_a_declared_member_is_refused_with_the_reason_and_nothing_is_written(case_db):
    db, case, members = case_db["db"], case_db["case"], case_db["members"]
    with db.connect() as conn:
        before = table_checksums(conn)
    result = _save("case_member", {"case": case, "member": members["Henning Voss"]})
    assert result.status == "invalid"
    message = result.messages()["member"]
    assert "Henning Voss" in message and "Formand for projektets styregruppe" in message
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_two_members_then_steps(case_db):
    db, case, members = case_db["db"], case_db["case"], case_db["members"]
    assert _save("case_member", {"case": case, "member": members["Jane Kraglund"]}).status == "saved"
    assert _save("case_step", {"case": case, "step": "request", "done_on": D(2024, 2, 20),
                               "done_by": "RSI-kredsen"}).status == "saved"
    # One member: the case cannot start.
    refused = _save("case_step", {"case": case, "step": "documents_received", "done_on": D(2024, 3, 25)})
    assert refused.status == "invalid" and refused.errors["done_on"].code == "two_members_needed"
    assert "to habile" in refused.messages()["done_on"]
    assert _save("case_member", {"case": case, "member": members["Lars Mathiesen"]}).status == "saved"
    assert _save("case_step", {"case": case, "step": "documents_received", "done_on": D(2024, 3, 25)}).status == "saved"
    # Before the step it follows, in the future: refused with the reason.
    early = _save("case_step", {"case": case, "step": "startup_meeting", "done_on": D(2024, 3, 20)})
    assert early.errors["done_on"].code == "step_before"
    assert "Projektmateriale modtaget" in early.messages()["done_on"]
    future = _save("case_step", {"case": case, "step": "startup_meeting",
                                 "done_on": dt.date.today() + dt.timedelta(days=3)})
    assert future.errors["done_on"].code == "date_in_future"
    sparring = _save("case_step", {"case": case, "step": "minutes_sent", "done_on": D(2024, 3, 26)})
    assert sparring.errors["step"].code == "step_not_on_path"
    assert _save("case_step", {"case": case, "step": "letter_sent", "planned_on": D(2024, 4, 11)}).status == "saved"
    with db.connect() as conn:
        steps = conn.execute(sa.text("SELECT step::text, done_on FROM case_step WHERE case_id = :c ORDER BY id"),
                             {"c": case}).all()
        audited = conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE table_name = 'case_step'"
                                       " AND app_user = 'anna'")).scalar()
    assert [s[0] for s in steps] == ["request", "documents_received", "letter_sent"]
    assert audited == 3


def test_taking_a_member_off_a_started_case_is_refused(case_db):
    db, case = case_db["db"], case_db["case"]
    with db.begin() as conn:
        assign(conn, case, "Jane Kraglund")
        kept = assign(conn, case, "Lars Mathiesen")
        record_step(conn, case, "documents_received", D(2024, 3, 25))
    opened = service.open_record("case_member", kept)
    deleted = service.delete("case_member", kept, ANNA, opened_version=opened.version)
    assert not deleted.ok and deleted.form_error.code == "two_members_needed_db"


def test_a_member_outside_the_term_is_refused(case_db):
    db, case, members = case_db["db"], case_db["case"], case_db["members"]
    with db.begin() as conn:
        conn.execute(sa.text("UPDATE council_member SET term_from = '2024-06-01' WHERE name = 'Jens Schmidt'"))
    result = _save("case_member", {"case": case, "member": members["Jens Schmidt"]})
    assert result.errors["member"].code == "member_outside_term"


def test_a_declaration_for_a_member_on_an_open_case_is_refused(case_db):
    db, case, members = case_db["db"], case_db["case"], case_db["members"]
    with db.begin() as conn:
        assign(conn, case, "Jens Schmidt")
        project = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'apovision'")).scalar_one()
    result = _save("declaration", {"member": members["Jens Schmidt"], "project": project, "reason": "Styregruppe",
                                   "declared_from": D(2024, 1, 1)})
    assert result.errors["member"].code == "declaration_member_on_case"


def test_open_a_case_for_an_activity_once(case_db):
    db = case_db["db"]
    with db.begin() as conn:
        activity = add_activity(conn, "luna", "sparring_meeting", D(2024, 5, 1))
        undecided = add_activity(conn, "luna", "sparring_or_assessment", D(2024, 6, 1))
    saved = _save("case", {"case_activity": activity, "requested_by": "project", "case_state": "open"})
    assert saved.status == "saved"
    again = _save("case", {"case_activity": activity, "case_state": "open"})
    assert again.errors["case_activity"].code == "case_exists"
    assert _save("case", {"case_activity": undecided, "case_state": "open"}).errors["case_activity"].code == \
        "case_undecided"
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT kind::text FROM assessment_case WHERE id = :c"),
                            {"c": saved.record_id}).scalar() == "sparring"
    # A sparring meeting has no responsum and no assessors' evaluation.
    response = _save("case_response", {"case": saved.record_id, "received_on": D(2024, 5, 2), "summary": "Tak"})
    assert response.errors["case"].code == "only_assessment"


def test_a_viewer_cannot_open_a_case(case_db):
    with pytest.raises(PermissionDenied):
        service.save("case_member", {"case": case_db["case"], "member": 1}, Actor("vera", "viewer"),
                     token=service.new_token())


def test_the_letter_adds_figure_9s_criteria_and_judgement_to_the_profile(case_db):
    db, case = case_db["db"], case_db["case"]
    letter = {"case": case, "general_statement": "Velforberedt.", "criteria": ["many_stakeholders", "security_risks"],
              "judgement": "Sikkerheden vejer tungest.", "lowering_advice": "Pilot først."}
    refused = _save("case_letter", letter)
    assert refused.errors["criteria"].code == "criteria_need_profile"   # no profile yet
    with db.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO risk_assessment_result (activity_id, profile, complexity, risk, provenance, entered_by,"
            " entered_at) SELECT activity_id, 'B', 'high', 'few', 'entered', 'test', now() FROM assessment_case"
            " WHERE id = :c"), {"c": case})
    saved = _save("case_letter", letter)
    assert saved.status == "saved", saved.messages()
    with db.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT array_to_string(r.criteria, ',') AS criteria, r.judgement, l.lowering_advice FROM case_letter l"
            " JOIN assessment_case c ON c.id = l.case_id JOIN risk_assessment_result r ON r.activity_id = c.activity_id"
            " WHERE l.case_id = :c"), {"c": case}).one()
    assert row == ("many_stakeholders,security_risks", "Sikkerheden vejer tungest.", "Pilot først.")
    opened = service.open_record("case_letter", case)
    assert opened.values["criteria"] == ["many_stakeholders", "security_risks"]


def test_a_sparring_meetings_minutes_carry_a_recommendation_through_the_form(case_db):
    db = case_db["db"]
    with db.connect() as conn:
        sparring = conn.execute(sa.text(
            "SELECT a.id FROM activity a JOIN project p ON p.id = a.project_id WHERE p.slug = 'luna'"
            " AND a.type = 'sparring_meeting' ORDER BY a.month LIMIT 1")).scalar_one()
    saved = _save("recommendation", {"activity": sparring, "subcategory": "schedule",
                                     "text": "Afklar scope før analysen."})
    assert saved.status == "saved", saved.messages()
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT activity_type::text FROM recommendation WHERE id = :r"),
                            {"r": saved.record_id}).scalar() == "sparring_meeting"
