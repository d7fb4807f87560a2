"""The deadlines a review, recommendation or action carries, and where each one stands.

A deadline is opened by a lifecycle step (submitting to Cabinet opens the s.9FE executive
response), met by another (Cabinet's response), may be extended with a reason (an event), and
is missed when its day passes unmet. Status is worked out against today's date from the clock:

- ``open``: not met, due today or later;
- ``extended``: not met, due today or later, after an agreed extension or target revision;
- ``missed``: not met and its day has passed (``days_late`` says by how much);
- ``met``: met on ``met_on`` (``days_late`` is 0 when on time);
- ``cancelled``: no longer due (the recommendation was rejected, withdrawn or superseded).

A deadline met on a day the papers give only as a month or a bound (domain/known_dates.py) is
on time or late only where the bounds prove it: completed "on or before 15 July 2021" against a
March 2021 target is met, its ``timeliness`` not known; against an August target, on time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.action_plan import Action
from domain.deadline_rules import RULES, DeadlineEngine
from domain.known_dates import KnownDate, in_words
from domain.recommendation import Recommendation
from domain.review import Review
from domain.values import ActionStatus, RecommendationStatus, ReviewStatus, target_due_date
from domain.work_programme import ItemStatus, ProgrammeItem


class DeadlineStatus(StrEnum):
    OPEN = "open"
    EXTENDED = "extended"
    MISSED = "missed"
    MET = "met"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Extension:
    previous_due: date
    due: date
    reason: str
    actor: str
    extended_on: date


@dataclass(frozen=True)
class Deadline:
    rule: str
    name: str
    citation: str
    explanation: str
    starts: date
    original_due: date
    due: date
    status: DeadlineStatus
    met_on: date | None
    days_remaining: int | None
    days_late: int | None  # met late: at least this many days, as far as the papers show
    extensions: list[Extension] = field(default_factory=list)
    timeliness: Timeliness | None = None  # met: on time, late, or not known from the papers

    @property
    def on_time(self) -> bool | None:
        """True or False where it is known; None if not met or not known."""
        if self.timeliness is None or self.timeliness == Timeliness.NOT_KNOWN:
            return None
        return self.timeliness == Timeliness.ON_TIME

    @property
    def met_words(self) -> str | None:
        """When it was met, as the papers know it ("on or before 15 July 2021")."""
        return None if self.met_on is None else in_words(self.met_on)


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_KNOWN = "not_known"


def timeliness(met_on: date, due: date) -> tuple[Timeliness, int | None]:
    """Whether ``met_on`` (as known) provably meets ``due``, and by how many days it is late
    at least (0 on time; None when it is not known)."""
    latest = met_on.latest if isinstance(met_on, KnownDate) else met_on
    earliest = met_on.earliest if isinstance(met_on, KnownDate) else met_on
    if latest is not None and latest <= due:
        return Timeliness.ON_TIME, 0
    if earliest is not None and earliest > due:
        return Timeliness.LATE, (earliest - due).days
    return Timeliness.NOT_KNOWN, None


def assess(
    rule_id: str,
    starts: date,
    original_due: date,
    extensions: list[Extension],
    met_on: date | None,
    today: date,
    cancelled: bool = False,
) -> Deadline:
    rule = RULES[rule_id]
    due = extensions[-1].due if extensions else original_due
    remaining: int | None = None
    late: int | None = None
    met: Timeliness | None = None
    if met_on is not None:
        status = DeadlineStatus.MET
        met, late = timeliness(met_on, due)
    elif cancelled:
        status = DeadlineStatus.CANCELLED
    elif today > due:
        status = DeadlineStatus.MISSED
        late = (today - due).days
    else:
        status = DeadlineStatus.EXTENDED if extensions else DeadlineStatus.OPEN
        remaining = (due - today).days
    return Deadline(
        rule=rule.id, name=rule.name, citation=rule.citation, explanation=rule.explanation,
        starts=starts, original_due=original_due, due=due, status=status, met_on=met_on,
        days_remaining=remaining, days_late=late, extensions=list(extensions), timeliness=met,
    )


def review_deadlines(review: Review, engine: DeadlineEngine, today: date) -> list[Deadline]:
    """The executive response (s.9FE) once notice is served, and the report to Council where
    the commission resolved that Cabinet's response be reported there."""
    if review.submitted_to_cabinet_on is None:
        return []
    assert review.report_received_on and review.notice_served_on
    withdrawn = review.status == ReviewStatus.WITHDRAWN

    def extensions(rule: str) -> list[Extension]:
        return [
            Extension(e.previous_due, e.due, e.reason, e.actor, e.extended_on)
            for e in review.deadline_extensions if e.rule == rule
        ]

    response = engine.compute(
        "executive-response", review.report_received_on, notice=review.notice_served_on
    )
    found = [
        assess("executive-response", response.start, response.due,
               extensions("executive-response"), review.cabinet_responded_on, today, withdrawn)
    ]
    if review.report_to_council:
        council = engine.compute("report-to-council", review.submitted_to_cabinet_on)
        found.append(
            assess("report-to-council", council.start, council.due,
                   extensions("report-to-council"), review.reported_to_council_on, today,
                   withdrawn)
        )
    return found


