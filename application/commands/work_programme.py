"""The work programme's steps: meetings in the calendar, items, their scheduling, resolutions and
follow-ups. Handlers: application/work_programme.py.

A meeting is addressed by its commission's slug and its day, an item by the slug and its
reference; the API turns the slug into the commission's name before the handler is called.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from application.commands import Command, Route
from domain.values import MinuteNumber, Name, Reference, Text, Title
from domain.work_programme import PAPERS_CRITERIA, FollowUp, ItemOrigin, PapersScore, Resolution

if TYPE_CHECKING:
    from application.service import ScrutinyService

MEETING = "/meetings/{commission_slug}/{meets_on}"
ITEM = "/work-programme/{commission_slug}/{reference}"
TAG = "work programme"


class ScheduleMeeting(BaseModel):
    """Put a meeting in the calendar (its endpoint, a 201 with a Location, is its own)."""

    model_config = ConfigDict(extra="forbid")

    commission: Name
    meets_on: date = Field(description="The meeting day (may be in the future)")
    starts_at: time | None = Field(None, description="e.g. 10:00")
    venue: Title | None = None
    business_date: date | None = Field(None, description="When it was put in the calendar; "
                                       "defaults to today")
    source: Title | None = None

    def record(self, service: ScrutinyService, *, actor: str, today: date) -> UUID:
        return service.schedule_meeting(
            commission=self.commission, meets_on=self.meets_on, starts_at=self.starts_at,
            venue=self.venue, actor=actor, on=self.business_date or today, source=self.source)


class Meetings(Command):
    """A step on one meeting."""

    on = "meeting"
    tag = TAG


class CancelMeeting(Meetings):
    reason: Text

    handler = "cancel_meeting"
    route = Route(MEETING + "/cancellation", "Cancel a meeting", "cancel_meeting")


class ChangeMeeting(Meetings):
    starts_at: time | None = None
    venue: Title | None = None
    reason: Text

    handler = "change_meeting"
    route = Route(MEETING + "/change", "Change a meeting's time or venue, with the reason",
                  "change_meeting")


class AddProgrammeItem(Command):
    """Add an item (its endpoint, a 201 with a Location, is its own)."""

    commission: Name
    title: Title
    purpose: Text | None = None
    origin: ItemOrigin
    follow_up: FollowUp | None = None
    reference: Reference | None = Field(
        None, description="Short key for addresses; made from the title if omitted")

    handler = "add_programme_item"
    creates = True


class ProgrammeItems(Command):
    """A step on one item of the work programme."""

    on = "programme_item"
    tag = TAG


class PrioritiseItem(ProgrammeItems):
    scores: list[PapersScore] = Field(min_length=1, max_length=6, description="PAPERS: "
                                      + ", ".join(PAPERS_CRITERIA))

    handler = "prioritise_item"
    route = Route(ITEM + "/scores",
                  "Prioritise with the PAPERS framework (a score 0–5 and a note each)",
                  "prioritise")


class AmendPurpose(ProgrammeItems):
    purpose: Text
    reason: Text | None = None

    handler = "amend_item_purpose"
    route = Route(ITEM + "/purpose", "Say what the item is for, as the programme now words it",
                  "amend_purpose")


class ScheduleItem(ProgrammeItems):
    meeting_on: date
    agenda_number: int | None = Field(None, ge=1, le=100, description="Its place on the "
                                      "agenda, where known")

    handler = "schedule_item"
    route = Route(ITEM + "/schedule", "Schedule the item for a meeting", "schedule")


class DeferItem(ProgrammeItems):
    reason: Text

    handler = "defer_item"
    route = Route(ITEM + "/deferral", "Defer the item from its meeting, with the reason",
                  "defer")


class RescheduleItem(ProgrammeItems):
    meeting_on: date
    reason: Text
    agenda_number: int | None = Field(None, ge=1, le=100)

    handler = "reschedule_item"
    route = Route(ITEM + "/rescheduling", "Move the item to another meeting, with the reason",
                  "reschedule")


class TakeItem(ProgrammeItems):
    """Taken at its meeting: business_date is the meeting day."""

    minute_number: MinuteNumber | None = None
    resolutions: list[Resolution] = Field(default_factory=list, max_length=50)

    handler = "take_item"
    route = Route(ITEM + "/taken", "Record the item taken at its meeting, with the resolutions; "
                  "each that asks for something back becomes a tracked follow-up", "take")


class RecordProgrammeUpdate(ProgrammeItems):
    note: Text

    handler = "record_programme_update"
    route = Route(ITEM + "/update", "Record a written update, briefing or information circulated",
                  "record_update")


class CompleteItem(ProgrammeItems):
    note: Text | None = None

    handler = "complete_item"
    route = Route(ITEM + "/completion", "Complete an item that was taken", "complete")


class RemoveItem(ProgrammeItems):
    reason: Text

    handler = "remove_item"
    route = Route(ITEM + "/removal", "Remove the item from the programme, with the reason",
                  "remove")
