"""The interface text catalogue and Danish formats."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard import domain
from dashboard.i18n import catalogue, format_mkr, format_month, format_number, t

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"


def test_every_entry_has_danish_and_english():
    for key, entry in catalogue().items():
        assert set(entry) == {"da", "en"}, key
        assert entry["da"].strip() and entry["en"].strip(), key


def test_every_key_used_in_code_exists():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z0-9_.]+)["']""", path.read_text("utf-8")))
        used |= set(re.findall(r"""(?:UserError|DatabaseUnavailable|DataValidationError)\(\s*["']([a-z_]+\.[a-z_]+)["']""",
                               path.read_text("utf-8")))
        used |= set(re.findall(r"""_key\s*=\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text("utf-8")))
    missing = sorted(key for key in used if key not in catalogue())
    assert missing == []


@pytest.mark.parametrize("vocabulary, codes", [
    ("state", domain.PROJECT_STATES), ("activity_type", domain.ACTIVITY_TYPES),
    ("activity_state", domain.ACTIVITY_STATES), ("profile", domain.RISK_PROFILES),
    ("provenance", domain.PROVENANCES), ("status_colour", domain.STATUS_COLOURS),
])
def test_every_code_has_a_label(vocabulary, codes):
    for code in codes:
        assert t(f"{vocabulary}.{code}", "da") and t(f"{vocabulary}.{code}", "en")


def test_danish_formats():
    assert format_month(dt.date(2024, 3, 1)) == "marts 2024"
    assert format_month(dt.date(2024, 3, 1), "en") == "March 2024"
    assert format_mkr(60) == "60 mio. kr."
    assert format_mkr(12.5) == "12,5 mio. kr."
    assert format_number(1234567.5, "da", 1) == "1.234.567,5"
    assert format_number(1234567.5, "en", 1) == "1,234,567.5"


def test_worst_of_four():
    assert domain.worst_of("green", "green", "green", "green") == "green"
    assert domain.worst_of("green", "yellow", "green", "green") == "yellow"
    assert domain.worst_of("yellow", "red", "green", "yellow") == "red"
