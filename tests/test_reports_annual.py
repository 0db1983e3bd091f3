"""The annual report draft from the database, read back from the generated files.

The documents are made once per module on one database with the published data (and once more
with the demo set), each in one Chromium session, and every test reads them back: the Word
tables through python-docx, the PDF's text through poppler's pdftotext.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import docx
import pytest
import sqlalchemy as sa

from dashboard.reports import build
from tests.report_helpers import (FOREWORD_TEXT, module_database, TABLE2_HEADER, docx_rows, norm, pdf_pages, published_tables,
                                  require_tool)

pytestmark = pytest.mark.usefixtures("chromium_for_figures")


@pytest.fixture(scope="module")
def chromium_for_figures():
    from tests.browser import check_browser_available

    check_browser_available()  # kaleido draws the figures in /usr/bin/chromium


@pytest.fixture(scope="module")
def published(server_admin_url, template_db, run_id, tmp_path_factory):
    """The annual report 2023 as PDF and Word, from the published data only."""
    folder = tmp_path_factory.mktemp("annual")
    with module_database(server_admin_url, template_db) as url:
        pdf, built_pdf = build.write(build.annual_report(2023), folder / "aarsrapport-2023.pdf", url=url)
        word, _ = build.write(build.annual_report(2023), folder / "aarsrapport-2023.docx", url=url)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            status = {r.slug: r.status_text for r in conn.execute(sa.text(
                "SELECT DISTINCT ON (p.id) p.slug, h.status_text FROM project_status_text h"
                " JOIN project p ON p.id = h.project_id WHERE h.status_date <= DATE '2024-03-01'"
                " ORDER BY p.id, h.status_date DESC"))}
            version = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
        engine.dispose()
        yield {"pdf": pdf, "docx": word, "status": status, "version": version, "seconds": built_pdf.seconds}


def test_table_1_is_the_reports_table_cell_for_cell_in_word(published):
    document = docx.Document(published["docx"])
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Projekt/program"
                 and len(t.columns) == 5)
    rows = docx_rows(table)
    caption = next(p.text for p in document.paragraphs if p.text.startswith("TABEL 1"))
    generated = caption + "".join("".join(cells) for cells in rows)
    table1, _ = published_tables()
    assert norm(generated) == norm(table1)
    # ... and each row is one project, in the report's order, section rows where the report has them.
    names = [cells[0] for cells in rows[1:]]
    assert names == [
        "Igangværende projekter/programmer", "Opgradering af ApoVision",
        "Pseudonymisering af oplysninger i journaler og logs",
        "Digital løsning til fravalg af genoplivningsforsøg ved hjertestop", "Nyt RIS/PACS i Region Hovedstaden",
        "Udbud af fællesregional Præhospital Patientjournal (PPJ)", "Klinisk Immunologi IT (KIIT)",
        "Afsluttede projekter/programmer", "Fællesregionalt program for det diagnostiske område", "LUNA",
        "Fælles Udvikling af Telemedicin (FUT)", "Sygehusmedicinregisteret 2 (SMR2)",
        "Det fællesregionale patologisystem", "Fælles udbud af laboratorierekvisitionssystem (LABREK)"]
    by_name = {cells[0]: cells for cells in rows[1:] if len(cells) == 5}
    assert by_name["LUNA"][3] == "Risikovurdering (april 2020)\nSparringsmøder (januar og oktober 2022)"
    assert by_name["Fælles Udvikling af Telemedicin (FUT)"][3] == \
        "Risikovurdering (september 2021)\nSamarbejde med Københavns Kommunes It-projektråd"
    assert by_name["Fælles Udvikling af Telemedicin (FUT)"][2] == "Region Midtjylland og Københavns Kommune"
    assert rows[0][4] == "Status pr. marts 2024"


def test_table_1_status_cells_are_the_texts_valid_in_march_2024(published):
    """Compared with the database: each status cell is the state line (finished projects) and the
    text of project_status_text valid in March 2024."""
    document = docx.Document(published["docx"])
    table = next(t for t in document.tables if len(t.columns) == 5)
    cells = {row[0]: row for row in docx_rows(table)[1:] if len(row) == 5}
    assert cells["LUNA"][4] == "Afsluttet marts 2023\n" + published["status"]["luna"]
    assert cells["Det fællesregionale patologisystem"][4] == "Lukket september 2021\n" + \
        published["status"]["patologisystem"]
    assert cells["Opgradering af ApoVision"][4] == published["status"]["apovision"]


def test_table_2_is_the_reports_table_cell_for_cell_in_word(published):
    document = docx.Document(published["docx"])
    table = next(t for t in document.tables if len(t.columns) == 4 and t.rows[0].cells[3].text == "Tidspunkt")
    rows = docx_rows(table)
    caption = next(p.text for p in document.paragraphs if p.text.startswith("TABEL 2"))
    _, table2 = published_tables()
    assert norm("".join("".join(cells) for cells in rows) + caption) == norm(table2)
    assert [cells[3] for cells in rows[1:]] == ["Marts 2024", "Marts 2024", "April 2024", "Maj 2024",
                                                "Afventer", "Afventer", "Afventer", "Afventer"]


def test_tables_1_and_2_in_the_pdf_read_back_as_printed(published):
    pages = pdf_pages(published["pdf"])
    header_row = norm("Projekt/program Formål Ansvarlig Aktiviteter Status pr. marts 2024")
    body = []
    for page in pages:
        lines = page.splitlines()
        # The page furniture: running head (first line) and the data stamp (last line).
        assert lines[0].startswith("Regionernes It-råd · Årsrapport 2023 (udkast)")
        assert lines[-1].startswith("Data fra Rådsportalen pr. ")
        body.append("\n".join(lines[1:-1]))
    text = norm("\n".join(body))
    start = text.index(norm("TABEL 1: It-rådets gennemførte aktiviteter 2020-2023"))
    end = text.index(norm("TABEL 2: It-rådets forventede aktiviteter i 2024")) + \
        len(norm("TABEL 2: It-rådets forventede aktiviteter i 2024"))
    region = text[start:end]
    # A table's header row repeats on every page it continues on; the report prints it once.
    for header in (header_row, norm(TABLE2_HEADER)):
        first = region.index(header) + len(header)
        region = region[:first] + region[first:].replace(header, "")
    table1, table2 = published_tables()
    assert region == norm(table1) + norm(table2)


def test_pdf_is_a4_in_danish_with_the_fonts_embedded(published):
    info = subprocess.run([require_tool("pdfinfo"), str(published["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    fonts = subprocess.run([require_tool("pdffonts"), str(published["pdf"])], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts  # every font embedded
    text = "\n".join(pdf_pages(published["pdf"], "-layout"))
    for word in ("Årsrapport 2023", "Nøgletal", "Sparringsmøde", "status pr. marts 2024", "Lukket august 2023",
                 "Afsluttede projekter/programmer", "Gode råd til projekter i regionerne", "Om rådsmedlemmerne",
                 "Jane Kraglund (formand)", "FIGUR 2", "FIGUR 9"):
        assert word in text, word
    assert "DEMO" not in text


def test_key_figures_say_what_the_foreword_says(published):
    document = docx.Document(published["docx"])
    foreword = " ".join(FOREWORD_TEXT.read_text("utf-8").split()).split(". I")[0] + "."
    assert foreword == ("I perioden 2020-2023 har it-rådet gennemført ti risikovurderinger og fem sparringsmøder "
                        "med fællesregionale projekter/programmer.")
    assert foreword in [p.text for p in document.paragraphs]
    figures = {cells[0]: cells[1] for cells in docx_rows(next(t for t in document.tables if len(t.columns) == 2))}
    assert figures["Risikovurderinger 2020-2023"] == "10 (heraf 2 i 2023)"
    assert figures["Risikoprofiler (seneste risikovurdering)"] == "8 A – meget høj, 1 B – høj, 1 C – normal"
    assert figures["Forventede aktiviteter 2024 (tabel 2)"] == "8, heraf 4 afventer"


def test_every_page_names_the_data_date_and_version(published):
    version = f"(dataversion {published['version']})"
    for page in pdf_pages(published["pdf"]):
        assert version in page and "http://127.0.0.1:8501" in page
    footer = docx.Document(published["docx"]).sections[0].footer.paragraphs[0].text
    assert version in footer


def test_word_file_has_headings_a4_and_danish(published):
    document = docx.Document(published["docx"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "2. Gennemførte og forventede aktiviteter" in headings and "6. Om rådsmedlemmerne" in headings
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.core_properties.language == "da-DK"


@pytest.fixture(scope="module")
def with_demo(server_admin_url, template_db, run_id, tmp_path_factory):
    """The published data plus the demo set: the report without and with --med-demo."""
    from dashboard.db.connection import connect
    from dashboard.demo import load_demo

    folder = tmp_path_factory.mktemp("annual-demo")
    with module_database(server_admin_url, template_db) as url:
        with connect(url) as conn:
            load_demo(conn)
        plain, _ = build.write(build.annual_report(2023), folder / "uden-demo.docx", url=url)
        demo_pdf, _ = build.write(build.annual_report(2023, include_demo=True), folder / "med-demo.pdf", url=url)
        demo_docx, _ = build.write(build.annual_report(2023, include_demo=True), folder / "med-demo.docx", url=url)
        yield {"plain": plain, "pdf": demo_pdf, "docx": demo_docx}


def test_demo_rows_stay_out_unless_asked_for(with_demo, published):
    """With the demo set loaded, the report without --med-demo is the published report: the same
    tables, no demo project, no demo figures, no demo notice."""
    plain = docx.Document(with_demo["plain"])
    reference = docx.Document(published["docx"])
    assert [docx_rows(t) for t in plain.tables] == [docx_rows(t) for t in reference.tables]
    text = "\n".join(p.text for p in plain.paragraphs)
    assert "DEMO" not in text and "Databasen har ingen statusrapporter for 2022-2023" in text


def test_with_demo_every_page_says_so(with_demo):
    pages = pdf_pages(with_demo["pdf"])
    assert len(pages) >= 5
    for page in pages:
        assert "INDEHOLDER DEMODATA" in page
    text = "\n".join(pages)
    assert "FIGUR 6" in text and "FIGUR 7" in text and "FIGUR 8" in text and "FIGUR 3" in text
    header = docx.Document(with_demo["docx"]).sections[0].header
    assert "INDEHOLDER DEMODATA" in "\n".join(p.text for p in header.paragraphs)


def test_status_text_of_any_date_and_the_history(db_url):
    """A new status text entered through the form adds a dated row; the report for an earlier month
    still shows the text valid then, the report for the new month the new one."""
    from dashboard.accounts import Actor
    from dashboard.db.connection import READER, connect
    from dashboard.entry import service
    from dashboard.reports import annual, data

    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        kiit = conn.execute(sa.text("SELECT id FROM project WHERE slug = 'kiit'")).scalar()
        old = conn.execute(sa.text("SELECT status_text FROM project WHERE id = :p"), {"p": kiit}).scalar()
    opened = service.open_record("project", kiit)
    saved = service.save("project", {**opened.values, "status_text": "Ny tidsplan godkendt; *ikke* markup.",
                                     "status_date": dt.date(2024, 9, 1)},
                         Actor("sekretær", "secretariat"), token=service.new_token(), record_id=kiit,
                         opened_version=opened.version)
    assert saved.status == "saved"
    with connect(role=READER) as conn:
        history = data.status_text_history(conn, "kiit")
        march = data.table1(conn, dt.date(2023, 12, 1), dt.date(2024, 3, 1), False).set_index("slug")
        september = data.table1(conn, dt.date(2024, 12, 1), dt.date(2024, 9, 1), False).set_index("slug")
        doc = annual.build(conn, annual.AnnualRequest(2024, status_as_of=dt.date(2024, 9, 1)))
    assert list(history["status_text"]) == ["Ny tidsplan godkendt; *ikke* markup.", old]
    assert list(history["provenance"]) == ["entered", "published"]
    assert history["entered_by"].iloc[0] == "sekretær"
    assert march.loc["kiit", "status_text"] == old
    assert september.loc["kiit", "status_text"] == "Ny tidsplan godkendt; *ikke* markup."
    table = doc.tables()[1]
    assert table.header[4] == "Status pr. september 2024"
    with engine.connect() as conn:
        audited = conn.execute(sa.text(
            "SELECT app_user, operation FROM audit_log WHERE table_name = 'project_status_text'"
            " AND new_row ->> 'status_text' = 'Ny tidsplan godkendt; *ikke* markup.'")).all()
    assert [(a.app_user, a.operation) for a in audited] == [("sekretær", "INSERT")]
    # A correction in the same month replaces that month's text (the audit trail keeps the old one).
    opened = service.open_record("project", kiit)
    service.save("project", {**opened.values, "status_text": "Ny tidsplan godkendt."},
                 Actor("sekretær", "secretariat"), token=service.new_token(), record_id=kiit,
                 opened_version=opened.version)
    with connect(role=READER) as conn:
        assert list(data.status_text_history(conn, "kiit")["status_text"]) == ["Ny tidsplan godkendt.", old]
    engine.dispose()


def test_migration_moves_existing_texts_with_their_provenance(db_url):
    """Migration 0061 copies every project's status text with the project row's provenance."""
    from dashboard.db import files
    from dashboard.db.migrate import run_sql_file

    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM project_status_text"))
        conn.execute(sa.text("ALTER TABLE project DISABLE TRIGGER project_status_text_on_update"))
        conn.execute(sa.text("UPDATE project SET status_text = 'Indtastet før historikken', provenance = 'entered',"
                             " entered_by = 'ada', entered_at = now() WHERE slug = 'ppj'"))
        conn.execute(sa.text("ALTER TABLE project ENABLE TRIGGER project_status_text_on_update"))
    with engine.begin() as conn:
        run_sql_file(conn, next(p for p in files.migration_files() if p.name.startswith("0061_")))
    with engine.connect() as conn:
        rows = {r.slug: r for r in conn.execute(sa.text(
            "SELECT p.slug, h.status_text, h.status_date, h.provenance::text AS provenance, h.source_ref,"
            " h.entered_by FROM project_status_text h JOIN project p ON p.id = h.project_id"))}
        with_text = conn.execute(sa.text("SELECT count(*) FROM project WHERE status_text IS NOT NULL")).scalar()
    engine.dispose()
    assert len(rows) == with_text == 12
    assert rows["ppj"].provenance == "entered" and rows["ppj"].entered_by == "ada"
    assert rows["luna"].provenance == "published" and rows["luna"].source_ref == "Årsrapport 2023, tabel 1"
    assert rows["luna"].status_date == dt.date(2024, 3, 1)
