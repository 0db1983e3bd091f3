"""The secretariat's pages in Streamlit's AppTest: role-aware navigation, sign-in, forms that keep
the input after an error, stale edits, delete and undo."""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from apptest import APP, PAGES
from dashboard import accounts
from dashboard.accounts import Actor
from dashboard.entry import service

PASSWORD = "korrekt hest batteri"


@pytest.fixture
def people(db):
    with db.begin() as conn:
        for name, role in (("anna", "secretariat"), ("vera", "viewer"), ("ada", "admin")):
            accounts.create_user(conn, name, role, PASSWORD, name.title(), "test")
    return db


def _app(person: str | None = None, role: str | None = None, last_seen: float | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if person:
        at.session_state["_auth"] = {"actor": Actor(person, role), "last_seen": last_seen or time.time()}
    at.run()
    return at


def _page(at: AppTest, page: str, **query) -> AppTest:
    at.switch_page(str(PAGES / page))
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def _widget(at: AppTest, name: str):
    """A form widget by its field name (its key is entry:<form token>:<name>)."""
    for kind in ("text_input", "text_area", "selectbox", "multiselect", "date_input", "number_input"):
        for widget in getattr(at, kind):
            if widget.key and widget.key.startswith("entry:") and widget.key.endswith(f":{name}"):
                return widget
    raise KeyError(name)


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _texts(at: AppTest, kind: str) -> str:
    return " | ".join(str(e.value) for e in getattr(at, kind))


def test_viewers_and_anonymous_do_not_see_the_secretariat_pages(people):
    for at in (_app(), _app("vera", "viewer")):
        assert not at.exception
        for page in ("indtastning.py", "import.py", "historik.py", "brugere.py"):
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(str(PAGES / page))


def test_the_secretariat_sees_its_pages_and_only_admins_see_users(people):
    at = _app("anna", "secretariat")
    for page in ("indtastning.py", "import.py", "historik.py"):
        _page(at, page)
        assert not at.exception, page
    with pytest.raises(ValueError):
        at.switch_page(str(PAGES / "brugere.py"))
    admin = _page(_app("ada", "admin"), "brugere.py")
    assert not admin.exception and "anna" in admin.dataframe[0].value.to_string()


def test_a_page_opened_without_the_role_shows_nothing_but_a_notice(people):
    """Even run directly (as if the URL reached it), the page stops before any form."""
    at = AppTest.from_file(str(PAGES / "indtastning.py"), default_timeout=60)
    at.session_state["_auth"] = {"actor": Actor("vera", "viewer"), "last_seen": time.time()}
    at.run()
    assert "kun for sekretariatet" in _texts(at, "warning") and len(at.text_input) == 0


def test_sign_in_with_the_form(people):
    at = _page(_app(), "log_ind.py")
    at.text_input(key="sign_in:username").input("anna")
    at.text_input(key="sign_in:password").input("forkert kodeord")
    _button(at, "Log ind").click().run()
    assert "forkert" in _texts(at, "error") and "_auth" not in at.session_state
    at.text_input(key="sign_in:username").input("anna")
    at.text_input(key="sign_in:password").input(PASSWORD)
    _button(at, "Log ind").click().run()
    assert at.session_state["_auth"]["actor"].role == "secretariat"
    _page(at, "indtastning.py")
    assert not at.exception and _widget(at, "name")


def test_an_idle_session_expires(people):
    at = _app("anna", "secretariat", last_seen=time.time() - 31 * 60)
    assert "_auth" not in at.session_state
    with pytest.raises(ValueError):
        at.switch_page(str(PAGES / "indtastning.py"))
    _page(at, "log_ind.py")
    assert "ikke havde været aktiv" in _texts(at, "info")


def test_a_demoted_account_loses_the_forms_on_the_next_click(people):
    at = _page(_app("anna", "secretariat"), "indtastning.py")
    with people.begin() as conn:
        accounts.update_user(conn, "anna", role="viewer")
    at.run()
    assert at.session_state["_auth"]["actor"].role == "viewer"
    with pytest.raises(ValueError):
        at.switch_page(str(PAGES / "indtastning.py"))


def test_a_new_project_is_saved_from_the_form(people):
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="projekt", id="ny")
    _widget(at, "name").input("Fælles medicinkort 2.0")
    _widget(at, "responsible").set_value([1, 2])
    _widget(at, "budget_mkr").input("12,5")
    _button(at, "Gem").click().run()
    assert not at.exception, at.exception
    assert "Projekt er gemt" in _texts(at, "success")
    with people.connect() as conn:
        row = conn.execute(sa.text("SELECT slug, entered_by, budget_mkr FROM project WHERE name = 'Fælles medicinkort 2.0'")).one()
    assert row == ("faelles-medicinkort-2-0", "anna", 12.5)
    assert _widget(at, "name").value == ""   # a fresh form for the next one


