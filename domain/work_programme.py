"""A commission's work programme: its meetings, the items on them, and the follow-ups that
resolutions create.

A **meeting** of a commission has a date, a time and a venue; its papers deadline (a council
setting: noon a set number of working days before) and agenda publication deadline (LGA 1972
s.100B(3)) follow from its date. Municipal years run from May to May.

A **work programme item** comes from somewhere (a work-planning session, a resolution of a named
meeting, a referral from OSMB, Cabinet or another commission, or a joint item), may be
prioritised with the PAPERS framework, and moves: to be scheduled → scheduled for a meeting →
deferred or rescheduled → taken (with the meeting's resolutions and their minute number) →
completed; or removed, with a reason.

A **resolution** that asks for something back — "a progress report … be presented at the
September 2022 meeting", "a written update … by the end of 2021" — makes a **follow-up**: a new
item whose due meeting or date is tracked in the deadline register (rule ``follow-up-report``)
and chased by the reminders. It is met when the item is taken at a meeting, or when the update
is recorded.
"""

from __future__ import annotations

import calendar
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from domain.errors import InvalidCommand
from domain.events import Created, Event, ScrutinyAggregate, current_stamp
from domain.values import Label, MinuteNumber, Name, Reference, Text, Title

MEETINGS = uuid5(NAMESPACE_URL, "https://scrutiny.example/meetings")
PROGRAMME = uuid5(NAMESPACE_URL, "https://scrutiny.example/work-programme")

YEAR_TURNS = (5, 15)
"""A council's year runs from its annual meeting, held in the second half of May (LGA 1972 Sch 12
para 1: in March, April or May). The year is taken to turn on 15 May."""


def _within_the_calendar(day: date) -> date:
    if not date(1900, 1, 1) <= day <= date(2200, 12, 31):
        raise ValueError(f"{day.isoformat()} is outside the years 1900 to 2200")
    return day


CalendarDate = Annotated[date, AfterValidator(_within_the_calendar)]
"""A meeting or due date: a real day a council could mean (1900–2200)."""


def municipal_year(day: date) -> str:
    """The municipal year of a day: 3 May 2022 is in 2021/22, 14 June 2022 in 2022/23."""
    start = day.year if (day.month, day.day) >= YEAR_TURNS else day.year - 1
    return f"{start}/{str(start + 1)[2:]}"


def meeting_id(commission: str, meets_on: date) -> UUID:
    return uuid5(MEETINGS, f"{commission.strip().casefold()}|{meets_on.isoformat()}")


def programme_item_id(commission: str, reference: str) -> UUID:
    return uuid5(PROGRAMME, f"{commission.strip().casefold()}|{reference}")


# --- value types ---------------------------------------------------------------------------------

class Origin(StrEnum):
    """Where a work programme item came from."""

    WORK_PLANNING = "work_planning"
    RESOLUTION = "resolution"
    OSMB = "referral_from_osmb"
    CABINET = "referral_from_cabinet"
    COMMISSION = "referral_from_commission"
    JOINT = "joint_item"


