"""Figures 2 and 3 count risk assessments' recommendations only, while the list and the follow-up show
a sparring meeting's too (issue 13, section 10); the risks identified (identified_risk) are searched
and filtered on /anbefalinger?visning=risici like the recommendations, with downloads."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from dashboard import downloads, repository
from tests.apptest import open_app, texts
from tests.recommendation_helpers import load_demo_set

PAGE = "anbefalinger.py"
SPARRING_TEXT = "DEMO: Regn kommunernes gevinster ind i business casen før næste styregruppemøde."
ALL = {"month_from": "2019-01", "month_to": "2100-12"}


@pytest.fixture
def demo(db, monkeypatch):
    """The demo set, and a recommendation in the demo sparring meeting's minutes."""
    load_demo_set(db, monkeypatch)
    with db.begin() as conn:
        conn.execute(sa.text("""
            INSERT INTO recommendation (activity_id, subcategory, text, provenance)
            SELECT a.id, 'business_case', :text, 'demo'
            FROM activity a JOIN project p ON p.id = a.project_id
            WHERE p.slug = 'demo-hjemmemonitorering' AND a.type = 'sparring_meeting'"""), {"text": SPARRING_TEXT})
    return db


def key(name: str) -> str:
    return f"anbefalinger:{name}"


def offered_files(monkeypatch) -> list[dict]:
    from streamlit.elements.widgets.button import ButtonMixin

    offered: list[dict] = []

    def record(self, label, data, file_name=None, mime=None, **kwargs):
        offered.append({"label": label, "data": data, "file_name": file_name})
        return False

    monkeypatch.setattr(ButtonMixin, "download_button", record)
    return offered


# --- figures 2 and 3 against the list -----------------------------------------------------------

def test_a_sparring_recommendation_is_listed_but_not_counted_in_figures_2_and_3(demo):
    with demo.connect() as conn:
        by_focus = repository.recommendations_by_focus_area(conn, **ALL)
        by_sub = repository.recommendations_by_subcategory(conn, **ALL)
        listing = repository.recommendations_list(conn, **ALL, limit=10_000)
        followup = repository.recommendations_followup(conn, **ALL)
        only_sparring = repository.recommendations_list(conn, **ALL, activities=("sparring_meeting",))
        only_assessments = repository.recommendations_list(conn, **ALL, activities=("risk_assessment",),
                                                           limit=10_000)
    assert by_focus["count"].sum() == 105 and by_sub["count"].sum() == 105
    assert len(listing) == 106
    sparring = listing[listing["text"] == SPARRING_TEXT].iloc[0]
    assert sparring["activity_type"] == "sparring_meeting" and sparring["slug"] == "demo-hjemmemonitorering"
    assert "demo-hjemmemonitorering" in set(followup["slug"])
    assert list(only_sparring["text"]) == [SPARRING_TEXT]
    assert len(only_assessments) == 105 and set(only_assessments["activity_type"]) == {"risk_assessment"}


def test_the_annual_report_figures_count_risk_assessments_only(demo):
    from dashboard.reports import annual

    with demo.connect() as conn:
        rows = repository.recommendations_by_focus_area(conn, month_from="2019-01", month_to="2024-12",
                                                        include_demo=True)
    assert rows["count"].sum() == 105  # the annual report reads this very query (dashboard/reports/annual.py)
    assert "recommendations_by_focus_area" in open(annual.__file__, encoding="utf-8").read()


def test_the_page_shows_the_activity_and_filters_by_it(demo):
    at = open_app(PAGE, visning="anbefalinger", soeg='"kommunernes gevinster"')
    assert not at.exception
    listing = at.dataframe[0].value
    assert list(listing["Aktivitet"]) == ["Sparringsmøde"]
    at = open_app(PAGE, visning="anbefalinger", aktivitet="risikovurdering", soeg='"kommunernes gevinster"')
    assert not at.exception and at.selectbox(key=key("aktivitet")).value == "risikovurdering"
    assert any("Ingen anbefalinger" in i for i in texts(at, "info"))
    assert dict(at.query_params)["aktivitet"] == "risikovurdering"
    at = open_app(PAGE)  # figures: the note says what they count
    assert any("tæller anbefalinger fra risikovurderinger" in c for c in texts(at, "caption"))


# --- the risks ----------------------------------------------------------------------------------

def test_search_finds_a_risk_by_a_word_in_its_text(demo):
    at = open_app(PAGE, visning="risici", soeg="leverandørens")
    assert not at.exception and texts(at, "error") == []
    risks = at.dataframe[0].value
    assert list(risks["Risiko"]) == ["DEMO: Leverandørens kapacitet i udrulningsfasen er usikker."]
    assert list(risks["Aktivitet"]) == ["Risikovurdering"]
    assert risks["Sag"].iloc[0].startswith("sag?id=") and risks["Åbn"].iloc[0].startswith("projekt?id=")
    # Danish stemming, as for the recommendations: "tidsplan" finds "Tidsplanen".
    at = open_app(PAGE, visning="risici", soeg="tidsplan")
    assert [r.startswith("DEMO: Tidsplanen") for r in at.dataframe[0].value["Risiko"]] == [True]
    params = dict(at.query_params)
    assert params["visning"] == "risici" and params["soeg"] == "tidsplan"


