"""The forms for project facts: their validators (with hypothesis), and saving through the service on
a real PostgreSQL: bad input gets a field message and writes nothing, the database refuses it too,
stale edits are refused, a double submit saves once, a viewer cannot write."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard.accounts import Actor, PermissionDenied
from dashboard.entry import dberrors, service
from dashboard.entry.forms import FORMS, choices, initial_values
from dashboard.entry.reference import ProjectRef, Reference
from dashboard.entry.validators import validate
from dashboard.i18n import catalogue
from dashboard.screening import entry as screening_entry
from helpers import table_checksums
from screening_helpers import add_phase, project_id, set_type

ANNA = Actor("anna", "secretariat")
BO = Actor("bo", "secretariat")
VIEWER = Actor("vera", "viewer")
TODAY = dt.date(2024, 6, 15)
FAST = settings(max_examples=80, deadline=None)


def ref() -> Reference:
    """A hand-made reference: LUNA (10, cross-public, in analysis since March 2024), ApoVision (11, completed)."""
    r = Reference(today=TODAY)
    r.projects = {10: ProjectRef(10, "luna", "LUNA", "ongoing", True),
                  11: ProjectRef(11, "apovision", "ApoVision", "completed", True)}
    r.extras = {"project_scopes": {10: "cross_public", 11: "joint_regional"},
                "phases": {10: [(1, "idea", dt.date(2023, 1, 10)), (2, "analysis", dt.date(2024, 3, 1))]},
                "outcomes": set(), "lineage": {5: (11, 10)},
                "thresholds": {7: ("joint_regional", dt.date(2019, 1, 1), 10.0),
                               8: ("joint_regional", dt.date(2025, 1, 1), 20.0)}}
    return r


REF = ref()
BUDGET = {"project": 10, "budget_kind": "estimate", "as_of": dt.date(2024, 5, 1), "amount_mkr": "40",
          "regional_share_mkr": "12,5", "start_on": dt.date(2024, 1, 1), "end_on": dt.date(2026, 12, 31),
          "source": "Statusrapport maj 2024"}


def errors(kind: str, raw: dict, record_id=None) -> dict[str, str]:
    return {field: error.code for field, error in validate(kind, raw, REF, record_id).errors.items()}


# --- validators -----------------------------------------------------------------------------------

def test_a_valid_budget_is_cleaned():
    result = validate("budget", BUDGET, REF)
    assert result.ok and result.values["amount_mkr"] == 40.0 and result.values["regional_share_mkr"] == 12.5


@given(amount=st.decimals(min_value=-100_000, max_value=0, places=1, allow_nan=False))
@FAST
def test_a_negative_or_zero_budget_is_refused(amount):
    text = f"{amount}".replace(".", ",")
    assert errors("budget", {**BUDGET, "amount_mkr": text})["amount_mkr"] == "amount_not_positive"


@given(amount=st.decimals(min_value="0.1", max_value=10_000, places=1),
       over=st.decimals(min_value="0.1", max_value=1_000, places=1))
@FAST
def test_a_regional_share_above_the_budget_is_refused(amount, over):
    raw = {**BUDGET, "amount_mkr": str(amount), "regional_share_mkr": str(amount + over)}
    assert errors("budget", raw) == {"regional_share_mkr": "share_above_budget_amount"}
    assert validate("budget", {**raw, "regional_share_mkr": str(amount)}, REF).ok   # equal is allowed


@given(start=st.dates(min_value=dt.date(2000, 1, 2), max_value=dt.date(2090, 1, 1)),
       back=st.integers(min_value=0, max_value=3_000))
@FAST
def test_an_end_before_the_start_is_refused(start, back):
    end = max(start - dt.timedelta(days=back), dt.date(2000, 1, 1))
    assert errors("budget", {**BUDGET, "start_on": start, "end_on": end}) == {"end_on": "end_not_after_start"}


def test_the_regional_share_belongs_to_cross_public_projects():
    assert errors("budget", {**BUDGET, "regional_share_mkr": None}) == {"regional_share_mkr": "share_required"}
    assert errors("budget", {**BUDGET, "project": 11}) == {"regional_share_mkr": "share_only_cross_public"}
    assert validate("budget", {**BUDGET, "project": 11, "regional_share_mkr": ""}, REF).ok
    message = validate("budget", {**BUDGET, "project": 11}, REF).errors["regional_share_mkr"].message("da")
    assert message == "Kun fællesoffentlige projekter har en regional del (projektet er registreret som Fællesregionalt)."
    assert errors("budget", {**BUDGET, "regional_share_mkr": "-1"}) == {"regional_share_mkr": "share_negative"}
    assert errors("budget", {**BUDGET, "as_of": dt.date(2024, 6, 16)}) == {"as_of": "date_too_late"}


@given(phase=st.sampled_from(["idea", "procurement", "realisation", "ended"]),
       began=st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY))
@FAST
def test_a_phase_date_out_of_order_is_refused(phase, began):
    """LUNA began its idea phase on 10 January 2023 and its analysis on 1 March 2024."""
    found = errors("phase", {"project": 10, "phase": phase, "began_on": began})
    if phase == "idea":
        assert found == {"phase": "phase_exists"}
    elif began <= dt.date(2024, 3, 1):
        assert found == {"began_on": "phase_not_after"}
    else:
        assert found == {}


def test_phase_messages_name_the_neighbour():
    result = validate("phase", {"project": 10, "phase": "procurement", "began_on": dt.date(2024, 2, 1)}, REF)
    assert result.errors["began_on"].message("da") == "Fasen skal begynde efter Analysefase (begyndt 1. marts 2024)."
    moved = validate("phase", {"project": 10, "phase": "idea", "began_on": dt.date(2024, 4, 1)}, REF, record_id=1)
    assert moved.errors["began_on"].message("da") == "Fasen skal begynde før Analysefase (begyndt 1. marts 2024)."


def test_outcome_rules():
    base = {"project": 11, "budget_outcome": "within", "source": "Afslutningsrapport"}
    assert validate("outcome", base, REF).ok
    assert errors("outcome", {**base, "project": 10}) == {"project": "outcome_needs_finished"}
    assert errors("outcome", {**base, "budget_outcome": None}) == {"budget_outcome": "outcome_says_nothing"}
    assert errors("outcome", {**base, "budget_variance_mkr": "5"}) == {
        "budget_variance_mkr": "budget_variance_mkr_within_not_positive"}
    assert errors("outcome", {**base, "budget_outcome": "over", "budget_variance_mkr": "-5"}) == {
        "budget_variance_mkr": "budget_variance_mkr_must_be_positive"}
    assert errors("outcome", {**base, "schedule_variance_months": "3"}) == {
        "schedule_outcome": "outcome_required_with_variance"}
    assert errors("outcome", {**base, "schedule_outcome": "late", "schedule_variance_months": "0"}) == {
        "schedule_variance_months": "schedule_variance_months_must_be_positive"}


def test_lineage_rules():
    assert errors("lineage", {"predecessor": 10, "successor": 10}) == {"successor": "lineage_itself"}
    assert errors("lineage", {"predecessor": 11, "successor": 10}) == {"successor": "lineage_exists"}
    assert errors("lineage", {"predecessor": 10, "successor": 11}) == {"successor": "lineage_cycle"}
    assert errors("lineage", {"predecessor": 11, "successor": 10}, record_id=5) == {}   # editing itself


def test_threshold_rules():
    new = {"applies_to": "cross_public", "valid_from": TODAY, "threshold_mkr": "15", "source": "Beslutning"}
    assert validate("threshold", new, REF).ok
    assert errors("threshold", {**new, "valid_from": TODAY - dt.timedelta(days=1)}) == {
        "valid_from": "threshold_not_retroactive"}
    assert errors("threshold", {**new, "applies_to": "regional"}) == {"applies_to": "unknown_choice"}
    assert errors("threshold", {**new, "applies_to": "joint_regional", "valid_from": dt.date(2025, 1, 1)}) == {
        "valid_from": "threshold_exists"}
    applied = {"applies_to": "joint_regional", "valid_from": dt.date(2019, 1, 1), "threshold_mkr": "10",
               "source": "Rettet kilde"}
    assert validate("threshold", applied, REF, record_id=7).ok          # only the source changes
    assert errors("threshold", {**applied, "threshold_mkr": "12"}, record_id=7) == {
        "threshold_mkr": "threshold_applied_fixed"}
    assert validate("threshold", {**applied, "valid_from": dt.date(2025, 1, 1), "threshold_mkr": "25"},
                    REF, record_id=8).ok                                 # a future one may change


def test_every_code_of_this_room_has_a_message_and_every_choice_list_works():
    import re
    from pathlib import Path

    source = (Path(screening_entry.__file__)).read_text("utf-8")
    codes = set(re.findall(r"""(?:Invalid|FieldError)\(\s*f?["']([a-z_{}]+)["']""", source))
    codes = {c for c in codes if "{" not in c} | {code for _, code in screening_entry.CONSTRAINTS.values()}
    codes |= {f"{v}_{s}" for v in ("budget_variance_mkr", "schedule_variance_months")
              for s in ("must_be_positive", "within_not_positive")}
    assert sorted(c for c in codes if f"entry.error.{c}" not in catalogue()) == []
    for kind, specs in screening_entry.FORMS.items():
        assert f"entry.kind.{kind}" in catalogue()
        for spec in specs:
            assert f"entry.field.{spec.name}" in catalogue()
            if spec.options:
                for lang in ("da", "en"):
                    assert all(label for _, label in choices(spec.options, REF, lang))
    assert initial_values("budget", REF)["as_of"] == TODAY and initial_values("budget", REF)["budget_kind"] == "baseline"


# --- saving through the service ------------------------------------------------------------------

@pytest.fixture
def facts_db(db):
    with db.begin() as conn:
        set_type(conn, "pseudonymisering", "cross_public")
        add_phase(conn, "pseudonymisering", "analysis", dt.date(2023, 9, 1))
        ids = {slug: project_id(conn, slug) for slug in ("pseudonymisering", "kiit", "luna")}
    return db, ids


def budget_input(ids, **changes) -> dict:
    return {"project": ids["pseudonymisering"], "budget_kind": "baseline", "as_of": dt.date(2024, 1, 5),
            "amount_mkr": "30", "regional_share_mkr": "14", "start_on": dt.date(2024, 2, 1),
            "end_on": dt.date(2026, 6, 30), "source": "Projektgrundlag", **changes}


BAD_INPUT = [
    ("budget", {"amount_mkr": "-5"}, "amount_mkr", "Beløbet skal være større end 0"),
    ("budget", {"end_on": dt.date(2023, 12, 1)}, "end_on", "Slut skal ligge efter start (1. februar 2024)."),
    ("budget", {"regional_share_mkr": "31"}, "regional_share_mkr",
     "Den regionale del kan ikke være større end budgettet (30 mio. kr.)."),
    ("phase", {"phase": "idea", "began_on": dt.date(2023, 10, 1)}, "began_on",
     "Fasen skal begynde før Analysefase (begyndt 1. september 2023)."),
]


@pytest.mark.parametrize("kind, changes, field, message", BAD_INPUT)
def test_bad_input_gets_a_field_message_and_writes_nothing(facts_db, kind, changes, field, message):
    db, ids = facts_db
    raw = budget_input(ids, **changes) if kind == "budget" else {"project": ids["pseudonymisering"], **changes}
    with db.connect() as conn:
        before = table_checksums(conn)
    result = service.save(kind, raw, ANNA, token=service.new_token())
    assert result.status == "invalid" and list(result.errors) == [field]
    assert result.messages("da")[field].startswith(message) and result.messages("en")[field]
    with db.connect() as conn:
        assert table_checksums(conn) == before


@pytest.mark.parametrize("statement, kind, field, code", [
    ("INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, source, provenance, entered_by, entered_at)"
     " VALUES (:p, 'baseline', '2024-01-01', -5, 'x', 'entered', 'x', now())", "budget", "amount_mkr",
     "amount_not_positive"),
    ("INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, regional_share_mkr, source, provenance,"
     " entered_by, entered_at) VALUES (:p, 'baseline', '2024-01-01', 5, 6, 'x', 'entered', 'x', now())", "budget",
     "regional_share_mkr", "share_above_budget"),
    ("INSERT INTO project_budget (project_id, kind, as_of, amount_mkr, start_on, end_on, source, provenance,"
     " entered_by, entered_at) VALUES (:p, 'baseline', '2024-01-01', 5, '2025-01-01', '2024-01-01', 'x',"
     " 'entered', 'x', now())", "budget", "end_on", "end_not_after_start_db"),
    ("INSERT INTO project_phase (project_id, phase, began_on, provenance, entered_by, entered_at)"
     " VALUES (:p, 'idea', '2024-01-01', 'entered', 'x', now())", "phase", "began_on", "phase_out_of_order"),
])
def test_the_database_refuses_it_too_with_the_same_field_message(facts_db, statement, kind, field, code):
    db, ids = facts_db
    with pytest.raises(sa.exc.IntegrityError) as refusal:
        with db.begin() as conn:
            conn.execute(sa.text(statement), {"p": ids["pseudonymisering"]})
    translated = dberrors.translate(refusal.value, kind)
    assert {f: e.code for f, e in translated.errors.items()} == {field: code}


def test_a_rebaselining_is_a_new_row_and_the_old_baseline_stays(facts_db):
    db, ids = facts_db
    first = service.save("budget", budget_input(ids), ANNA, token=service.new_token())
    second = service.save("budget", budget_input(ids, as_of=dt.date(2024, 5, 1), amount_mkr="48",
                                                 regional_share_mkr="22"), ANNA, token=service.new_token())
    assert first.status == second.status == "saved" and first.record_id != second.record_id
    with db.connect() as conn:
        rows = conn.execute(sa.text("SELECT kind::text, amount_mkr::float8, provenance::text, entered_by"
                                    " FROM project_budget WHERE project_id = :p ORDER BY as_of"),
                            {"p": ids["pseudonymisering"]}).all()
    assert rows == [("baseline", 30.0, "entered", "anna"), ("baseline", 48.0, "entered", "anna")]


def test_an_opened_budget_saves_unchanged_and_a_stale_edit_is_refused(facts_db):
    db, ids = facts_db
    saved = service.save("budget", budget_input(ids, amount_mkr="30,5"), ANNA, token=service.new_token())
    mine = service.open_record("budget", saved.record_id)
    theirs = service.open_record("budget", saved.record_id)
    assert mine.values["amount_mkr"] == "30,5" and mine.values["budget_kind"] == "baseline"
    again = service.save("budget", mine.values, ANNA, token=service.new_token(), record_id=saved.record_id,
                         opened_version=mine.version)
    assert again.status == "unchanged"
    bo = service.save("budget", {**theirs.values, "source": "Rettet grundlag"}, BO, token=service.new_token(),
                      record_id=saved.record_id, opened_version=theirs.version)
    assert bo.status == "saved"
    with db.connect() as conn:
        before = table_checksums(conn)
    stale = service.save("budget", {**mine.values, "amount_mkr": "99"}, ANNA, token=service.new_token(),
                         record_id=saved.record_id, opened_version=mine.version)
    assert stale.status == "conflict" and stale.form_error.params["user"] == "bo"
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_a_double_submit_saves_one_nomination(facts_db):
    db, ids = facts_db
    raw = {"project": ids["kiit"], "decision": "nominated", "grounds": "directors_group", "decided_by": "RSI-kredsen",
           "decided_on": dt.date(2024, 4, 2)}
    token = service.new_token()
    first = service.save("nomination", raw, ANNA, token=token)
    again = service.save("nomination", raw, ANNA, token=token)
    assert first.status == "saved" and again.status == "duplicate" and again.record_id == first.record_id
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM nomination")).scalar() == 1


def test_a_viewer_cannot_write_facts_and_the_database_refuses_it_too(facts_db):
    db, ids = facts_db
    with pytest.raises(PermissionDenied):
        service.save("budget", budget_input(ids), VIEWER, token=service.new_token())
    with db.connect() as conn:
        before = table_checksums(conn)
    with pytest.raises(PermissionDenied):  # past the app's check: the reader role may not insert
        service._save("budget", budget_input(ids), VIEWER, token=service.new_token(), record_id=None,
                      opened_version=None, url=None)
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_an_applied_threshold_keeps_its_amount_in_the_form(facts_db):
    db, _ = facts_db
    options = dict(service.options("threshold", "da"))
    applied = next(key for key, label in options.items() if label.startswith("Fællesregionalt · fra 1. januar 2019"))
    opened = service.open_record("threshold", applied)
    assert opened.values["threshold_mkr"] == "10"
    refused = service.save("threshold", {**opened.values, "threshold_mkr": "12"}, ANNA, token=service.new_token(),
                           record_id=applied, opened_version=opened.version)
    assert refused.status == "invalid" and refused.errors["threshold_mkr"].code == "threshold_applied_fixed"
    fixed = service.save("threshold", {**opened.values, "source": "Årsrapport 2023, afsnit 9 (side 23)"}, ANNA,
                         token=service.new_token(), record_id=applied, opened_version=opened.version)
    assert fixed.status == "saved"


@given(values=st.fixed_dictionaries({name: st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(),
                                                           st.dates(min_value=dt.date(1990, 1, 1)))
                                       for name in [spec.name for spec in FORMS["budget"]]}))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_budget_forms_never_write_a_bad_row(facts_db, values):
    """Whatever the form holds, a save either writes a row the rule can read or writes nothing."""
    db, ids = facts_db
    assume(values["project"] is not None)
    raw = {**values, "project": ids["pseudonymisering"]}
    with db.connect() as conn:
        before = table_checksums(conn)
    result = service.save("budget", raw, ANNA, token=service.new_token())
    with db.connect() as conn:
        after = table_checksums(conn)
        if result.status == "saved":
            row = conn.execute(sa.text("SELECT amount_mkr, regional_share_mkr, start_on, end_on FROM project_budget"
                                       " WHERE id = :i"), {"i": result.record_id}).one()
            assert row.amount_mkr > 0 and 0 <= row.regional_share_mkr <= row.amount_mkr
            assert row.start_on is None or row.end_on is None or row.end_on > row.start_on
        else:
            assert after == before and result.errors
