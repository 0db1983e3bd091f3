"""The council's rule for what must be risk-assessed, on a real PostgreSQL: the boundary of exactly
10 mio. kr., a threshold that changes on a date (earlier judgements stay), the re-assessment
trigger, lineage both ways, the report's outcomes loaded exactly, and the database's refusals."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from dashboard.screening import rules, vocab
from dashboard.screening.queries import (screening_project_lineage, screening_project_outcome, screening_rule,
                                         screening_thresholds)
from screening_helpers import D, add_budget, add_phase, add_threshold, hold_assessment, judged, project_id, set_type

# A project of table 2 with no published type, budget or assessment.
SLUG = "vederlagsfri-medicin"


@contextmanager
def refused_by(constraint: str):
    """The block fails with the database naming this constraint (or constraint trigger)."""
    with pytest.raises(sa.exc.IntegrityError) as refusal:
        yield
    assert refusal.value.orig.diag.constraint_name == constraint


# --- the boundary ---------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, verdict, reason", [
    (9.9, "not_required", "not_over_threshold"),
    (10.0, "not_required", "not_over_threshold"),   # "over 10 mio. kr.": exactly 10 is not over
    (10.1, "required", "over_threshold"),
    (250.0, "required", "over_threshold"),
])
def test_joint_regional_budget_over_the_threshold(db, amount, verdict, reason):
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        add_budget(conn, SLUG, D(2024, 1, 10), amount)
        row = judged(conn, SLUG, D(2024, 2, 1))
    assert (row["verdict"], row["reason"]) == (verdict, reason)
    assert row["amount_mkr"] == amount and row["threshold_mkr"] == 10.0
    assert row["threshold_from"].date() == D(2019, 1, 1)


@pytest.mark.parametrize("share, verdict, reason", [
    (10.0, "not_required", "not_over_threshold"),
    (10.1, "required", "over_threshold"),
    (None, "unknown", "share_missing"),
])
def test_cross_public_is_judged_on_its_regional_share(db, share, verdict, reason):
    with db.begin() as conn:
        set_type(conn, SLUG, "cross_public", "substantial_adaptation")
        add_budget(conn, SLUG, D(2024, 1, 10), 400.0, share)   # the whole budget is far over; the share decides
        row = judged(conn, SLUG, D(2024, 2, 1))
    assert (row["verdict"], row["reason"]) == (verdict, reason)


def test_reasons_for_every_way_the_rule_ends(db):
    with db.begin() as conn:
        assert judged(conn, SLUG, D(2024, 2, 1))["reason"] == "type_missing"
        set_type(conn, SLUG, "joint_regional", None)
        assert judged(conn, SLUG, D(2024, 2, 1))["reason"] == "budget_missing"
        add_budget(conn, SLUG, D(2024, 1, 10), 8.0)
        assert judged(conn, SLUG, D(2024, 2, 1))["reason"] == "not_over_threshold"  # not over: development does not matter
        add_budget(conn, SLUG, D(2024, 1, 20), 80.0)
        assert judged(conn, SLUG, D(2024, 2, 1))[("reason")] == "development_missing"
        set_type(conn, SLUG, "joint_regional", "neither")
        assert judged(conn, SLUG, D(2024, 2, 1))["reason"] == "no_development"
        set_type(conn, SLUG, "regional", "new_development")
        assert judged(conn, SLUG, D(2024, 2, 1))["reason"] == "regional_project"
        set_type(conn, SLUG, "joint_regional", "new_development")
        assert judged(conn, SLUG, D(2018, 12, 31))["reason"] == "no_threshold"   # before the rule applied
        row = judged(conn, SLUG, D(2024, 2, 1))
    assert (row["verdict"], row["reason"]) == ("required", "over_threshold")
    for code in vocab.REASONS:  # every reason has words in both languages
        for lang in ("da", "en"):
            text = rules.reason_text({**row, "reason": code, "verdict": "unknown"}, lang)
            assert "{" not in text and len(text) > 20


def test_the_budget_known_on_the_day_counts_not_a_later_one(db):
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        add_budget(conn, SLUG, D(2024, 1, 10), 8.0, kind="baseline")
        add_budget(conn, SLUG, D(2024, 6, 1), 14.0, kind="baseline")   # a re-baselining
        before, after = judged(conn, SLUG, D(2024, 5, 31)), judged(conn, SLUG, D(2024, 6, 1))
    assert (before["amount_mkr"], before["verdict"]) == (8.0, "not_required")
    assert (after["amount_mkr"], after["verdict"]) == (14.0, "required")
    assert rules.reason_text(after, "da") == (
        "Skal risikovurderes: et fællesregionalt projekt med nyudvikling, og budgettet på 14 mio. kr. "
        "(godkendt budget pr. 1. juni 2024) er over beløbsgrænsen på 10 mio. kr. (gældende fra 1. januar 2019).")


# --- the threshold as data --------------------------------------------------------------------------

def test_a_threshold_that_changes_on_a_date_leaves_earlier_judgements_as_they_were(db):
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        add_budget(conn, SLUG, D(2024, 1, 10), 15.0)
        before_change = screening_rule(conn, D(2025, 12, 31))
        add_threshold(conn, "joint_regional", D(2026, 1, 1), 20.0)
        eve, day = judged(conn, SLUG, D(2025, 12, 31)), judged(conn, SLUG, D(2026, 1, 1))
        after_change = screening_rule(conn, D(2025, 12, 31))
    assert (eve["verdict"], eve["threshold_mkr"]) == ("required", 10.0)
    assert (day["verdict"], day["threshold_mkr"], day["threshold_from"].date()) == ("not_required", 20.0, D(2026, 1, 1))
    assert "20 mio. kr. (gældende fra 1. januar 2026)" in rules.reason_text(day, "da")
    pd_equal = before_change.equals(after_change)
    assert pd_equal  # every judgement as of the eve, for every project, is exactly what it was


def test_an_applied_threshold_cannot_be_rewritten_but_a_future_one_can(db):
    with db.begin() as conn:
        add_threshold(conn, "cross_public", D(2099, 1, 1), 12.0)
        conn.execute(sa.text("UPDATE assessment_threshold SET amount_mkr = 15 WHERE valid_from = '2099-01-01'"))
        conn.execute(sa.text("UPDATE assessment_threshold SET source = 'Rettet kilde' WHERE valid_from = '2019-01-01'"))
    for statement in ("UPDATE assessment_threshold SET amount_mkr = 12 WHERE valid_from = '2019-01-01'",
                      "UPDATE assessment_threshold SET valid_from = '2020-01-01' WHERE valid_from = '2019-01-01'",
                      "DELETE FROM assessment_threshold WHERE valid_from = '2019-01-01'"):
        with refused_by("assessment_threshold_applied_is_fixed"):
            with db.begin() as conn:
                conn.execute(sa.text(statement))
    with db.connect() as conn:
        published = screening_thresholds(conn)
    assert sorted(published[published["valid_from"] < "2020-01-01"]["amount_mkr"]) == [10.0, 10.0]


def test_the_published_thresholds(db):
    with db.connect() as conn:
        frame = screening_thresholds(conn)
    assert [(r.applies_to, r.valid_from.date(), r.amount_mkr, r.provenance, r.source_ref) for r in frame.itertuples()] == [
        ("joint_regional", D(2019, 1, 1), 10.0, "published", "Årsrapport 2023, afsnit 9"),
        ("cross_public", D(2019, 1, 1), 10.0, "published", "Årsrapport 2023, afsnit 9"),
    ]


# --- re-assessment ----------------------------------------------------------------------------------

@pytest.fixture
def assessed_below(db):
    """A joint-regional project assessed in March 2024 with a budget of 8 mio. kr. at the time."""
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        add_budget(conn, SLUG, D(2024, 2, 1), 8.0, kind="baseline")
        hold_assessment(conn, SLUG, D(2024, 3, 1))
    return db


def test_costs_rising_over_the_threshold_after_the_assessment_trigger_a_reassessment(assessed_below):
    with assessed_below.begin() as conn:
        add_budget(conn, SLUG, D(2024, 6, 1), 12.0)
        before, after = judged(conn, SLUG, D(2024, 5, 31)), judged(conn, SLUG, D(2024, 7, 1))
        listed = rules.reassessment_triggers(screening_rule(conn, D(2024, 7, 1)))["slug"].tolist()
    assert not before["reassessment"] and before["verdict"] == "not_required"
    assert after["reassessment"] and listed == [SLUG]
    assert (after["assessment_amount_mkr"], after["assessment_threshold_mkr"], after["amount_mkr"]) == (8.0, 10.0, 12.0)
    assert rules.reassessment_text(after, "da") == (
        "Ved risikovurderingen i marts 2024 var budgettet 8 mio. kr. (grænse 10 mio. kr.); nu er beløbet 12 mio. kr. "
        "(skøn pr. 1. juni 2024) og dermed over grænsen på 10 mio. kr. En risikovurdering kan gennemføres igen, hvis "
        "udgifterne stiger til over grænsen (afsnit 9).")


def test_a_rise_known_in_the_assessment_month_is_not_a_trigger(assessed_below):
    with assessed_below.begin() as conn:
        add_budget(conn, SLUG, D(2024, 3, 20), 12.0)   # the assessment had it (month precision)
        assert not judged(conn, SLUG, D(2024, 7, 1))["reassessment"]


def test_a_new_assessment_clears_the_trigger(assessed_below):
    with assessed_below.begin() as conn:
        add_budget(conn, SLUG, D(2024, 6, 1), 12.0)
        hold_assessment(conn, SLUG, D(2024, 9, 1))
        assert judged(conn, SLUG, D(2024, 8, 31))["reassessment"]
        assert not judged(conn, SLUG, D(2024, 9, 1))["reassessment"]


def test_no_trigger_without_a_known_amount_at_the_assessment(db):
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        hold_assessment(conn, SLUG, D(2024, 3, 1))
        add_budget(conn, SLUG, D(2024, 6, 1), 40.0)
        row = judged(conn, SLUG, D(2024, 7, 1))
    assert row["verdict"] == "required" and not row["reassessment"]


def test_screening_lists(db):
    with db.begin() as conn:
        set_type(conn, SLUG, "joint_regional")
        add_budget(conn, SLUG, D(2024, 1, 10), 30.0)
        add_phase(conn, SLUG, "idea", D(2023, 5, 1))
        add_phase(conn, SLUG, "analysis", D(2024, 1, 15))
        frame = screening_rule(conn, D(2024, 2, 1))
    assert rules.must_assess_without_assessment(frame)["slug"].tolist() == [SLUG]
    assert rules.in_analysis_without_assessment(frame)["slug"].tolist() == [SLUG]
    row = frame[frame["slug"] == SLUG].iloc[0]
    assert row["phase"] == "analysis" and row["phase_since"].date() == D(2024, 1, 15)
    assert rules.assessment_text(row, "da") == (
        "Ikke risikovurderet. Risikovurdering afventer (ingen dato endnu). I analysefase siden 15. januar 2024. "
        "Risikovurderingen indgår typisk i analysefasen.")
    # Filters: responsible organisation and type.
    assert rules.narrow(frame, ["Region Nordjylland"], ["joint_regional"])["slug"].tolist().count(SLUG) == 1
    assert SLUG not in rules.narrow(frame, ["Region Hovedstaden"], [])["slug"].tolist()
    assert SLUG not in rules.narrow(frame, [], ["unknown"])["slug"].tolist()


# --- the report's facts -----------------------------------------------------------------------------

def test_lineage_is_shown_both_ways(db):
    with db.connect() as conn:
        lims = screening_project_lineage(conn, "lims-patologi")
        pathology = screening_project_lineage(conn, "patologisystem")
        programme = screening_project_lineage(conn, "diagnostisk-program")
    assert sorted(zip(lims["direction"], lims["slug"])) == [("continues", "diagnostisk-program"),
                                                            ("continues", "patologisystem")]
    assert list(zip(pathology["direction"], pathology["slug"])) == [("continued_by", "lims-patologi")]
    assert list(zip(programme["direction"], programme["slug"])) == [("continued_by", "lims-patologi")]
    assert set(lims["provenance"]) == {"published"} and set(lims["source_ref"]) == {"Årsrapport 2023, tabel 1"}
    assert "i januar 2024 igangsat et nyt RSI-projekt" in pathology["note"].iloc[0]


def test_lineage_refuses_a_project_continuing_itself(db):
    with refused_by("project_lineage_no_cycle"):
        with db.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO project_lineage (predecessor_id, successor_id, provenance, entered_by, entered_at)"
                " VALUES (:a, :b, 'entered', 'test', now())"),
                {"a": project_id(conn, "lims-patologi"), "b": project_id(conn, "patologisystem")})
    with refused_by("project_lineage_not_itself"):
        with db.begin() as conn:
            luna = project_id(conn, "luna")
            conn.execute(sa.text(
                "INSERT INTO project_lineage (predecessor_id, successor_id, provenance, entered_by, entered_at)"
                " VALUES (:a, :a, 'entered', 'test', now())"), {"a": luna})


# Exactly what the report states (table 1), and nothing it does not.
PUBLISHED_OUTCOMES = {
    "labrek": ("within", -60.0, "within", -36, "Valg af alternativ indkøbsstrategi medførte, at projektet blev "
               "gennemført 60 mio. kr. under budget og tre år tidligere end først planlagt."),
    "luna": ("within", None, "late", 3, "Den regionale del af LUNA-projektet blev forsinket med tre måneder, men "
             "opfyldte alle sine strategiske målsætninger inden for det fastlagte budget inkl. risikobuffer."),
    "smr2": ("within", None, "late", 3, "Projektet leverede sine leverancer inden for aftalt budget og med en mindre "
             "forsinkelse på tre måneder."),
    "fut": ("within", None, "within", None, "Projektet leverede en MVP-løsning inden for aftalt budget og tidsplan."),
}


def test_the_published_outcomes_are_loaded_exactly(db):
    with db.connect() as conn:
        stored = conn.execute(sa.text(
            "SELECT p.slug, o.budget_outcome::text, o.budget_variance_mkr::float8, o.schedule_outcome::text,"
            " o.schedule_variance_months, o.statement, o.provenance::text, o.source_ref, p.status_text"
            " FROM project_outcome o JOIN project p ON p.id = o.project_id")).all()
        labrek = screening_project_outcome(conn, "labrek")
    assert {r.slug: tuple(r[1:6]) for r in stored} == PUBLISHED_OUTCOMES
    for r in stored:
        assert r.provenance == "published" and r.source_ref == "Årsrapport 2023, tabel 1"
        assert r.statement in r.status_text   # word for word from table 1
    assert labrek.iloc[0]["budget_variance_mkr"] == -60.0 and labrek.iloc[0]["schedule_variance_months"] == -36


def test_the_published_types_and_phases(db):
    with db.connect() as conn:
        types = dict(conn.execute(sa.text(
            "SELECT p.slug, t.scope::text FROM project_type t JOIN project p ON p.id = t.project_id")).all())
        developments = conn.execute(sa.text("SELECT count(*) FROM project_type WHERE development IS NOT NULL")).scalar()
        phases = dict(conn.execute(sa.text(
            "SELECT p.slug, x.began_on FROM project_phase x JOIN project p ON p.id = x.project_id"
            " WHERE x.phase = 'ended'")).all())
        end_months = dict(conn.execute(sa.text("SELECT slug, end_month FROM project WHERE end_month IS NOT NULL")).all())
    assert types["ris-pacs-hovedstaden"] == "regional"
    assert types["fut"] == types["fravalg-af-genoplivning"] == "cross_public"
    assert types["luna"] == types["lims-patologi"] == "joint_regional"
    assert "smr2" not in types and "pseudonymisering" not in types
    assert developments == 0   # the report states it for none
    assert phases == end_months   # "Afsluttet/Lukket <måned>" is the beginning of the last phase


# --- the database refuses bad facts too ---------------------------------------------------------------

@pytest.mark.parametrize("values, constraint", [
    ({"amount": -5.0}, "project_budget_amount_positive"),
    ({"amount": 0.0}, "project_budget_amount_positive"),
    ({"share": 12.0}, "project_budget_share_within_amount"),
    ({"share": -1.0}, "project_budget_share_within_amount"),
    ({"start": D(2025, 1, 1), "end": D(2024, 1, 1)}, "project_budget_end_after_start"),
])
def test_the_database_refuses_bad_budgets(db, values, constraint):
    arguments = {"amount": 10.0, **values}
    with refused_by(constraint):
        with db.begin() as conn:
            add_budget(conn, SLUG, D(2024, 1, 1), arguments.pop("amount"), **arguments)


def test_the_database_refuses_phases_out_of_order(db):
    with db.begin() as conn:
        add_phase(conn, SLUG, "analysis", D(2024, 3, 1))
    for phase, began in (("idea", D(2024, 3, 1)), ("idea", D(2024, 5, 1)), ("procurement", D(2024, 2, 1))):
        with refused_by("project_phase_in_order"):
            with db.begin() as conn:
                add_phase(conn, SLUG, phase, began)
    with db.begin() as conn:
        add_phase(conn, SLUG, "idea", D(2023, 11, 1))
        add_phase(conn, SLUG, "ended", D(2025, 1, 1))   # a phase may be skipped
    with refused_by("project_phase_in_order"):
        with db.begin() as conn:
            conn.execute(sa.text("UPDATE project_phase SET began_on = '2026-01-01' WHERE phase = 'analysis'"
                                 " AND project_id = :p"), {"p": project_id(conn, SLUG)})


def test_a_budget_typed_in_the_project_form_joins_the_history(db):
    with db.begin() as conn:
        conn.execute(sa.text("UPDATE project SET budget_mkr = 42, provenance = 'entered', entered_by = 'anna',"
                             " entered_at = now() WHERE slug = :s"), {"s": SLUG})
        rows = conn.execute(sa.text(
            "SELECT kind::text, amount_mkr::float8, source, provenance::text, entered_by FROM project_budget"
            " WHERE project_id = :p"), {"p": project_id(conn, SLUG)}).all()
        conn.execute(sa.text("UPDATE project SET status_text = status_text WHERE slug = :s"), {"s": SLUG})
        again = conn.execute(sa.text("SELECT count(*) FROM project_budget WHERE project_id = :p"),
                             {"p": project_id(conn, SLUG)}).scalar()
    assert rows == [("estimate", 42.0, "Projektets budgetfelt", "entered", "anna")] and again == 1


@pytest.mark.parametrize("vocabulary, codes", [
    ("scope", vocab.SCOPES), ("development", vocab.DEVELOPMENTS), ("phase", vocab.PHASES),
    ("budget_kind", vocab.BUDGET_KINDS), ("budget_outcome", vocab.BUDGET_OUTCOMES),
    ("schedule_outcome", vocab.SCHEDULE_OUTCOMES), ("decision", vocab.DECISIONS), ("grounds", vocab.GROUNDS),
    ("verdict", vocab.VERDICTS), ("verdict_short", vocab.VERDICTS), ("verdict_filter", vocab.VERDICTS),
])
def test_every_code_has_a_label_in_both_languages(vocabulary, codes):
    from dashboard.i18n import t

    for code in codes:
        assert t(f"screening.{vocabulary}.{code}", "da") and t(f"screening.{vocabulary}.{code}", "en")
    assert vocab.label("scope", None, "da") == "Ikke registreret"


def test_the_vocabularies_match_the_database(db):
    with db.connect() as conn:
        enums = {name: conn.execute(sa.text(f"SELECT enum_range(NULL::{name})::text[]")).scalar()
                 for name in ("project_scope", "development_kind", "project_phase_code", "budget_figure_kind",
                              "budget_outcome_kind", "schedule_outcome_kind", "nomination_decision",
                              "nomination_grounds")}
    assert enums == {"project_scope": list(vocab.SCOPES), "development_kind": list(vocab.DEVELOPMENTS),
                     "project_phase_code": list(vocab.PHASES), "budget_figure_kind": list(vocab.BUDGET_KINDS),
                     "budget_outcome_kind": list(vocab.BUDGET_OUTCOMES),
                     "schedule_outcome_kind": list(vocab.SCHEDULE_OUTCOMES),
                     "nomination_decision": list(vocab.DECISIONS), "nomination_grounds": list(vocab.GROUNDS)}


@pytest.mark.parametrize("value, index", [(None, None), (0.1, 0), (10.0, 0), (10.1, 1), (25.0, 1), (100.0, 3),
                                          (100.1, 4), (5000.0, 4)])
def test_cost_bands_split_where_the_rule_does(value, index):
    assert vocab.band_index(value, vocab.COST_BANDS_MKR) == index
    assert vocab.cost_band_label(0, "da") == "10 mio. kr. eller derunder"
    assert vocab.cost_band_label(1, "da") == "Over 10 til 25 mio. kr."
