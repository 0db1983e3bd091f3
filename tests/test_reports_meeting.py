"""The council meeting pack read back from its PDF and compared with the database and the
dashboard's own definitions; the command's refusals; all-or-nothing writing."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import sqlalchemy as sa

from dashboard import repository
from dashboard.cli import main
from dashboard.db.connection import READER, connect
from dashboard.i18n import copenhagen_today
from dashboard.reports import build, figures, meeting
from tests.report_helpers import module_database, norm, pdf_pages, pdf_urls

SINCE, MEETING = dt.date(2023, 9, 1), dt.date(2024, 1, 15)


@pytest.fixture(scope="module")
def demo_pack(server_admin_url, template_db, tmp_path_factory):
    """The pack for a meeting on 15 January 2024 since 1 September 2023, on the published data plus
    the demo set, with --med-demo; and the figures the dashboard's queries give for the same."""
    from dashboard.demo import load_demo

    folder = tmp_path_factory.mktemp("meeting")
    with module_database(server_admin_url, template_db) as url:
        with connect(url) as conn:
            load_demo(conn)
        path, _ = build.write(build.meeting_pack(SINCE, MEETING, include_demo=True), folder / "pakke.pdf", url=url)
        plain, _ = build.write(build.meeting_pack(SINCE, MEETING), folder / "uden-demo.pdf", url=url)
        with connect(url, role=READER) as conn:
            changes = repository.status_changes(conn, SINCE, row_limit=1000)
            warnings = repository.status_warnings(conn, dt.date(2023, 12, 1))
            real_changes = repository.status_changes(conn, SINCE, row_limit=1000, include_demo=False)
        yield {"pdf": path, "plain": plain, "changes": changes, "warnings": warnings, "real_changes": real_changes}


def test_every_status_change_with_its_causes_and_action(demo_pack):
    text = norm("\n".join(pdf_pages(demo_pack["pdf"])))
    changes = demo_pack["changes"]
    assert len(changes) > 0
    assert norm(f"Statusændringer ({len(changes)})") in text
    for change in changes.itertuples():
        assert norm(change.name) in text
        for note in filter(None, change.explanation.split("; ")):
            assert norm(note) in text, (change.name, note)


def test_warnings_and_missing_reports_are_the_status_pages(demo_pack):
    text = norm("\n".join(pdf_pages(demo_pack["pdf"])))
    assert norm("Tidlige advarsler pr. december 2023") in text
    for warning in demo_pack["warnings"].itertuples():
        assert norm(warning.name) in text


def test_every_item_links_to_its_view_and_every_page_names_the_data(demo_pack):
    urls = pdf_urls(demo_pack["pdf"])
    for change in demo_pack["changes"].itertuples():
        assert f"http://127.0.0.1:8501/projekt?id={change.slug}&fane=oversigt" in urls
        assert f"http://127.0.0.1:8501/status?visning=aendringer&siden=2023-09-01&projekt={change.slug}" in urls
    assert any(u.startswith("http://127.0.0.1:8501/status?visning=advarsler&til=2023-12") for u in urls)
    pages = pdf_pages(demo_pack["pdf"])
    for page in pages:
        assert "INDEHOLDER DEMODATA" in page and "dataversion" in page


def test_without_demo_only_real_rows(demo_pack):
    text = "\n".join(pdf_pages(demo_pack["plain"]))
    assert "DEMO" not in text
    assert len(demo_pack["real_changes"]) < len(demo_pack["changes"])
    assert norm(f"Statusændringer ({len(demo_pack['real_changes'])})") in norm(text) or \
        demo_pack["real_changes"].empty


