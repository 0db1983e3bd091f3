"""The interface text catalogue and Danish/English formatting of months and numbers.

All interface text lives in one catalogue, dashboard/catalogue/*.toml: one file per area of the
product (core, status, recommendations, entry, ...), one TOML table per view or concern, each
entry with a Danish (``da``) and an English (``en``) text. A key defined twice is an error.
Danish is the default language.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from functools import cache
from importlib import resources

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """The catalogue flattened to ``{"section.key": {"da": ..., "en": ...}}``."""
    flat: dict[str, dict[str, str]] = {}
    folder = resources.files("dashboard").joinpath("catalogue")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(tomllib.loads(entry.read_text("utf-8")), flat, entry.name)
    return flat


def _flatten(raw: dict, flat: dict[str, dict[str, str]], source: str) -> None:

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and set(value) <= set(LANGUAGES) and value:
                if path in flat:
                    raise ValueError(f"catalogue key {path} defined twice (again in {source})")
                flat[path] = value
            elif isinstance(value, dict):
                walk(path, value)
            else:
                raise ValueError(f"catalogue entry {path} must have da and en texts")

    walk("", raw)


class _Formatter(string.Formatter):
    """str.format with one addition, singular and plural: ``{count:one|other}`` gives ``one`` when
    count is 1 and ``other`` otherwise; both may hold placeholders ("Ret {count:feltet|de {count}
    felter}"). A count may arrive as text (a formatted number), so "1" counts as one."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if str(value).replace("\u2060", "").strip() == "1" else other
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def normalise_language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no catalogue entry {key!r}")
    text = entry.get(normalise_language(lang)) or entry[DEFAULT_LANGUAGE]
    return _FORMATTER.format(text, **params) if params else text


def month_name(month: int, lang: str = DEFAULT_LANGUAGE) -> str:
    return t(f"months.m{month}", lang)


def format_month(value: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'marts 2024' in Danish, 'March 2024' in English; empty for no month."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{month_name(value.month, lang)} {value.year}"


def format_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """1.234,5 in Danish, 1,234.5 in English."""
    if value is None or value != value:
        return ""
    text = f"{value:,.{decimals}f}"
    if normalise_language(lang) == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(value: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    if value is None or value != value:
        return ""
    sep = " " if normalise_language(lang) == "da" else ""
    return f"{format_number(value, lang, decimals)}{sep}%"


def format_mkr(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount in millions of kroner: '60 mio. kr.' or 'DKK 60 million'."""
    if value is None or value != value:
        return ""
    decimals = 0 if float(value).is_integer() else 1
    return t("format.mkr", lang, amount=format_number(value, lang, decimals))


def copenhagen_today() -> dt.date:
    """Today in Denmark, whatever the server's clock zone: the day every rule and report counts
    from (a UTC server is still on yesterday between 23 and 24 UTC in winter)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def format_timestamp(value: dt.datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'25. november 2026 kl. 16:49' / '25 November 2026, 16:49' in the Copenhagen time zone."""
    if value is None:
        return ""
    from zoneinfo import ZoneInfo

    local = value.astimezone(ZoneInfo("Europe/Copenhagen")) if value.tzinfo else value
    return t("format.timestamp", lang, day=local.day, month=month_name(local.month, lang),
             year=local.year, time=local.strftime("%H:%M"))


def format_date(value: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return ""
    return t("format.date", lang, day=value.day, month=month_name(value.month, lang), year=value.year)
