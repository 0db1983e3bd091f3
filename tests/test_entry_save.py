"""Saving through the service on a real database: one record and its audit row per valid submit,
nothing at all for an invalid one, stale edits refused, double submits saved once, delete and undo."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.accounts import Actor
from dashboard.entry import checks, service
from dashboard.entry.records import KINDS
from entry_helpers import MARKUP
from helpers import table_checksums

ANNA = Actor("anna", "secretariat")
BO = Actor("bo", "secretariat")


@pytest.fixture
def entry_db(db):
    """The published data plus what some forms need: an assessment without a profile, and a
    recommendation to follow up."""
    with db.begin() as conn:
        luna = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'luna'")).scalar_one()
        assessment = conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at)"
            " VALUES (:p, 'risk_assessment', '2024-01-01', 'held', 'entered', 'setup', now()) RETURNING id"),
            {"p": luna}).scalar_one()
        recommendation = conn.execute(sa.text(
            "INSERT INTO recommendation (activity_id, subcategory, text, provenance, entered_by, entered_at)"
            " VALUES (:a, 'schedule', 'Læg en realistisk tidsplan', 'entered', 'setup', now()) RETURNING id"),
            {"a": assessment}).scalar_one()
        organisations = list(conn.execute(sa.text("SELECT id FROM organisation ORDER BY name LIMIT 2")).scalars())
        projects = dict(conn.execute(sa.text("SELECT slug, id FROM project")).all())
        # An open assessment case (issue 13) with one member, for the case forms.
        planned = conn.execute(sa.text(
            "INSERT INTO activity (project_id, type, month, state, provenance, entered_by, entered_at)"
            " VALUES (:p, 'risk_assessment', '2024-03-01', 'planned', 'entered', 'setup', now()) RETURNING id"),
            {"p": projects["apovision"]}).scalar_one()
        case = conn.execute(sa.text(
            "INSERT INTO assessment_case (activity_id, activity_type, provenance, entered_by, entered_at)"
            " VALUES (:a, 'risk_assessment', 'entered', 'setup', now()) RETURNING id"), {"a": planned}).scalar_one()
        members = dict(conn.execute(sa.text("SELECT name, id FROM council_member")).all())
        conn.execute(sa.text("INSERT INTO case_member (case_id, member_id, provenance, entered_by, entered_at)"
                             " VALUES (:c, :m, 'entered', 'setup', now())"), {"c": case, "m": members["Jane Kraglund"]})
        assessor = conn.execute(sa.text(
            "INSERT INTO assessor (name, organisation, field, provenance, entered_by, entered_at)"
            " VALUES ('Økonom Ø', 'Region Nordjylland', 'economics', 'entered', 'setup', now()) RETURNING id")).scalar_one()
    return {"db": db, "luna": luna, "assessment": assessment, "recommendation": recommendation,
            "organisations": organisations, "projects": projects, "case": case, "members": members,
            "assessor": assessor}


def valid_input(kind: str, ids: dict) -> dict:
    return {
        "organisation": {"name": "Testkommune", "kind": "municipality"},
        "project": {"name": "Fælles medicinkort 2.0", "state": "ongoing", "is_rsi": "yes",
                    "responsible": ids["organisations"], "budget_mkr": "12,5"},
        "activity": {"project": ids["luna"], "type": "sparring_meeting", "state": "held", "month": dt.date(2024, 2, 1)},
        "pipeline_item": {"project": ids["luna"], "type": "sparring_or_assessment", "state": "awaiting",
                          "plan_year": 2026},
        "risk_result": {"activity": ids["assessment"], "profile": "B", "complexity": "high", "risk": "few"},
        "status_report": {"project": ids["luna"], "month": dt.date(2023, 1, 1), "deliveries": "green", "time": "red",
                          "time_cause": "schedule", "time_note": "Leverandøren er forsinket", "money": "green",
                          "resources": "green", "action": "new_plan", "reported_by": "Projektleder",
                          "reported_on": dt.date(2023, 2, 3)},
        "recommendation": {"activity": ids["assessment"], "subcategory": "test", "text": "Test tidligt med brugerne."},
        "followup": {"response": "accepted", "response_date": dt.date(2024, 2, 1)},
        # Project facts (dashboard/screening/entry.py), on projects without them in the published data.
        "project_type": {"project": ids["projects"]["pseudonymisering"], "scope": "joint_regional",
                         "development": "substantial_adaptation"},
        "phase": {"project": ids["luna"], "phase": "realisation", "began_on": dt.date(2021, 5, 1)},
        "budget": {"project": ids["luna"], "budget_kind": "baseline", "as_of": dt.date(2020, 1, 15),
                   "amount_mkr": "38,5", "start_on": dt.date(2020, 2, 1), "end_on": dt.date(2022, 12, 31),
                   "source": "Projektgrundlag"},
        "outcome": {"project": ids["projects"]["diagnostisk-program"], "schedule_outcome": "within",
                    "source": "Lukningsnotat"},
        "lineage": {"predecessor": ids["projects"]["kiit"], "successor": ids["luna"]},
        "threshold": {"applies_to": "cross_public", "valid_from": dt.date(2099, 1, 1), "threshold_mkr": "25",
                      "source": "Beslutning"},
        "nomination": {"project": ids["luna"], "decision": "not_nominated", "decided_by": "Rådssekretariatet",
                       "decided_on": dt.date(2024, 5, 2)},
        # Assessment cases (dashboard/cases/entry.py), on the fixture's open case.
        "case": {"case_activity": ids["assessment"], "requested_by": "rsi_group", "case_state": "open"},
        "case_member": {"case": ids["case"], "member": ids["members"]["Lars Mathiesen"]},
        "case_step": {"case": ids["case"], "step": "request", "done_on": dt.date(2024, 2, 1), "done_by": "RSI-kredsen"},
        "case_letter": {"case": ids["case"], "general_statement": "Projektet er godt forberedt."},
        "identified_risk": {"case": ids["case"], "subcategory": "schedule", "risk_text": "Tidsplanen er presset."},
        "case_response": {"case": ids["case"], "received_on": dt.date(2024, 4, 2), "summary": "Vi følger brevet."},
        "case_evaluation": {"case": ids["case"], "respondent": "project", "received_on": dt.date(2024, 5, 1),
                            "score_process": "4", "score_output": 5, "score_value": "4"},
        "declaration": {"member": ids["members"]["Henning Voss"], "project": ids["luna"],
                        "reason": "Medlem af styregruppen", "declared_from": dt.date(2024, 1, 1)},
        "council_member": {"name": "Test Testesen", "affiliation": "external", "is_chair": "no"},
        "assessor": {"name": "Test Arkitekt", "organisation_name": "Region Sjælland", "field": "architecture"},
        "case_assessor": {"case": ids["case"], "assessor": ids["assessor"]},
    }[kind]


def _count(conn, table: str) -> int:
    return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _audit_of_last_tx(conn) -> list:
    return conn.execute(sa.text(
        "SELECT table_name, operation, app_user, db_role, row_key, new_row FROM audit_log"
        " WHERE tx_id = (SELECT tx_id FROM audit_log ORDER BY id DESC LIMIT 1) ORDER BY id")).all()


@pytest.mark.parametrize("kind", [k for k in KINDS if KINDS[k].can_create])
def test_valid_input_saves_one_record_with_its_audit_row(entry_db, kind):
    db = entry_db["db"]
    table = KINDS[kind].table
    with db.connect() as conn:
        before = _count(conn, table)
    result = service.save(kind, valid_input(kind, entry_db), ANNA, token=service.new_token())
    assert result.status == "saved", result.messages()
    with db.connect() as conn:
        assert _count(conn, table) == before + 1
        audit = _audit_of_last_tx(conn)
        row = conn.execute(sa.text(f"SELECT provenance::text, entered_by, entered_at FROM {table}"
                                   f" WHERE {KINDS[kind].key_column} = :k"), {"k": result.record_id}).one()
    inserts = [a for a in audit if a.table_name == table]
    assert len(inserts) == 1 and inserts[0].operation == "INSERT"
    assert inserts[0].row_key == {KINDS[kind].key_column: result.record_id}
    assert {a.app_user for a in audit} == {"anna"} and {a.db_role for a in audit} == {"itraad_writer"}
    assert row.provenance == "entered" and row.entered_by == "anna" and row.entered_at is not None
    if kind == "project":  # its responsible organisations belong to it, in the same transaction, and its
        # budget joins the dated budget history (migration 0070)
        assert sorted(a.table_name for a in audit) == ["project", "project_budget", "project_responsible",
                                                        "project_responsible"]


def test_followup_is_saved_on_the_recommendation(entry_db):
    rec = entry_db["recommendation"]
    opened = service.open_record("followup", rec)
    result = service.save("followup", valid_input("followup", entry_db), ANNA, token=service.new_token(),
                          record_id=rec, opened_version=opened.version)
    assert result.status == "saved", result.messages()
    with entry_db["db"].connect() as conn:
        row = conn.execute(sa.text("SELECT response::text, followup_by, provenance::text FROM recommendation"
                                   " WHERE id = :r"), {"r": rec}).one()
        audit = _audit_of_last_tx(conn)
    assert row == ("accepted", "anna", "entered")
    assert [(a.table_name, a.operation) for a in audit] == [("recommendation", "UPDATE")]


INVALID = [
    ("project", "name", ""), ("project", "name", "x" * 201), ("project", "name", 42),
    ("project", "name", "Ny\x00tekst"), ("project", "name", "<script>alert(1)</script>"),
    ("project", "purpose", "Se [her](javascript:alert(1))"), ("project", "status_date", dt.date(2018, 1, 1)),
    ("project", "responsible", []),
    ("organisation", "name", "<b>Region</b>"), ("organisation", "kind", "planet"),
    ("activity", "month", dt.date(2015, 1, 1)), ("activity", "month", "marts"), ("activity", "type", "sparring_or_assessment"),
    ("pipeline_item", "plan_year", 1999), ("pipeline_item", "state", "held"),
    ("risk_result", "profile", "Z"), ("risk_result", "risk", None),
    ("status_report", "time_note", ""), ("status_report", "time_note", "x" * 4001),
    ("status_report", "month", dt.date(2099, 1, 1)), ("status_report", "reported_on", dt.date(2022, 1, 1)),
    ("status_report", "reported_by", "javascript:alert(1)"),
    ("recommendation", "text", "\x00"), ("recommendation", "text", "<img src=x onerror=alert(1)>"),
    ("recommendation", "subcategory", "astrologi"),
]


@pytest.mark.parametrize("kind, field, value", INVALID)
def test_invalid_input_is_refused_with_a_message_and_changes_nothing(entry_db, kind, field, value):
    db = entry_db["db"]
    with db.connect() as conn:
        before = table_checksums(conn)
    raw = {**valid_input(kind, entry_db), field: value}
    result = service.save(kind, raw, ANNA, token=service.new_token())
    assert result.status == "invalid"
    assert field in result.errors and result.messages("da")[field] and result.messages("en")[field]
    with db.connect() as conn:
        assert table_checksums(conn) == before


@given(value=st.one_of(
    st.text(max_size=30).map(lambda s: s + "\x00"),
    st.sampled_from(MARKUP),
    # too long even after the spaces are trimmed and collapsed (as names are: checks.clean_name)
    st.text(alphabet="abcæøå ", min_size=201, max_size=260).filter(lambda s: len(checks.clean_name(s)) > 200),
    st.just("   "),
    st.integers(), st.floats(allow_nan=False), st.booleans(),
))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_bad_names_never_reach_the_database(entry_db, value):
    db = entry_db["db"]
    with db.connect() as conn:
        before = table_checksums(conn)
    result = service.save("project", {**valid_input("project", entry_db), "name": value}, ANNA,
                          token=service.new_token())
    assert result.status == "invalid" and "name" in result.errors
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_database_refusal_becomes_the_same_field_message(entry_db):
    """The validator does not know saved reports; the database's rule answers, translated."""
    first = service.save("status_report", valid_input("status_report", entry_db), ANNA, token=service.new_token())
    assert first.status == "saved"
    with entry_db["db"].connect() as conn:
        before = table_checksums(conn)
    second = service.save("status_report", valid_input("status_report", entry_db), BO, token=service.new_token())
    assert second.status == "invalid"
    assert second.errors["month"].code == "report_exists"
    assert "statusrapport" in second.messages("da")["month"] and "constraint" not in second.messages("da")["month"]
    with entry_db["db"].connect() as conn:
        assert table_checksums(conn) == before


