"""The working-day clock: about 10 working days from the project's documents to the letter,
counted with Danish public holidays from the holidays package."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.cases import clock

D = dt.date


def test_easter_2024_skips_maundy_thursday_good_friday_and_easter_monday():
    # Documents Monday 25 March 2024: 26, 27 March, then 28 (skærtorsdag), 29 (langfredag), the
    # weekend and 1 April (2. påskedag) are not counted: 2, 3, 4, 5, 8, 9, 10, 11 April.
    assert clock.letter_due(D(2024, 3, 25)) == D(2024, 4, 11)
    assert clock.working_days_between(D(2024, 3, 25), D(2024, 4, 11)) == 10
    assert clock.working_days_between(D(2024, 3, 25), D(2024, 4, 2)) == 3
    assert [clock.is_working_day(D(2024, 3, d)) for d in (27, 28, 29)] == [True, False, False]
    assert not clock.is_working_day(D(2024, 4, 1))


def test_christmas_and_new_year():
    # Documents Wednesday 18 December 2024: 19, 20, 23, then 24 (juleaftensdag), 25, 26, then 27,
    # 30, then 31 (nytårsaftensdag) and 1 January: 2, 3, 6, 7, 8 January.
    assert clock.letter_due(D(2024, 12, 18)) == D(2025, 1, 8)
    assert clock.days_off(D(2024, 12, 18), D(2025, 1, 8)) == [D(2024, 12, 24), D(2024, 12, 25), D(2024, 12, 26),
                                                              D(2024, 12, 31), D(2025, 1, 1)]
    assert clock.holiday_name(D(2024, 12, 25)) is not None and clock.holiday_name(D(2024, 12, 27)) is None


def test_the_holidays_come_from_the_library_not_a_list():
    # Store bededag was abolished from 2024: the library knows, so the clock does too.
    assert not clock.is_working_day(D(2023, 5, 5))
    assert clock.is_working_day(D(2024, 4, 26))
    assert not clock.is_working_day(D(2025, 6, 5))     # grundlovsdag (agreed day off)
    assert clock.is_working_day(D(2024, 5, 1))         # 1 May is not a day off for everyone


@pytest.mark.parametrize("start", [D(2024, 3, 23), D(2024, 3, 28), D(2024, 12, 24), D(2023, 1, 2)])
def test_due_and_used_agree(start):
    due = clock.letter_due(start)
    assert clock.working_days_between(start, due) == clock.BUDGET_WORKING_DAYS
    assert clock.is_working_day(due)


def test_days_used_while_the_letter_is_not_sent():
    assert clock.working_days_used(D(2024, 3, 25), None, D(2024, 3, 27)) == 2
    assert clock.working_days_used(D(2024, 3, 25), D(2024, 4, 2), D(2024, 5, 1)) == 3
    assert clock.working_days_used(D(2024, 3, 25), None, D(2024, 3, 25)) == 0
