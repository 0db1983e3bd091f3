"""Import bounds (issue 11, must-fix 4): a small file that unpacks to something huge is refused
before it is read, within a bounded time and memory; rows, columns and cell lengths are bounded
while reading; every refusal is a clear Danish message."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.entry import status_import

HEADER = ["projekt", "maaned", "leverancer", "tid", "penge", "ressourcer", "rapporteret_af", "rapporteret_den"]
ROW = ["luna", "2023-01", "grøn", "grøn", "grøn", "grøn", "PL", "2023-02-03"]

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                 'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
                 '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            'name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                 '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
                 'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"'
                 '/></Relationships>')
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_CLOSE = "</sheetData></worksheet>"


def crafted_xlsx(path: Path, sheet_rows: str, shared: tuple[str, int] = ("", 0), chunk: str = "A") -> Path:
    """A minimal .xlsx written by hand: the sheet's <row> elements as given, and a shared-strings
    table whose one string is ``shared[0]`` followed by ``shared[1]`` copies of ``chunk``, streamed
    into the zip (a decompression bomb is a few hundred kB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET_OPEN + sheet_rows + SHEET_CLOSE)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            stream.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + shared[0].encode())
            block = (chunk * 2**20).encode()
            for _ in range(shared[1] // 2**20):
                stream.write(block)
            stream.write(b"</t></si></sst>")
    return path


def a1_row(number: int, *cells: str) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f'<row r="{number}">' + "".join(f'<c r="{letters[i]}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                                           for i, v in enumerate(cells)) + "</row>"


def measured_read(path: Path, name: str | None = None) -> dict:
    """read_upload in a fresh Python: the outcome, the seconds and the peak memory it added (MB):
    the process's resident-memory high-water mark (Linux VmHWM, reset just before the call) minus
    its resident memory at that moment."""
    script = f"""
import json, sys, time
from pathlib import Path
from dashboard.entry import status_import

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])   # kB

data = Path({str(path)!r}).read_bytes()
Path("/proc/self/clear_refs").write_text("5")   # reset the high-water mark
base = status("VmRSS")
start = time.perf_counter()
try:
    frame = status_import.read_upload({(name or path.name)!r}, data)
    outcome = {{"rows": len(frame)}}
except status_import.ImportFailure as failure:
    outcome = {{"code": failure.error.code, "message": failure.error.message("da")}}
outcome["seconds"] = time.perf_counter() - start
outcome["peak_mb"] = (status("VmHWM") - base) / 1024
print(json.dumps(outcome))
"""
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("measuring peak memory needs Linux's /proc/self/clear_refs")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- bombs and oversized files: refused before they are read ------------------------------------

def test_a_decompression_bomb_is_refused_unread_in_bounded_time_and_memory(tmp_path):
    """The issue's file: a few hundred kB that unpack to one 300-million-character cell."""
    bomb = crafted_xlsx(tmp_path / "status.xlsx", a1_row(1, *HEADER) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
                        shared=("", 300 * 2**20))
    assert bomb.stat().st_size < 1_000_000
    outcome = measured_read(bomb)
    assert outcome["code"] == "import_unpacked_too_large" and "32 MB" in outcome["message"]
    assert outcome["seconds"] < 2 and outcome["peak_mb"] < 20, outcome


def test_a_bomb_whose_zip_lies_about_its_size_is_refused_too(tmp_path):
    """Declared small, unpacks huge: the actual bytes are counted, and the lie fails the checksum."""
    bomb = crafted_xlsx(tmp_path / "status.xlsx", a1_row(1, *HEADER), shared=("", 64 * 2**20))
    raw = bytearray(bomb.read_bytes())
    name = b"xl/sharedStrings.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):   # central and local headers
        at = raw.find(signature + bytes(raw[raw.find(signature) + 4: raw.find(signature) + 4]))
        while at != -1:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if raw[name_at:name_at + len(name)] == name:
                raw[size_at + at:size_at + at + 4] = (1000).to_bytes(4, "little")
            at = raw.find(signature, at + 4)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(raw))
    with zipfile.ZipFile(liar) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 100_000   # what it claims
    outcome = measured_read(liar)
    assert outcome["code"] in ("import_unpacked_too_large", "import_unreadable")
    assert outcome["seconds"] < 5 and outcome["peak_mb"] < 40, outcome


def test_a_huge_cell_within_the_unpacked_bound_is_refused_with_its_place(tmp_path):
    big = crafted_xlsx(tmp_path / "status.xlsx", a1_row(1, *HEADER) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
                       shared=("", 20 * 2**20))
    outcome = measured_read(big)
    assert outcome["code"] == "import_cell_too_long" and "række 2, kolonne A" in outcome["message"]
    assert outcome["seconds"] < 30 and outcome["peak_mb"] < 150, outcome


def test_a_sheet_with_a_cell_far_down_or_far_right_is_refused_quickly(tmp_path):
    tall = crafted_xlsx(tmp_path / "tall.xlsx", a1_row(1, *HEADER) + a1_row(2, *ROW)
                        + '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    outcome = measured_read(tall)
    assert outcome["code"] == "import_sheet_too_tall" and outcome["seconds"] < 30, outcome
    wide = crafted_xlsx(tmp_path / "wide.xlsx", a1_row(1, *HEADER) +
                        '<row r="2"><c r="AY2" t="inlineStr"><is><t>x</t></is></c><c r="XFD2"><v>1</v></c></row>')
    assert measured_read(wide)["code"] == "import_too_many_columns"


def test_too_many_rows_are_refused_while_reading(tmp_path):
    rows = "".join(a1_row(n, *ROW) for n in range(2, status_import.MAX_ROWS + 3))
    outcome = measured_read(crafted_xlsx(tmp_path / "many.xlsx", a1_row(1, *HEADER) + rows))
    assert outcome["code"] == "import_too_many_rows"


# --- CSV: the same bounds -------------------------------------------------------------------------

def _csv(*rows: list[str]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode("utf-8")


def test_csv_bounds(tmp_path):
    cases = {
        "import_file_too_large": b"projekt\n" + b"x" * (status_import.MAX_FILE_BYTES + 1),
        "import_cell_too_long": _csv(HEADER, ["luna", "x" * (status_import.MAX_CELL_CHARS + 1)] + ROW[2:]),
        "import_too_many_columns": _csv(HEADER + ["x"] * 60, ROW + ["1"] * 60),
        "import_too_many_rows": _csv(HEADER, *[ROW] * (status_import.MAX_ROWS + 1)),
    }
    for code, data in cases.items():
        path = tmp_path / f"{code}.csv"
        path.write_bytes(data)
        outcome = measured_read(path)
        assert outcome["code"] == code, (code, outcome)
        assert outcome["seconds"] < 20 and outcome["peak_mb"] < 150, (code, outcome)
    one_field = tmp_path / "one_field.csv"
    one_field.write_bytes(b'"' + b"x" * 5_000_000 + b'"')
    assert measured_read(one_field)["code"] == "import_cell_too_long"


# --- what is within the bounds still reads as before ----------------------------------------------

def test_the_largest_allowed_file_reads_within_a_documented_memory_bound(tmp_path):
    """10,000 reports with long explanations, just under the file bound: read in full, holding well
    under 200 MB (README)."""
    frame = pd.DataFrame([dict(zip(HEADER, ROW), tid="gul", tid_aarsag="schedule", tid_forklaring="Forsinkelse. " * 70,
                               handling="Ny plan")] * status_import.MAX_ROWS)
    path = tmp_path / "largest.csv"
    frame.to_csv(path, index=False)
    assert 0.8 * status_import.MAX_FILE_BYTES < path.stat().st_size <= status_import.MAX_FILE_BYTES
    outcome = measured_read(path)
    assert outcome.get("rows") == status_import.MAX_ROWS, outcome
    assert outcome["peak_mb"] < 200, outcome
    workbook = tmp_path / "largest.xlsx"
    frame.to_excel(workbook, index=False)   # inline strings: the bulkiest way to write a sheet
    outcome = measured_read(workbook)
    assert outcome.get("rows") == status_import.MAX_ROWS, outcome
    assert outcome["peak_mb"] < 200, outcome


def test_empty_formatted_rows_and_trailing_empty_columns_are_not_data(tmp_path):
    sheet = a1_row(1, *HEADER) + a1_row(2, *ROW) + "".join(f'<row r="{n}"><c r="B{n}" s="0"/></row>' for n in range(3, 5000))
    path = crafted_xlsx(tmp_path / "formatted.xlsx", sheet)
    frame = status_import.read_upload("formatted.xlsx", path.read_bytes())
    assert len(frame) == 1 and list(frame.index) == [2] and frame.loc[2, "projekt"] == "luna"
