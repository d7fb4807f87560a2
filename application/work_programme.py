"""The work programme: meetings, items, resolutions and follow-ups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from uuid import UUID

from application.base import ServiceBase, command
from domain.errors import AlreadyExists, InvalidCommand
from domain.values import slug
from domain.work_programme import (
    FollowUp,
    ItemOrigin,
    Meeting,
    MeetingStatus,
    Origin,
    PapersScore,
    ProgrammeItem,
    Resolution,
    meeting_id,
    programme_item_id,
)


class WorkProgramme(ServiceBase):
    """A commission's meetings and the items of its work programme."""

    # --- the work programme: meetings, items, resolutions and follow-ups ----------------------

    def get_meeting(self, commission: str, meets_on: date) -> Meeting:
        return self._load(Meeting, meeting_id(commission, meets_on),
                          f"{commission} meeting on {meets_on.isoformat()}")

    def get_programme_item(self, commission: str, reference: str) -> ProgrammeItem:
        return self._load(ProgrammeItem, programme_item_id(commission, reference),
                          f"work programme item {reference!r} of the {commission}")

    @command
    def schedule_meeting(
        self, *, commission: str, meets_on: date, starts_at: time | None = None,
        venue: str | None = None, actor: str, on: date, source: str | None = None,
    ) -> UUID:
        """Put a meeting of the commission in the calendar (it may be in the future)."""
        self._check_business_date(on)
        meeting = Meeting(commission=commission, meets_on=meets_on, starts_at=starts_at,
                          venue=venue)
        if self._exists(meeting.id):
            raise AlreadyExists(f"The {commission} already has a meeting on "
                                f"{meets_on.isoformat()}.")
        self._commit(meeting)
        return meeting.id

    @command
    def change_meeting(
        self, commission: str, meets_on: date, *, starts_at: time | None, venue: str | None,
        reason: str, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        meeting = self.get_meeting(commission, meets_on)
        self._check(meeting, expected_version, on)
        meeting.change(starts_at, venue, reason)
        self._commit(meeting)

    @command
    def cancel_meeting(
        self, commission: str, meets_on: date, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        meeting = self.get_meeting(commission, meets_on)
        self._check(meeting, expected_version, on)
        meeting.cancel(reason)
        self._commit(meeting)

    @command
    def add_programme_item(
        self, *, commission: str, title: str, origin: ItemOrigin, purpose: str | None = None,
        follow_up: FollowUp | None = None, reference: str | None = None, actor: str, on: date,
        source: str | None = None,
    ) -> UUID:
        self._check_business_date(on)
        reference = (reference or slug(title)).strip().lower()
        item = ProgrammeItem(commission=commission, reference=reference, title=title,
                             purpose=purpose, origin=origin, follow_up=follow_up)
        if self._exists(item.id):
            raise AlreadyExists(f"The {commission}'s work programme already has an item "
                                f"{reference!r}; choose another reference.")
        self._commit(item)
        return item.id

    def _item_for_step(self, commission: str, reference: str, expected_version: int | None,
                       on: date) -> ProgrammeItem:
        item = self.get_programme_item(commission, reference)
        self._check(item, expected_version, on)
        return item

    def _meeting_to_hold(self, commission: str, meeting_on: date) -> Meeting:
        meeting = self._load(Meeting, meeting_id(commission, meeting_on),
                             f"{commission} meeting on {meeting_on.isoformat()}")
        if meeting.status != MeetingStatus.SCHEDULED:
            raise InvalidCommand("meeting_on", f"the {commission} meeting on "
                                 f"{meeting_on.isoformat()} is cancelled")
        return meeting

    @command
    def prioritise_item(
        self, commission: str, reference: str, *, scores: Sequence[PapersScore], actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.prioritise(list(scores))
        self._commit(item)

    @command
    def amend_item_purpose(
        self, commission: str, reference: str, *, purpose: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.amend_purpose(purpose, reason)
        self._commit(item)

    @command
    def schedule_item(
        self, commission: str, reference: str, *, meeting_on: date,
        agenda_number: int | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Put the item on a meeting's agenda (``agenda_number``: its place, where known)."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("schedule")  # the item's state first, then the meeting
        self._meeting_to_hold(commission, meeting_on)
        item.schedule(meeting_on, agenda_number)
        self._commit(item)

    @command
    def defer_item(
        self, commission: str, reference: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.defer(reason)
        self._commit(item)

    @command
    def reschedule_item(
        self, commission: str, reference: str, *, meeting_on: date, reason: str,
        agenda_number: int | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("reschedule")  # the item's state first, then the meeting
        self._meeting_to_hold(commission, meeting_on)
        item.reschedule(meeting_on, reason, agenda_number)
        self._commit(item)

    @command
    def take_item(
        self, commission: str, reference: str, *, resolutions: Sequence[Resolution] = (),
        minute_number: str | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> list[UUID]:
        """Record the item taken at its meeting (``on``) with the meeting's resolutions. Each
        resolution that asks for something back becomes a follow-up item of its own, tracked
        in the deadline register; returns their ids."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("take")
        if on == item.meeting_on:  # otherwise the item refuses, naming its meeting
            self._meeting_to_hold(commission, on)
        numbers = [r.number.casefold() for r in resolutions]
        if len(set(numbers)) != len(numbers):
            raise InvalidCommand("resolutions", "each resolution has its own number")
        recorded: list[Resolution] = []
        follow_ups: list[ProgrammeItem] = []
        for resolution in resolutions:
            if resolution.follow_up is None:
                # a follow-up reference is the service's to give, never the caller's
                recorded.append(resolution.model_copy(update={"follow_up_reference": None}))
                continue
            title = resolution.follow_up_title or item.title
            follow_up_reference = slug(f"{title[:50]} {on:%Y %m %d} {resolution.number}")
            follow_up = ProgrammeItem(
                commission=commission, reference=follow_up_reference, title=title,
                purpose=resolution.text,
                origin=ItemOrigin(kind=Origin.RESOLUTION, meeting_on=on,
                                  minute_number=minute_number,
                                  detail=f"Resolved at the meeting of {on:%-d %B %Y}"),
                follow_up=resolution.follow_up
            )
            if self._exists(follow_up.id) or any(f.id == follow_up.id for f in follow_ups):
                raise AlreadyExists(
                    f"The follow-up of resolution {resolution.number} would be "
                    f"{follow_up_reference!r}, which the {commission}'s programme already has; "
                    "give it a follow_up_title of its own.")
            follow_ups.append(follow_up)
            recorded.append(resolution.model_copy(
                update={"follow_up_reference": follow_up_reference}))
        item.take(minute_number, recorded)
        self._commit(item, *follow_ups)
        return [follow_up.id for follow_up in follow_ups]

    @command
    def record_programme_update(
        self, commission: str, reference: str, *, note: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        """A written update, briefing or information circulated (meets its follow-up)."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.record_update(note)
        self._commit(item)

    @command
    def complete_item(
        self, commission: str, reference: str, *, note: str | None = None, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.complete(note)
        self._commit(item)

    @command
    def remove_item(
        self, commission: str, reference: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.remove(reason)
        self._commit(item)
