"""Reminders: queued, claimed by a sender, sent, failed, requeued or withdrawn (exactly once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.base import ServiceBase, command
from domain.errors import ConcurrencyConflict
from domain.reminder import Recipient, Reminder, ReminderKind


class Reminders(ServiceBase):
    """The reminder aggregate's steps, taken by the reminder cycle and by advisers."""

    # --- reminders ----------------------------------------------------------------------------

    def get_reminder(self, reminder: UUID) -> Reminder:
        return self._load(Reminder, reminder, f"reminder {reminder}")

    @command
    def queue_reminder(
        self, *, key: str, kind: ReminderKind, to: Sequence[Recipient],
        copy_to: Sequence[Recipient] = (), unreached: Sequence[str] = (), subject_line: str,
        content: dict[str, Any], deadline_id: str | None = None, review_id: UUID | None = None,
        due: date | None = None, actor: str, on: date,
    ) -> UUID | None:
        """Record that the reminder ``key`` is to be sent; None, recording nothing, if it
        already was (by this sweep or by another one racing it)."""
        self._check_business_date(on)
        if self._exists(Reminder.create_id(key)):
            return None
        reminder = Reminder(
            key=key, kind=kind, to=list(to), copy_to=list(copy_to), unreached=list(unreached),
            subject_line=subject_line, content=content, deadline_id=deadline_id,
            review_id=review_id, due=due
        )
        try:
            self._commit(reminder)
        except ConcurrencyConflict:
            return None  # the other sweep recorded it first
        return reminder.id

    @command
    def claim_reminder(self, reminder: UUID, *, sender: str, until: datetime, actor: str,
                       on: date) -> bool:
        """Take a pending reminder to send it; False if another sender holds it or took it
        first (the version check lets one claim through)."""
        found = self.get_reminder(reminder)
        if not found.can_be_claimed(self.clock.now()):
            return False
        found.claim(sender, until, self.clock.now())
        try:
            self._commit(found)
        except ConcurrencyConflict:
            return False
        return True

    @command
    def requeue_reminder(self, reminder: UUID, *, reason: str, actor: str, on: date) -> None:
        found = self.get_reminder(reminder)
        found.requeue(reason)
        self._commit(found)

    @command
    def record_reminder_sent(
        self, reminder: UUID, *, message_id: str, transport: str, answer: str, actor: str,
        on: date,
    ) -> None:
        found = self.get_reminder(reminder)
        found.record_sent(message_id, transport, answer)
        self._commit(found)

    @command
    def record_reminder_failure(
        self, reminder: UUID, *, answer: str, retry_at: datetime | None, actor: str, on: date,
        our_fault: bool = False,
    ) -> None:
        found = self.get_reminder(reminder)
        found.record_failure(answer, retry_at, our_fault=our_fault)
        self._commit(found)

    @command
    def withdraw_reminder(self, reminder: UUID, *, reason: str, actor: str, on: date) -> None:
        found = self.get_reminder(reminder)
        found.withdraw(reason)
        self._commit(found)
