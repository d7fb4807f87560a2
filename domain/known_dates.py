"""Dates as the papers know them: a day, a month, or only a bound.

Advisers must defend every date they show. A paper may give the day a step happened ("3 May
2022"), only its month ("Mar-21"), or only a bound: a progress report dated 15 July 2021 that
records an action as completed shows it was completed *on or before* that day; a step a paper
reports as to come is *on or after* it. A ``KnownDate`` is a ``date`` (the day the paper gives,
the first of its month, or the bound), so it sorts and compares like one, and says how much of it
is known; everything that claims something from it (a deadline met on time or late, a count)
claims only what its bounds prove.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from typing import Any


class DateKnown(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    ON_OR_BEFORE = "on_or_before"
    ON_OR_AFTER = "on_or_after"


class KnownDate(date):
    """A business date with how much of it is known (``known``)."""

    known: DateKnown

    def __new__(cls, day: date | int, month: int | None = None, of_month: int | None = None,
                *, known: DateKnown | str = DateKnown.EXACT) -> KnownDate:
        if not isinstance(day, date):  # date's own (year, month, day), as date.replace calls it
            assert month is not None and of_month is not None
            day = date(day, month, of_month)
        known = DateKnown(known)
        if known == DateKnown.MONTH:
            day = date(day.year, day.month, 1)
        made = super().__new__(cls, day.year, day.month, day.day)
        made.known = known
        return made

    def __reduce__(self) -> Any:  # copies and pickles keep how much is known
        return (_remade, (self.day_only(), str(self.known)))

    def __deepcopy__(self, memo: dict[int, Any]) -> KnownDate:
        return self

    @property
    def is_exact(self) -> bool:
        return self.known == DateKnown.EXACT

    @property
    def earliest(self) -> date | None:
        """The first day it may have been (None: no lower bound)."""
        if self.known == DateKnown.ON_OR_BEFORE:
            return None
        return self.day_only()

    @property
    def latest(self) -> date | None:
        """The last day it may have been (None: no upper bound)."""
        if self.known == DateKnown.ON_OR_AFTER:
            return None
        if self.known == DateKnown.MONTH:
            return self.day_only().replace(day=calendar.monthrange(self.year, self.month)[1])
        return self.day_only()

    def day_only(self) -> date:
        return date(self.year, self.month, self.day)

    def words(self, short: bool = False) -> str:
        """As a person reads it: "15 July 2021", "March 2021", "on or before 15 July 2021"
        (``short``: "on or before 15 Jul 2021")."""
        month = "%b %Y" if short else "%B %Y"
        day = f"{self.day} {self.strftime(month)}"
        return {
            DateKnown.EXACT: day,
            DateKnown.MONTH: self.strftime(month),
            DateKnown.ON_OR_BEFORE: f"on or before {day}",
            DateKnown.ON_OR_AFTER: f"on or after {day}",
        }[self.known]


def known(day: date) -> DateKnown:
    """How much of ``day`` is known: exact unless it is a ``KnownDate`` that says otherwise."""
    return day.known if isinstance(day, KnownDate) else DateKnown.EXACT


def how_inexact(day: date | None) -> str | None:
    """How much of ``day`` is known where it is less than the day itself ("on_or_before"), or
    None: the day is exact (or there is none). What a view stores beside a date."""
    return None if day is None or known(day) == DateKnown.EXACT else str(known(day))


def in_words(day: date, how: DateKnown | str | None = None, short: bool = False) -> str:
    """``day`` in words, as known ``how`` (by default as the day itself says): "3 May 2022",
    "on or before 15 July 2021" (``short``: "on or before 15 Jul 2021")."""
    return KnownDate(day, known=how or known(day)).words(short)


def as_known(day: date, how: DateKnown | str | None) -> date:
    """``day`` as known ``how`` (None or exact: the plain day)."""
    if how is None or DateKnown(how) == DateKnown.EXACT:
        return day.day_only() if isinstance(day, KnownDate) else day
    return KnownDate(day, known=how)


def _remade(day: date, how: str) -> KnownDate:
    return KnownDate(day, known=how)
