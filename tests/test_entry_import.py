"""Import of monthly status reports: every problem by row and column, then all rows or none."""

from __future__ import annotations

import io

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.accounts import Actor, PermissionDenied
from dashboard.entry import service, status_import
from helpers import table_checksums

ANNA = Actor("anna", "secretariat")

HEADER = ("projekt,måned,leverancer,tid,penge,ressourcer,tid_årsag,tid_forklaring,handling,"
          "rapporteret_af,rapporteret_den")
GOOD_ROWS = [
    "luna,2023-01,grøn,gul,grøn,grøn,schedule,Leverandøren er forsinket,Ny plan,PL,2023-02-03",
    "luna,2023-02,grøn,grøn,grøn,grøn,,,,PL,2023-03-02",
    "LABREK,2023-01,Grøn,Rød,grøn,grøn,Tidsplan,Udbuddet er udskudt,new_plan,Programleder,2023-02-10",
]


def _csv(*rows: str, header: str = HEADER, sep: str = ",") -> bytes:
    return "\n".join([header, *rows]).replace(",", sep).encode("utf-8")


def test_a_valid_csv_is_previewed_and_saved_in_one_transaction(db):
    progress = []
    checked = status_import.check_file("status.csv", _csv(*GOOD_ROWS), progress=lambda what, done: progress.append(done))
    assert checked.problems == [] and len(checked.rows) == 3 and progress[-1] == 1.0
    preview = status_import.preview(checked, service.reference(), "da")
    assert list(preview["Måned"]) == ["januar 2023", "februar 2023", "januar 2023"]
    with db.connect() as conn:
        before = conn.execute(sa.text("SELECT version FROM data_version")).scalar()
    saved = status_import.commit(checked, ANNA, token=service.new_token(), progress=lambda what, done: None)
    assert saved.ok and saved.saved == 3
    with db.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT p.slug, s.month, s.overall::text, s.time_cause, s.entered_by, s.provenance::text"
            " FROM status_report s JOIN project p ON p.id = s.project_id ORDER BY p.slug, s.month")).all()
        audit = conn.execute(sa.text("SELECT count(DISTINCT tx_id), count(*), min(app_user), min(reason)"
                                     " FROM audit_log WHERE table_name = 'status_report'")).one()
        assert conn.execute(sa.text("SELECT version FROM data_version")).scalar() > before
    assert [(r.slug, r.overall) for r in rows] == [("labrek", "red"), ("luna", "yellow"), ("luna", "green")]
    assert {r.entered_by for r in rows} == {"anna"} and {r.provenance for r in rows} == {"entered"}
    assert tuple(audit) == (1, 3, "anna", "import:status")   # one transaction, one audit row per report


def test_semicolon_csv_and_excel_are_read_too(db):
    assert status_import.check_file("status.csv", _csv(*GOOD_ROWS[:2], sep=";")).ok
    frame = pd.read_csv(io.StringIO("\n".join([HEADER, *GOOD_ROWS])), dtype=str, keep_default_na=False)
    frame["rapporteret_den"] = pd.to_datetime(frame["rapporteret_den"])   # real Excel dates
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    checked = status_import.check_file("status.xlsx", buffer.getvalue())
    assert checked.problems == [] and len(checked.rows) == 3


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_saved(db):
    rows = [
        GOOD_ROWS[0],
        "ukendt-projekt,2023-13,blå,gul,grøn,grøn,,,,PL,2023-02-03",          # row 3: project, month, colour, cause...
        "luna,2023-03,grøn,rød,grøn,grøn,astrologi,<script>alert(1)</script>,,PL,2031-01-01",  # row 4
        "luna,2023-01,grøn,grøn,grøn,grøn,,,,PL,2023-02-03",                  # row 5: same month as row 2
        "luna,2023-04,grøn,grøn,grøn,grøn,schedule,Grøn med årsag,ny plan,,2023-05-01",  # row 6
    ]
    with db.connect() as conn:
        before = table_checksums(conn)
    checked = status_import.check_file("status.csv", _csv(*rows))
    found = {(p.row, p.column, p.error.code) for p in checked.problems}
    assert {(3, "projekt", "import_unknown_project"), (3, "maaned", "not_a_month"),
            (3, "leverancer", "import_unknown_colour"), (3, "tid_aarsag", "cause_required"),
            (4, "tid_aarsag", "import_unknown_cause"), (4, "tid_forklaring", "markup"),
            (4, "rapporteret_den", "date_too_late"), (4, "handling", "action_required"),
            (5, "maaned", "import_duplicate_row"),
            (6, "tid_aarsag", "green_has_no_cause"), (6, "rapporteret_af", "required"),
            (6, "handling", "action_only_when_not_green")} <= found
    table = status_import.problems_table(checked.problems, "da")
    assert list(table.columns) == ["Række", "Kolonne", "Problem"] and len(table) == len(checked.problems)
    result = status_import.commit(checked, ANNA, token=service.new_token())
    assert not result.ok
    with db.connect() as conn:
        assert table_checksums(conn) == before


