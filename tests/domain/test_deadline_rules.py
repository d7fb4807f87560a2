"""Every deadline rule against dates checked by hand, and the properties the counting must keep."""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.council_settings import ClosurePeriod, CouncilSettings
from domain.deadline_rules import RULES, DeadlineEngine, months_beginning_with
from domain.working_days import WorkingCalendar

ENGINE = DeadlineEngine()
D = date.fromisoformat

# (rule, start, notice, due): each worked out by hand with a 2022/23 calendar to hand.
HAND_CHECKED = [
    # s.9FE: the day before the corresponding date two months on ...
    ("executive-response", "2021-12-22", None, "2022-02-21"),  # Post-CSE Support, ILSC
    ("executive-response", "2022-02-14", None, "2022-04-13"),
    ("executive-response", "2012-11-21", None, "2013-01-20"),
    ("executive-response", "2022-08-31", None, "2022-10-30"),  # a Sunday: weekends don't move it
    ("executive-response", "2022-01-01", None, "2022-02-28"),
    ("executive-response", "2024-01-01", None, "2024-02-29"),  # leap year
    # ... or the last day of the month where there is no corresponding date
    ("executive-response", "2021-12-31", None, "2022-02-28"),
    ("executive-response", "2023-12-31", None, "2024-02-29"),
    ("executive-response", "2022-12-30", None, "2023-02-28"),
    ("executive-response", "2023-12-30", None, "2024-02-29"),  # 30 Dec before a leap February
    ("executive-response", "2022-12-29", None, "2023-02-28"),  # 29 Dec, no 29 Feb 2023
    ("executive-response", "2023-12-29", None, "2024-02-28"),  # 29 Dec before a leap February
    ("executive-response", "2022-12-25", None, "2023-02-24"),  # Christmas Day counts like any
    # the later of received and notice served starts the clock
    ("executive-response", "2022-06-20", "2022-06-21", "2022-08-20"),
    ("executive-response", "2022-06-21", "2022-06-20", "2022-08-20"),
    # "within two calendar months of" a day runs to the corresponding date (ILSC 22 Dec 2021)
    ("report-to-council", "2021-12-22", None, "2022-02-22"),
    ("report-to-council", "2022-02-14", None, "2022-04-14"),
    ("report-to-council", "2021-12-31", None, "2022-02-28"),
    ("report-to-council", "2023-12-29", None, "2024-02-29"),  # a leap February has the 29th
    # s.100B(3), five clear working days between publication and meeting
    ("agenda-publication", "2022-09-27", None, "2022-09-16"),  # 19 Sep 2022: State Funeral
    ("agenda-publication", "2022-05-03", None, "2022-04-22"),  # ILSC 3 May 2022, after May Day
    ("agenda-publication", "2022-04-19", None, "2022-04-07"),  # after Easter 2022
    ("agenda-publication", "2022-12-28", None, "2022-12-16"),  # after Christmas 2022
    ("agenda-publication", "2023-01-03", None, "2022-12-21"),  # after New Year 2023
    ("agenda-publication", "2022-03-08", None, "2022-02-28"),  # ILSC 8 March 2022, a Tuesday
    # SI 2012/2089 reg 9: 28 clear calendar days; back to a working day
    ("key-decision-notice", "2022-12-28", None, "2022-11-29"),
    ("key-decision-notice", "2023-01-26", None, "2022-12-28"),
    ("key-decision-notice", "2023-01-25", None, "2022-12-23"),  # 27 Dec 2022 is a bank holiday
    ("key-decision-notice", "2022-10-18", None, "2022-09-16"),  # 19 Sep 2022: State Funeral
    ("key-decision-notice", "2022-02-13", None, "2022-01-14"),  # 15 Jan is a Saturday
    # SI 2012/2089 reg 10: five clear days after the notice
    ("general-exception", "2022-09-14", None, "2022-09-20"),
    ("general-exception", "2022-12-30", None, "2023-01-05"),
    # call-in: 5th working day after publication, 17:00
    ("call-in", "2022-09-14", None, "2022-09-22"),  # skips the State Funeral
    ("call-in", "2022-12-23", None, "2023-01-04"),  # Christmas and New Year
    ("call-in", "2022-04-14", None, "2022-04-25"),  # Easter
    ("call-in", "2022-05-30", None, "2022-06-08"),  # Spring bank holiday and Platinum Jubilee
    ("call-in", "2022-11-18", None, "2022-11-25"),  # a Friday: the weekend is not counted
    ("implementation-target", "2021-03-31", None, "2021-03-31"),
    ("follow-up-report", "2022-09-13", None, "2022-09-13"),
]


@pytest.mark.parametrize(("rule", "start", "notice", "due"), HAND_CHECKED)
def test_hand_checked_dates(rule: str, start: str, notice: str | None, due: str) -> None:
    computed = ENGINE.compute(rule, D(start), notice=D(notice) if notice else None)
    assert computed.due == D(due)
    assert computed.citation == RULES[rule].citation
    assert computed.explanation