def test_a_double_submit_saves_once(entry_db):
    token = service.new_token()
    first = service.save("organisation", valid_input("organisation", entry_db), ANNA, token=token)
    again = service.save("organisation", valid_input("organisation", entry_db), ANNA, token=token)
    assert first.status == "saved" and again.status == "duplicate" and again.record_id == first.record_id
    with entry_db["db"].connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organisation WHERE name = 'Testkommune'")).scalar() == 1


def test_a_refused_submit_can_be_corrected_with_the_same_token(entry_db):
    token = service.new_token()
    bad = service.save("organisation", {"name": "", "kind": "region"}, ANNA, token=token)
    good = service.save("organisation", valid_input("organisation", entry_db), ANNA, token=token)
    assert bad.status == "invalid" and good.status == "saved"


def test_stale_edit_is_refused_with_who_and_when(entry_db):
    luna = entry_db["luna"]
    mine = service.open_record("project", luna)
    theirs = service.open_record("project", luna)
    saved = service.save("project", {**theirs.values, "status_text": "Bos status", "status_date": dt.date(2024, 5, 1)},
                         BO, token=service.new_token(), record_id=luna, opened_version=theirs.version)
    assert saved.status == "saved"
    with entry_db["db"].connect() as conn:
        before = table_checksums(conn)
    stale = service.save("project", {**mine.values, "purpose": "Annas formål"}, ANNA, token=service.new_token(),
                         record_id=luna, opened_version=mine.version)
    assert stale.status == "conflict"
    assert stale.form_error.code == "changed_meanwhile" and stale.form_error.params["user"] == "bo"
    message = stale.form_error.message("da")
    assert "bo har gemt" in message and " kl. " in message
    with entry_db["db"].connect() as conn:
        assert table_checksums(conn) == before
        assert conn.execute(sa.text("SELECT status_text FROM project WHERE id = :p"), {"p": luna}).scalar() == "Bos status"


