"""Forged or odd input gets a field message or a notice, never "uventet fejl" and never a silent
change (issue 11, should-fix): a NUL in a link's search, six organisations on a project, a budget
of -1, inf or NaN."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from hypothesis import given, strategies as st

from apptest import APP, PAGES, open_app, texts
from dashboard import accounts, viewstate
from dashboard.accounts import Actor
from dashboard.i18n import t

PASSWORD = "korrekt hest batteri"


# --- links: the URL state -----------------------------------------------------------------------

@pytest.mark.parametrize("page", ["anbefalinger.py", "portefolje.py"])
@pytest.mark.parametrize("search", ["\x00", "tids\x00plan", "\x1b[31m", "a\x7fb"])
def test_a_control_character_in_a_linked_search_is_a_notice(db_url, page, search):
    at = open_app(page, soeg=search)
    assert not at.exception, at.exception
    assert t("errors.unexpected") not in " ".join(texts(at, "error"))
    assert any("soeg" in w for w in texts(at, "warning"))     # "Ukendt værdi i linket: soeg=…"
    assert at.query_params["soeg"] in ("", [""])               # the default, written back


@given(st.text(max_size=40))
def test_parsed_free_text_never_holds_a_control_character(raw):
    parsed = viewstate.parse([viewstate.Param("soeg", default="")], {"soeg": [raw]})
    value = parsed.values["soeg"]
    assert not any(ord(c) < 32 or ord(c) == 127 for c in value)
    assert value == (raw[:200] if value else "") or parsed.notices


def test_the_search_query_never_sends_a_nul_to_the_database():
    from dashboard.recommendations.queries import query_params

    assert query_params("2020-01", "2023-12", search="tids\x00plan\x1f")["search"] == "tids plan"
    assert query_params("2020-01", "2023-12", search="\x00")["search"] is None


# --- forms: what a forged websocket message can put in a widget --------------------------------

@pytest.fixture
def anna(db):
    with db.begin() as conn:
        accounts.create_user(conn, "anna", "secretariat", PASSWORD, "Anna", "test")
    return db


def _project_form():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["_auth"] = {"actor": Actor("anna", "secretariat"), "last_seen": time.time()}
    at.run()
    at.switch_page(str(PAGES / "indtastning.py"))
    at.query_params["type"], at.query_params["id"] = "projekt", "ny"
    at.run()
    return at


def _widget(at, name):
    for kind in ("text_input", "multiselect", "number_input"):
        for widget in getattr(at, kind):
            if widget.key and widget.key.endswith(f":{name}"):
                return widget
    raise KeyError(name)


def _save(at):
    next(b for b in at.button if b.label == t("entry.form.save")).click().run()
    assert not at.exception, at.exception
    assert t("errors.unexpected") not in " ".join(texts(at, "error"))


def _projects(db) -> int:
    with db.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM project")).scalar()


def test_six_organisations_on_a_project_get_a_field_message(anna):
    at = _project_form()
    _widget(at, "name").input("Seks ejere")
    _widget(at, "responsible").set_value([1, 2, 3, 4, 5, 6])
    _save(at)
    assert t("entry.error.too_many", max=5) in texts(at, "error")
    assert _projects(anna) == 17


@pytest.mark.parametrize("budget", ["-1", "inf", "NaN", "-inf", "1e400", "0"])
def test_a_forged_budget_gets_a_field_message_and_saves_nothing(anna, budget):
    at = _project_form()
    _widget(at, "name").input("Forfalsket budget")
    _widget(at, "responsible").set_value([1])
    _widget(at, "budget_mkr").input(budget)
    _save(at)
    errors = texts(at, "error")
    assert any(e in errors for e in (t("entry.error.not_a_number"),
                                     t("entry.error.number_out_of_range", min="0", max="100.000"))), errors
    assert _projects(anna) == 17


def test_a_danish_budget_is_saved_and_shown_again_the_danish_way(anna):
    at = _project_form()
    _widget(at, "name").input("Rigtigt budget")
    _widget(at, "responsible").set_value([1])
    _widget(at, "budget_mkr").input("1.234,5")
    _save(at)
    with anna.connect() as conn:
        project_id, budget = conn.execute(sa.text("SELECT id, budget_mkr FROM project WHERE name = 'Rigtigt budget'")).one()
    assert budget == 1234.5
    at.query_params["id"] = str(project_id)
    at.run()
    assert _widget(at, "budget_mkr").value == "1234,5"