class ItemOrigin(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Origin
    detail: Text | None = Field(None, description="As the programme words it")
    meeting_on: CalendarDate | None = Field(None, description="The meeting that resolved or "
                                            "referred it")
    minute_number: MinuteNumber | None = None
    body: Name | None = Field(None, description="The other commission, for a referral or a "
                              "joint item")


class FollowUpKind(StrEnum):
    REPORT = "report"  # a report to a meeting
    ATTENDANCE = "attendance"  # someone attends a meeting to present
    WRITTEN_UPDATE = "written_update"  # circulated, not taken at a meeting
    BRIEFING = "briefing"
    INFORMATION = "information"

    @property
    def at_a_meeting(self) -> bool:
        return self in (FollowUpKind.REPORT, FollowUpKind.ATTENDANCE)


class FollowUp(BaseModel):
    """What a resolution asks to come back, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FollowUpKind
    due_meeting_on: CalendarDate | None = Field(
        None, description="The meeting named (a month named: its first day, with due_is_month)")
    due_by: CalendarDate | None = Field(None, description="The date named, e.g. the end of 2021")
    due_is_month: bool = False
    wording: Text | None = Field(None, description='As the resolution says it: "at the '
                                 'September 2022 meeting"')

    @model_validator(mode="after")
    def _one_due(self) -> FollowUp:
        if self.due_meeting_on is not None and self.due_by is not None:
            raise ValueError("name the meeting or the date it is due by, not both")
        if self.due_is_month and self.due_meeting_on is None:
            raise ValueError("due_is_month needs due_meeting_on (the month's first day)")
        return self

    @property
    def due(self) -> date | None:
        """The day it is due: the meeting, or the last day of the month named, or the date."""
        if self.due_meeting_on is not None:
            if self.due_is_month:
                named = self.due_meeting_on
                return named.replace(day=calendar.monthrange(named.year, named.month)[1])
            return self.due_meeting_on
        return self.due_by


class Resolution(BaseModel):
    """One numbered resolution on an item at a meeting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: Label
    text: Text
    follow_up: FollowUp | None = None
    follow_up_title: Title | None = Field(
        None, description="What the follow-up is called in the programme, e.g. \"SEND "
        "inspection WSoA\"; the item's own title if not given")
    follow_up_reference: Reference | None = Field(
        None, description="The work programme item the follow-up became")


PAPERS_CRITERIA = {
    "public_interest": "Public interest",
    "ability_to_change": "Ability to change",
    "performance": "Performance",
    "extent": "Extent",
    "replication": "Replication",
    "statutory_responsibility": "Statutory responsibility",
}
"""The PAPERS prioritisation framework's six criteria."""


class PapersScore(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    criterion: str
    score: int = Field(ge=0, le=5, description="0 (not at all) to 5 (strongly)")
    note: Text | None = None


class ItemStatus(StrEnum):
    TO_BE_SCHEDULED = "to_be_scheduled"
    SCHEDULED = "scheduled"
    DEFERRED = "deferred"
    TAKEN = "taken"
    COMPLETED = "completed"
    REMOVED = "removed"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Move(BaseModel):
    """A rescheduling: from which meeting to which, and why."""

    model_config = ConfigDict(frozen=True)

    from_meeting_on: date | None
    to_meeting_on: date
    reason: str
    moved_on: date
    actor: str


# --- meetings ------------------------------------------------------------------------------------

class Meeting(ScrutinyAggregate):
    scheduled_on: date
    cancel_reason: str
    subject = "meeting"
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {
        "move": frozenset({MeetingStatus.SCHEDULED}),
        "cancel": frozenset({MeetingStatus.SCHEDULED}),
    }

    @staticmethod
    def create_id(commission: str, meets_on: date) -> UUID:
        return meeting_id(commission, meets_on)

    class Scheduled(Created):
        commission: Name
        meets_on: CalendarDate
        starts_at: time | None
        venue: Title | None

        def apply(self, meeting: Meeting) -> None:
            meeting.scheduled_on = self.business_date

    @event(Scheduled)
    def __init__(self, commission: Name, meets_on: CalendarDate, starts_at: time | None,
            venue: Title | None) -> None:
        self.commission = commission
        self.meets_on = meets_on
        self.starts_at = starts_at
        self.venue = venue
        self.status = MeetingStatus.SCHEDULED
        self.changes: list[str] = []

    def describe(self) -> str:
        return f"the {self.commission} meeting of {self.meets_on:%-d %B %Y}"

    @property
    def municipal_year(self) -> str:
        return municipal_year(self.meets_on)

    def change(self, starts_at: time | None, venue: str | None, reason: str) -> None:
        """A new time or venue; a new date is a different meeting (cancel this one)."""
        self.require_step("move")
        self.trigger_event(self.TimeOrVenueChanged, starts_at=starts_at, venue=venue, reason=reason)

    class TimeOrVenueChanged(Event):
        starts_at: time | None
        venue: Title | None
        reason: Text

        def apply(self, meeting: Meeting) -> None:
            meeting.starts_at = self.starts_at
            meeting.venue = self.venue
            meeting.changes.append(self.reason)

    def cancel(self, reason: str) -> None:
        self.require_step("cancel")
        self.trigger_event(self.Cancelled, reason=reason)

    class Cancelled(Event):
        reason: Text

        def apply(self, meeting: Meeting) -> None:
            meeting.status = MeetingStatus.CANCELLED
            meeting.cancel_reason = self.reason


# --- work programme items ------------------------------------------------------------------------

S = ItemStatus
_WAITING = frozenset({S.TO_BE_SCHEDULED, S.DEFERRED})
_OPEN = frozenset({S.TO_BE_SCHEDULED, S.SCHEDULED, S.DEFERRED})


class ProgrammeItem(ScrutinyAggregate):
    added_on: date
    subject = "work programme item"
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {
        "prioritise": _OPEN,
        "amend_purpose": _OPEN,
        "schedule": _WAITING,
        "defer": frozenset({S.SCHEDULED}),
        "reschedule": frozenset({S.SCHEDULED, S.DEFERRED}),
        "take": frozenset({S.SCHEDULED}),
        "record_update": _OPEN,
        "complete": frozenset({S.TAKEN}),
        "remove": _OPEN,
    }

    @staticmethod
    def create_id(commission: str, reference: str) -> UUID:
        return programme_item_id(commission, reference)

    class Added(Created):
        commission: Name
        reference: Reference
        title: Title
        purpose: Text | None
        origin: ItemOrigin
        follow_up: FollowUp | None

        def apply(self, item: ProgrammeItem) -> None:
            item.added_on = self.business_date

    @event(Added)
    def __init__(self, commission: Name, reference: Reference, title: Title, purpose: Text | None,
            origin: ItemOrigin, follow_up: FollowUp | None) -> None:
        self.commission = commission
        self.reference = reference
        self.title = title
        self.purpose = purpose
        self.origin = origin
        self.follow_up = follow_up
        self.status = S.TO_BE_SCHEDULED
        self.scores: list[PapersScore] = []
        self.meeting_on: date | None = None
        self.agenda_number: int | None = None
        self.moves: list[Move] = []
        self.deferrals: list[tuple[date, str]] = []
        self.taken_on: date | None = None
        self.minute_number: str | None = None
        self.resolutions: list[Resolution] = []
        self.updated_on: date | None = None
        self.update_note: str | None = None
        self.completed_on: date | None = None
        self.completion_note: str | None = None
        self.removed_on: date | None = None
        self.removal_reason: str | None = None

    def describe(self) -> str:
        return f"work programme item {self.reference!r}"

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN

    @property
    def papers_total(self) -> int | None:
        return sum(score.score for score in self.scores) if self.scores else None

    @property
    def follow_up_met_on(self) -> date | None:
        """The day the follow-up was met: taken at a meeting, or its update recorded."""
        if self.follow_up is None:
            return None
        return self.taken_on or self.updated_on

    # --- commands -----------------------------------------------------------------------------

    def prioritise(self, scores: list[PapersScore]) -> None:
        self.require_step("prioritise")
        unknown = sorted({s.criterion for s in scores} - set(PAPERS_CRITERIA))
        if unknown:
            raise InvalidCommand("scores", f"{', '.join(unknown)} is not a PAPERS criterion; "
                                 f"they are {', '.join(PAPERS_CRITERIA)}")
        if len({s.criterion for s in scores}) != len(scores):
            raise InvalidCommand("scores", "each criterion is scored once")
        self.trigger_event(self.Prioritised, scores=scores)

    class Prioritised(Event):
        scores: list[PapersScore]

        def apply(self, item: ProgrammeItem) -> None:
            item.scores = list(self.scores)

    def amend_purpose(self, purpose: str, reason: str | None) -> None:
        """Say what the item is for at its meeting, as the programme now words it."""
        self.require_step("amend_purpose")
        self.trigger_event(self.PurposeAmended, purpose=purpose, reason=reason)

    class PurposeAmended(Event):
        purpose: Text
        reason: Text | None

        def apply(self, item: ProgrammeItem) -> None:
            item.purpose = self.purpose

    def schedule(self, meeting_on: date, agenda_number: int | None = None) -> None:
        self.require_step("schedule")
        self._not_before_added(meeting_on)
        self.trigger_event(self.ScheduledForMeeting, meeting_on=meeting_on,
            agenda_number=agenda_number)

    def _not_before_added(self, meeting_on: date) -> None:
        if meeting_on < self.added_on:
            raise InvalidCommand("meeting_on", f"the meeting of {meeting_on} is before the item "
                                 f"was added on {self.added_on}")

    class ScheduledForMeeting(Event):
        meeting_on: CalendarDate
        agenda_number: int | None

        def apply(self, item: ProgrammeItem) -> None:
            item.moves.append(Move(from_meeting_on=item.meeting_on, to_meeting_on=self.meeting_on,
                                   reason="scheduled", moved_on=self.business_date,
                                   actor=self.actor))
            item.meeting_on = self.meeting_on
            item.agenda_number = self.agenda_number
            item.status = S.SCHEDULED

    def defer(self, reason: str) -> None:
        self.require_step("defer")
        self.trigger_event(self.Deferred, reason=reason)

    class Deferred(Event):
        reason: Text

        def apply(self, item: ProgrammeItem) -> None:
            item.deferrals.append((self.business_date, self.reason))
            item.status = S.DEFERRED

    def reschedule(self, meeting_on: date, reason: str, agenda_number: int | None = None) -> None:
        self.require_step("reschedule")
        if meeting_on == self.meeting_on and self.status == S.SCHEDULED:
            raise InvalidCommand("meeting_on", f"the item is already scheduled for {meeting_on}")
        self._not_before_added(meeting_on)
        self.trigger_event(self.Rescheduled, from_meeting_on=self.meeting_on,
            to_meeting_on=meeting_on, reason=reason, agenda_number=agenda_number)

    class Rescheduled(Event):
        from_meeting_on: date | None
        to_meeting_on: CalendarDate
        reason: Text
        agenda_number: int | None

        def apply(self, item: ProgrammeItem) -> None:
            item.moves.append(Move(from_meeting_on=self.from_meeting_on,
                                   to_meeting_on=self.to_meeting_on, reason=self.reason,
                                   moved_on=self.business_date, actor=self.actor))
            item.meeting_on = self.to_meeting_on
            item.agenda_number = self.agenda_number
            item.status = S.SCHEDULED

    def take(self, minute_number: str | None, resolutions: list[Resolution]) -> None:
        on = current_stamp().on
        self.require_step("take")
        if on != self.meeting_on:
            raise InvalidCommand("business_date", f"the item is scheduled for the meeting of "
                                 f"{self.meeting_on}, not {on}; reschedule it first")
        numbers = [r.number.casefold() for r in resolutions]
        if len(set(numbers)) != len(numbers):
            raise InvalidCommand("resolutions", "each resolution has its own number")
        self.trigger_event(self.Taken, minute_number=minute_number, resolutions=resolutions)

    class Taken(Event):
        minute_number: MinuteNumber | None
        resolutions: list[Resolution]

        def apply(self, item: ProgrammeItem) -> None:
            item.taken_on = self.business_date
            item.minute_number = self.minute_number
            item.resolutions = list(self.resolutions)
            item.status = S.TAKEN

    def record_update(self, note: str) -> None:
        """A written update, briefing or information circulated: meets a follow-up that is not
        taken at a meeting, and completes the item."""
        on = current_stamp().on
        self.require_step("record_update")
        if on < self.added_on:
            raise InvalidCommand("business_date", f"{on} is before the item was added on "
                                 f"{self.added_on}")
        self.trigger_event(self.UpdateRecorded, note=note)

    class UpdateRecorded(Event):
        note: Text

        def apply(self, item: ProgrammeItem) -> None:
            item.updated_on = self.business_date
            item.update_note = self.note
            item.status = S.COMPLETED
            item.completed_on = self.business_date

    def complete(self, note: str | None) -> None:
        self.require_step("complete")
        self.trigger_event(self.Completed, note=note)

    class Completed(Event):
        note: Text | None

        def apply(self, item: ProgrammeItem) -> None:
            item.status = S.COMPLETED
            item.completed_on = self.business_date
            item.completion_note = self.note

    def remove(self, reason: str) -> None:
        self.require_step("remove")
        self.trigger_event(self.Removed, reason=reason)

    class Removed(Event):
        reason: Text

        def apply(self, item: ProgrammeItem) -> None:
            item.status = S.REMOVED
            item.removed_on = self.business_date
            item.removal_reason = self.reason
