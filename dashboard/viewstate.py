"""A view's state as URL query parameters, independent of Streamlit.

Each page declares its parameters (readable Danish names, a default, the allowed values). Parsing
a URL gives the state plus a notice for every value that was unknown and replaced by its
default; encoding gives the full set of parameters, defaults included, so a shared link still
means the same thing when defaults change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlencode


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Param:
    name: str                      # the query parameter, e.g. "ansvarlig"
    default: Any = None            # a value, or a list for multi
    multi: bool = False            # several values: ?profil=A&profil=B
    kind: str = "str"              # str | int | date (ISO, ?siden=2023-09-14)
    choices: Sequence[Any] | None = None  # allowed values; None = any (for free text)
    max_length: int = 200          # free text longer than this is cut

    def coerce(self, raw: str) -> Any:
        if self.kind == "int":
            return int(raw)
        if self.kind == "date":
            return dt.date.fromisoformat(raw)
        if _CONTROL.search(raw):
            # A NUL or another control character never belongs in a link's text (and a NUL
            # cannot even reach PostgreSQL): a notice and the default, like any unknown value.
            raise ValueError("control character")
        return raw[: self.max_length]


@dataclass
class Notice:
    param: str
    value: str


@dataclass
class ParsedState:
    values: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)


def parse(params: Sequence[Param], raw: Mapping[str, Sequence[str]],
          choices: Mapping[str, Iterable[Any]] | None = None) -> ParsedState:
    """Read the values of ``params`` from ``raw`` (query parameter -> its values).

    ``choices`` gives allowed values known only at run time (organisations from the database)."""
    values: dict[str, Any] = {}
    notices: list[Notice] = []
    for p in params:
        allowed = list(choices[p.name]) if choices and p.name in choices else p.choices
        given = [v for v in raw.get(p.name, []) if v != ""]
        accepted = []
        for text in given:
            try:
                value = p.coerce(text)
            except (TypeError, ValueError):
                notices.append(Notice(p.name, text))
                continue
            if allowed is not None and value not in allowed:
                notices.append(Notice(p.name, text))
                continue
            if value not in accepted:
                accepted.append(value)
        if p.multi:
            # An explicitly empty multi (?profil=) means "all"; absent means the default.
            values[p.name] = accepted if (accepted or p.name in raw) else list(p.default or [])
        else:
            values[p.name] = accepted[0] if accepted else p.default
            for extra in accepted[1:]:
                notices.append(Notice(p.name, str(extra)))
    return ParsedState(values, notices)


def encode(params: Sequence[Param], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every parameter, defaults included; an empty multi is written as one empty value."""
    out: dict[str, list[str]] = {}
    for p in params:
        value = values.get(p.name, p.default)
        if p.multi:
            out[p.name] = [str(v) for v in value] if value else [""]
        else:
            out[p.name] = [] if value is None else [str(value)]
    return {k: v for k, v in out.items() if v}


def signature(raw: Mapping[str, Sequence[str]], names: Iterable[str]) -> tuple:
    """A comparable form of the parameters that belong to a view (others are ignored)."""
    return tuple((name, tuple(raw.get(name, ()))) for name in sorted(names))


def app_base(page_url: str, current_url_path: str) -> str:
    """The app's own address from the address of the page being shown.

    Streamlit's ``st.context.url`` is the browser's address without the query, the current page's
    path included (``https://host/raad/portefolje``); behind a proxy the app may live under a
    sub-path (``/raad``). Removing the current page's path gives the app's root, to which any
    page's path can be added."""
    base = (page_url or "").split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if current_url_path:
        base = base.removesuffix(f"/{current_url_path.strip('/')}")
    return base


def view_link(base: str, url_path: str, query: Mapping[str, Sequence[str]]) -> str:
    """The complete link to a view: the app's root, the page's path and its full query."""
    path = f"/{url_path}" if url_path else "/"
    return f"{base}{path}?{urlencode(query, doseq=True)}" if query else f"{base}{path}"

