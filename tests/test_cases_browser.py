"""Real-browser journey of the assessment cases (issue 13), on `itraad run`.

The secretariat opens a case for the planned risk assessment of Pseudonymisering (report table 2),
assigns two council members, is refused a third whose impartiality declaration is shown as the
reason under the field (nothing written), records the request and the documents received; a
director then sees the case's progress on /sag (timeline planned against actual, the working-day
clock, the members) and finds it in /sager. Screenshots: test-artifacts/<test>/.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dashboard.i18n import t
from helpers import table_checksums
from tests.test_journeys import downloaded_csv, field_label, open_form, secretariat_account, sign_in  # noqa: F401
from tests.test_screening_browser import save, type_date

pytestmark = pytest.mark.browser

PROJECT = "Pseudonymisering af oplysninger i journaler og logs"
ACTIVITY = f"{PROJECT} · Risikovurdering · april 2024"
REASON = "Formand for projektets styregruppe"


@pytest.fixture
def declared(db):
    """Henning Voss chairs the project's steering group (a declaration the secretariat recorded)."""
    with db.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO impartiality_declaration (member_id, project_id, reason, declared_from, provenance,"
            " entered_by, entered_at) SELECT m.id, p.id, :r, DATE '2023-01-01', 'entered', 'anna', now()"
            " FROM council_member m, project p WHERE m.name = 'Henning Voss' AND p.slug = 'pseudonymisering'"),
            {"r": REASON})
    return db


def test_secretariat_runs_a_case_and_a_director_follows_it(declared, open_viewer, secretariat_account):
    db = declared
    secretariat = open_viewer("sekretariat", timeout_ms=60_000)
    sign_in(secretariat, secretariat_account)

    # Open a case for the planned assessment.
    open_form(secretariat, "case")
    secretariat.choose(field_label("case_activity", True), ACTIVITY)
    secretariat.choose(field_label("requested_by"), t("cases.requester.rsi_group"))
    save(secretariat)
    secretariat.shot("sag-oprettet")
    assert t("entry.form.saved", kind=t("entry.kind.case")) in secretariat.main().inner_text()
    with db.connect() as conn:
        case_id = conn.execute(sa.text(
            "SELECT c.id FROM assessment_case c JOIN activity a ON a.id = c.activity_id JOIN project p"
            " ON p.id = a.project_id WHERE p.slug = 'pseudonymisering' AND a.type = 'risk_assessment'")).scalar_one()
    case_label = f"{ACTIVITY} · #{case_id}"

    # Two members.
    open_form(secretariat, "case_member")
    for member in ("Jane Kraglund", "Lars Mathiesen"):
        secretariat.choose(field_label("case", True), case_label)
        secretariat.choose(field_label("member", True), member)
        save(secretariat)
        assert t("entry.form.saved", kind=t("entry.kind.case_member")) in secretariat.main().inner_text()
    secretariat.shot("to-medlemmer")

    # A third with a declaration: refused, the reason under the field, nothing written.
    with db.connect() as conn:
        before = table_checksums(conn)
    secretariat.choose(field_label("case", True), case_label)
    secretariat.choose(field_label("member", True), "Henning Voss")
    save(secretariat)
    secretariat.shot("inhabil-afvist")
    refusal = secretariat.field_error(field_label("member", True))
    assert refusal is not None and "Henning Voss" in refusal and REASON in refusal and PROJECT in refusal
    with db.connect() as conn:
        assert table_checksums(conn) == before

    # Steps: the request, then the documents (the clock starts).
    open_form(secretariat, "case_step")
    for step, digits in (("request", "01032024"), ("documents_received", "25032024")):
        secretariat.choose(field_label("case", True), case_label)
        secretariat.choose(field_label("step", True), t(f"cases.step.{step}"))
        type_date(secretariat, field_label("done_on"), digits)
        save(secretariat)
        assert t("entry.form.saved", kind=t("entry.kind.case_step")) in secretariat.main().inner_text()
    secretariat.shot("trin")
    with db.connect() as conn:
        steps = conn.execute(sa.text("SELECT step::text, done_on, entered_by FROM case_step WHERE case_id = :c"
                                     " ORDER BY done_on"), {"c": case_id}).all()
        members = conn.execute(sa.text("SELECT count(*) FROM case_member WHERE case_id = :c"), {"c": case_id}).scalar()
    assert [(s.step, s.done_on.isoformat(), s.entered_by) for s in steps] == [
        ("request", "2024-03-01", "anna"), ("documents_received", "2024-03-25", "anna")]
    assert members == 2

    # A director sees the case's progress.
    director = open_viewer("direktor", timeout_ms=60_000)
    director.open(f"/sag?id={case_id}")
    director.shot("sag")
    assert director.exceptions() == [] and director.errors() == []
    text = director.main().inner_text()
    assert PROJECT in text and "Jane Kraglund" in text and "Lars Mathiesen" in text and "Henning Voss" not in text
    assert "Materialet kom 25. marts 2024; brevet skal sendes senest 11. april 2024" in text   # across Easter
    assert t("cases.step.documents_received") in text        # reached (the timeline's grid is in the screenshot)
    assert "OVERSKREDET: Anbefalingsbrev sendt" in text
    director.open("/sager?tilstand=aaben")
    director.shot("sager")
    filters, rows = downloaded_csv(director, t("common.download_csv"))   # the list's rows, as the director gets them
    assert rows[t("cases.col.project")].tolist() == [PROJECT]
    row = rows.iloc[0]
    assert row[t("cases.col.step")] == t("cases.step.documents_received")
    assert row[t("cases.col.overdue")].startswith("OVERSKREDET")   # the letter's 10 working days are long gone
    assert row[t("cases.col.members")] == "Jane Kraglund, Lars Mathiesen"
    assert row[t("columns.link")].endswith(f"/sag?id={case_id}&lang=da")
    assert f"{t('cases.filter_state')}: {t('cases.state.open')}" in filters
    for viewer in (secretariat, director):
        assert viewer.exceptions() == [] and viewer.console_errors == []
