"""The itraad command: clear one-line errors, never a traceback; db init/reset/url/export."""

from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa


def itraad(*args: str, env: dict | None = None, input: str | None = None, timeout: float = 60):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], env=full_env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(result):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unreachable_database_is_one_line(tmp_path):
    for command in (["db", "init"], ["db", "reset", "--yes"], ["export", "--out", str(tmp_path)], ["run"]):
        result = itraad(*command, env={"DATABASE_URL": "postgresql://postgres:hemmelig@127.0.0.1:1/nowhere"})
        line = assert_one_line_error(result)
        assert "Databasen kan ikke nås" in line
        assert "hemmelig" not in line  # the password is never printed


def test_invalid_database_url_is_one_line():
    result = itraad("db", "url", env={"DATABASE_URL": "mysql://root@localhost/db"})
    assert "ikke en PostgreSQL-adresse" in assert_one_line_error(result)


def test_db_url_masks_password(db_url):
    url = db_url.set(password="hemmelig").render_as_string(hide_password=False)
    result = itraad("db", "url", env={"DATABASE_URL": url.replace("postgresql+psycopg", "postgresql")})
    assert result.returncode == 0
    assert "hemmelig" not in result.stdout and "***" in result.stdout


def test_db_init_twice_and_export(empty_db_url, tmp_path):
    first = itraad("db", "init")
    assert first.returncode == 0, first.stderr
    assert "indlæst" in first.stdout
    second = itraad("db", "init")
    assert second.returncode == 0 and "allerede indlæst" in second.stdout
    exported = itraad("export", "--out", str(tmp_path / "x"))
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == [
        "activities.csv", "project_budgets.csv", "project_facts.csv", "project_phases.csv", "projects.csv",
        "recommendation_shares.csv"]


def test_export_before_init_says_what_to_do(empty_db_url, tmp_path):
    line = assert_one_line_error(itraad("export", "--out", str(tmp_path)))
    assert "itraad db init" in line


def test_export_to_unwritable_folder(db_url, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = assert_one_line_error(itraad("export", "--out", str(blocker / "sub")))
    assert "Kan ikke skrive" in line


def test_reset_asks_and_can_be_cancelled(db_url, db):
    with db.begin() as conn:
        conn.execute(sa.text("DELETE FROM activity WHERE plan_year = 2024"))
    cancelled = itraad("db", "reset", input="nej\n")
    assert cancelled.returncode != 0 and "intet er ændret" in cancelled.stdout
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM activity WHERE plan_year = 2024")).scalar() == 0
    done = itraad("db", "reset", "--yes")
    assert done.returncode == 0, done.stderr
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM activity WHERE plan_year = 2024")).scalar() == 8


def test_unknown_command_is_usage_not_traceback():
    result = itraad("fly")
    assert result.returncode != 0 and "Traceback" not in result.stderr
