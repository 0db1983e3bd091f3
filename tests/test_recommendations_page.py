"""The page Anbefalinger and the project page's recommendation section (AppTest, real database)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard.text import shown
from tests.apptest import offered_link, open_app, plotly_specs, plotly_values, texts
from tests.recommendation_helpers import load_demo_set

PAGE = "anbefalinger.py"
DEMO_BANNER = "DEMODATA"


@pytest.fixture
def demo(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    return db


def key(name: str) -> str:
    return f"anbefalinger:{name}"


def bars(at: AppTest, title_part: str) -> dict[str, dict[str, float]]:
    """{trace name: {category: value}} of the chart whose title contains title_part."""
    for spec in plotly_specs(at):
        title = spec["layout"].get("title", {}).get("text", "")
        if title_part in title:
            return {trace["name"]: dict(zip(trace["y"], plotly_values(trace["x"]))) for trace in spec["data"]}
    raise AssertionError(f"no chart titled {title_part!r}")


def test_breakdown_shows_computed_beside_published_with_the_rounding_note(demo):
    at = open_app(PAGE)
    assert not at.exception and texts(at, "error") == []
    assert any(DEMO_BANNER in w for w in texts(at, "warning"))
    figure2 = bars(at, "fokusområder")
    computed, published = figure2["Beregnet fra databasen"], figure2["Offentliggjort (figur 2)"]
    assert published == {"Projekttilrettelæggelse": 35, "Governance": 28, "Forretningsmæssige forhold": 25,
                         "Markedsafdækning og teknisk løsning": 8, "Slutbrugere og slutprodukt": 4}
    assert computed["Governance"] == pytest.approx(100 * 30 / 105)
    comparison = at.dataframe[0].value.set_index("Fokusområde")
    assert comparison.loc["Governance", "Antal"] == 30
    assert comparison.loc["Governance", "Forskel (pct.-point)"] == "+0,6"
    assert comparison.loc["Projekttilrettelæggelse", "Figur 2"] == "35 %"
    note = " ".join(texts(at, "info"))
    assert "kan ikke opfyldes med hele anbefalinger" in note
    assert "giver tilsammen 104, ikke 105" in note and "37 / 30 / 26 / 8 / 4" in note
    figure3 = bars(at, "underkategorier")
    assert sum(sum(v.values()) for v in figure3.values()) == 105
    assert figure3["Projekttilrettelæggelse"]["Tidsplan"] == 15
    # The default view on a bare address: the address is left bare, the offered link is complete.
    assert dict(at.query_params) == {}
    params = offered_link(at)
    assert params["visning"] == ["fordeling"] and params["fra"] == ["2019-01"] and params["lang"] == ["da"]


def test_without_demo_data_there_is_nothing_to_count_but_the_published_figure(db_url):
    at = open_app(PAGE)
    assert not at.exception
    assert not any(DEMO_BANNER in w for w in texts(at, "warning"))
    figure2 = bars(at, "fokusområder")
    assert set(figure2["Beregnet fra databasen"].values()) == {0}
    assert figure2["Offentliggjort (figur 2)"]["Governance"] == 28
    assert "kan ikke opfyldes" in " ".join(texts(at, "info"))


def test_query_params_set_the_filters(demo):
    at = open_app(PAGE, visning="anbefalinger", fokus="governance", profil="A", ansvarlig="Region Midtjylland",
                  fra="2020-01", til="2021-12")
    assert not at.exception
    assert at.selectbox(key=key("fokus")).value == "governance"
    assert at.selectbox(key=key("ansvarlig")).value == "Region Midtjylland"
    assert at.multiselect(key=key("profil")).value == ["A"]
    listing = at.dataframe[0].value
    assert set(listing["Fokusområde"]) == {"Governance"}
    assert set(listing["Projekt"]) <= {"LUNA", "Fælles Udvikling af Telemedicin (FUT)", "Sygehusmedicinregisteret 2 (SMR2)"}
    assert len(listing) > 0
    with demo.connect() as conn:  # the period, counted independently (the page shows no month column)
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM recommendation r JOIN subcategory sc ON sc.code = r.subcategory"
            " JOIN activity a ON a.id = r.activity_id JOIN risk_assessment_result rr ON rr.activity_id = a.id"
            " WHERE sc.focus_area = 'governance' AND rr.profile = 'A' AND a.month BETWEEN '2020-01-01' AND '2021-12-01'"
            " AND EXISTS (SELECT 1 FROM project_responsible pr JOIN organisation o ON o.id = pr.organisation_id"
            "             WHERE pr.project_id = a.project_id AND o.name = 'Region Midtjylland')")).scalar()
    assert len(listing) == expected


def test_bad_params_give_a_notice_and_fall_back(demo):
    at = open_app(PAGE, visning="tabel", fokus="astrologi", profil="Z", projekt="findes-ikke", fra="2019-13")
    assert not at.exception
    notices = [w for w in texts(at, "warning") if "Ukendt værdi i linket" in w]
    assert len(notices) == 5
    assert any("fokus=astrologi" in n for n in notices) and any("projekt=findes-ikke" in n for n in notices)
    params = dict(at.query_params)
    assert params["visning"] == "fordeling" and params["fra"] == "2019-01" and "fokus" not in params


def test_inconsistent_params_are_explained(demo):
    at = open_app(PAGE, visning="anbefalinger", fokus="business", underkategori="schedule", fra="2023-12", til="2020-01")
    assert not at.exception
    warnings = texts(at, "warning")
    assert any("byttet om" in w for w in warnings)
    assert any("Tidsplan hører ikke til fokusområdet Forretningsmæssige forhold" in w for w in warnings)
    assert dict(at.query_params)["fra"] == "2020-01" and "underkategori" not in dict(at.query_params)
    # A subcategory alone implies its focus area.
    at = open_app(PAGE, visning="anbefalinger", underkategori="test")
    assert at.selectbox(key=key("fokus")).value == "end_users"
    assert len(at.dataframe[0].value) == 4


def test_drill_down_from_a_focus_area_to_the_list_and_on_to_the_project(demo):
    at = open_app(PAGE)
    at.pills(key=key("drill_fokus")).set_value("market_technical").run()
    assert not at.exception
    params = dict(at.query_params)
    assert params["visning"] == "anbefalinger" and params["fokus"] == "market_technical"
    listing = at.dataframe[0].value
    assert len(listing) == 8 and set(listing["Fokusområde"]) == {"Markedsafdækning og teknisk løsning"}
    assert {"Projekt", "Anbefaling", "Underkategori", "Opfølgning", "Åbn"} <= set(listing.columns)
    links = {link.proto.query_string: shown(link.proto.label) for link in at.page_link}
    assert links["id=ppj&fane=oversigt&lang=da"] == "Udbud af fællesregional Præhospital Patientjournal (PPJ)"
    assert all(link.proto.page == "projekt" for link in at.page_link)
    assert {"Hent CSV", "Hent Excel"} <= {b.proto.label for b in at.get("download_button")}


def test_drill_down_from_a_subcategory(demo):
    at = open_app(PAGE)
    at.pills(key=key("drill_underkategori")).set_value("steering_committee").run()
    params = dict(at.query_params)
    assert params["underkategori"] == "steering_committee" and params["fokus"] == "governance"
    listing = at.dataframe[0].value
    assert len(listing) == 5 and set(listing["Underkategori"]) == {"Styregruppe"}
    # Changing the focus area drops a subcategory of another area.
    at.selectbox(key=key("fokus")).set_value("business").run()
    assert at.selectbox(key=key("underkategori")).value is None
    assert set(at.dataframe[0].value["Fokusområde"]) == {"Forretningsmæssige forhold"}


def test_search_in_the_url_finds_inflected_forms_and_combines_with_filters(demo):
    at = open_app(PAGE, visning="anbefalinger", soeg="tidsplanen", projekt="luna")
    assert not at.exception
    listing = at.dataframe[0].value
    assert len(listing) == 2 and set(listing.columns) >= {"Anbefaling"}
    assert all("tidsplan" in text.lower() for text in listing["Anbefaling"])
    assert at.text_input(key=key("soeg")).value == "tidsplanen"
    # Typing a search narrows the list and goes to the URL.
    at.text_input(key=key("soeg")).input("implementeringsstrategien").run()
    assert dict(at.query_params)["soeg"] == "implementeringsstrategien"
    assert list(at.dataframe[0].value["Anbefaling"]) == [
        "Udarbejd en implementeringsstrategi for regionernes praksisafdelinger med fokus på de ændrede"
        " arbejdsgange ved afregning."]
    at.text_input(key=key("soeg")).input("blockchain").run()
    assert "Ingen anbefalinger matcher filtrene." in texts(at, "info")


def test_followup_overview_per_project(demo):
    at = open_app(PAGE, visning="opfoelgning", fokus="project_planning")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Anbefalinger"] == "37"
    overview = at.dataframe[0].value
    assert overview["Antal"].sum() == 37
    assert (overview["Åbne"] <= overview["Antal"]).all()
    assert int(metrics["Åbne"]) == overview["Åbne"].sum()
    assert any(s["layout"]["title"]["text"].startswith("Anbefalingernes opfølgning") for s in plotly_specs(at))


def test_good_advice_is_shown_by_focus_area_and_links_to_the_recommendations(demo):
    at = open_app(PAGE, visning="gode-raad")
    assert not at.exception
    markdown = " ".join(texts(at, "markdown"))
    assert markdown.count("**") // 2 >= 18
    assert "Synlig kritisk vej" in markdown and "Overvejelse af udbudsform" in markdown
    at.button(key=key("show:business")).click().run()
    params = dict(at.query_params)
    assert params["visning"] == "anbefalinger" and params["fokus"] == "business"
    assert len(at.dataframe[0].value) == 26
    # The list of a focus area carries that area's good advice.
    assert "Tydelig beskrivelse af formål og scope" in " ".join(texts(at, "markdown"))


def test_page_in_english(demo):
    at = open_app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Recommendations"
    assert "Published (figure 2)" in bars(at, "focus area")
    assert "cannot be met by whole recommendations" in " ".join(texts(at, "info"))


def project_section(slug: str) -> AppTest:
    """The project page's section on its own, with the app's pages registered for its links."""
    at = AppTest.from_string(
        "import streamlit as st\n"
        "from dashboard.ui.shell import PAGES, PAGES_DIR\n"
        "st.navigation([st.Page(str(PAGES_DIR / p.file), url_path=p.url_path or None, default=p.url_path == '')"
        " for p in PAGES], position='hidden')\n"
        "from dashboard.ui.recommendation_widgets import render_project_recommendations\n"
        f"render_project_recommendations({slug!r})\n", default_timeout=60)
    return at.run()


def test_project_section_lists_the_project_recommendations(demo):
    at = project_section("ris-pacs-hovedstaden")
    assert not at.exception
    assert any(DEMO_BANNER in w for w in texts(at, "warning"))
    table = at.dataframe[0].value
    assert len(table) == 13 and "Projekt" not in table.columns
    assert {m.label: m.value for m in at.metric}["Anbefalinger"] == "13"
    link = at.page_link[0].proto
    assert link.page == "anbefalinger" and "projekt=ris-pacs-hovedstaden" in link.query_string


def test_project_section_without_recommendations(db_url):
    at = project_section("luna")
    assert not at.exception
    assert "Der er ikke registreret anbefalinger til projektet." in texts(at, "caption")