def test_public_url_setting_is_used_for_links(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ITRAAD_PUBLIC_URL", "https://raadsportal.example.dk/")
    path, _ = build.write(build.meeting_pack(dt.date(2024, 1, 1), dt.date(2024, 2, 15)), tmp_path / "p.pdf")
    urls = pdf_urls(path)
    assert urls and all(u.startswith("https://raadsportal.example.dk") and "127.0.0.1" not in u for u in urls)
    assert "https://raadsportal.example.dk/pipeline?aar=2024" in urls


@pytest.mark.parametrize("args, message", [
    (["aarsrapport", "--aar", "20x3"], "Året skal være et årstal fra 2019"),
    (["aarsrapport", "--aar", "2012"], "Året skal være et årstal fra 2019"),
    (["aarsrapport", "--aar", "2023", "--status-pr", "marts"], "Måneden skal skrives ÅÅÅÅ-MM"),
    (["raadsmoede", "--siden", "2024-02-30"], "Datoen skal skrives ÅÅÅÅ-MM-DD"),
    (["raadsmoede", "--siden", "2024-02-01", "--dato", "2024-01-31"], "skal ligge før mødedatoen"),
])
def test_bad_year_or_date_is_refused_in_danish_and_no_file(db_url, tmp_path, capsys, args, message):
    out = tmp_path / "rapport.pdf"
    assert main(["rapport", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Der er ikke skrevet nogen fil" in err
    assert list(tmp_path.iterdir()) == []


def test_wrong_file_kind_is_refused(db_url, tmp_path, capsys):
    assert main(["rapport", "raadsmoede", "--siden", "2024-01-01", "--out", str(tmp_path / "p.docx")]) == 2
    assert "Filnavnet skal ende på .pdf" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_failure_half_way_leaves_no_file_and_keeps_the_old_one(db_url, tmp_path, monkeypatch, capsys):
    """The figures fail after the data was read: no half-written file, the earlier file untouched."""
    out = tmp_path / "aarsrapport.pdf"
    out.write_bytes(b"the previous report")

    def broken(*args, **kwargs):
        raise RuntimeError("the browser died")

    monkeypatch.setattr(figures, "render", broken)
    assert main(["rapport", "aarsrapport", "--aar", "2023", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Dokumentet kunne ikke dannes" in err and "Der er ikke skrevet nogen fil" in err
    assert out.read_bytes() == b"the previous report"
    assert sorted(os.listdir(tmp_path)) == ["aarsrapport.pdf"]


def test_cli_writes_the_annual_report(db_url, tmp_path, capsys):
    out = tmp_path / "aarsrapport-2023.docx"
    assert main(["rapport", "aarsrapport", "--aar", "2023", "--out", str(out)]) == 0
    assert "Skrevet:" in capsys.readouterr().out
    import docx

    assert any(p.text.startswith("TABEL 1") for p in docx.Document(out).paragraphs)


def test_meeting_date_parsing():
    assert meeting.parse_date("2024-02-15", today=dt.date(2024, 3, 1)) == dt.date(2024, 2, 15)
    with pytest.raises(Exception):
        meeting.parse_date("2024-04-01", today=dt.date(2024, 3, 1))


def test_data_is_text_in_the_pdf_and_the_word_file(db_url, tmp_path):
    """A status text full of Typst (and Markdown) markup is printed as typed, never interpreted."""
    import docx

    from dashboard.reports import annual, docx as word, pdf
    from tests.report_helpers import docx_rows

    typed = '#set page(paper: "a7") *fed* _kursiv_ $x^2$ <mærke> @henvisning [link](javascript:x) `kode` \\ #pagebreak()'
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE project SET status_text = :t WHERE slug = 'apovision'"), {"t": typed})
    engine.dispose()
    with connect(role=READER) as conn:
        doc = annual.build(conn, annual.AnnualRequest(2023, status_as_of=dt.date(2024, 3, 1)))
    blank = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    images = {(f.name, fmt): blank for f in doc.figures() for fmt in ("svg", "png")}
    (tmp_path / "a.pdf").write_bytes(pdf.render_pdf(doc, images))
    text = " ".join("\n".join(pdf_pages(tmp_path / "a.pdf")).split())
    assert " ".join(typed.split()) in text.replace("\u00ad ", "").replace("\u00ad", "")
    images = {k: _png() for k in images}
    (tmp_path / "a.docx").write_bytes(word.render_docx(doc, images))
    table = next(tb for tb in docx.Document(tmp_path / "a.docx").tables if len(tb.columns) == 5)
    assert typed in [row[4] for row in docx_rows(table) if len(row) == 5]


def _png() -> bytes:
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


# --- cases and their deadlines ----------------------------------------------------------------

CASES_SINCE, CASES_MEETING = dt.date(2024, 12, 16), dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def cases_pack(server_admin_url, template_db, tmp_path_factory):
    """Packs for a meeting on 15 January 2025 since 16 December 2024 (PDF and Word, with and without
    the demo set, whose open DEMO Blodbank case had its documents on 18 December 2024), with entered
    cases: an open one on apovision whose documents came on 20 December 2024 and whose start-up
    meeting, planned for 6 January 2025, is not held; a closed one on pseudonymisering whose every
    step was before the last meeting; and one closed today (a pack up to today lists it)."""
    from dashboard.demo import load_demo
    from tests.cases_helpers import assign, open_case, record_step

    D = dt.date
    folder = tmp_path_factory.mktemp("cases")
    with module_database(server_admin_url, template_db) as url:
        with connect(url) as conn:
            load_demo(conn)
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            overdue = open_case(conn, "apovision", month=D(2025, 1, 1))
            assign(conn, overdue, "Jane Kraglund")
            assign(conn, overdue, "Lars Mathiesen")
            record_step(conn, overdue, "request", D(2024, 12, 2))
            record_step(conn, overdue, "documents_received", D(2024, 12, 20))
            record_step(conn, overdue, "startup_meeting", planned=D(2025, 1, 6))
            before = open_case(conn, "pseudonymisering", month=D(2024, 10, 1))
            assign(conn, before, "Jane Kraglund")
            assign(conn, before, "Lars Mathiesen")
            record_step(conn, before, "request", D(2024, 9, 20))
            record_step(conn, before, "documents_received", D(2024, 10, 1))
            record_step(conn, before, "letter_sent", D(2024, 10, 15))
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE assessment_case SET state = 'closed' WHERE id = :c"), {"c": before})
            closed_now = open_case(conn, "fravalg-af-genoplivning", month=copenhagen_today().replace(day=1))
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE assessment_case SET state = 'closed' WHERE id = :c"), {"c": closed_now})
            # The day the audit trail gives the closing (its transaction's time, in Danish time).
            closed_on = conn.execute(sa.text("SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date")).scalar()
        engine.dispose()
        pack = build.meeting_pack(CASES_SINCE, CASES_MEETING, include_demo=True)
        pdf, _ = build.write(pack, folder / "sager.pdf", url=url)
        word, _ = build.write(pack, folder / "sager.docx", url=url)
        plain, _ = build.write(build.meeting_pack(CASES_SINCE, CASES_MEETING), folder / "uden-demo.pdf", url=url)
        english, _ = build.write(build.meeting_pack(CASES_SINCE, CASES_MEETING, lang="en"), folder / "en.docx", url=url)
        today = copenhagen_today()
        recent, _ = build.write(build.meeting_pack(today - dt.timedelta(days=10), today), folder / "nu.pdf", url=url)
        with connect(url, role=READER) as conn:
            cases = repository.cases_list(conn)
        yield {"pdf": pdf, "docx": word, "plain": plain, "english": english, "recent": recent, "cases": cases,
               "overdue": overdue,
               "before": before, "closed_now": closed_now, "closed_on": closed_on,
               "blodbank": int(cases.loc[cases["slug"] == "demo-blodbank", "case_id"].iloc[0])}


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(norm(start)):text.index(norm(end))]


def test_open_case_with_an_overdue_step_shows_as_overdue_with_its_deadline(cases_pack):
    text = norm("\n".join(pdf_pages(cases_pack["pdf"])))
    open_part = _section(text, "Åbne sager pr. 15. januar 2025", "Sager med trin siden")
    # apovision: the documents on 20 December, the start-up meeting due 6 January and not held.
    assert norm("OVERSKREDET: Opstartsmøde skulle have været 6. januar 2025") in open_part
    assert norm("Næste frist") in open_part and norm("Opstartsmøde: 6. januar 2025") in open_part
    assert norm("Projektmateriale modtaget") in open_part                      # the step reached
    urls = pdf_urls(cases_pack["pdf"])
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['overdue']}" in urls
    # the closed case is not open
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['before']}" not in urls


def test_the_open_cases_agree_with_the_cases_rules(cases_pack):
    """Days used and next deadline are dashboard.cases.rules' as of the meeting date."""
    from dashboard.cases import rules, tables as case_tables

    text = norm("\n".join(pdf_pages(cases_pack["pdf"])))
    progress = rules.with_progress(cases_pack["cases"], CASES_MEETING)
    row = progress.set_index("case_id").loc[cases_pack["overdue"]]
    assert norm(case_tables.clock_text(row["days_used"], "da")) in text
    assert row["overdue"] and row["next_deadline"] == dt.date(2025, 1, 6)


def test_cases_with_steps_since_the_last_meeting_appear_and_earlier_ones_do_not(cases_pack):
    text = norm("\n".join(pdf_pages(cases_pack["pdf"])))
    since_part = text[text.index(norm("Sager med trin siden 16. december 2024")):text.index(norm("5. Pipeline"))]
    assert norm("Projektmateriale modtaget: 20. december 2024") in since_part
    assert norm("DEMO: Udskiftning af blodbankssystem") in since_part
    assert norm("2. december 2024") not in since_part          # apovision's request was before
    urls = pdf_urls(cases_pack["pdf"])
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['blodbank']}" in urls
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['before']}" not in urls
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['closed_now']}" not in urls


