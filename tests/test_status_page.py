"""The Statushistorik page (AppTest on the real app and a real database with the demo set)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.apptest import offered_link, open_app, plotly_specs, plotly_values, texts
from tests.status_helpers import load_demo_set

DEMO_BANNER = "DEMODATA"


@pytest.fixture
def demo(db):
    load_demo_set(db)
    return db


def page_links(at: AppTest) -> list:
    return [link.proto for link in at.get("page_link")]


def marks(db, subcategory: str, first: str, last: str) -> tuple[int, set[str]]:
    """Yellow/red marks with a cause in a period, counted independently of the page's queries."""
    with db.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT p.slug FROM status_report s JOIN project p ON p.id = s.project_id,"
            " LATERAL (VALUES (deliveries_cause), (time_cause), (money_cause), (resources_cause)) v(c)"
            " WHERE v.c = :c AND s.month BETWEEN :first AND :last"),
            {"c": subcategory, "first": f"{first}-01", "last": f"{last}-01"}).scalars().all()
    return len(rows), set(rows)


def test_without_status_reports_the_page_says_how_to_get_them(db_url):
    at = open_app("status.py")
    assert not at.exception
    assert any("itraad db demo" in i for i in texts(at, "info"))
    assert not any(DEMO_BANNER in w for w in texts(at, "warning"))


def test_default_view_is_the_heatmap_with_the_full_state_in_the_url(demo):
    at = open_app("status.py")
    assert not at.exception
    assert any(DEMO_BANNER in w for w in texts(at, "warning"))
    assert dict(at.query_params) == {}           # the default view: a bare address is left bare
    params = {name: values[0] for name, values in offered_link(at).items()}
    assert params["visning"] == "historik" and params["fra"] == "2022-01" and params["til"] == "2023-12"
    assert params["parameter"] == "samlet" and params["n"] == "3" and params["side"] == "1"
    assert params["siden"] == "2023-10-01" and params["lang"] == "da"
    at.selectbox(key="status:parameter").set_value("tid").run()   # a changed view writes its full state
    params = dict(at.query_params)
    assert params["parameter"] == "tid" and params["visning"] == "historik" and params["fra"] == "2022-01"
    heatmap = next(trace for spec in plotly_specs(at) for trace in spec["data"] if trace["type"] == "heatmap")
    assert len(heatmap["y"]) == 20
    symbols = {symbol for row in heatmap["text"] for symbol in row}
    assert {"✓", "!", "✕"} <= symbols            # colour is never the only carrier
    assert heatmap["y"][0] == "Klinisk Immunologi IT (KIIT)"   # most red months first
    assert any("Viser projekt 1–20 af 20" in c for c in texts(at, "caption"))


def test_query_parameters_set_the_filters_and_open_the_drill_down(demo):
    at = open_app("status.py", visning="aarsager", fra="2022-06", til="2023-06", aarsag="supplier_management")
    assert not at.exception
    count, slugs = marks(demo, "supplier_management", "2022-06", "2023-06")
    assert count > 0
    assert any(f"Leverandørstyring ({count})" in h for h in texts(at, "subheader"))
    table = at.dataframe[-1].value
    assert len(table) == count
    assert set(table["Underkategori"]) == {"Leverandørstyring"}
    assert set(table["Status"]) <= {"! Gul", "✕ Rød"}
    assert table["Forklaring"].str.len().min() > 0 and table["Handling"].str.len().min() > 0
    # The cause's focus area is filled in and written to the URL with everything else.
    assert at.query_params["fokusomraade"] == "governance" and at.query_params["fra"] == "2022-06"
    # From the list to the project: a link to the project page per project behind the cause.
    linked = {link.query_string for link in page_links(at) if link.page.endswith("projekt")}
    assert linked == {f"id={slug}&fane=oversigt&lang=da" for slug in slugs}  # each project's full view


def test_picking_a_cause_drills_down_and_updates_the_url(demo):
    at = open_app("status.py", visning="aarsager")
    assert any("Vælg et fokusområde eller en årsag" in i for i in texts(at, "info"))
    at.selectbox(key="status:aarsag").set_value("schedule").run()
    assert not at.exception
    count, _ = marks(demo, "schedule", "2022-01", "2023-12")
    assert any(f"Tidsplan ({count})" in h for h in texts(at, "subheader"))
    assert at.query_params["aarsag"] == "schedule"
    assert at.query_params["fokusomraade"] == "project_planning"
    # Choosing another focus area drops a cause that does not belong to it.
    at.selectbox(key="status:fokusomraade").set_value("governance").run()
    assert "aarsag" not in at.query_params or at.query_params["aarsag"] == ""
    assert any(h.startswith("Statusmarkeringer med årsagen Governance") for h in texts(at, "subheader"))


def test_filters_narrow_the_drill_down(demo):
    at = open_app("status.py", visning="aarsager", aarsag="supplier_management", projekt="kiit", parameter="tid")
    assert not at.exception
    with demo.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM status_report s JOIN project p ON p.id = s.project_id"
            " WHERE p.slug = 'kiit' AND s.time_cause = 'supplier_management'")).scalar()
    assert expected > 0
    table = at.dataframe[-1].value
    assert len(table) == expected
    assert set(table["Projekt"]) == {"Klinisk Immunologi IT (KIIT)"} and set(table["Parameter"]) == {"Tid"}
    assert any(link.query_string == "id=kiit&fane=oversigt&lang=da" for link in page_links(at))


