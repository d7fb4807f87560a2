"""Working days for councils in England: weekends, bank holidays and the council's own closures.

Bank holidays come from the `holidays` package (UK, subdivision ENG), which includes one-off days
such as the Platinum Jubilee (2022-06-03) and the State Funeral of Queen Elizabeth II (2022-09-19).
Closure days are the council's own (e.g. a Christmas shutdown), from its settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def bank_holiday_name(day: date) -> str | None:
    found = holidays.country_holidays("GB", subdiv="ENG", years=[day.year]).get(day)
    return str(found) if found else None


class WorkingCalendar:
    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        self.closure_days = frozenset(closure_days)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in _bank_holidays(day.year)
            and day not in self.closure_days
        )

    def why_not_working(self, day: date) -> str | None:
        """A person's answer to "why is this not a working day?", or None if it is one."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        if name := bank_holiday_name(day):
            return f"bank holiday: {name}"
        if day in self.closure_days:
            return "council closure day"
        return None

    def previous_working_day(self, day: date) -> date:
        """The day itself if it is a working day, otherwise the last working day before it."""
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        found = 0
        while found < count:
            day += ONE_DAY
            if self.is_working_day(day):
                found += 1
        return day

    def working_days_before(self, day: date, count: int) -> date:
        """The ``count``-th working day before ``day`` (``day`` itself is not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        found = 0
        while found < count:
            day -= ONE_DAY
            if self.is_working_day(day):
                found += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days strictly between ``start`` and ``end`` (clear days: neither end counts)."""
        count = 0
        day = start + ONE_DAY
        while day < end:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count
