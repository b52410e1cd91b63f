"""R2 / R2b: delivery windows in Danish working days, across weekends and public holidays."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.config import RuleSettings
from kiosk.rules.delivery import (
    add_working_days,
    counter_and_post_window,
    is_working_day,
    next_working_day,
    postal_window,
)

RULES = RuleSettings()


@pytest.mark.parametrize(
    ("ordered_on", "earliest", "latest"),
    [
        # An ordinary Monday: Thursday, then two weeks later less a day.
        (date(2026, 11, 23), date(2026, 11, 26), date(2026, 12, 8)),
        # Friday: the weekend does not count.
        (date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 7)),
        # Saturday and Sunday orders count from Monday like Friday's.
        (date(2026, 11, 21), date(2026, 11, 25), date(2026, 12, 7)),
        (date(2026, 11, 22), date(2026, 11, 25), date(2026, 12, 7)),
        # Easter 2026: Maundy Thursday 2/4, Good Friday 3/4, Easter Monday 6/4.
        (date(2026, 3, 31), date(2026, 4, 8), date(2026, 4, 20)),
        # Christmas and New Year: 25/12, 26/12 (a Saturday) and 1/1 are holidays.
        (date(2026, 12, 22), date(2026, 12, 28), date(2027, 1, 8)),
        # Ascension (14/5) and Whit Monday (25/5) 2026.
        (date(2026, 5, 12), date(2026, 5, 18), date(2026, 5, 29)),
    ],
)
def test_r2_window_is_3_to_11_working_days(ordered_on: date, earliest: date, latest: date) -> None:
    window = postal_window(ordered_on, RULES)
    assert (window.earliest, window.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 4, 2), False),  # Maundy Thursday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 12, 25), False),
        (date(2027, 1, 1), False),
        (date(2026, 12, 24), True),  # Christmas Eve is not a public holiday
        (date(2026, 6, 5), True),  # Constitution Day is not a public holiday either
    ],
)
def test_r2_working_days_skip_weekends_and_public_holidays(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_r2_window_bounds_are_always_working_days() -> None:
    for offset in range(366):
        ordered_on = date.fromordinal(date(2026, 1, 1).toordinal() + offset)
        window = postal_window(ordered_on, RULES)
        assert is_working_day(window.earliest) and is_working_day(window.latest)
        assert ordered_on < window.earliest < window.latest


def test_window_follows_the_rule_settings() -> None:
    rules = RuleSettings(delivery_earliest_working_days=1, delivery_latest_working_days=2)
    window = postal_window(date(2026, 11, 20), rules)
    assert (window.earliest, window.latest) == (date(2026, 11, 23), date(2026, 11, 24))


def test_zero_working_days_is_the_order_day() -> None:
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)


def test_r2b_posted_part_within_about_two_weeks() -> None:
    window = counter_and_post_window(date(2026, 11, 23), RULES)
    assert window.latest == date(2026, 12, 7)
    # 14 days after 12/12/2026 is Saturday 26/12 (Boxing Day): moved to Monday 28/12.
    assert counter_and_post_window(date(2026, 12, 12), RULES).latest == date(2026, 12, 28)


def test_next_working_day_moves_past_a_long_weekend() -> None:
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)
    assert next_working_day(date(2026, 4, 7)) == date(2026, 4, 7)
