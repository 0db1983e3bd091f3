"""Shared inputs for the data-entry tests: a hand-made Reference, valid inputs per form, and
the kinds of bad text every text field must refuse."""

from __future__ import annotations

import datetime as dt
import time

from dashboard.accounts import Actor
from dashboard.entry.reference import ActivityRef, ProjectRef, Reference, SubcategoryRef

TODAY = dt.date(2024, 6, 15)

# Text a person could paste that must never be stored: markup and script links.
MARKUP = ["<script>alert(1)</script>", "<b>fed</b>", "<img src=x onerror=alert(1)>", "</div>",
          "javascript:alert(1)", "JavaScript :void(0)", "<!-- skjult -->", "<?php echo 1 ?>",
          "[klik](javascript:alert(1))", "<a href='javascript:alert(1)'>x</a>", "< script >"]


def reference() -> Reference:
    ref = Reference(today=TODAY)
    ref.organisations = {1: "Region Hovedstaden", 2: "Region Midtjylland", 3: "Danske Regioner"}
    ref.projects = {10: ProjectRef(10, "luna", "LUNA", "ongoing", True),
                    11: ProjectRef(11, "apovision", "ApoVision", "completed", False)}
    ref.activities = {
        100: ActivityRef(100, 10, "risk_assessment", "held", dt.date(2023, 2, 1), None, True, 3),
        101: ActivityRef(101, 11, "risk_assessment", "held", dt.date(2022, 5, 1), None, False, 0),
        102: ActivityRef(102, 10, "sparring_meeting", "held", dt.date(2021, 1, 1), None, False, 0),
        103: ActivityRef(103, 11, "sparring_or_assessment", "awaiting", None, 2024, False, 0),
    }
    ref.subcategories = {
        "schedule": SubcategoryRef("schedule", "project_planning", "Tidsplan", "Schedule", "Projekttilrettelæggelse",
                                   "Project planning"),
        "budget": SubcategoryRef("budget", "business", "Budget", "Budget", "Forretningsmæssige forhold", "Business"),
    }
    ref.councils = {"statens_it_raad": "Statens It-råd", "kk_it_projektraad": "Københavns Kommunes It-projektråd"}
    # The assessment cases' extras (dashboard/cases/entry.py): an open case on activity 101 with one
    # member, three members (one with a declaration for its project).
    ref.extras.update({
        "cases": {500: {"id": 500, "activity_id": 101, "activity_type": "risk_assessment", "kind": "risk_assessment",
                        "state": "open", "project_id": 11, "reference_date": dt.date(2024, 5, 1), "has_letter": False,
                        "response_id": None, "steps": {}, "evaluations": {}}},
        "activities_with_case": {101},
        "case_members": {500: {1: 900}},
        "members": {1: {"id": 1, "name": "Jane Kraglund", "term_from": None, "term_to": None},
                    2: {"id": 2, "name": "Lars Mathiesen", "term_from": None, "term_to": None},
                    3: {"id": 3, "name": "Henning Voss", "term_from": None, "term_to": None}},
        "declarations": {(3, 11): [{"from": dt.date(2023, 1, 1), "to": None, "reason": "Styregruppen"}]},
        "assessors": {7: {"id": 7, "name": "Anne Arkitekt", "organisation": "Region Sjælland", "field": "architecture"}},
        "case_assessors": {},
    })
    return ref