def test_missing_and_unknown_columns(db):
    checked = status_import.check_file("status.csv", b"projekt,maaned,farve\nluna,2023-01,gul\n")
    found = {(p.row, p.column, p.error.code) for p in checked.problems}
    assert (1, "leverancer", "import_missing_column") in found and (1, "farve", "import_unknown_column") in found


def test_a_report_saved_meanwhile_makes_the_whole_import_fail(db):
    checked = status_import.check_file("status.csv", _csv(*GOOD_ROWS))
    assert checked.ok
    # Someone enters February for LUNA by hand after the preview.
    import datetime as dt

    luna = service.reference().project_by_slug("luna").id
    hand = service.save("status_report", {"project": luna, "month": dt.date(2023, 2, 1), "deliveries": "green",
                                          "time": "green", "money": "green", "resources": "green",
                                          "reported_by": "PL", "reported_on": dt.date(2023, 3, 1)},
                        ANNA, token=service.new_token())
    assert hand.status == "saved"
    with db.connect() as conn:
        before = table_checksums(conn)
    result = status_import.commit(checked, ANNA, token=service.new_token())
    assert not result.ok and [(p.row, p.column, p.error.code) for p in result.problems] == [(3, "maaned", "report_exists")]
    with db.connect() as conn:
        assert table_checksums(conn) == before    # all or none: the other two rows are not saved either


def test_committing_twice_saves_once(db):
    checked = status_import.check_file("status.csv", _csv(*GOOD_ROWS))
    token = service.new_token()
    assert status_import.commit(checked, ANNA, token=token).saved == 3
    assert status_import.commit(checked, ANNA, token=token).duplicate
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM status_report")).scalar() == 3


def test_a_large_file_is_saved_in_batches_with_progress(db):
    import datetime as dt

    projects = [p for p in service.reference().projects.values()][:17]
    months = [dt.date(y, m, 1) for y in (2020, 2021, 2022, 2023) for m in range(1, 13)]
    rows = [f"{p.slug},{m:%Y-%m},grøn,grøn,grøn,grøn,,,,PL,{m:%Y-%m}-05" for p in projects for m in months]
    checked = status_import.check_file("status.csv", _csv(*rows))
    assert checked.ok and len(checked.rows) == len(rows) > status_import.BATCH
    progress = []
    result = status_import.commit(checked, ANNA, token=service.new_token(),
                                  progress=lambda what, done: progress.append(done))
    assert result.saved == len(rows)
    assert len(progress) == -(-len(rows) // status_import.BATCH) and progress[-1] == 1.0


def test_a_viewer_cannot_import(db):
    checked = status_import.check_file("status.csv", _csv(*GOOD_ROWS))
    with pytest.raises(PermissionDenied):
        status_import.commit(checked, Actor("vera", "viewer"), token=service.new_token())


@pytest.mark.parametrize("name, data, code", [
    ("status.csv", b"", "import_empty_file"),
    ("status.xlsx", b"not a zip file", "import_unreadable"),
    ("status.csv", b"projekt,projekt\nluna,luna\n", "import_duplicate_columns"),
])
def test_unreadable_files(name, data, code):
    with pytest.raises(status_import.ImportFailure) as failure:
        status_import.read_upload(name, data)
    assert failure.value.error.code == code and failure.value.error.message("da")


def test_row_numbers_are_the_spreadsheets_even_after_empty_rows(db):
    checked = status_import.check_file("status.csv", _csv(GOOD_ROWS[0], ",,,,,,,,,,", GOOD_ROWS[1],
                                                          "luna,2023-03,lilla,grøn,grøn,grøn,,,,PL,2023-04-01"))
    assert [(p.row, p.column) for p in checked.problems] == [(5, "leverancer")]
    assert [r["row"] for r in checked.rows] == [2, 4]