def test_a_change_to_the_responsible_organisations_also_makes_an_edit_stale(entry_db):
    luna = entry_db["luna"]
    mine = service.open_record("project", luna)
    theirs = service.open_record("project", luna)
    changed = service.save("project", {**theirs.values, "responsible": list(reversed(entry_db["organisations"]))}, BO,
                           token=service.new_token(), record_id=luna, opened_version=theirs.version)
    assert changed.status == "saved"
    stale = service.save("project", {**mine.values, "short_name": "Luna"}, ANNA, token=service.new_token(),
                         record_id=luna, opened_version=mine.version)
    assert stale.status == "conflict"


def test_saving_without_changes_writes_nothing(entry_db):
    luna = entry_db["luna"]
    opened = service.open_record("project", luna)
    with entry_db["db"].connect() as conn:
        before = {k: v for k, v in table_checksums(conn).items() if k != "form_submission"}
    result = service.save("project", opened.values, ANNA, token=service.new_token(), record_id=luna,
                          opened_version=opened.version)
    assert result.status == "unchanged"
    with entry_db["db"].connect() as conn:
        after = {k: v for k, v in table_checksums(conn).items() if k != "form_submission"}
    assert after == before


def test_editing_a_published_row_makes_it_entered_by_the_editor(entry_db):
    luna = entry_db["luna"]
    opened = service.open_record("project", luna)
    service.save("project", {**opened.values, "purpose": "Nyt formål"}, ANNA, token=service.new_token(),
                 record_id=luna, opened_version=opened.version)
    with entry_db["db"].connect() as conn:
        row = conn.execute(sa.text("SELECT provenance::text, entered_by, source_ref FROM project WHERE id = :p"),
                           {"p": luna}).one()
    assert row.provenance == "entered" and row.entered_by == "anna" and row.source_ref  # origin still named