def test_filters_narrow_the_risks(demo):
    at = open_app(PAGE, visning="risici")
    assert not at.exception
    assert len(at.dataframe[0].value) == 5
    assert any("5 risici matcher" in c for c in texts(at, "caption"))
    at = open_app(PAGE, visning="risici", aktivitet="sparringsmoede")
    assert list(at.dataframe[0].value["Aktivitet"]) == ["Sparringsmøde"]
    at = open_app(PAGE, visning="risici", fokus="business")
    assert set(at.dataframe[0].value["Fokusområde"]) == {"Forretningsmæssige forhold"}
    at = open_app(PAGE, visning="risici", underkategori="schedule")
    assert list(at.dataframe[0].value["Underkategori"]) == ["Tidsplan"]
    at = open_app(PAGE, visning="risici", projekt="demo-blodbank")
    # A risk of a case still under way (the activity not yet held) can be chosen too.
    assert not texts(at, "warning") or not any("demo-blodbank" in w for w in texts(at, "warning"))
    assert set(at.dataframe[0].value["Projekt"]) == {"DEMO: Udskiftning af blodbankssystem"}
    at = open_app(PAGE, visning="risici", fra="2024-01", til="2024-06")
    assert len(at.dataframe[0].value) == 4
    at = open_app(PAGE, visning="risici", profil="B")
    assert len(at.dataframe[0].value) == 3
    at = open_app(PAGE, visning="risici", aktivitet="sparringsmoede", lang="en")
    assert not at.exception and list(at.dataframe[0].value["Activity"]) == ["Sparring meeting"]
    assert "Risk" in at.dataframe[0].value.columns and any("1 risk matches" in c for c in texts(at, "caption"))
    at = open_app(PAGE, visning="risici", soeg="ingen-saadan-risiko")
    assert any("Ingen risici" in i for i in texts(at, "info"))


def test_bad_parameters_give_a_notice_and_the_default(demo):
    at = open_app(PAGE, visning="risici", aktivitet="genbesoeg", fokus="ukendt", projekt="findes-ikke")
    assert not at.exception
    notices = " ".join(texts(at, "warning") + texts(at, "info"))
    assert "genbesoeg" in notices and "ukendt" in notices and "findes-ikke" in notices
    assert at.selectbox(key=key("aktivitet")).value is None
    assert len(at.dataframe[0].value) == 5
    params = dict(at.query_params)
    assert params.get("aktivitet", "") == "" and params.get("fokus", "") == "" and params["visning"] == "risici"
    at = open_app(PAGE, visning="risikoer")
    assert not at.exception and dict(at.query_params)["visning"] == "fordeling"


def test_the_downloads_hold_the_rows(demo, monkeypatch):
    offered = offered_files(monkeypatch)
    at = open_app(PAGE, visning="risici", fra="2024-01", til="2024-12")
    assert not at.exception
    shown = at.dataframe[0].value
    files = {o["file_name"]: (o["data"]() if callable(o["data"]) else o["data"]) for o in offered}
    assert set(files) == {"risici.csv", "risici-semikolon.csv", "risici.xlsx"}
    about, table = downloads.read_csv(files["risici.csv"])
    assert len(table) == len(shown) == 5
    assert sorted(table["Risiko"]) == sorted(shown["Risiko"])
    assert any(line.startswith("Link: ") and "visning=risici" in line for line in about)
    # Made absolute like the Åbn column (against the app's address; none in AppTest, "/" then).
    root = table["Åbn"].iloc[0].split("projekt?")[0]
    assert root.endswith("/") and all(v.startswith(root + "projekt?id=") for v in table["Åbn"])
    assert all(v.startswith(root + "sag?id=") for v in table["Sag"])
    _, semicolon = downloads.read_csv(files["risici-semikolon.csv"])
    assert sorted(semicolon["Risiko"]) == sorted(shown["Risiko"])
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(files["risici.xlsx"])).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) - 1 == 5 and "Risiko" in header and "Sag" in header
    assert sorted(r[header.index("Risiko")] for r in rows[1:]) == sorted(shown["Risiko"])


def test_the_search_is_kept_between_the_list_and_the_risks(demo):
    """The search field names what it searches (the risks or the recommendations) and keeps its text
    when the view changes, in the field and in the URL."""
    at = open_app(PAGE, visning="risici", soeg="leverandørens")
    field = at.text_input(key=key("soeg"))
    assert field.value == "leverandørens" and field.label == "Søg i risiciene"
    at.segmented_control(key=key("visning")).set_value("anbefalinger").run()
    assert not at.exception
    field = at.text_input(key=key("soeg"))
    assert field.label == "Søg i anbefalingerne" and field.value == "leverandørens"
    assert dict(at.query_params)["soeg"] == "leverandørens"
    at.text_input(key=key("soeg")).set_value("tidsplan").run()
    at.segmented_control(key=key("visning")).set_value("risici").run()
    assert at.text_input(key=key("soeg")).value == "tidsplan"
    assert dict(at.query_params)["soeg"] == "tidsplan" and dict(at.query_params)["visning"] == "risici"
    assert [r.startswith("DEMO: Tidsplanen") for r in at.dataframe[0].value["Risiko"]] == [True]