# A valid input for every form, against reference() above.
VALID = {
    "organisation": {"name": "Region Nordjylland", "kind": "region"},
    "project": {"name": "Fælles medicinkort 2.0", "state": "ongoing", "is_rsi": "yes", "responsible": [1, 3],
                "purpose": "Et fælles overblik.\nTo linjer.", "budget_mkr": "12,5",
                "status_text": "Kører efter planen", "status_date": dt.date(2024, 3, 1)},
    "activity": {"project": 10, "type": "sparring_meeting", "state": "held", "month": dt.date(2024, 2, 1),
                 "partner_council": "statens_it_raad"},
    "pipeline_item": {"project": 11, "type": "sparring_or_assessment", "state": "awaiting", "plan_year": 2025},
    "risk_result": {"activity": 101, "profile": "B", "complexity": "high", "risk": "few"},
    "status_report": {"project": 10, "month": dt.date(2024, 5, 1), "deliveries": "green", "time": "yellow",
                      "time_cause": "schedule", "time_note": "Leverandøren er forsinket", "money": "green",
                      "resources": "green", "action": "new_plan", "reported_by": "Projektleder",
                      "reported_on": dt.date(2024, 6, 3)},
    "recommendation": {"activity": 100, "subcategory": "schedule", "text": "Læg en realistisk tidsplan."},
    "followup": {"response": "accepted", "response_date": dt.date(2023, 4, 1), "implementation": "in_progress",
                 "implementation_date": dt.date(2023, 9, 1)},
    # Project facts (dashboard/screening/entry.py).
    "project_type": {"project": 10, "scope": "joint_regional", "development": "new_development"},
    "phase": {"project": 10, "phase": "analysis", "began_on": dt.date(2024, 2, 1)},
    "budget": {"project": 10, "budget_kind": "baseline", "as_of": dt.date(2024, 3, 1), "amount_mkr": "45,5",
               "start_on": dt.date(2024, 4, 1), "end_on": dt.date(2027, 6, 30), "source": "Styregruppemøde 1.3.2024"},
    "outcome": {"project": 11, "budget_outcome": "within", "budget_variance_mkr": "-60", "schedule_outcome": "late",
                "schedule_variance_months": "3", "statement": "Leveret inden for budget.", "source": "Afslutningsrapport"},
    "lineage": {"predecessor": 11, "successor": 10, "note": "Fortsætter arbejdet."},
    "threshold": {"applies_to": "joint_regional", "valid_from": dt.date(2025, 1, 1), "threshold_mkr": "20",
                  "source": "Beslutning i Regionsdirektørkredsen"},
    "nomination": {"project": 10, "decision": "nominated", "grounds": "rule", "decided_by": "RSI-kredsen",
                   "decided_on": dt.date(2024, 6, 1), "note": "Budget over grænsen."},
    # Assessment cases (dashboard/cases/entry.py), on reference()'s open case 500.
    "case": {"case_activity": 100, "requested_by": "rsi_group", "case_state": "open", "note": "Aftalt med RSI."},
    "case_member": {"case": 500, "member": 2},
    "case_step": {"case": 500, "step": "request", "planned_on": dt.date(2024, 5, 1), "done_on": dt.date(2024, 5, 2),
                  "done_by": "RSI-kredsen", "note": "Indstillet på mødet."},
    "case_letter": {"case": 500, "general_statement": "Godt forberedt.", "lowering_advice": "Pilot først."},
    "identified_risk": {"case": 500, "subcategory": "schedule", "risk_text": "Tidsplanen er presset."},
    "case_response": {"case": 500, "received_on": dt.date(2024, 6, 1), "summary": "Vi følger anbefalingerne."},
    "case_evaluation": {"case": 500, "respondent": "project", "received_on": dt.date(2024, 6, 10),
                        "score_process": "4", "score_output": "5", "score_value": "3", "comment": "Nyttigt."},
    "declaration": {"member": 2, "project": 10, "reason": "Medlem af styregruppen", "declared_from": dt.date(2024, 1, 1)},
    "assessor": {"name": "Jens Jurist", "organisation_name": "Region Hovedstaden", "field": "law"},
    "case_assessor": {"case": 500, "assessor": 7},
    "council_member": {"name": "Ny Rådsdame", "title": "Direktør", "organisation_name": "Firma A/S",
                       "affiliation": "external", "is_chair": "no", "term_from": dt.date(2024, 6, 1),
                       "term_to": dt.date(2026, 5, 31)},
}

# Every free-text field of every form: (kind, field, required, max length, multiline); "required"
# may name the rule that makes an empty value wrong in the valid example (a dated status needs its text).
TEXT_FIELDS = [
    ("case", "note", False, 4000, True),
    ("case_step", "done_by", False, 200, False),
    ("case_step", "note", False, 4000, True),
    ("case_letter", "general_statement", True, 4000, True),
    ("case_letter", "lowering_advice", False, 4000, True),
    ("case_letter", "judgement", False, 4000, True),
    ("identified_risk", "risk_text", True, 4000, True),
    ("case_response", "summary", True, 4000, True),
    ("case_evaluation", "comment", False, 4000, True),
    ("declaration", "reason", True, 4000, True),
    ("council_member", "name", True, 200, False),
    ("assessor", "name", True, 200, False),
    ("assessor", "organisation_name", False, 200, False),
    ("council_member", "title", False, 200, False),
    ("council_member", "organisation_name", False, 200, False),
    ("organisation", "name", True, 200, False),
    ("project", "name", True, 200, False),
    ("project", "short_name", False, 40, False),
    ("project", "purpose", False, 4000, True),
    ("project", "status_text", "date_needs_status", 4000, True),
    ("status_report", "time_note", "note_required", 4000, True),
    ("status_report", "reported_by", True, 200, False),
    ("recommendation", "text", True, 4000, True),
    ("budget", "source", True, 200, False),
    ("outcome", "statement", False, 4000, True),
    ("lineage", "note", False, 4000, True),
    ("nomination", "decided_by", True, 200, False),
    ("nomination", "note", False, 4000, True),
]


def signed_in(role: str = "secretariat", username: str | None = None) -> dict:
    """Session state of a signed-in person (the account must exist for the shell to keep it)."""
    return {"actor": Actor(username or f"test-{role}", role), "last_seen": time.time()}
