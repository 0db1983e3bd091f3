"""Helpers for Streamlit AppTest runs of the real app on the test database."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = Path(__file__).resolve().parent.parent / "pages"


def open_app(page: str | None = None, timeout: float = 60, actor=None, **query) -> AppTest:
    """Run the app (optionally switched to a page file) with query parameters set before the run,
    signed in as ``actor`` (a dashboard.accounts.Actor) if one is given."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if actor is not None:
        at.session_state["_auth"] = {"actor": actor, "last_seen": time.time()}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(str(PAGES / page))
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
    return at


def texts(at: AppTest, kind: str) -> list[str]:
    """The texts of the elements of a kind as a person reads them (data in Markdown is written
    as character references by dashboard.text.literal)."""
    from dashboard.text import shown

    return [shown(str(e.value)) for e in getattr(at, kind)]


def plotly_specs(at: AppTest) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def plotly_values(value) -> list:
    """A trace's data array; plotly 6+ encodes numeric arrays as {'dtype', 'bdata'} (base64)."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    return list(value)


def offered_link(at: AppTest) -> dict[str, list[str]]:
    """The query of the link "Kopiér link" offers (the page's full state), as parameter -> values."""
    from urllib.parse import parse_qs, urlsplit

    links = [code.value for code in at.code if "?" in code.value]
    assert len(links) == 1, links
    return parse_qs(urlsplit(links[0]).query, keep_blank_values=True)
