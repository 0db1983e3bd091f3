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
