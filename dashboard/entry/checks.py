"""Field checks shared by every form and the import.

Each check takes what a widget or a spreadsheet cell gives (a string, a date, a number, None)
and returns the clean value, or raises ``Invalid`` with a ``FieldError``: a catalogue key under
``entry.error`` and its parameters, shown next to the field in the viewer's language. The
limits mirror the database's domains (short_text 200, long_text 4000, month_date), which stay
the last line of defence.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from dashboard.i18n import format_date, format_month, format_number, format_timestamp, t

SHORT_TEXT = 200
LONG_TEXT = 4000
FIRST_MONTH = dt.date(2019, 1, 1)       # the council was founded in 2019
LAST_YEAR = 2100                        # plan_year's upper bound in the schema

# Markup or a script link in a text field: tags (<script>, <b>, <!--, <?php) and script URLs.
# A plain "a < b" or "<3" is fine; the pages show every text as text anyway.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|(?:javascript|vbscript)\s*:", re.IGNORECASE)
# Control characters other than tab and newline, and the bidirectional overrides that can
# make a text read differently from what it is.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# Names (organisations, projects) are compared as a reader sees them (migration 0046 defines the
# same key in SQL, itraad_name_key, with the same character lists; tests/test_names.py checks that
# the two agree): characters that draw nothing are removed, white space is collapsed, and the
# Cyrillic and Greek letters that look like Latin ones count as those Latin letters.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_SPACES = re.compile(" {2,}")
_WHITESPACE = re.compile("[\u0020\u0009\u000a\u000b\u000c\u000d\u0085\u1680\u2028\u2029]+")
_LOOKALIKES = ("\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423\u0406\u0408\u0405"
               "\u04ae\u0500\u051a\u051c\u04c0\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455"
               "\u0501\u04cf\u051b\u051d\u04bb\u04af\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d"
               "\u039f\u03a1\u03a4\u03a5\u03a7\u03b1\u03bf\u03bd\u03b9\u03ba\u03c1\u03c5\u03c7")
_LATIN = "ABEKMHOPCTXYIJSYDQWIaeopcyxijsdlqwhyABEZHIKMNOPTYXaovikpux"
CONFUSABLES = str.maketrans(_LOOKALIKES, _LATIN)
_DROP_INVISIBLE = {ord(c): None for c in INVISIBLE}


class FieldError:
    """Why a field's value was refused: a catalogue key (entry.error.<code>) and its parameters."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None, **more: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = {**(params or {}), **more}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and (self.code, self.params) == (other.code, other.params)

    def __repr__(self) -> str:
        return f"FieldError({self.code!r}, {self.params!r})"

    def message(self, lang: str = "da", markdown: bool = False) -> str:
        """The message; ``markdown=True`` for a page, where the values in it are shown as text."""
        from dashboard.text import literal

        params = {k: _format_param(v, lang) for k, v in self.params.items()}
        return t(f"entry.error.{self.code}", lang, **({k: literal(v) for k, v in params.items()} if markdown else params))


def _format_param(value: Any, lang: str) -> Any:
    if isinstance(value, dt.datetime):
        return format_timestamp(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, MonthParam):
        return format_month(value.month, lang)
    if isinstance(value, NumberParam):
        return format_number(value.value, lang, value.decimals)
    if isinstance(value, LabelParam):
        return t(value.key, lang)
    if isinstance(value, FieldError):
        return value.message(lang)
    return value


@dataclass(frozen=True)
class MonthParam:
    """A month in a message, written as "marts 2024"."""

    month: dt.date


@dataclass(frozen=True)
class NumberParam:
    """A number in a message, written "4.000" in Danish and "4,000" in English."""

    value: float
    decimals: int = 0


@dataclass(frozen=True)
class LabelParam:
    """A catalogue text in a message (e.g. the name of a parameter), in the viewer's language."""

    key: str


