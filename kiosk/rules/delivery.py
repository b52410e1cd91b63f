"""Delivery windows of posted NemID parts, in Danish working days (R2, R2b).

A working day is Monday to Friday and not a Danish public holiday as listed by the ``holidays``
package (``holidays.Denmark``, category public: New Year, Maundy Thursday, Good Friday, Easter
Monday, Ascension, Whit Monday, Christmas Day and Boxing Day). Counting starts on the day after
the order, so an order on Friday counts Monday as day 1.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import holidays

from kiosk.config import RuleSettings

SATURDAY = 5
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DeliveryWindow:
    earliest: date
    latest: date


@functools.cache
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_working_day(day: date) -> bool:
    """Monday-Friday and not a Danish public holiday."""
    return day.weekday() < SATURDAY and day not in _danish_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    day = start
    remaining = count
    while remaining > 0:
        day += ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first one after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def postal_window(ordered_on: date, rules: RuleSettings) -> DeliveryWindow:
    """R2: both parts arrive 3-11 working days after the order date."""
    return DeliveryWindow(
        earliest=add_working_days(ordered_on, rules.delivery_earliest_working_days),
        latest=add_working_days(ordered_on, rules.delivery_latest_working_days),
    )


def counter_and_post_window(ordered_on: date, rules: RuleSettings) -> DeliveryWindow:
    """R2b: the posted part comes "within approx. 2 weeks" (calendar days, to a working day)."""
    latest = next_working_day(ordered_on + timedelta(days=rules.counter_and_post_days))
    return DeliveryWindow(
        earliest=add_working_days(ordered_on, rules.delivery_earliest_working_days),
        latest=latest,
    )
