"""The cases pages (/sager, /sag, /raadet), the overview's "Kommende frister" for the secretariat
and the project page's cases (AppTest on the real database with the real app shell)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from dashboard import accounts
from dashboard.accounts import Actor
from dashboard.i18n import copenhagen_today, t
from tests.apptest import open_app, texts
from tests.cases_helpers import assign, declare, open_case, record_step

TODAY = copenhagen_today()   # the app's day


@pytest.fixture
def running(db):
    """An open case started 20 days ago with two members, one step overdue; a declaration."""
    with db.begin() as conn:
        case = open_case(conn, "apovision", month=TODAY.replace(day=1))
        assign(conn, case, "Jane Kraglund")
        assign(conn, case, "Lars Mathiesen")
        record_step(conn, case, "request", TODAY - dt.timedelta(days=25), by="RSI-kredsen")
        record_step(conn, case, "documents_received", TODAY - dt.timedelta(days=20))
        record_step(conn, case, "startup_meeting", planned=TODAY - dt.timedelta(days=2))
        record_step(conn, case, "letter_sent", planned=TODAY + dt.timedelta(days=5))
        declare(conn, "Henning Voss", "apovision", reason="Formand for styregruppen")
        accounts.create_user(conn, "anna", "secretariat", "korrekt hest batteri", "Anna", "test")
    return {"db": db, "case": case}


def table_with(at, column: str):
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


def test_the_list_shows_every_case_with_its_progress(running):
    at = open_app("sager.py")
    assert not at.exception and texts(at, "error") == []
    frame = table_with(at, t("cases.col.project"))
    assert len(frame) == 16          # the 15 published cases and the running one
    overdue = frame[frame[t("cases.col.overdue")].str.startswith("OVERSKREDET")]
    assert len(overdue) == 1 and "Opstartsmøde" in overdue.iloc[0][t("cases.col.overdue")]
    assert "af 10 arbejdsdage" in overdue.iloc[0][t("cases.col.clock")]
    assert "Jane Kraglund" in overdue.iloc[0][t("cases.col.members")]
    # The filters are in the URL and narrow the list.
    at = open_app("sager.py", tilstand="aaben", frister="ja")
    frame = table_with(at, t("cases.col.project"))
    assert len(frame) == 1
    assert "ja" in at.query_params["frister"] and "aaben" in at.query_params["tilstand"]
    at = open_app("sager.py", medlem="Lars Mathiesen")
    assert len(table_with(at, t("cases.col.project"))) == 1
    at = open_app("sager.py", tilstand="lukket", aar="2022")
    frame = table_with(at, t("cases.col.project"))
    assert len(frame) == 5 and set(frame[t("cases.col.overdue")]) == {""}   # closed: no deadlines
    # Three downloads, like every list.
    assert len(at.get("download_button")) == 3


def test_an_unknown_filter_value_gets_a_notice(running):
    at = open_app("sager.py", trin="maanen")
    assert not at.exception
    assert any("maanen" in w for w in texts(at, "warning") + texts(at, "info"))


def test_the_case_page_shows_timeline_clock_and_participants(running):
    at = open_app("sag.py", id=str(running["case"]))
    assert not at.exception and texts(at, "error") == []
    timeline = table_with(at, t("cases.col.planned"))
    assert len(timeline) == 10                          # figure 10's steps
    standing = dict(zip(timeline[t("entry.field.step")], timeline[t("cases.col.standing")]))
    assert standing["Opstartsmøde"].startswith("⚠ Overskredet")
    assert standing["Projektmateriale modtaget"].startswith("✓")
    markdown = " ".join(texts(at, "markdown"))
    assert "Jane Kraglund" in markdown and "Lars Mathiesen" in markdown and "habil" in markdown
    assert "arbejdsdage" in markdown
    assert any("ApoVision" in str(link.proto.label) or "Projektets side" in str(link.proto.label)
               for link in at.get("page_link"))


def test_a_published_case_holds_only_the_report(db):
    with db.connect() as conn:
        case = conn.execute(sa.text(
            "SELECT c.id FROM assessment_case c JOIN activity a ON a.id = c.activity_id JOIN project p"
            " ON p.id = a.project_id WHERE p.slug = 'fut'")).scalar_one()
    at = open_app("sag.py", id=str(case))
    assert not at.exception
    captions = " ".join(texts(at, "caption"))
    assert "Ingen deltagere registreret" in captions and "Ingen anbefalinger registreret" in captions
    markdown = " ".join(texts(at, "markdown"))
    # The letter holds what the report gives, its risk profile, and nothing else.
    assert "Risikoprofil" in markdown and "Generel udtalelse" not in markdown
    assert "rapporten oplyser" in captions
    timeline = table_with(at, t("cases.col.planned"))
    assert set(timeline[t("cases.col.done")]) == {""}


def test_an_unknown_case(running):
    at = open_app("sag.py", id="999999")
    assert not at.exception and texts(at, "error") == []
    assert t("cases.case.unknown") in texts(at, "warning")
    crafted = open_app("sag.py", id="[klik](http://evil.example)")
    assert not crafted.exception
    assert any("id=[klik]" in w for w in texts(crafted, "warning"))


def test_the_council_page_lists_members_terms_and_activities(running):
    at = open_app("raadet.py")
    assert not at.exception
    members = table_with(at, t("cases.col.term"))
    assert list(members[t("cases.col.name")])[0] == "Jane Kraglund (formand)"
    assert len(members) == 6 and set(members[t("cases.col.term")]) == {"Ikke oplyst"}
    declarations = table_with(at, t("cases.col.reason"))
    assert list(declarations[t("cases.col.reason")]) == ["Formand for styregruppen"]


def test_the_secretariat_starts_with_the_deadlines(running):
    at = open_app(timeout=90, actor=Actor("anna", "secretariat"))
    assert not at.exception
    assert t("cases.deadlines.title") in texts(at, "subheader")
    assert any("OVERSKREDET" in m and "Opstartsmøde" in m for m in texts(at, "markdown"))
    viewer = open_app()
    assert t("cases.deadlines.title") not in texts(viewer, "subheader")


def test_the_project_page_links_its_cases(running):
    at = open_app("projekt.py", id="luna", fane="aktiviteter")
    assert not at.exception
    labels = [str(link.proto.label) for link in at.get("page_link")]
    assert sum("Sparringsmøde" in label for label in labels) == 2
