"""Numbered actions of an inspection action plan (e.g. the HMIP Youth Offending Team plan).

Actions sit under the plan's numbered findings ("2.3" is the third action under finding 2). Each
has a lead owner, a "by when" as the plan prints it (often only a month, "Mar-21"), progress notes
and one of the plan's statuses. A plan often repeats an action under several findings; the
repeat is kept, marked as a duplicate of the action that carries the work, so counts of distinct
actions stay true (the HMIP plan: 65 rows, 46 distinct actions).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import event
from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidCommand
from domain.events import Created, Event, current_stamp
from domain.exemptions import CanHoldExemptInformation
from domain.known_dates import DateKnown
from domain.recommendation import TargetRevision
from domain.values import ActionStatus, Label, Name, TargetDate, Text, normalise_target_date

A = ActionStatus
_LIVE = frozenset({A.PLANNED_NOT_STARTED, A.PROGRESSING_ON_TRACK, A.MAY_EXCEED_TARGET})


class ActionProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    reported_on: date
    # How much of reported_on the papers give (None: the day; domain/known_dates.py).
    date_known: DateKnown | None = None
    reported_by: str
    status: ActionStatus
    note: str | None


def action_id(review_id: UUID, number: str) -> UUID:
    return uuid5(review_id, f"action/{number}")


def target_from_by_when(by_when: str | None) -> str | None:
    """The target date a "by when" gives, where it names a month or a day; otherwise none."""
    if not by_when:
        return None
    try:
        return normalise_target_date(by_when)
    except ValueError:
        return None


class Action(CanHoldExemptInformation):
    agreed_on: date
    NOTES = True
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {
        "record_progress": _LIVE,
        "revise_target_date": _LIVE,
        "reassign_owner": _LIVE,
        "mark_duplicate": _LIVE,
    }

    @staticmethod
    def create_id(review_id: UUID, number: str) -> UUID:
        return action_id(review_id, number)

    class Agreed(Created):
        review_id: UUID
        number: Label
        text: Text
        owner: Name | None
        by_when: Text | None
        target_date: TargetDate | None
        duplicate_of: Label | None

        def apply(self, action: Action) -> None:
            action.agreed_on = self.business_date

    @event(Agreed)
    def __init__(self, review_id: UUID, number: Label, text: Text, owner: Name | None,
            by_when: Text | None, target_date: TargetDate | None,
            duplicate_of: Label | None) -> None:
        self.review_id = review_id
        self.number = number
        self.finding_number = number.split(".")[0]
        self.text = text
        self.owner = owner
        self.by_when = by_when
        self.target_date = target_date
        self.original_target_date = target_date
        self.duplicate_of = duplicate_of
        self.status = A.DUPLICATE if duplicate_of else A.PLANNED_NOT_STARTED
        self.progress_updates: list[ActionProgress] = []
        self.completed_on: date | None = None
        self.target_revisions: list[TargetRevision] = []

    def describe(self) -> str:
        return f"action {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in _LIVE

    # --- commands -----------------------------------------------------------------------------

    def record_progress(self, status: ActionStatus, note: str | None) -> None:
        on = current_stamp().on
        self.require_step("record_progress")
        if status == A.DUPLICATE:
            raise InvalidCommand("status", "use mark_duplicate to mark an action as a duplicate")
        if note is None and status == self.status:
            raise InvalidCommand("note", "give a progress note or a change of status")
        if on < self.agreed_on:
            raise InvalidCommand(
                "business_date", f"{on} is before action {self.number} was agreed on "
                f"{self.agreed_on}"
            )
        if self.progress_updates and on < self.progress_updates[-1].reported_on:
            # Progress is kept in the order it happened: the last update sets the status.
            raise InvalidCommand(
                "business_date", f"{on} is before the latest progress update on action "
                f"{self.number} ({self.progress_updates[-1].reported_on}); updates are "
                "recorded in the order they happened"
            )
        self.trigger_event(self.ProgressReported, status=status, note=note)

    def revise_target_date(self, by_when: str, reason: str) -> None:
        self.require_step("revise_target_date")
        self.trigger_event(self.TargetDateRevised, previous_by_when=self.by_when, by_when=by_when,
            target_date=target_from_by_when(by_when), reason=reason)

    def reassign_owner(self, owner: str, reason: str | None) -> None:
        self.require_step("reassign_owner")
        self.trigger_event(self.OwnerReassigned, owner=owner, reason=reason)

    def mark_duplicate(self, of: str, note: str | None) -> None:
        self.require_step("mark_duplicate")
        if of == self.number:
            raise InvalidCommand("duplicate_of", "an action cannot duplicate itself")
        self.trigger_event(self.MarkedDuplicate, duplicate_of=of, note=note)

    # --- events -------------------------------------------------------------------------------

    class ProgressReported(Event):
        status: ActionStatus
        note: Text | None

        def apply(self, action: Action) -> None:
            action.progress_updates.append(
                ActionProgress(reported_on=self.business_date, date_known=self.date_known,
                               reported_by=self.actor, status=self.status, note=self.note)
            )
            action.status = self.status
            if self.status == A.COMPLETED:
                action.completed_on = self.business_date

    class TargetDateRevised(Event):
        previous_by_when: str | None
        by_when: Text
        target_date: TargetDate | None
        reason: Text

        def apply(self, action: Action) -> None:
            action.by_when = self.by_when
            if self.target_date:
                action.target_revisions.append(
                    TargetRevision(
                        previous=action.target_date, target=self.target_date,
                        reason=self.reason, actor=self.actor,
                        revised_on=self.business_date,
                    )
                )
            action.target_date = self.target_date

    class OwnerReassigned(Event):
        owner: Name
        reason: Text | None

        def apply(self, action: Action) -> None:
            action.owner = self.owner

    class MarkedDuplicate(Event):
        duplicate_of: Label
        note: Text | None

        def apply(self, action: Action) -> None:
            action.duplicate_of = self.duplicate_of
            action.status = A.DUPLICATE
