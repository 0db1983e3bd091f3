"""Making a document end to end: read the database (as the read-only role), build the blocks, draw
the figures in one browser session, typeset, and write the file all or nothing.

Used by `itraad rapport ...` (dashboard/cli.py) and the /rapporter page alike. ``progress`` is
called with (what, fraction done) so both can show how far it has come.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import URL

from dashboard.db.connection import READER, connect
from dashboard.errors import UserError
from dashboard.i18n import copenhagen_today
from dashboard.i18n import t
from dashboard.reports import figures, output
from dashboard.reports.document import Document

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Built:
    content: bytes
    fmt: str
    document: Document
    seconds: dict[str, float]   # read, figures, typeset


def _quiet(what: str, done: float) -> None:
    pass


def build(make: Callable, fmt: str, url: URL | None = None, progress: Progress = _quiet, lang: str = "da") -> Built:
    """Read with ``make(conn) -> Document`` and render it as ``fmt``; nothing is written."""
    started = time.perf_counter()
    progress(t("reports.progress.reading", lang), 0.05)
    with connect(url, role=READER) as conn:
        doc = make(conn)
    read = time.perf_counter()
    sizes = {f.name: (f.figure, f.width_px, f.height_px) for f in doc.figures()}
    progress(t("reports.progress.figures", lang, count=len(sizes)), 0.3)
    images = figures.render(sizes, ("svg",) if fmt == "pdf" else ("png",))
    drawn = time.perf_counter()
    progress(t("reports.progress.typeset", lang), 0.85)
    from dashboard.reports.docx import render_docx
    from dashboard.reports.pdf import render_pdf

    content = render_pdf(doc, images) if fmt == "pdf" else render_docx(doc, images)
    done = time.perf_counter()
    progress(t("reports.progress.done", lang), 1.0)
    return Built(content, fmt, doc, {"read": read - started, "figures": drawn - read, "typeset": done - drawn})


def write(make: Callable, out: str | Path, allowed: tuple[str, ...] = ("pdf", "docx"), url: URL | None = None,
          progress: Progress = _quiet, lang: str = "da") -> tuple[Path, Built]:
    """Build and write to ``out`` (format from its suffix) through a temporary file: a failure
    half-way leaves no file at ``out``."""
    path, fmt = output.target(out, allowed)
    try:
        built = build(make, fmt, url, progress, lang)
    except UserError:
        raise
    except Exception as exc:
        log.exception("document failed")
        raise UserError("reports.errors.failed", reason=type(exc).__name__) from exc
    return output.write_atomically(path, built.content), built


def annual_report(year: int, include_demo: bool = False, status_as_of: dt.date | None = None, lang: str = "da"):
    """The ``make`` of the annual report draft (dashboard.reports.annual)."""
    from dashboard.reports import annual

    request = annual.AnnualRequest(year, include_demo, status_as_of, lang)
    return lambda conn: annual.build(conn, request)


def meeting_pack(since: dt.date, meeting_date: dt.date | None = None, include_demo: bool = False,
                 lang: str = "da"):
    """The ``make`` of the council meeting pack (dashboard.reports.meeting)."""
    from dashboard.reports import meeting

    request = meeting.MeetingRequest(since, meeting_date or copenhagen_today(), include_demo, lang)
    return lambda conn: meeting.build(conn, request)
