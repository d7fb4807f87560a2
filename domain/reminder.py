"""A reminder: one email chasing one deadline occurrence, or one adviser's weekly digest.

Its id is derived from what it is about (the deadline, its due date and the day of the
occurrence; or the adviser and the week), so queueing the same reminder twice finds the first
and records nothing: two sweeps racing record it once. What was said and to whom is fixed when
it is queued, so the email can be sent (and re-sent) exactly as recorded. Delivery is recorded
on it too: claimed by one sender for a while before it sends (so two senders never both send
it), sent (with the server's answer), failed (with the answer and when to retry), withdrawn when
its deadline was met or moved before it went out, or put back in the queue by an adviser.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event
from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidLifecycleStep
from domain.events import Created, Event, ScrutinyAggregate

REMINDERS = uuid5(NAMESPACE_URL, "https://scrutiny.example/reminders")


class ReminderKind(StrEnum):
    DEADLINE = "deadline"
    DIGEST = "digest"


class ReminderStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


PENDING = frozenset({ReminderStatus.QUEUED, ReminderStatus.SENDING, ReminderStatus.RETRYING})


class Recipient(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    email: str
    why: str
    """Why they are sent it: "responsible officer", "commission chair", …"""


def reminder_id(key: str) -> UUID:
    return uuid5(REMINDERS, key)


class Reminder(ScrutinyAggregate):
    queued_on: date
    subject: ClassVar[str] = "reminder"

    class SendFailed(Event):
        """An attempt that did not deliver: the answer, and when it is tried again (None:
        never, until an adviser puts it back in the queue). ``our_fault``: the email could not
        be made or handed over here (not the mail server's refusal), so it is retried however
        often it fails, and advisers are shown it as needing action. Events recorded before
        the field existed read as False."""

        answer: str
        attempt: int
        retry_at: datetime | None
        our_fault: bool = False

        def apply(self, reminder: Reminder) -> None:
            reminder.status = ReminderStatus.RETRYING if self.retry_at else ReminderStatus.FAILED
            reminder.answer = self.answer
            reminder.attempts = self.attempt
            reminder.next_attempt_at = self.retry_at
            reminder.our_fault = self.our_fault

    @staticmethod
    def create_id(key: str) -> UUID:
        return reminder_id(key)

    class Queued(Created):
        key: str
        kind: ReminderKind
        to: list[Recipient]
        copy_to: list[Recipient]
        unreached: list[str]
        subject_line: str
        content: dict[str, Any]
        deadline_id: str | None
        review_id: UUID | None
        due: date | None

        def apply(self, reminder: Reminder) -> None:
            reminder.queued_on = self.business_date

    @event(Queued)
    def __init__(self, key: str, kind: ReminderKind, to: list[Recipient], copy_to: list[Recipient],
            unreached: list[str], subject_line: str, content: dict[str, Any],
            deadline_id: str | None, review_id: UUID | None, due: date | None) -> None:
        self.key = key
        self.kind = kind
        self.to = to
        self.copy_to = copy_to
        self.unreached = unreached
        self.subject_line = subject_line
        self.content = content
        self.deadline_id = deadline_id
        self.review_id = review_id
        self.due = due
        self.status = ReminderStatus.QUEUED
        self.attempts = 0
        self.next_attempt_at: datetime | None = None
        self.answer: str | None = None
        self.message_id: str | None = None
        self.our_fault = False

    def describe(self) -> str:
        return f"reminder {self.key!r}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def needs_action(self) -> bool:
        """Nothing more will happen unless an adviser acts (it failed for good), or it keeps
        failing for a fault on our side that someone has to put right."""
        return self.status == ReminderStatus.FAILED or (
            self.status == ReminderStatus.RETRYING and self.our_fault)

    def message_id_for(self, domain: str) -> str:
        """Derived from the Queued event (this reminder's id, version 1), so a re-send after a
        crash carries the same Message-ID and the recipient's mail system can see it again."""
        return f"<{self.id}.1@{domain}>"

    def _require_pending(self, step: str) -> None:
        if not self.is_pending:
            raise InvalidLifecycleStep(self.describe(), step, str(self.status), [])

    def can_be_claimed(self, now: datetime) -> bool:
        """Pending, and not claimed by a sender whose claim still runs."""
        if self.status == ReminderStatus.SENDING:
            return self.next_attempt_at is None or now >= self.next_attempt_at
        return self.is_pending and (self.next_attempt_at is None or now >= self.next_attempt_at)

    def claim(self, sender: str, until: datetime, now: datetime) -> None:
        """Take the reminder to send it. A sender that dies holding it leaves it claimed until
        ``until``; then another may take it (and send again: the same Message-ID)."""
        if not self.can_be_claimed(now):
            raise InvalidLifecycleStep(self.describe(), "claim", str(self.status), [])
        self.trigger_event(self.SendingStarted, sender=sender, until=until)

    def requeue(self, reason: str) -> None:
        """Try a failed reminder again (e.g. once the mail settings are put right)."""
        if self.status != ReminderStatus.FAILED:
            raise InvalidLifecycleStep(self.describe(), "requeue", str(self.status), [])
        self.trigger_event(self.Requeued, reason=reason)

    def record_sent(self, message_id: str, transport: str, answer: str) -> None:
        self._require_pending("record_sent")
        self.trigger_event(self.Sent, message_id=message_id, transport=transport, answer=answer,
            attempt=self.attempts + 1)

    def record_failure(self, answer: str, retry_at: datetime | None, *,
            our_fault: bool = False) -> None:
        """A failed attempt: retried at ``retry_at``, or given up on when it is None. A fault
        on our side is always retried."""
        self._require_pending("record_failure")
        if our_fault and retry_at is None:
            raise ValueError("a reminder that failed on our side is always tried again")
        self.trigger_event(self.SendFailed, answer=answer, attempt=self.attempts + 1,
            retry_at=retry_at, our_fault=our_fault)

    def withdraw(self, reason: str) -> None:
        self._require_pending("withdraw")
        self.trigger_event(self.Withdrawn, reason=reason)

    class SendingStarted(Event):
        sender: str
        until: datetime

        def apply(self, reminder: Reminder) -> None:
            reminder.status = ReminderStatus.SENDING
            reminder.next_attempt_at = self.until

    class Requeued(Event):
        reason: str

        def apply(self, reminder: Reminder) -> None:
            reminder.status = ReminderStatus.QUEUED
            reminder.attempts = 0
            reminder.next_attempt_at = None

    class Sent(Event):
        message_id: str
        transport: str
        answer: str
        attempt: int

        def apply(self, reminder: Reminder) -> None:
            reminder.status = ReminderStatus.SENT
            reminder.message_id = self.message_id
            reminder.answer = self.answer
            reminder.attempts = self.attempt
            reminder.next_attempt_at = None

    class Withdrawn(Event):
        reason: str

        def apply(self, reminder: Reminder) -> None:
            reminder.status = ReminderStatus.WITHDRAWN
            reminder.answer = self.reason
            reminder.next_attempt_at = None
