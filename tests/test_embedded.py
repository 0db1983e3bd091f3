"""The embedded PostgreSQL: started on demand, data kept across restarts, stopped when the last
user exits, and a server left behind by a killed process reused, never started twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.test_cli import itraad


def postmasters(pgdata: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(attrs=("name", "cmdline")):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and str(pgdata) in cmdline:
            found.append(proc)
    return found


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    yield path
    for proc in postmasters(path / "pgdata"):  # never leave a server behind
        proc.kill()


def embedded_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["ITRAAD_DATA_DIR"] = str(data_dir)
    return env


def run_cli(data_dir: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "dashboard.cli", *args], env=embedded_env(data_dir),
                            capture_output=True, text=True, timeout=120)
    return result


def test_init_starts_loads_and_stops(data_dir):
    first = run_cli(data_dir, "db", "init")
    assert first.returncode == 0, first.stderr
    assert "indlæst" in first.stdout
    assert postmasters(data_dir / "pgdata") == []  # stopped when the command ended
    second = run_cli(data_dir, "db", "init")
    assert second.returncode == 0 and "allerede indlæst" in second.stdout  # data survived the restart
    url = run_cli(data_dir, "db", "url")
    assert url.returncode == 0 and str(data_dir / "pgdata").replace("/", "%2F") in url.stdout


HOLDER = """
import sys, time
from dashboard.db import embedded
embedded.start()
print(embedded._server.get_pid(), flush=True)
time.sleep(600)
"""


def test_server_of_a_killed_process_is_reused_and_then_stopped(data_dir):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=embedded_env(data_dir),
                              stdout=subprocess.PIPE, text=True)
    pid = int(holder.stdout.readline())
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    pgdata = data_dir / "pgdata"
    assert [p.pid for p in postmasters(pgdata)] == [pid]  # left running by the killed owner
    assert holder.pid in json.loads((pgdata / ".handle_pids.json").read_text())  # stale handle

    result = run_cli(data_dir, "db", "init")
    assert result.returncode == 0, result.stderr
    # the same server was used (no second postmaster) and, as the last user, the CLI stopped it
    deadline = time.time() + 10
    while postmasters(pgdata) and time.time() < deadline:
        time.sleep(0.1)
    assert postmasters(pgdata) == []
    assert holder.pid not in json.loads((pgdata / ".handle_pids.json").read_text())


def test_two_users_share_one_server(data_dir):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=embedded_env(data_dir),
                              stdout=subprocess.PIPE, text=True)
    try:
        pid = int(holder.stdout.readline())
        result = run_cli(data_dir, "db", "init")
        assert result.returncode == 0, result.stderr
        # the CLI was not the last user: the holder's server keeps running, and it is the only one
        assert [p.pid for p in postmasters(data_dir / "pgdata")] == [pid]
    finally:
        holder.terminate()
        holder.wait()


def test_unusable_data_dir_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli(blocker / "data", "db", "init")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "indbyggede database" in result.stderr
