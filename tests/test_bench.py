"""`itraad bench` runs end to end on a tiny configuration and writes well-formed JSON.

No timing is asserted here: figures depend on the machine. docs/performance.md has the figures.
"""

from __future__ import annotations

import json

import pytest

from dashboard.bench.client import check_streamlit_version
from tests.test_cli import itraad


def test_client_speaks_only_the_pinned_streamlit():
    check_streamlit_version("1.67.3")
    with pytest.raises(RuntimeError, match="1.67"):
        check_streamlit_version("1.68.0")


def test_bench_on_a_tiny_configuration_writes_well_formed_json(db_url, tmp_path):
    out = tmp_path / "bench.json"
    result = itraad("bench", "--runs", "2", "--warmup", "0", "--datasets", "published", "--pages", ",portefolje",
                    "--viewers", "2", "--viewer-pages", "", "--cold-start-runs", "1",
                    "--out-dir", str(tmp_path), "--json", str(out), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Targets" in result.stdout and str(out) in result.stdout
    report = json.loads(out.read_text("utf-8"))

    assert report["meta"]["streamlit"].startswith("1.67.")
    assert [d["dataset"] for d in report["datasets"]] == ["published"]
    assert report["datasets"][0]["rows"]["project"] == 17
    assert [p["page"] for p in report["pages"]] == ["", "portefolje"]
    for page in report["pages"]:
        assert page["ok"], page["problems"]
        for kind in ("warm", "cold", "sql"):
            assert page[kind]["n"] == 2
            assert 0 < page[kind]["median_ms"] <= page[kind]["p95_ms"] <= page[kind]["max_ms"]
        assert page["sql"]["statements"] >= 1  # at least the data version
        assert page["overhead_ratio"] > 0

    [viewers] = report["viewers"]
    assert (viewers["page"], viewers["n"], viewers["failed"]) == ("", 2, 0)
    assert min(viewers["rss_start_mb"], viewers["rss_idle_mb"], viewers["rss_after_burst_mb"]) > 0
    assert isinstance(viewers["growth_per_session_mb"], float)

    for kind in ("new_data_dir", "existing_data_dir"):
        start = report["cold_start"][kind]
        assert start["to_healthy_s"]["n"] == 1 and 0 < start["to_healthy_s"]["median"] <= start["to_first_page_s"]["median"]

    targets = {t["target"]: t for t in report["targets"]}
    assert any(name.startswith("page run p95 (published, warm") for name in targets)
    assert any(name.startswith("cold start, existing data dir") for name in targets)
    assert all(isinstance(t["met"], bool) for t in report["targets"])
    # The benchmark's database is gone afterwards.
    import sqlalchemy as sa

    name = report["datasets"][0]["name"]
    assert name.startswith("itraad_bench_")
    with sa.create_engine(db_url).connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}).scalar() == 0