DATA_TABLES = ("project", "project_responsible", "activity", "risk_assessment_result", "recommendation",
               "status_report", "organisation", "project_status_text", "project_type", "project_phase",
               "project_outcome", "assessment_case")


def test_delete_cascades_and_undo_brings_back_exactly_the_same_rows(entry_db):
    db = entry_db["db"]
    luna = entry_db["luna"]
    service.save("status_report", valid_input("status_report", entry_db), ANNA, token=service.new_token())
    with db.connect() as conn:
        before = {t: v for t, v in table_checksums(conn).items() if t in DATA_TABLES}
    opened = service.open_record("project", luna)
    deleted = service.delete("project", luna, ANNA, opened_version=opened.version)
    assert deleted.ok
    # The project, its responsible organisations, activities, profile, recommendation, report, dated
    # status texts (project_status_text, migration 0061) and its published facts (type, the phase it
    # ended in, its outcome).
    assert set(deleted.rows) == {"project", "project_responsible", "activity", "risk_assessment_result",
                                 "recommendation", "status_report", "project_status_text", "project_type",
                                 "project_phase", "project_outcome", "assessment_case"}
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project WHERE slug = 'luna'")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE tx_id = :tx AND operation = 'DELETE'"),
                            {"tx": deleted.tx_id}).scalar() == sum(deleted.rows.values())
    listed = service.recent_deletions()
    assert list(listed["tx_id"]) == [deleted.tx_id]

    restored = service.restore(deleted.tx_id, ANNA)
    assert restored.ok and restored.rows == sum(deleted.rows.values())
    with db.connect() as conn:
        after = {t: v for t, v in table_checksums(conn).items() if t in DATA_TABLES}
    assert after == before   # same rows, same ids, same values
    assert service.recent_deletions().empty
    again = service.restore(deleted.tx_id, ANNA)
    assert not again.ok and again.form_error.code == "already_restored"


