"""The documents' figures as vector (SVG, for the PDF) and raster (PNG, for Word) images, drawn by
Plotly's kaleido 1.x in Debian's Chromium.

Starting the browser is the slow part (about 2.5 s; each figure after that about 0.3 s), so all
figures of a document are drawn in ONE browser session. Nothing is fetched from elsewhere: plotly.js
is the copy inside the plotly package, MathJax is off, and the browser's proxy is a closed local port,
so a figure that tried to load anything from the network would fail instead of calling a third party.

The browser is ``ITRAAD_CHROMIUM`` (default /usr/bin/chromium, Debian's package); kaleido never
downloads one.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from pathlib import Path

import plotly
import plotly.graph_objects as go

from dashboard.errors import UserError

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# A loopback port nothing listens on: any request the page might make fails at once.
_NO_NETWORK_PROXY = "http://127.0.0.1:9"
# The document's font first (Typst finds it for the SVG text), then common fallbacks.
FONT_FAMILY = "Liberation Sans, DejaVu Sans, Arial, sans-serif"


def chromium_path() -> str:
    return os.environ.get("ITRAAD_CHROMIUM", "").strip() or DEFAULT_CHROMIUM


def plotly_js() -> Path:
    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def prepare(figure: go.Figure, width: int, height: int) -> go.Figure:
    """A copy for print: no title (the document's caption names the figure), the document's font,
    a white background."""
    copy = go.Figure(figure)
    copy.update_layout(title=None, font_family=FONT_FAMILY, paper_bgcolor="white", plot_bgcolor="white",
                       width=width, height=height, margin=dict(t=20))
    return copy


def render(figures: dict[str, tuple[go.Figure, int, int]], formats: tuple[str, ...]) -> dict[tuple[str, str], bytes]:
    """{(name, format): image bytes} for every figure (name -> (figure, width, height)) and format
    ("svg", "png"), drawn in one browser session."""
    if not figures:
        return {}
    browser = chromium_path()
    if not Path(browser).is_file():
        raise UserError("reports.errors.no_browser", path=browser)

    async def draw() -> dict[tuple[str, str], bytes]:
        import kaleido

        out: dict[tuple[str, str], bytes] = {}
        async with kaleido.Kaleido(path=browser, mathjax=False, plotlyjs=str(plotly_js()), n=1,
                                   proxy_server=_NO_NETWORK_PROXY, timeout=120) as k:
            for name, (figure, width, height) in figures.items():
                printable = prepare(figure, width, height)
                for fmt in formats:
                    opts = {"format": fmt, "width": width, "height": height, "scale": 2 if fmt == "png" else 1}
                    out[(name, fmt)] = await k.calc_fig(printable, opts=opts)
        return out

    # In a worker thread with its own event loop, so it works beside any running loop (Streamlit, Playwright).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, draw()).result()
