"""The project's layout (issue 12): which rooms may import Streamlit, no import circles beyond the
registries, and a wheel that carries the pages, the configuration and the SQL, and serves the app
from any folder."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import psutil
import pytest

from tests.test_embedded import postmasters
from tests.test_run import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
# Below the pages, only the interface (dashboard/ui), the server bootstrap and the benchmark
# import Streamlit; everything else is importable by the CLI, the reports and the tests without it.
MAY_IMPORT_STREAMLIT = ("dashboard/ui/", "dashboard/web/", "dashboard/bench/", "dashboard/app.py", "dashboard/serve.py")
# Registries: the core calls each room's entry forms, seed loader and demo loader (the room's
# `entry`, `seed` and `demo` modules), and those modules use the core; the calls from a registry to
# a room are not counted as circles. Accounts end a person's other sessions when a password or role
# changes (dashboard.sessions), and sessions know their account.
REGISTRIES = {"dashboard.entry": "entry", "dashboard.db.seed": "seed", "dashboard.demo": "demo"}
KNOWN_CIRCLES = [{"dashboard.accounts", "dashboard.sessions"}]
ROOMS = ("dashboard.status", "dashboard.recommendations", "dashboard.screening", "dashboard.cases", "dashboard.reports")


def registration(source: str, target: str) -> bool:
    role = REGISTRIES.get(source)
    return role is not None and target.startswith(ROOMS) and target.split(".")[-1] in (role, target.split(".")[1])


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_only_the_interface_the_server_and_the_benchmark_import_streamlit():
    offenders = sorted(
        str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
        if not str(path.relative_to(ROOT)).startswith(MAY_IMPORT_STREAMLIT)
        and any(name == "streamlit" or name.startswith("streamlit.") for name in imported(path)))
    assert offenders == []


def test_no_import_circles_beyond_the_registries():
    found = modules()
    # A module's use of its own package's __init__ (dashboard.demo.status -> dashboard.demo) is not a circle either.
    graph = {name: {m for m in imported(path) if m in found and m != name and not name.startswith(m + ".") and not registration(name, m)}
             for name, path in found.items()}
    # Tarjan's strongly connected components: every group of modules that import each other.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for name in graph:
        if name not in index:
            visit(name)
    interface = [c for c in circles if all(m.startswith(("dashboard.ui.", "dashboard.web.")) for m in c)]
    others = [c for c in circles if c not in interface]
    assert sorted(map(sorted, others)) == sorted(map(sorted, KNOWN_CIRCLES))
    # The two circles issue 12 names are untied, also through imports inside functions.
    assert "dashboard.repository" not in imported(found["dashboard.status.queries"])
    assert "dashboard.db.connection" not in imported(found["dashboard.db.embedded"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    return Path(next(iter(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))))


def test_the_wheel_carries_the_pages_the_configuration_and_the_sql(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    pages = {p.name for p in (ROOT / "pages").glob("*.py")}
    assert pages and {f"dashboard/app_files/pages/{p}" for p in pages} <= names
    assert {"dashboard/app_files/streamlit_app.py", "dashboard/app_files/.streamlit/config.toml",
            "dashboard/ui/style.css", "dashboard/db_files/schema.sql"} <= names
    sql = {str(p.relative_to(ROOT)) for p in ROOT.glob("db/**/*") if p.is_file()}
    assert {s.replace("db/", "dashboard/db_files/", 1) for s in sql} <= names
    room_sql = {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.sql")}
    assert len(room_sql) > 40 and room_sql <= names
    assert not any(n.startswith(("pages/", ".streamlit/", "tests/")) for n in names)


def test_an_installed_wheel_serves_the_app_from_any_folder(wheel, tmp_path):
    """The wheel unpacked as pip installs it, the app started from an unrelated folder: the pages,
    the server layer and the configuration (loopback only) all come from inside the package."""
    from dashboard.bench.client import Viewer, run_sync

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env |= {"ITRAAD_DATA_DIR": str(data_dir), "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "run", "--server.port", str(port)],
                               cwd=elsewhere, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_healthy(port, process, timeout=120)
        served = [c for c in psutil.Process(process.pid).children(recursive=True)
                  if any(arg.endswith("streamlit_app.py") for arg in c.cmdline())]
        assert served and any(str(site / "dashboard/app_files/streamlit_app.py") in c.cmdline() for c in served)
        listening = [c.laddr for c in served[0].net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert listening and all(addr.ip == "127.0.0.1" for addr in listening)   # .streamlit/config.toml read

        async def visit():
            async with Viewer(f"ws://127.0.0.1:{port}/_stcore/stream") as viewer:
                return [await viewer.open(page) for page in ("", "portefolje", "status")]

        assert all(run.ok for run in run_sync(visit()))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        for proc in postmasters(data_dir / "pgdata"):
            proc.kill()
