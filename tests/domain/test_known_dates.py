"""Dates as the papers know them, and what a deadline may claim from them (issue 19)."""

from __future__ import annotations

import copy
import pickle
from datetime import date

import pytest

from domain.deadlines import Timeliness, timeliness
from domain.known_dates import DateKnown, KnownDate, as_known, known

BEFORE_V09 = KnownDate(date(2021, 7, 15), known=DateKnown.ON_OR_BEFORE)


def test_a_known_date_is_a_date_with_its_bounds_and_its_words() -> None:
    assert date(2021, 7, 15) == BEFORE_V09 and date(2021, 7, 16) > BEFORE_V09
    assert (BEFORE_V09.earliest, BEFORE_V09.latest) == (None, date(2021, 7, 15))
    assert BEFORE_V09.words() == "on or before 15 July 2021"
    march = KnownDate(date(2021, 3, 9), known="month")
    assert march == date(2021, 3, 1)  # a month is kept as its first day
    assert (march.earliest, march.latest, march.words()) == (
        date(2021, 3, 1), date(2021, 3, 31), "March 2021")
    after = KnownDate(date(2021, 12, 22), known=DateKnown.ON_OR_AFTER)
    assert (after.earliest, after.latest, after.words()) == (
        date(2021, 12, 22), None, "on or after 22 December 2021")
    assert KnownDate(date(2022, 5, 3)).words() == "3 May 2022"
    # copies, pickles and the plain-date helpers keep (or drop) how much is known as they say
    assert copy.deepcopy(BEFORE_V09).known == pickle.loads(pickle.dumps(BEFORE_V09)).known \
        == DateKnown.ON_OR_BEFORE
    assert known(date(2022, 5, 3)) == DateKnown.EXACT and known(BEFORE_V09) == "on_or_before"
    assert type(as_known(BEFORE_V09, None)) is date and as_known(date(2022, 5, 3), "exact") \
        == date(2022, 5, 3)


@pytest.mark.parametrize(("met", "due", "verdict", "days"), [
    # HMIP 1.1-style: completed on or before 15 July 2021 (plan v0.9) against a March target
    (BEFORE_V09, date(2021, 3, 31), Timeliness.NOT_KNOWN, None),
    # ... and against an August target it is provably on time
    (BEFORE_V09, date(2021, 8, 31), Timeliness.ON_TIME, 0),
    (BEFORE_V09, date(2021, 7, 15), Timeliness.ON_TIME, 0),
    # a response on or after 1 April to a deadline of 31 March is late by at least a day
    (KnownDate(date(2021, 4, 1), known="on_or_after"), date(2021, 3, 31), Timeliness.LATE, 1),
    (KnownDate(date(2021, 3, 1), known="on_or_after"), date(2021, 3, 31), Timeliness.NOT_KNOWN,
     None),
    # a month decides it only when the whole month falls on one side of the due day
    (KnownDate(date(2021, 3, 1), known="month"), date(2021, 3, 31), Timeliness.ON_TIME, 0),
    (KnownDate(date(2021, 3, 1), known="month"), date(2021, 3, 15), Timeliness.NOT_KNOWN, None),
    (KnownDate(date(2021, 4, 1), known="month"), date(2021, 3, 31), Timeliness.LATE, 1),
    # an exact day, as ever
    (date(2022, 2, 14), date(2022, 4, 13), Timeliness.ON_TIME, 0),
    (date(2022, 4, 20), date(2022, 4, 13), Timeliness.LATE, 7),
])
def test_a_deadline_is_met_on_time_or_late_only_where_the_bounds_prove_it(
    met: date, due: date, verdict: Timeliness, days: int | None
) -> None:
    assert timeliness(met, due) == (verdict, days)
