"""`itraad run` on the embedded database: serves the app, stops everything on SIGTERM, and
recovers from being killed (the left-behind server is reused, never duplicated)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.test_embedded import postmasters


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"itraad run exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not become healthy")


def start(data_dir, port):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ITRAAD_DATA_DIR"] = str(data_dir)
    return subprocess.Popen([sys.executable, "-m", "dashboard.cli", "run", "--server.port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def streamlit_children(process: subprocess.Popen) -> list[psutil.Process]:
    # The Streamlit server runs streamlit_app.py (the app in its server layer, through dashboard.serve).
    return [c for c in psutil.Process(process.pid).children(recursive=True)
            if any(arg.endswith("streamlit_app.py") for arg in c.cmdline())]


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    yield path
    for proc in postmasters(path / "pgdata"):
        proc.kill()


def test_run_serves_and_stops_on_sigterm(data_dir):
    port = free_port()
    process = start(data_dir, port)
    try:
        wait_healthy(port, process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
        assert len(postmasters(data_dir / "pgdata")) == 1
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert postmasters(data_dir / "pgdata") == []  # the embedded server stopped with it
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)


def test_killed_run_leaves_a_server_that_the_next_run_reuses(data_dir):
    port = free_port()
    first = start(data_dir, port)
    wait_healthy(port, first)
    children = streamlit_children(first)
    assert children
    server_pid = postmasters(data_dir / "pgdata")[0].pid
    first.send_signal(signal.SIGKILL)
    first.wait()
    psutil.wait_procs(children, timeout=10)  # the Streamlit child follows its parent
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)
    assert [p.pid for p in postmasters(data_dir / "pgdata")] == [server_pid]  # left behind

    second = start(data_dir, port)
    try:
        wait_healthy(port, second)
        assert [p.pid for p in postmasters(data_dir / "pgdata")] == [server_pid]  # reused, not duplicated
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    deadline = time.time() + 10
    while postmasters(data_dir / "pgdata") and time.time() < deadline:
        time.sleep(0.1)
    assert postmasters(data_dir / "pgdata") == []  # and stopped by the last real user