def test_every_rule_cites_its_source_and_explains_its_counting() -> None:
    assert set(RULES) == {
        "executive-response", "report-to-council", "agenda-publication", "key-decision-notice",
        "general-exception", "call-in", "implementation-target", "follow-up-report",
        "papers-deadline",
    }
    assert RULES["executive-response"].citation == "Local Government Act 2000, s.9FE"
    assert RULES["agenda-publication"].citation == "Local Government Act 1972, s.100B(3)"
    assert "reg 9" in RULES["key-decision-notice"].citation
    assert "reg 10" in RULES["general-exception"].citation
    for rule in RULES.values():
        assert rule.name and rule.counting and rule.citation and rule.explanation


def test_call_in_closes_at_the_cut_off_and_the_decision_runs_the_next_working_day() -> None:
    computed = ENGINE.compute("call-in", D("2022-12-23"))
    assert computed.due_at is not None and computed.due_at.time() == time(17, 0)
    assert ENGINE.call_in_implementable_from(D("2022-12-23")) == D("2023-01-05")


def test_a_month_target_falls_due_on_its_last_day() -> None:
    assert ENGINE.implementation_target("Mar-21").due == D("2021-03-31")
    assert ENGINE.implementation_target("2024-02").due == D("2024-02-29")


def test_calendar_clear_days_is_a_council_setting() -> None:
    calendar_days = DeadlineEngine(CouncilSettings(clear_days="calendar"))
    assert calendar_days.compute("agenda-publication", D("2022-09-27")).due == D("2022-09-21")
    moved = calendar_days.compute("agenda-publication", D("2022-09-25"))
    assert moved.due == D("2022-09-16")
    assert moved.working_note == (
        "2022-09-19 is not a working day (bank holiday: State Funeral of Queen Elizabeth II)"
    )


def test_council_closure_days_are_not_working_days() -> None:
    shutdown = ClosurePeriod(name="Christmas shutdown", start=D("2022-12-28"),
                             end=D("2022-12-30"))
    engine = DeadlineEngine(CouncilSettings(closures=[shutdown], call_in_working_days=5))
    assert engine.compute("call-in", D("2022-12-23")).due == D("2023-01-09")
    assert engine.calendar.why_not_working(D("2022-12-29")) == "council closure day"


def test_the_state_funeral_is_a_bank_holiday() -> None:
    working = WorkingCalendar()
    assert not working.is_working_day(D("2022-09-19"))
    assert working.working_days_between(D("2022-09-16"), D("2022-09-21")) == 1


def test_bad_council_settings_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="clear_days"):
        CouncilSettings.model_validate({"clear_days": "some"})
    with pytest.raises(ValueError, match=r"ends .* before it starts"):
        ClosurePeriod(start=D("2022-12-30"), end=D("2022-12-28"))
    with pytest.raises(ValueError, match="call_in_working_days"):
        CouncilSettings.model_validate({"call_in_working_days": 0})


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
WORKING_DAY_RULES = ["agenda-publication", "key-decision-notice", "call-in"]
ORDERED_RULES = [r for r in RULES if r != "implementation-target"]


@given(rule=st.sampled_from(ORDERED_RULES), start=DAYS, later_by=st.integers(1, 400))
def test_a_later_start_never_gives_an_earlier_due_date(
    rule: str, start: date, later_by: int
) -> None:
    later = start + timedelta(days=later_by)
    assert ENGINE.compute(rule, later).due >= ENGINE.compute(rule, start).due


@given(rule=st.sampled_from(WORKING_DAY_RULES), start=DAYS)
def test_a_working_day_result_is_never_a_non_working_day(rule: str, start: date) -> None:
    assert ENGINE.calendar.is_working_day(ENGINE.compute(rule, start).due)


@given(start=DAYS)
def test_executive_response_never_falls_later_than_two_calendar_months_on(start: date) -> None:
    due = ENGINE.compute("executive-response", start).due
    index = start.month + 1  # zero-based month two months on
    year, month = start.year + index // 12, index % 12 + 1
    two_months_on = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    assert due <= two_months_on
    assert 58 <= (due - start).days <= 61
    assert due == months_beginning_with(start, 2)


@given(meeting=DAYS)
def test_agenda_publication_is_the_latest_day_leaving_five_clear_working_days(
    meeting: date,
) -> None:
    working = ENGINE.calendar
    published = ENGINE.compute("agenda-publication", meeting).due
    assert working.working_days_between(published, meeting) >= 5
    next_working = working.next_working_day(published + timedelta(days=1))
    assert next_working >= meeting or working.working_days_between(next_working, meeting) < 5


@given(decision=DAYS)
def test_key_decision_notice_leaves_28_clear_days(decision: date) -> None:
    published = ENGINE.compute("key-decision-notice", decision).due
    assert (decision - published).days - 1 >= 28


@given(published=DAYS)
def test_call_in_closes_on_exactly_the_fifth_working_day(published: date) -> None:
    closes = ENGINE.compute("call-in", published).due
    assert ENGINE.calendar.working_days_between(published, closes + timedelta(days=1)) == 5
