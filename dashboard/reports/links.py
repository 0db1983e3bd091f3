"""Links from a document back to the exact view in the dashboard.

The dashboard's public address is ``ITRAAD_PUBLIC_URL`` (default http://127.0.0.1:8501, what
``itraad run`` serves locally); behind a proxy set it to the address people open, e.g.
https://raadsportal.example.dk. Every view is a URL with its filters as query parameters (README,
"Views and links"), so a link names its page and the parameters that make the view.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlencode

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8501"


def public_url() -> str:
    return (os.environ.get("ITRAAD_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL).rstrip("/")


def view(path: str, base: str | None = None, **params: object) -> str:
    """The full URL of a page with its parameters (None values left out, in the order given)."""
    query = urlencode([(name, str(value)) for name, value in params.items() if value is not None])
    return f"{base or public_url()}/{path.strip('/')}" + (f"?{query}" if query else "")


def month_code(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def project(slug: str, tab: str = "oversigt", base: str | None = None) -> str:
    return view("projekt", base, id=slug, fane=tab)


def status_changes(since: dt.date, slug: str | None = None, base: str | None = None) -> str:
    return view("status", base, visning="aendringer", siden=since.isoformat(), projekt=slug)


def status_warnings(as_of: dt.date, slug: str | None = None, min_run: int = 3, base: str | None = None) -> str:
    return view("status", base, visning="advarsler", til=month_code(as_of), projekt=slug, n=min_run)


def status_history(slug: str, last_month: dt.date, base: str | None = None) -> str:
    return view("status", base, visning="historik", til=month_code(last_month), projekt=slug)


def pipeline(year: int, base: str | None = None) -> str:
    return view("pipeline", base, aar=year)


def recommendations(slug: str | None = None, followup: str | None = None, base: str | None = None) -> str:
    return view("anbefalinger", base, visning="anbefalinger", projekt=slug, opfoelgning=followup)


def case(case_id: int, base: str | None = None) -> str:
    return view("sag", base, id=int(case_id))


def cases(state: str | None = None, overdue: str | None = None, base: str | None = None) -> str:
    """The list of cases (/sager) with its state and deadline filters as the page reads them
    ("aaben", "ja"); None leaves a filter at its default."""
    from dashboard.cases import vocab

    return view("sager", base, tilstand=vocab.to_url("state", state) if state else None,
                frister=vocab.to_url("overdue", overdue) if overdue else None)
