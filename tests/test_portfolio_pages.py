"""Portefølje, Projekt and Pipeline pages (AppTest on the real database) and their filters."""

from __future__ import annotations

import io
import re

import pandas as pd
import sqlalchemy as sa

from dashboard import downloads
from dashboard.portfolio import PortfolioFilter, apply_filter, sort_portfolio
from dashboard.text import shown
from tests.apptest import open_app, plotly_specs, texts


def shown_projects(at) -> list[str]:
    return at.dataframe[0].value["Projekt"].tolist() if at.dataframe else []


# --- Portefølje ---------------------------------------------------------------------------

def test_deep_link_filters_portfolio(db_url, db):
    at = open_app("portefolje.py", ansvarlig="Region Nordjylland", profil="A")
    assert not at.exception and texts(at, "error") == []
    with db.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT p.name FROM project p JOIN project_responsible pr ON pr.project_id = p.id "
            "JOIN organisation o ON o.id = pr.organisation_id "
            "JOIN activity a ON a.project_id = p.id JOIN risk_assessment_result r ON r.activity_id = a.id "
            "WHERE o.name = 'Region Nordjylland' AND r.profile = 'A'")).scalars().all()
    assert shown_projects(at) == sorted(expected) == ["Opgradering af ApoVision"]


def test_url_is_rewritten_with_full_state(db_url):
    at = open_app("portefolje.py", profil="B")
    params = dict(at.query_params)
    assert params["profil"] == "B"
    for name in ("ansvarlig", "tilstand", "aktivitet", "aar", "soeg", "sorter", "orden", "lang"):
        assert name in params  # defaults written out, so the link means the same thing later
    assert params["sorter"] == "navn" and params["lang"] == "da"


def test_filters_change_rows(db_url):
    at = open_app("portefolje.py")
    assert len(shown_projects(at)) == 17
    at.multiselect(key="portefolje:tilstand").set_value(["afsluttet"]).run()
    assert sorted(shown_projects(at)) == sorted([
        "LUNA", "Fælles Udvikling af Telemedicin (FUT)", "Sygehusmedicinregisteret 2 (SMR2)",
        "Fælles udbud af laboratorierekvisitionssystem (LABREK)"])
    assert at.query_params["tilstand"] == "afsluttet"
    at.text_input(key="portefolje:soeg").input("telemedicin").run()
    assert shown_projects(at) == ["Fælles Udvikling af Telemedicin (FUT)"]
    assert at.query_params["soeg"] == "telemedicin"


def test_year_and_activity_type_filters(db_url):
    at = open_app("portefolje.py", aktivitet="sparringsmoede", aar="2022")
    assert sorted(shown_projects(at)) == ["LUNA", "Udbud af fællesregional Præhospital Patientjournal (PPJ)"]


def test_bad_parameters_give_notice_and_fallback(db_url):
    at = open_app("portefolje.py", profil="Z", ansvarlig="Region Nordjyland", aar="tyve", sorter="kaos")
    assert not at.exception
    warnings = texts(at, "warning")
    for fragment in ("profil=Z", "ansvarlig=Region Nordjyland", "aar=tyve", "sorter=kaos"):
        assert any(fragment in w for w in warnings), fragment
    assert len(shown_projects(at)) == 17
    assert at.query_params["sorter"] == "navn"


def test_portfolio_in_english(db_url):
    at = open_app("portefolje.py", lang="en", tilstand="lukket")
    assert at.title[0].value == "Portfolio"
    table = at.dataframe[0].value
    assert set(table["State"]) == {"Closed"}


def test_sort_by_profile_descending(db_url):
    at = open_app("portefolje.py", sorter="profil", orden="faldende", profil=["A", "B", "C"])
    profiles = at.dataframe[0].value["Risikoprofil"].str[0].tolist()
    assert profiles == sorted(profiles, reverse=True) and profiles[0] == "C"


def test_filter_functions_directly(db_url):
    from dashboard import repository
    from dashboard.db.connection import connect

    with connect(db_url) as conn:
        portfolio, activities = repository.portfolio(conn), repository.activities(conn)
    rows = apply_filter(portfolio, activities, PortfolioFilter(responsible=["Københavns Kommune"]))
    assert rows["short_name"].tolist() == ["FUT"]
    rows = apply_filter(portfolio, activities, PortfolioFilter(profiles=["none"]))
    assert len(rows) == 7  # 17 projects, 10 with a profile
    rows = sort_portfolio(portfolio, "seneste-aktivitet")
    assert rows.iloc[0]["short_name"] == "Diagnostisk program"  # sparring meeting April 2023, the latest held activity


