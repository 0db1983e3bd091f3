"""Reading generated documents back: text from a PDF (poppler's pdftotext), tables from a Word
file (python-docx), and the published report's tables as the fixture holds them."""

from __future__ import annotations

import re
from contextlib import contextmanager
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Verbatim excerpts of the annual report 2023 (the text of ../shared/seed/aarsrapport-2023.txt).
TABLES_TEXT = FIXTURES / "aarsrapport-2023-tabel-1-og-2.txt"
FOREWORD_TEXT = FIXTURES / "aarsrapport-2023-forord-noegletal.txt"
RUNNING_HEAD_T1 = "It-rådets gennemførte aktiviteter 2020-2023, fortsat"
TABLE2_HEADER = "Projekt/program Ansvarlig Aktivitet Tidspunkt"


def require_tool(name: str) -> str:
    """The path of a command-line tool; the test is skipped with the reason when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def pdf_pages(path: Path, mode: str = "-raw") -> list[str]:
    """The text of each page (pdftotext splits pages with a form feed)."""
    out = subprocess.run([require_tool("pdftotext"), mode, "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def pdf_urls(path: Path) -> list[str]:
    out = subprocess.run([require_tool("pdfinfo"), "-url", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def norm(text: str) -> str:
    """Text without the layout: no whitespace, no hyphens (the report's line-break hyphens and the
    PDF's soft hyphens), so cells compare by their letters, digits and punctuation in order."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def published_tables() -> tuple[str, str]:
    """The report's table 1 (caption, header and cells; without the running heads of its continued
    pages) and table 2 (header, cells and caption), as printed."""
    text = TABLES_TEXT.read_text("utf-8")
    table1, table2 = text.split(TABLE2_HEADER)
    return table1.replace(RUNNING_HEAD_T1, ""), TABLE2_HEADER + table2


def docx_rows(table) -> list[list[str]]:
    """A Word table's rows as cell texts; a merged (section) row counts once."""
    rows = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:
            if any(element is cell._tc for element in seen):
                continue
            seen.append(cell._tc)
            cells.append(cell.text)
        rows.append(cells)
    return rows


@contextmanager
def module_database(server_admin_url, template: str):
    """A database cloned from the template for a whole test module (documents are made once and
    read by several tests); DATABASE_URL points at it meanwhile. Dropped after."""
    import os
    import uuid

    import sqlalchemy as sa

    from dashboard.db.connection import dispose_engines

    name = f"itraad_rep_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server_admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = server_admin_url.set(database=name)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url.render_as_string(hide_password=False)
    try:
        yield url
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