def test_an_error_is_shown_at_the_field_and_the_input_stays(people):
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="projekt", id="ny")
    _widget(at, "name").input("<script>alert('x')</script>")
    _widget(at, "purpose").input("Et formål, der ikke må gå tabt.")
    _button(at, "Gem").click().run()
    assert "HTML-koder" in _texts(at, "error") and "Intet er gemt" in _texts(at, "error")
    assert _widget(at, "name").value == "<script>alert('x')</script>"
    assert _widget(at, "purpose").value == "Et formål, der ikke må gå tabt."
    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project")).scalar() == 17
    # Correcting the one field saves it all.
    _widget(at, "name").input("Nyt navn")
    _widget(at, "responsible").set_value([3])
    _button(at, "Gem").click().run()
    assert "Projekt er gemt" in _texts(at, "success")
    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT purpose FROM project WHERE name = 'Nyt navn'")).scalar() == \
            "Et formål, der ikke må gå tabt."


def test_a_status_report_form_refuses_yellow_without_a_cause(people):
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="status", id="ny")
    luna = service.reference().project_by_slug("luna").id
    _widget(at, "project").set_value(luna)
    import datetime as dt

    _widget(at, "month").set_value(dt.date(2023, 5, 1))
    _widget(at, "reported_by").input("Projektleder")
    _widget(at, "time").set_value("yellow")
    _button(at, "Gem").click().run()
    errors = _texts(at, "error")
    assert "Tid er gul eller rød: vælg årsagens underkategori" in errors and "vælg projektets handling" in errors
    assert _widget(at, "time").value == "yellow" and _widget(at, "reported_by").value == "Projektleder"


def test_a_stale_edit_in_the_form_is_refused_with_who_and_when(people):
    luna = service.reference().project_by_slug("luna").id
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="projekt", id=str(luna))
    theirs = service.open_record("project", luna)
    service.save("project", {**theirs.values, "short_name": "Luna"}, Actor("bo", "secretariat"),
                 token=service.new_token(), record_id=luna, opened_version=theirs.version)
    _widget(at, "purpose").input("Annas formål")
    _button(at, "Gem").click().run()
    assert "bo har gemt denne post" in _texts(at, "error")
    assert _widget(at, "purpose").value == "Annas formål"
    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT short_name, purpose <> 'Annas formål' FROM project WHERE id = :p"),
                            {"p": luna}).one() == ("Luna", True)


def test_delete_and_undo_from_the_page(people):
    luna = service.reference().project_by_slug("luna").id
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="projekt", id=str(luna))
    _button(at, "Ja, slet").click().run()
    assert not at.exception
    assert "Slettet: LUNA" in _texts(at, "info")
    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project WHERE id = :p"), {"p": luna}).scalar() == 0
    _button(at, "Fortryd sletningen").click().run()
    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project WHERE id = :p"), {"p": luna}).scalar() == 1
    assert at.query_params["id"] == str(luna)  # back on the restored project


def test_a_save_shows_in_another_open_session_on_its_next_rerun(people):
    """Live: a viewer's open portfolio shows a project saved by the secretariat on its next rerun."""
    viewer = _page(_app("vera", "viewer"), "portefolje.py")
    def shown() -> bool:  # in the portfolio's table
        return any("Fælles medicinkort 2.0" in frame.value.to_string() for frame in viewer.dataframe)

    assert not shown()
    saved = service.save("project", {"name": "Fælles medicinkort 2.0", "state": "ongoing", "is_rsi": "yes",
                                     "responsible": [1]}, Actor("anna", "secretariat"), token=service.new_token())
    assert saved.status == "saved"
    viewer.run()
    assert shown()


def test_follow_up_without_recommendations_says_so(people):
    at = _page(_app("anna", "secretariat"), "indtastning.py", type="opfoelgning")
    assert not at.exception and "ingen at vælge" in _texts(at, "info")


def test_history_page_shows_the_changes_as_text(people):
    created = service.save("organisation", {"name": "Testkommune", "kind": "municipality"}, Actor("anna", "secretariat"),
                           token=service.new_token())
    at = _page(_app("anna", "secretariat"), "historik.py", type="organisation", id=str(created.record_id))
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Hvem"]) == ["anna"] and "Navn: Testkommune" in table["Ændringer"].iloc[0]


def test_the_import_page_previews_and_saves(people):
    at = _page(_app("anna", "secretariat"), "import.py")
    assert not at.exception
    assert "Kolonner i filen" in [e.label for e in at.expander]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_change_log_opens_on_a_fresh_database_in_both_languages(people, lang):
    """Issue 10 item 2: audit rows without a reason (NULL) arrived as NaN with pandas 3, and the
    change log failed for everyone. The overview and a published record's history both open."""
    from dashboard.i18n import t

    with people.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM audit_log WHERE reason IS NULL")).scalar() > 0
        luna = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'luna'")).scalar()
    with people.begin() as conn:  # a published record with a history: one change, no reason given
        conn.execute(sa.text("UPDATE project SET budget_mkr = 42 WHERE id = :id"), {"id": luna})
    for query in ({}, {"type": "projekt", "id": str(luna)}):
        at = AppTest.from_file(APP, default_timeout=90)
        at.session_state["_auth"] = {"actor": Actor("anna", "secretariat"), "last_seen": time.time()}
        at.query_params["lang"] = lang
        at.run()
        at = _page(at, "historik.py", lang=lang, **query)
        assert not at.exception
        assert t("errors.unexpected", lang) not in _texts(at, "error")
        assert at.dataframe, query
        table = at.dataframe[-1].value
        assert not re.search(r"\bnan\b", table.to_string(), re.IGNORECASE)
        if query:
            assert any("42" in str(v) for v in table[t("entry.history.changes", lang)])