# --- Downloads ----------------------------------------------------------------------------

def test_downloads_carry_rows_and_filters():
    frame = pd.DataFrame({"Projekt": ["LUNA", "FUT"], "Tilstand": ["Afsluttet", "Afsluttet"]})
    filters = [("Tilstand", "Afsluttet"), ("Link", "http://x/portefolje?tilstand=afsluttet")]
    about, data = downloads.read_csv(downloads.to_csv(frame, "Portefølje", filters))
    assert "Tilstand: Afsluttet" in about and "Visning: Portefølje" in about
    assert data["Projekt"].tolist() == ["LUNA", "FUT"]
    book = pd.read_excel(io.BytesIO(downloads.to_excel(frame, "Portefølje", filters)), sheet_name=None, header=None)
    assert list(book) == ["Data", "Filtre"]
    assert ["Tilstand", "Afsluttet"] in book["Filtre"].values.tolist()
    assert book["Data"].iloc[1:, 0].tolist() == ["LUNA", "FUT"]


# --- Projekt ------------------------------------------------------------------------------

def test_project_page_shows_the_project(db_url):
    at = open_app("projekt.py", id="fut")
    assert not at.exception and texts(at, "error") == []
    assert texts(at, "title")[0] == "Fælles Udvikling af Telemedicin (FUT)"
    facts = texts(at, "markdown")
    for value in ("**Afsluttet**", "**A – meget høj**", "**Region Midtjylland og Københavns Kommune**"):
        assert value in facts
    assert any("MVP-løsning" in m for m in texts(at, "text"))  # the status text, shown as text


def test_project_activities_tab_in_url(db_url):
    at = open_app("projekt.py", id="luna", fane="aktiviteter")
    assert at.query_params["fane"] == "aktiviteter"
    table = at.dataframe[0].value if at.dataframe else None
    # shown as a table when "Vis datatabel" is on
    at.toggle(key="table:project_timeline").set_value(True).run()
    table = at.dataframe[0].value
    assert table["Aktivitet"].tolist() == ["Risikovurdering", "Sparringsmøde", "Sparringsmøde"]
    assert table["Tidspunkt"].tolist() == ["april 2020", "januar 2022", "oktober 2022"]


def test_unknown_project_slug(db_url):
    at = open_app("projekt.py", id="findes-ikke")
    assert not at.exception
    assert any("id=findes-ikke" in w for w in texts(at, "warning"))
    assert at.title[0].value == "Projekt"


# --- Pipeline -----------------------------------------------------------------------------

def test_pipeline_groups_by_month_with_afventer_last(db_url):
    at = open_app("pipeline.py", aar="2024")
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Marts 2024", "April 2024", "Maj 2024", "Afventer"]
    assert any("**8** forventede aktiviteter i 2024, heraf 4 uden dato" in m for m in texts(at, "markdown"))


def test_pipeline_filters_and_default_year_written(db_url):
    at = open_app("pipeline.py", aktivitet="sparring-eller-vurdering")
    assert at.query_params["aar"] == "2024"
    assert [s.value for s in at.subheader] == ["Afventer"]
    assert any("**3** forventede" in m for m in texts(at, "markdown"))


def test_pipeline_bad_year(db_url):
    at = open_app("pipeline.py", aar="1999")
    assert any("aar=1999" in w for w in texts(at, "warning"))
    assert at.query_params["aar"] == "2024"


def test_project_page_has_status_strip_with_demo_data(db_url, db):
    from dashboard.db.connection import connect
    from dashboard.demo import load_demo

    at = open_app("projekt.py", id="kiit")
    assert "Projektet har ingen månedlige statusrapporter." in texts(at, "caption")
    with connect(db_url) as conn:
        load_demo(conn)
    at = open_app("projekt.py", id="kiit")
    assert not at.exception
    assert any("DEMODATA" in w for w in texts(at, "warning"))  # demo reports are labelled as demo


def test_project_recommendations_section(db_url):
    from dashboard.db.connection import connect
    from dashboard.demo import load_demo

    with connect(db_url) as conn:
        load_demo(conn)
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM recommendation r JOIN activity a ON a.id = r.activity_id "
            "JOIN project p ON p.id = a.project_id WHERE p.slug = 'apovision'")).scalar()
    at = open_app("projekt.py", id="apovision", fane="anbefalinger")
    assert not at.exception and texts(at, "error") == []
    assert expected > 0 and len(at.dataframe[0].value) == expected
    assert any("DEMODATA" in w for w in texts(at, "warning"))