def test_bad_parameters_give_a_notice_and_fall_back(demo):
    at = open_app("status.py", visning="kort", parameter="blå", n="99", siden="ikke-en-dato",
                  aarsag="astrologi", projekt="findes-ikke", side="-4")
    assert not at.exception
    notices = " ".join(texts(at, "warning"))
    for bad in ("visning=kort", "parameter=blå", "n=99", "siden=ikke-en-dato", "aarsag=astrologi",
                "projekt=findes-ikke", "side=-4"):
        assert bad in notices
    assert at.query_params["visning"] == "historik" and at.query_params["parameter"] == "samlet"
    assert at.query_params["n"] == "3" and at.query_params["side"] == "1"
    assert at.query_params["siden"] == "2023-10-01"


def test_a_reversed_period_is_turned_round(demo):
    at = open_app("status.py", fra="2023-06", til="2023-01")
    assert any("vendt om" in w for w in texts(at, "warning"))
    assert at.query_params["fra"] == "2023-01" and at.query_params["til"] == "2023-06"


def test_figure_6_shows_the_shares_counted_in_sql(demo):
    at = open_app("status.py", visning="fordeling", fra="2022-01", til="2023-12")
    assert not at.exception
    with demo.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT s.overall::text, EXISTS (SELECT 1 FROM activity a WHERE a.project_id = s.project_id"
            " AND a.type = 'risk_assessment' AND a.state = 'held' AND a.month <= '2023-12-01')"
            " FROM status_report s WHERE s.month BETWEEN '2022-01-01' AND '2023-12-01'")).all()
    bars = {trace["name"]: plotly_values(trace["y"]) for spec in plotly_specs(at) for trace in spec["data"]}
    assessed = [r for r in rows if r[1]]
    for name, colour in (("✓ Grøn", "green"), ("! Gul", "yellow"), ("✕ Rød", "red")):
        expected = [100 * sum(r[0] == colour for r in group) / len(group) for group in (rows, assessed)]
        assert bars[name] == pytest.approx(expected)
    assert any(DEMO_BANNER in w for w in texts(at, "warning"))


def test_early_warnings_view(demo):
    at = open_app("status.py", visning="advarsler", n="3")
    assert not at.exception
    headings = texts(at, "subheader")
    assert any(h.startswith("3 eller flere måneder i træk") for h in headings)
    runs = at.dataframe[0].value
    assert "Klinisk Immunologi IT (KIIT)" in set(runs["Projekt"])
    assert any(h.startswith("Forældet status (1)") for h in headings)   # the demo project that stopped reporting
    at.selectbox(key="status:n").set_value(12).run()
    assert at.query_params["n"] == "12"
    assert any(h.startswith("12 eller flere måneder i træk med gul/rød (1)") for h in texts(at, "subheader"))


def test_changes_since_a_date_view(demo):
    at = open_app("status.py", visning="aendringer", siden="2023-06-01")
    assert not at.exception
    with demo.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM status_report s WHERE s.reported_at >= '2023-06-01' AND s.overall <>"
            " (SELECT b.overall FROM status_report b WHERE b.project_id = s.project_id AND b.month < s.month"
            "  ORDER BY b.month DESC LIMIT 1)")).scalar()
    assert any(h == f"Ændringer siden 1. juni 2023 ({expected})" for h in texts(at, "subheader"))
    assert len(at.dataframe[0].value) == expected


def test_status_page_in_english(demo):
    at = open_app("status.py", lang="en", visning="fordeling")
    assert not at.exception
    assert at.title[0].value == "Status history"
    names = {trace["name"] for spec in plotly_specs(at) for trace in spec["data"]}
    assert names == {"✓ Green", "! Yellow", "✕ Red"}


def strip_app(slug: str) -> AppTest:
    """The strip alone, in an app that registers the real pages (as the project page's app does)."""
    return AppTest.from_string(
        "import streamlit as st\n"
        "from dashboard.ui.shell import PAGES, PAGES_DIR\n"
        "st.navigation([st.Page(str(PAGES_DIR / p.file), url_path=p.url_path or None, default=p.url_path == '')"
        " for p in PAGES])\n"
        "from dashboard.ui.status_widgets import render_status_strip\n"
        f"render_status_strip({slug!r})\n", default_timeout=60)


def test_status_strip_for_the_project_page(demo):
    at = strip_app("luna")
    at.run()
    assert not at.exception
    strip = plotly_specs(at)[0]["data"][0]
    assert strip["type"] == "heatmap" and len(strip["x"]) == 15      # January 2022 to March 2023
    assert {s for row in strip["text"] for s in row} <= {"✓", "!", "✕"}
    assert any(DEMO_BANNER in w for w in texts(at, "warning"))
    at.toggle[0].set_value(True).run()
    table = at.dataframe[0].value
    assert list(table.columns[:6]) == ["Måned", "Samlet status", "Leverancer", "Tid", "Penge", "Ressourcer"]
    assert table["Måned"].iloc[-1] == "marts 2023"
    assert [link.query_string for link in page_links(at)] == [
        "visning=historik&fra=2022-01&til=2023-12&parameter=samlet&projekt=luna&sortering=kritisk&side=1"
        "&fokusomraade=&aarsag=&n=3&siden=2023-10-01&lang=da"]  # the status page's full view of the project


def test_status_strip_without_reports(db_url):
    at = strip_app("luna")
    at.run()
    assert not at.exception
    assert any("ingen månedlige statusrapporter" in c for c in texts(at, "caption"))
