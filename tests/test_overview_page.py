"""The overview page (AppTest, real database)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from tests.apptest import open_app, plotly_specs, plotly_values, texts


def test_overview_shows_key_figures_and_portfolio(db_url):
    at = open_app()
    assert not at.exception
    assert texts(at, "error") == []
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Risikovurderinger"] == "10"
    assert metrics["Sparringsmøder"] == "5"
    assert metrics["Profil A"] == "8"
    assert metrics["Profil B"] == "1"
    assert metrics["Profil C"] == "1"
    table = at.dataframe[0].value
    assert len(table) == 17
    assert "LUNA" in set(table["Projekt"])
    fut = table[table["Projekt"] == "Fælles Udvikling af Telemedicin (FUT)"].iloc[0]
    assert fut["Ansvarlig"] == "Region Midtjylland og Københavns Kommune"
    assert fut["Tilstand"] == "Afsluttet"
    assert fut["Risikoprofil"] == "A – meget høj"


def test_overview_in_english(db_url):
    at = open_app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert {m.label for m in at.metric} >= {"Risk assessments", "Sparring meetings"}


def test_overview_charts_carry_numbers(db_url):
    at = open_app()
    bars = [trace for spec in plotly_specs(at) for trace in spec["data"] if trace.get("type") == "bar"]
    by_type = {trace["name"]: sum(plotly_values(trace["y"])) for trace in bars}
    assert by_type == {"Risikovurdering": 10, "Sparringsmøde": 5}
    assert all(trace.get("text") is not None for trace in bars)  # numbers printed, not colour only


def test_validation_failure_is_a_message_not_a_crash(db_url, db, caplog):
    # Make the database hold a row the page's schema rejects: lift the slug rule for this test.
    with db.begin() as conn:
        conn.execute(sa.text("ALTER TABLE project DROP CONSTRAINT project_slug_check"))
        conn.execute(sa.text("UPDATE project SET slug = 'LUNA med mellemrum' WHERE slug = 'luna'"))
    with caplog.at_level(logging.ERROR):
        at = open_app()
    assert not at.exception
    errors = texts(at, "error")
    assert any("består ikke valideringen" in e and "slug" in e for e in errors)
    assert any("validation of portfolio failed" in r.getMessage() for r in caplog.records)


def test_database_down_is_a_danish_message(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    at = open_app()
    assert not at.exception
    assert any("Databasen kan ikke nås" in e for e in texts(at, "error"))