def test_a_case_closed_since_the_last_meeting_appears_with_its_day(cases_pack):
    from dashboard.i18n import format_date

    text = norm("\n".join(pdf_pages(cases_pack["recent"])))
    assert norm(f"Lukket {format_date(cases_pack['closed_on'], 'da')}") in text
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['closed_now']}" in pdf_urls(cases_pack["recent"])


def test_demo_cases_only_with_include_demo(cases_pack):
    plain = "\n".join(pdf_pages(cases_pack["plain"]))
    assert "DEMO" not in plain and "blodbank" not in plain.lower()
    urls = pdf_urls(cases_pack["plain"])
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['blodbank']}" not in urls
    assert f"http://127.0.0.1:8501/sag?id={cases_pack['overdue']}" in urls
    assert "http://127.0.0.1:8501/sag?id=" + str(cases_pack["blodbank"]) in pdf_urls(cases_pack["pdf"])


def test_the_word_pack_has_the_cases_with_their_links(cases_pack):
    import docx

    from tests.report_helpers import docx_rows

    document = docx.Document(cases_pack["docx"])
    headings = [p.text for p in document.paragraphs]
    assert "4. Sager og frister" in headings
    rows = [row for table in document.tables for row in docx_rows(table)]
    overdue = next(row for row in rows if any("OVERSKREDET:" in cell and "Opstartsmøde skulle have været 6. januar 2025"
                                              in cell for cell in row))
    assert any("Opstartsmøde: 6. januar 2025" in cell for cell in overdue)
    assert any("Opgradering af ApoVision" in cell for cell in overdue)
    xml = "".join(rel.target_ref for rel in document.part.rels.values() if rel.is_external)
    assert f"/sag?id={cases_pack['overdue']}" in xml and f"/sag?id={cases_pack['blodbank']}" in xml


