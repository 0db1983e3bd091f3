"""The working-day clock of a risk assessment: "Selve risikovurderingen forløber over ca. 10
arbejdsdage. Forløbet begynder, når projektet har indsendt den projektdokumentation ..." (section 9).

Working days are Monday to Friday except Danish public holidays, taken from the maintained
``holidays`` package (its Danish public holidays: New Year's Day, Maundy Thursday, Good Friday,
Easter Monday, Ascension Day, Whit Monday, Christmas Day, Boxing Day; Great Prayer Day until 2023),
plus the three days the Danish public sector has off by agreement and that the package lists as
optional: Constitution Day (5 June), Christmas Eve and New Year's Eve. Nothing is hand-made.

Counting: the day the documents arrive is day 0; the letter is due on the 10th working day after
it. "Days used" are the working days after the documents up to and including the letter's day, or
today while the letter is not sent.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
import numpy as np

BUDGET_WORKING_DAYS = 10
# Of the package's optional Danish days, the ones the public sector has off.
_AGREED_DAYS_OFF = {(6, 5), (12, 24), (12, 31)}


@cache
def _holidays_of(year: int) -> frozenset[dt.date]:
    public = holidays.country_holidays("DK", years=year)
    optional = holidays.country_holidays("DK", years=year, categories=("optional",))
    agreed = {day for day in optional if (day.month, day.day) in _AGREED_DAYS_OFF}
    return frozenset(set(public) | agreed)


def days_off(start: dt.date, end: dt.date) -> list[dt.date]:
    """The holidays (not weekends) between two days, both included."""
    return sorted(d for year in range(start.year, end.year + 1) for d in _holidays_of(year) if start <= d <= end)


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name in Danish, or None on an ordinary day."""
    if day not in _holidays_of(day.year):
        return None
    names = holidays.country_holidays("DK", years=day.year, categories=("public", "optional"), language="da")
    return names.get(day)


@cache
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    return np.busdaycalendar(holidays=[d for y in range(first_year, last_year + 1) for d in _holidays_of(y)])


def _calendar_for(*days: dt.date) -> np.busdaycalendar:
    years = [d.year for d in days]
    # A generous window so add_working_days never runs past its calendar's end.
    return _calendar(min(years) - 1, max(years) + 1)


def is_working_day(day: dt.date) -> bool:
    return bool(np.is_busday(day, busdaycal=_calendar_for(day)))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0, whatever it is)."""
    if days <= 0:
        return start
    # roll="backward": from a weekend or holiday, count from the working day before it, so the
    # next working day is day 1 (as working_days_between counts).
    result = np.busday_offset(start, days, roll="backward", busdaycal=_calendar_for(start))
    return result.astype("datetime64[D]").astype(dt.date)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after it)."""
    if end <= start:
        return 0
    return int(np.busday_count(start + dt.timedelta(days=1), end + dt.timedelta(days=1),
                               busdaycal=_calendar_for(start, end)))


def letter_due(documents_received: dt.date) -> dt.date:
    """The day the letter is due: the 10th working day after the documents arrived."""
    return add_working_days(documents_received, BUDGET_WORKING_DAYS)


def working_days_used(documents_received: dt.date, letter_sent: dt.date | None, today: dt.date) -> int:
    return working_days_between(documents_received, letter_sent or today)
