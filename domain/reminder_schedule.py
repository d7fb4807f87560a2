"""When a deadline's reminders fall due, from its due date and the council's reminder policy.

A deadline due on D is chased on each of the policy's lead days (e.g. 10, 5 and 1 working days
before D), on D itself, and once missed on the next working day after D and then every week (a
day that is not a working day moves to the next one) until it is met. These are the deadline's
*occurrences*; each is queued at most once, because its key names the deadline, the due date and
the day. An extension gives a new due date and so a fresh series; a met or cancelled deadline has
none. A sweep that runs late sends only the latest occurrence that has come, not every one it
missed: one email saying "overdue by 15 days" is worth more than three stale ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.council_settings import CouncilSettings, ReminderPolicy
from domain.working_days import WorkingCalendar


class Stage(StrEnum):
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Occurrence:
    stage: Stage
    on: date
    working_days_before: int | None = None
    escalation: int | None = None
    """1 for the first reminder after the deadline was missed, 2 for the next, and so on."""

    @property
    def key(self) -> str:
        return f"{self.stage}:{self.on.isoformat()}"

    def describe(self) -> str:
        if self.stage == Stage.BEFORE:
            days = self.working_days_before
            return f"{days} working day{'s' if days != 1 else ''} before the due date"
        if self.stage == Stage.DUE:
            return "on the due date"
        return f"overdue (escalation {self.escalation})"


class ReminderSchedule:
    def __init__(self, settings: CouncilSettings, calendar: WorkingCalendar) -> None:
        self.settings = settings
        self.calendar = calendar

    def policy(self, rule: str) -> ReminderPolicy:
        return self.settings.reminders.policy(rule)

    def occurrences(self, rule: str, due: date) -> Iterator[Occurrence]:
        """Every occurrence in order of date; endless while overdue reminders repeat."""
        policy = self.policy(rule)
        for days in sorted(set(policy.before_working_days), reverse=True):
            yield Occurrence(Stage.BEFORE, self.calendar.working_days_before(due, days),
                             working_days_before=days)
        if policy.on_due_day:
            yield Occurrence(Stage.DUE, due)
        escalation = 1
        while True:
            yield self._escalation(policy, due, escalation)
            if not policy.overdue_every_days:
                return
            escalation += 1

    def first(self, rule: str, due: date) -> date:
        return next(self.occurrences(rule, due)).on

    def current(self, rule: str, due: date, today: date) -> Occurrence | None:
        """The latest occurrence on or before ``today``, or None if none has come yet."""
        policy = self.policy(rule)
        first_escalation = self._escalation(policy, due, 1)
        if today >= first_escalation.on:
            if not policy.overdue_every_days:
                return first_escalation
            # Straight to the right week: a deadline may have been missed years ago.
            escalation = 1 + (today - first_escalation.on).days // policy.overdue_every_days
            found = self._escalation(policy, due, escalation)
            while found.on > today:
                escalation -= 1
                found = self._escalation(policy, due, escalation)
            return found
        latest: Occurrence | None = None
        for occurrence in self.occurrences(rule, due):
            if occurrence.on > today:
                break
            latest = occurrence
        return latest

    def after(self, rule: str, due: date, on: date) -> date | None:
        """The day of the first occurrence after ``on``; None once the series has ended."""
        current = self.current(rule, due, on)
        if current is None:
            return self.first(rule, due)
        if current.stage == Stage.OVERDUE:
            policy = self.policy(rule)
            if not policy.overdue_every_days:
                return None
            return self._escalation(policy, due, (current.escalation or 1) + 1).on
        return next(o.on for o in self.occurrences(rule, due) if o.on > on)

    def _escalation(self, policy: ReminderPolicy, due: date, number: int) -> Occurrence:
        first = self.calendar.working_days_after(due, 1)
        on = first + timedelta(days=policy.overdue_every_days * (number - 1))
        return Occurrence(Stage.OVERDUE, self.calendar.next_working_day(on),
                          escalation=number)