def test_cut_lists_link_to_sager_with_the_filters_the_page_reads(cases_pack, monkeypatch):
    """With one row per list, the rest is behind a "more" link: the open cases to /sager filtered
    on open (and overdue when an overdue case was cut), read back by the page's own parameters."""
    from urllib.parse import parse_qs, urlsplit

    from dashboard import views, viewstate
    from dashboard.reports.document import Paragraph

    monkeypatch.setattr(meeting, "ROW_LIMIT", 1)
    request = meeting.MeetingRequest(CASES_SINCE, CASES_MEETING, include_demo=True)
    blocks = meeting.open_cases(cases_pack["cases"], request)
    more = [run for block in blocks if isinstance(block, Paragraph) for run in block.para.runs if run.url]
    assert [run.url for run in more] == ["http://127.0.0.1:8501/sager?tilstand=aaben&frister=ja"]
    parsed = viewstate.parse(views.cases(), parse_qs(urlsplit(more[0].url).query))
    assert not parsed.notices
    assert parsed.values["tilstand"] == ["aaben"] and parsed.values["frister"] == "ja"
    assert meeting.links.case(12) == "http://127.0.0.1:8501/sag?id=12"


def test_the_english_pack_says_the_same_in_english(cases_pack):
    import docx

    from tests.report_helpers import docx_rows

    document = docx.Document(cases_pack["english"])
    assert "4. Cases and deadlines" in [p.text for p in document.paragraphs]
    cells = [cell for table in document.tables for row in docx_rows(table) for cell in row]
    assert any("OVERDUE:" in c and "Start-up meeting was due 6 January 2025" in c for c in cells), cells


def test_a_demo_case_on_a_real_project_is_labelled():
    from types import SimpleNamespace

    row = SimpleNamespace(project_name="Opgradering af ApoVision", slug="apovision", kind="sparring", is_demo=True)
    name, kind = meeting._case_name(row, "da")
    assert name.text == "Opgradering af ApoVision (DEMO)" and kind.text == "Sparringsmøde"
    demo_project = SimpleNamespace(project_name="DEMO: Udskiftning af blodbankssystem", slug="demo-blodbank",
                                   kind="risk_assessment", is_demo=True)
    assert meeting._case_name(demo_project, "da")[0].text == "DEMO: Udskiftning af blodbankssystem"