def test_undo_is_refused_when_the_name_was_taken_meanwhile(entry_db):
    created = service.save("organisation", valid_input("organisation", entry_db), ANNA, token=service.new_token())
    opened = service.open_record("organisation", created.record_id)
    deleted = service.delete("organisation", created.record_id, ANNA, opened_version=opened.version)
    service.save("organisation", valid_input("organisation", entry_db), BO, token=service.new_token())
    with entry_db["db"].connect() as conn:
        before = table_checksums(conn)
    restored = service.restore(deleted.tx_id, ANNA)
    assert not restored.ok and restored.form_error.code == "restore_blocked"
    assert "organisation med det navn" in restored.form_error.message("da")
    with entry_db["db"].connect() as conn:
        assert table_checksums(conn) == before


def test_an_organisation_in_use_cannot_be_deleted(entry_db):
    org = entry_db["organisations"][0]
    with entry_db["db"].connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project_responsible WHERE organisation_id = :o"),
                            {"o": org}).scalar() > 0
    opened = service.open_record("organisation", org)
    deleted = service.delete("organisation", org, ANNA, opened_version=opened.version)
    assert not deleted.ok and deleted.form_error.code == "organisation_in_use"


def test_a_record_edited_after_delete_is_reported_deleted(entry_db):
    created = service.save("activity", valid_input("activity", entry_db), ANNA, token=service.new_token())
    opened = service.open_record("activity", created.record_id)
    service.delete("activity", created.record_id, BO, opened_version=opened.version)
    stale = service.save("activity", opened.values, ANNA, token=service.new_token(), record_id=created.record_id,
                         opened_version=opened.version)
    assert stale.status == "conflict" and stale.form_error.code == "deleted_meanwhile"
    assert stale.form_error.params["user"] == "bo"


def test_history_of_a_record_names_who_changed_what(entry_db):
    created = service.save("project", valid_input("project", entry_db), ANNA, token=service.new_token())
    opened = service.open_record("project", created.record_id)
    service.save("project", {**opened.values, "state": "completed", "end_month": dt.date(2024, 1, 1)}, BO,
                 token=service.new_token(), record_id=created.record_id, opened_version=opened.version)
    from dashboard.entry.history import history_view, names_from

    frame = service.record_history("project", created.record_id)
    view = history_view(frame, "da", names_from(service.reference(), "da"))
    assert list(frame["app_user"])[:1] == ["bo"] and "anna" in set(frame["app_user"])
    changes = view["Ændringer"].iloc[0]
    assert "Tilstand: Igangværende → Afsluttet" in changes and "Afsluttet/lukket: – → januar 2024" in changes
    assert set(frame[frame["app_user"] == "anna"]["operation"]) == {"INSERT"}
    organisation = service.reference().organisations[entry_db["organisations"][0]]
    assert any(f"Organisation: {organisation}" in text for text in view["Ændringer"])  # names, not ids


def test_a_pipeline_item_marked_held_in_the_activity_form_leaves_the_pipeline(entry_db):
    item = service.save("pipeline_item", valid_input("pipeline_item", entry_db), ANNA, token=service.new_token())
    assert item.record_id in dict(service.options("activity", "da"))   # every activity opens as an activity
    opened = service.open_record("activity", item.record_id)
    planned = service.save("activity", {**opened.values, "state": "planned", "month": dt.date(2026, 3, 1)}, ANNA,
                           token=service.new_token(), record_id=item.record_id, opened_version=opened.version)
    assert planned.status == "saved"
    opened = service.open_record("activity", item.record_id)
    assert opened.values["plan_year"] == 2026                          # still in the 2026 pipeline
    held = service.save("activity", {**opened.values, "type": "risk_assessment", "state": "held",
                                     "month": dt.date(2024, 3, 1)}, ANNA, token=service.new_token(),
                        record_id=item.record_id, opened_version=opened.version)
    assert held.status == "saved", held.messages()
    assert service.open_record("activity", item.record_id).values["plan_year"] is None
