"""/rapporter in a real browser: a director makes the annual report as Word and the meeting pack as
PDF, with progress, downloads them and gets the documents the database holds; the project page
shows the dated status texts. One app server for the module's journeys."""

from __future__ import annotations

import docx
import pytest
import sqlalchemy as sa

from dashboard.i18n import t
from tests.report_helpers import docx_rows, pdf_pages, pdf_urls

pytestmark = pytest.mark.browser


def test_director_downloads_the_annual_report_and_the_meeting_pack(open_viewer, db, shots):
    viewer = open_viewer("director")
    viewer.open("/rapporter?dokument=aarsrapport&aar=2023&format=docx")
    viewer.shot("rapporter")
    assert viewer.exceptions() == []
    button = t("reports.page.build", name="aarsrapport-2023.docx")
    viewer.act(lambda: viewer.page.get_by_role("button", name=button).click(), timeout_ms=120_000)
    viewer.shot("aarsrapport-klar")
    with viewer.page.expect_download() as download:
        viewer.page.get_by_role("button", name=t("reports.page.download", fmt="DOCX")).click()
    assert download.value.suggested_filename == "aarsrapport-2023.docx"
    path = shots / "aarsrapport-2023.docx"
    download.value.save_as(path)
    document = docx.Document(path)
    table1 = next(tb for tb in document.tables if len(tb.columns) == 5)
    names = [row[0] for row in docx_rows(table1)[1:] if len(row) == 5]
    with db.connect() as conn:
        held = conn.execute(sa.text(
            "SELECT count(DISTINCT project_id) FROM activity WHERE state = 'held' AND month < DATE '2024-01-01'")).scalar()
    assert len(names) == held == 12 and names[0] == "Opgradering af ApoVision"

    # The meeting pack: the address holds the choice (shared link), the PDF links back into the app.
    viewer.open("/rapporter?dokument=raadsmoede&siden=2023-12-01&dato=2024-02-15")
    assert "dokument=raadsmoede" in viewer.url_path_and_query() and "siden=2023-12-01" in viewer.url_path_and_query()
    button = t("reports.page.build", name="raadsmoede-2024-02-15.pdf")
    viewer.act(lambda: viewer.page.get_by_role("button", name=button).click(), timeout_ms=120_000)
    viewer.shot("moedepakke-klar")
    with viewer.page.expect_download() as download:
        viewer.page.get_by_role("button", name=t("reports.page.download", fmt="PDF")).click()
    pdf = shots / "raadsmoede.pdf"
    download.value.save_as(pdf)
    pages = pdf_pages(pdf)
    assert all("Mødepakke til rådsmødet 15. februar 2024" in page and "dataversion" in page for page in pages)
    assert any(url.startswith("http://127.0.0.1:8501/pipeline?aar=2024") for url in pdf_urls(pdf))


def test_project_page_shows_the_status_text_history(open_viewer, db):
    with db.begin() as conn:
        conn.execute(sa.text("UPDATE project SET status_text = 'Gevinstrealisering i gang.', status_date = '2024-09-01',"
                             " provenance = 'entered', entered_by = 'sekretariatet', entered_at = now()"
                             " WHERE slug = 'luna'"))
    viewer = open_viewer("director")
    viewer.open("/projekt?id=luna")
    expander = viewer.page.get_by_text(t("reports.history.heading", count=2))
    expander.click()  # opens in the browser, no script run
    viewer.page.get_by_test_id("stExpanderDetails").get_by_text("Gevinstrealisering i gang.").wait_for()
    viewer.shot("luna-statushistorik")
    text = viewer.main().inner_text()
    assert "Gevinstrealisering i gang." in text
    assert "Den regionale del af LUNA-projektet blev forsinket med tre måneder" in text
    assert "Status pr. september 2024" in text and "Status pr. marts 2024" in text
    assert viewer.exceptions() == []