def test_a_red_project_says_why_at_the_top(db_url, db):
    """Issue 10: which parameters are yellow or red, their causes and explanations, the action, since
    when, and links to the council's recommendations to the project in the same focus areas."""
    from tests.status_helpers import load_demo_set

    load_demo_set(db)
    with db.connect() as conn:
        reports = conn.execute(sa.text(
            "SELECT s.month, s.overall::text, s.time::text, s.time_cause, s.time_note, s.action::text, sc.name_da,"
            "       sc.focus_area FROM status_report s JOIN project p ON p.id = s.project_id"
            " LEFT JOIN subcategory sc ON sc.code = s.time_cause WHERE p.slug = 'kiit' ORDER BY s.month")).all()
        latest = reports[-1]
        given = conn.execute(sa.text(
            "SELECT count(*) FROM recommendation r JOIN activity a ON a.id = r.activity_id"
            " JOIN project p ON p.id = a.project_id JOIN subcategory sc ON sc.code = r.subcategory"
            " WHERE p.slug = 'kiit' AND sc.focus_area = :area"), {"area": latest.focus_area}).scalar()
    assert latest.overall in ("yellow", "red") and latest.time != "green"
    greens = [r.month for r in reports if r.overall == "green"]
    since = min(r.month for r in reports if not greens or r.month > max(greens))
    time_since = min(r.month for r in reports if r.time != "green" and all(
        g.time != "green" for g in reports if r.month <= g.month))
    at = open_app("projekt.py", id="kiit")
    assert not at.exception and texts(at, "error") == []
    from dashboard.tables import month_text
    why = next(m for m in texts(at, "markdown") if "hvorfor" in m)
    assert "ikke grøn i" in why and f"(siden {month_text(since, 'da')})" in why
    assert f"Tid: {'✕ Rød' if latest.time == 'red' else '! Gul'} siden {month_text(time_since, 'da')}" in why
    assert latest.name_da in why and latest.time_note in why
    assert f"Handling: {t_action(latest.action)}" in why
    links = [link.proto for link in at.get("page_link") if link.proto.page == "anbefalinger"]
    if given:
        assert any(f"fokus={latest.focus_area}" in link.query_string and "projekt=kiit" in link.query_string
                   and f"{given} anbefaling" in link.label for link in links)
    # No "nan" and no empty tiles anywhere on the page.
    everything = texts(at, "markdown") + texts(at, "caption") + texts(at, "text")
    assert not any(re.search(r"\bnan\b", x, re.IGNORECASE) for x in everything)
    assert all(m.strip() != "****" for m in texts(at, "markdown"))


def t_action(code: str) -> str:
    from dashboard.i18n import t

    return t(f"status.action_name.{code}")


def test_a_project_without_facts_shows_no_empty_tiles(db_url, db):
    with db.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO project (slug, name, state, provenance, entered_by, entered_at) "
            "VALUES ('tomt', 'Næsten tomt projekt', 'ongoing', 'entered', 'sekretariatet', now())"))
    at = open_app("projekt.py", id="tomt")
    assert not at.exception and texts(at, "error") == []
    facts = [m for m in texts(at, "markdown") if m.startswith("**") and m.endswith("**")]
    assert "****" not in facts and all(len(f) > 4 for f in facts)
    assert "Næsten tomt projekt" in texts(at, "title")
    everything = texts(at, "markdown") + texts(at, "caption") + texts(at, "text")
    assert not any(re.search(r"\bnan\b|\bNone\b", x) for x in everything)


def test_pipeline_speaks_danish_and_names_each_project_it_links(db_url, db):
    at = open_app("pipeline.py", aar="2024")
    with db.connect() as conn:
        names = set(conn.execute(sa.text(
            "SELECT p.name FROM activity a JOIN project p ON p.id = a.project_id WHERE a.plan_year = 2024")).scalars())
    axis = plotly_specs(at)[0]["layout"]["xaxis"]
    assert "maj 2024" in axis["ticktext"] and not any("May" in x for x in axis["ticktext"])
    labels = [shown(link.proto.label) for link in at.get("page_link") if link.proto.page == "projekt"]
    assert len(labels) == 8 and set(labels) == {f"Åbn {name}" for name in names}  # never eight "Åbn projektet"
    # Chart text is dark (Streamlit's theme draws it in #808495, 3.7:1 on white).
    from dashboard.charts import TEXT_COLOUR

    assert axis["tickfont"]["color"] == TEXT_COLOUR and plotly_specs(at)[0]["layout"]["font"]["color"] == TEXT_COLOUR