class Invalid(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.error = FieldError(code, **params)


def is_blank(value: Any) -> bool:
    """Nothing given: None, NaN (an empty spreadsheet cell), or only whitespace."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, str) and value.strip() == ""


def text(value: Any, *, required: bool, max_length: int = SHORT_TEXT, multiline: bool = False) -> str | None:
    """A text shown in the interface: no NUL, no control characters, no markup, not too long."""
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    if not isinstance(value, str):
        raise Invalid("not_text")
    if "\x00" in value:
        raise Invalid("nul_byte")
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if _CONTROL.search(value):
        raise Invalid("control_character")
    if not multiline and ("\n" in value or "\t" in value):
        raise Invalid("single_line")
    if _MARKUP.search(value):
        raise Invalid("markup")
    if len(value) > max_length:
        raise Invalid("too_long", max=NumberParam(max_length), length=NumberParam(len(value)))
    return value


def clean_name(value: str) -> str:
    """A name as it is stored: NFKC (full-width letters, ligatures and odd spaces become the
    ordinary ones), invisible characters removed, runs of spaces as one, trimmed. (A line break
    or a tab stays, for ``text`` to refuse with its own message.)"""
    text = unicodedata.normalize("NFKC", value).translate(_DROP_INVISIBLE)
    return _SPACES.sub(" ", text).strip(" ")


def name_key(value: str) -> str:
    """A name as it is compared for uniqueness (the same as SQL's itraad_name_key): cleaned,
    lookalike Cyrillic and Greek letters read as Latin, lower case."""
    # U+0130 (İ) is the one letter whose lower case is two characters in Python; the database's
    # lower() gives the simple mapping "i".
    text = unicodedata.normalize("NFKC", value).translate(_DROP_INVISIBLE)
    return _WHITESPACE.sub(" ", text).strip(" ").translate(CONFUSABLES).replace("\u0130", "I").lower()


def name(value: Any, *, required: bool, max_length: int = SHORT_TEXT) -> str | None:
    """The name of an organisation or a project: a single-line text (``text``), cleaned with
    ``clean_name``, written with letters of the Latin alphabet (æ, ø, å and accents included), so
    a Cyrillic "о" cannot pass for an "o"."""
    if isinstance(value, str) and "\x00" not in value:
        value = clean_name(value)
    cleaned = text(value, required=required, max_length=max_length)
    for char in cleaned or "":
        if unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo") and \
                not unicodedata.name(char, "").startswith("LATIN "):
            raise Invalid("name_script", letter=char, letter_name=unicodedata.name(char, f"U+{ord(char):04X}"))
    return cleaned


def choice(value: Any, allowed: Iterable[Any], *, required: bool) -> Any:
    """One of the allowed codes (a select box, a code in a spreadsheet cell)."""
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    allowed = list(allowed)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("unknown_choice")  # True == 1 and 1.0 == 1 in Python; neither is a code
    if isinstance(value, str):
        value = value.strip()
    if value not in allowed:
        # Codes that are numbers may arrive as text ("12") from a spreadsheet or a link.
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value) and int(value) in allowed:
            return int(value)
        raise Invalid("unknown_choice")
    return value


def choices(values: Any, allowed: Iterable[Any], *, minimum: int, maximum: int) -> list:
    """Several of the allowed codes, in the given order, each once."""
    if is_blank(values):
        values = []
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)):
        raise Invalid("not_a_list")
    allowed = list(allowed)
    clean: list = []
    for value in values:
        item = choice(value, allowed, required=True)
        if item in clean:
            raise Invalid("duplicate_choice")
        clean.append(item)
    if len(clean) < minimum:
        raise Invalid("required" if minimum == 1 else "too_few", min=minimum)
    if len(clean) > maximum:
        raise Invalid("too_many", max=maximum)
    return clean


def month(value: Any, *, required: bool, earliest: dt.date = FIRST_MONTH,
          latest: dt.date | None = None) -> dt.date | None:
    """A calendar month (the first day of it): a date, or text "2024-03" / "03-2024" / "2024-03-01"."""
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    parsed = _as_date(value, month_only=True)
    if parsed.day != 1:
        raise Invalid("not_a_month")
    latest = latest or dt.date(LAST_YEAR, 12, 1)
    if parsed < earliest:
        raise Invalid("month_too_early", earliest=MonthParam(earliest))
    if parsed > latest:
        raise Invalid("month_too_late", latest=MonthParam(latest))
    return parsed


def date(value: Any, *, required: bool, earliest: dt.date = FIRST_MONTH, latest: dt.date | None = None) -> dt.date | None:
    """A calendar date: a date, or text "2024-03-15" / "15-03-2024" / "15.03.2024"."""
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    parsed = _as_date(value, month_only=False)
    latest = latest or dt.date(LAST_YEAR, 12, 31)
    if parsed < earliest:
        raise Invalid("date_too_early", earliest=earliest)
    if parsed > latest:
        raise Invalid("date_too_late", latest=latest)
    return parsed


def _as_date(value: Any, month_only: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp from a spreadsheet
        return value.to_pydatetime().date()
    if not isinstance(value, str):
        raise Invalid("not_a_month" if month_only else "not_a_date")
    raw = value.strip()
    patterns = [(r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", "dmy")]
    if month_only:
        patterns = [(r"(\d{4})-(\d{1,2})", "ym"), (r"(\d{1,2})[-./](\d{4})", "my")] + patterns
    for pattern, order in patterns:
        match = re.fullmatch(pattern, raw)
        if not match:
            continue
        parts = dict(zip(order, (int(g) for g in match.groups())))
        try:
            return dt.date(parts["y"], parts["m"], parts.get("d", 1))
        except ValueError:
            break
    raise Invalid("not_a_month" if month_only else "not_a_date")


def integer(value: Any, *, required: bool, minimum: int, maximum: int) -> int | None:
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    if isinstance(value, bool):
        raise Invalid("not_a_number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,9}\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise Invalid("not_a_whole_number")
    if not minimum <= value <= maximum:
        raise Invalid("out_of_range", min=minimum, max=maximum)
    return value


def decimal(value: Any, *, required: bool, minimum_exclusive: float, maximum: float, decimals: int) -> float | None:
    """A number such as an amount in mio. kr.; Danish "12,5" and English "12.5" both work."""
    if is_blank(value):
        if required:
            raise Invalid("required")
        return None
    if isinstance(value, bool):
        raise Invalid("not_a_number")
    if isinstance(value, str):
        raw = value.strip().replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", raw):   # 1.234,5
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise Invalid("not_a_number") from None
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("not_a_number")
        number = Decimal(str(value))
    else:
        raise Invalid("not_a_number")
    if not number.is_finite():
        raise Invalid("not_a_number")
    if number <= Decimal(str(minimum_exclusive)) or number > Decimal(str(maximum)):
        raise Invalid("number_out_of_range", min=NumberParam(minimum_exclusive), max=NumberParam(maximum))
    if number != round(number, decimals):
        raise Invalid("too_many_decimals", decimals=decimals)
    return float(round(number, decimals))


def run(errors: dict[str, FieldError], name: str, check, *args, **kwargs) -> Any:
    """Run one check, collect its error under the field's name, and return the value (or None)."""
    try:
        return check(*args, **kwargs)
    except Invalid as exc:
        errors[name] = exc.error
        return None


def messages(errors: Mapping[str, FieldError], lang: str = "da") -> dict[str, str]:
    """field -> the message in the viewer's language."""
    return {name: error.message(lang) for name, error in errors.items()}
