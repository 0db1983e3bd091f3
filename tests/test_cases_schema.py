"""The assessment cases' rules in the database (migration 0050): direct SQL is refused too."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.cases_helpers import D, assign, declare, open_case, record_step


def refused(exc_info, constraint: str) -> None:
    orig = exc_info.value.orig if hasattr(exc_info.value, "orig") else exc_info.value
    assert orig.diag.constraint_name == constraint, orig


def test_published_members_and_cases_hold_only_the_report(db):
    with db.connect() as conn:
        members = conn.execute(sa.text(
            "SELECT name, title, organisation, affiliation::text, is_chair, term_from, term_to, provenance::text,"
            " source_ref FROM council_member ORDER BY position")).all()
        assert [m.name for m in members] == ["Jane Kraglund", "Henning Voss", "Lars Mathiesen",
                                             "Jens Gordon Clausen", "Jens Schmidt", "Lilian Mogensen"]
        assert [m.name for m in members if m.is_chair] == ["Jane Kraglund"]
        assert sorted(m.affiliation for m in members) == ["external"] * 3 + ["internal"] * 3
        assert all(m.term_from is None and m.term_to is None for m in members)   # the report gives no terms
        assert {(m.provenance, m.source_ref) for m in members} == {("published", "Årsrapport 2023, afsnit 8")}

        cases = conn.execute(sa.text(
            "SELECT c.kind::text AS kind, c.state::text AS state, c.requested_by, c.note, c.provenance::text AS prov,"
            " c.source_ref, a.type::text AS type, a.month, a.partner_council, a.provenance::text AS aprov"
            " FROM assessment_case c JOIN activity a ON a.id = c.activity_id")).all()
        assert len(cases) == 15
        assert sum(c.kind == "risk_assessment" for c in cases) == 10
        assert sum(c.kind == "sparring" for c in cases) == 5
        assert all(c.state == "closed" and c.prov == "published" and c.aprov == "published" for c in cases)
        assert all(c.requested_by is None and c.note is None for c in cases)
        assert {c.partner_council for c in cases} == {None, "statens_it_raad", "kk_it_projektraad"}
        # Nothing invented: no steps, members, letters, risks, responses or evaluations.
        for table in ("case_step", "case_member", "case_assessor", "case_letter", "case_response",
                      "case_evaluation", "identified_risk", "impartiality_declaration", "assessor"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_a_declared_member_is_refused_by_the_database(db):
    with db.connect() as conn:
        declare(conn, "Henning Voss", "apovision", reason="Formand for projektets styregruppe")
        case = open_case(conn, "apovision")
        assign(conn, case, "Jane Kraglund")
        with pytest.raises(sa.exc.IntegrityError) as exc:
            assign(conn, case, "Henning Voss")
        refused(exc, "case_member_impartial")
        assert "Formand for projektets styregruppe" in str(exc.value)
        conn.rollback()


def test_a_declaration_that_has_ended_does_not_stand(db):
    with db.connect() as conn:
        declare(conn, "Henning Voss", "apovision", start=D(2021, 1, 1), end=D(2023, 12, 31))
        case = open_case(conn, "apovision", month=D(2024, 3, 1))
        assign(conn, case, "Henning Voss")
        conn.commit()


def test_a_declaration_for_a_member_on_an_open_case_is_refused(db):
    with db.connect() as conn:
        case = open_case(conn, "apovision")
        assign(conn, case, "Henning Voss")
        with pytest.raises(sa.exc.IntegrityError) as exc:
            declare(conn, "Henning Voss", "apovision")
        refused(exc, "impartiality_declaration_member_on_case")


def test_a_member_outside_their_term_is_refused(db):
    with db.connect() as conn:
        conn.execute(sa.text("UPDATE council_member SET term_from = '2024-06-01', term_to = '2026-05-31'"
                             " WHERE name = 'Lars Mathiesen'"))
        case = open_case(conn, "apovision", month=D(2024, 3, 1))
        with pytest.raises(sa.exc.IntegrityError) as exc:
            assign(conn, case, "Lars Mathiesen")
        refused(exc, "case_member_in_term")


def test_a_started_case_needs_two_eligible_members_at_commit(db):
    with db.connect() as conn:
        case = open_case(conn, "apovision")
        assign(conn, case, "Jane Kraglund")
        record_step(conn, case, "request", D(2024, 3, 1))
        conn.commit()    # not started: one member is fine while the secretariat assigns
        record_step(conn, case, "documents_received", D(2024, 3, 4))
        with pytest.raises(sa.exc.IntegrityError) as exc:
            conn.commit()
        refused(exc, "case_two_eligible_members")
    with db.connect() as conn:
        assign(conn, case, "Lars Mathiesen")
        record_step(conn, case, "documents_received", D(2024, 3, 4))
        conn.commit()
        # Taking a member off a started case, leaving one, is refused; replacing one is fine.
        conn.execute(sa.text("DELETE FROM case_member WHERE case_id = :c AND member_id ="
                             " (SELECT id FROM council_member WHERE name = 'Lars Mathiesen')"), {"c": case})
        with pytest.raises(sa.exc.IntegrityError) as exc:
            conn.commit()
        refused(exc, "case_two_eligible_members")
    with db.connect() as conn:
        conn.execute(sa.text("DELETE FROM case_member WHERE case_id = :c AND member_id ="
                             " (SELECT id FROM council_member WHERE name = 'Lars Mathiesen')"), {"c": case})
        assign(conn, case, "Jens Schmidt")
        conn.commit()


def test_sparring_meeting_needs_two_members_too(db):
    with db.connect() as conn:
        case = open_case(conn, "luna", "sparring_meeting")
        record_step(conn, case, "sparring_planned", D(2024, 2, 1))
        record_step(conn, case, "meeting_held", D(2024, 3, 5))
        with pytest.raises(sa.exc.IntegrityError) as exc:
            conn.commit()
        refused(exc, "case_two_eligible_members")


def test_steps_in_order_not_in_future_and_on_their_path(db):
    with db.connect() as conn:
        case = open_case(conn, "apovision")
        assign(conn, case, "Jane Kraglund")
        assign(conn, case, "Lars Mathiesen")
        record_step(conn, case, "documents_received", D(2024, 3, 11))
        conn.commit()
        with pytest.raises(sa.exc.IntegrityError) as exc:
            record_step(conn, case, "startup_meeting", D(2024, 3, 8))   # before the documents
        refused(exc, "case_step_in_order")
        conn.rollback()
    with db.connect() as conn:
        tomorrow = dt.date.today() + dt.timedelta(days=2)
        with pytest.raises(sa.exc.IntegrityError) as exc:
            record_step(conn, case, "letter_sent", tomorrow)
        refused(exc, "case_step_not_in_future")
        conn.rollback()
    with db.connect() as conn:
        with pytest.raises(sa.exc.IntegrityError) as exc:
            record_step(conn, case, "minutes_sent", D(2024, 3, 20))
        refused(exc, "case_step_of_kind")
        conn.rollback()
    with db.connect() as conn:
        # a planned date in the future is what a plan is
        record_step(conn, case, "letter_sent", planned=dt.date.today() + dt.timedelta(days=30))
        conn.commit()


def test_sparring_minutes_may_carry_recommendations_but_no_risk_profile(db):
    with db.connect() as conn:
        activity = conn.execute(sa.text(
            "SELECT a.id FROM activity a JOIN project p ON p.id = a.project_id WHERE p.slug = 'luna'"
            " AND a.type = 'sparring_meeting' ORDER BY a.month LIMIT 1")).scalar_one()
        conn.execute(sa.text(
            "INSERT INTO recommendation (activity_id, subcategory, text, provenance, entered_by, entered_at)"
            " VALUES (:a, (SELECT code FROM subcategory ORDER BY position LIMIT 1), 'Afklar scope før analysen',"
            " 'entered', 'test', now())"), {"a": activity})
        conn.execute(sa.text(
            "INSERT INTO identified_risk (activity_id, subcategory, text, provenance, entered_by, entered_at)"
            " VALUES (:a, (SELECT code FROM subcategory ORDER BY position LIMIT 1), 'Tidsplanen er presset',"
            " 'entered', 'test', now())"), {"a": activity})
        assert conn.execute(sa.text(
            "SELECT count(*) FROM identified_risk WHERE search_vector @@ websearch_to_tsquery('danish', 'tidsplan')")
        ).scalar() == 1
        conn.commit()
        with pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text(
                "INSERT INTO risk_assessment_result (activity_id, activity_type, profile, provenance, entered_by,"
                " entered_at) VALUES (:a, 'sparring_meeting', 'B', 'entered', 'test', now())"), {"a": activity})


def test_letter_and_response_belong_to_an_assessment(db):
    with db.connect() as conn:
        case = open_case(conn, "luna", "sparring_meeting")
        with pytest.raises(sa.exc.IntegrityError) as exc:
            conn.execute(sa.text("INSERT INTO case_letter (case_id, general_statement, provenance, entered_by,"
                                 " entered_at) VALUES (:c, 'Godt', 'entered', 'test', now())"), {"c": case})
        refused(exc, "case_letter_only_assessment")


def test_new_tables_are_audited(db):
    with db.connect() as conn:
        case = open_case(conn, "apovision")
        assign(conn, case, "Jane Kraglund")
        conn.commit()
        tables = set(conn.execute(sa.text(
            "SELECT DISTINCT table_name FROM audit_log WHERE table_name IN ('assessment_case', 'case_member')"))
            .scalars())
        assert tables == {"assessment_case", "case_member"}


def test_demo_cases_are_labelled_complete_and_removable(db):
    from dashboard.cases import clock
    from dashboard.demo import load_demo, remove_demo

    with db.begin() as conn:
        load_demo(conn)
    with db.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT p.name, c.kind::text AS kind, c.state::text AS state, c.provenance::text AS prov,"
            " (SELECT count(*) FROM case_member m WHERE m.case_id = c.id) AS members,"
            " (SELECT done_on FROM case_step s WHERE s.case_id = c.id AND s.step = 'documents_received') AS docs,"
            " (SELECT done_on FROM case_step s WHERE s.case_id = c.id AND s.step = 'letter_sent') AS letter"
            " FROM assessment_case c JOIN activity a ON a.id = c.activity_id JOIN project p ON p.id = a.project_id"
            " WHERE c.provenance = 'demo' ORDER BY p.name")).all()
    assert len(rows) == 3 and all(r.name.startswith("DEMO") and r.members == 2 for r in rows)
    transport = next(r for r in rows if "patienttransport" in r.name)
    assert transport.letter == clock.letter_due(transport.docs) == D(2024, 4, 11)   # across Easter
    with db.begin() as conn:
        remove_demo(conn)
    with db.connect() as conn:
        for table in ("assessment_case", "case_step", "case_member", "assessor", "identified_risk",
                      "impartiality_declaration"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table} WHERE provenance = 'demo'")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM assessment_case")).scalar() == 15


def test_synthetic_cases_follow_the_rules(db):
    from dashboard.synthetic import generate_large

    with db.begin() as conn:
        result = generate_large(conn, projects=40, months=96, recommendations=0)
    with db.connect() as conn:
        cases = conn.execute(sa.text(
            "SELECT count(*) FROM assessment_case c JOIN activity a ON a.id = c.activity_id"
            " JOIN project p ON p.id = a.project_id WHERE p.slug LIKE 'syntetisk-%'")).scalar()
    assert cases == result["cases"] == result["assessed"] and result["case_steps"] > 0