def open_review_deadline_due(review: Review, rule: str, engine: DeadlineEngine,
                             today: date) -> date | None:
    """The current due date of a review deadline that is not yet met, or None."""
    for deadline in review_deadlines(review, engine, today):
        if deadline.rule == rule and deadline.met_on is None:
            return deadline.due
    return None


_CANCELLED = {
    RecommendationStatus.REJECTED, RecommendationStatus.WITHDRAWN,
    RecommendationStatus.CLOSED_BY_SCRUTINY,
}


def recommendation_deadlines(item: Recommendation, today: date) -> list[Deadline]:
    """The implementation target Cabinet agreed, and every revision of it."""
    original = item.original_target_date or item.target_date
    if not original or item.responded_on is None:
        return []
    implemented = item.status == RecommendationStatus.IMPLEMENTED
    met_on = item.completion_proposed_on if implemented else None
    revisions = [
        Extension(
            target_due_date(r.previous) if r.previous else target_due_date(original),
            target_due_date(r.target), r.reason, r.actor, r.revised_on,
        )
        for r in item.target_revisions
    ]
    return [assess("implementation-target", item.responded_on, target_due_date(original),
                   revisions, met_on, today, item.status in _CANCELLED)]


def action_deadlines(item: Action, today: date) -> list[Deadline]:
    """An action's "by when", where it names a day or a month; duplicates carry none."""
    original = item.original_target_date
    if not original or item.status == ActionStatus.DUPLICATE:
        return []
    revisions = [
        Extension(
            target_due_date(r.previous) if r.previous else target_due_date(original),
            target_due_date(r.target), r.reason, r.actor, r.revised_on,
        )
        for r in item.target_revisions
    ]
    return [assess("implementation-target", item.agreed_on, target_due_date(original),
                   revisions, item.completed_on, today)]


def follow_up_deadlines(item: ProgrammeItem, today: date) -> list[Deadline]:
    """A follow-up a resolution asked for: due at the meeting or on the date it names; met when
    the item is taken at a meeting or its update is recorded; cancelled if it is removed. A
    follow-up with no meeting or date ("a future meeting") has no deadline."""
    if item.follow_up is None or item.follow_up.due is None:
        return []
    due = item.follow_up.due
    named = item.follow_up.due_meeting_on
    if (item.follow_up.due_is_month and named is not None and item.meeting_on is not None
            and (item.meeting_on.year, item.meeting_on.month) == (named.year, named.month)):
        due = item.meeting_on  # "the September 2022 meeting", now that it has a date
    return [assess("follow-up-report", item.added_on, due, [],
                   item.follow_up_met_on, today, item.status == ItemStatus.REMOVED)]
