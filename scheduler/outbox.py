"""The outbox: sends the reminders that were queued, and records what happened to each.

It follows the reminders view, and before each send loads the reminder itself (the view may lag)
and, for a deadline reminder, the deadline as it stands: a deadline met, cancelled or moved
since the reminder was queued gets no email; the reminder is withdrawn, saying why.

A sender first claims the reminder (an event; the version check lets one sender through), so
two processes never both send it. The guarantee is at-least-once delivery: an email is sent,
then recorded as sent. A duplicate can arise only when that record is missing although the
email went: the process died between sending and recording (another sender takes the reminder
when the claim runs out, after ten minutes), or the connection to the mail server was lost after
it had accepted the message but before its answer arrived. Either way the duplicate carries the
same Message-ID (derived from the Queued event), so mail systems and readers can recognise it.
A failed send is recorded with the server's answer and retried with growing waits; a refusal of
this message that cannot succeed (a 5xx reply to its recipients or its content), or the last of
the retries, marks it failed for an adviser to look at, who can put it back in the queue. A
reminder that cannot be made into an email or handed over here (a fault on our side, not the
mail server's) is never given up on: it is retried, a day apart once the waits run out, and
shown to advisers as needing action until it goes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from application.service import ScrutinyService
from domain.action_plan import Action
from domain.deadlines import DeadlineStatus
from domain.errors import ConcurrencyConflict
from domain.recommendation import Recommendation
from domain.reminder import Reminder, ReminderKind
from domain.review import Review
from domain.work_programme import ProgrammeItem
from projections.read_models import ReadModels
from projections.reminders import pending_reminders
from scheduler.mail import MailSettings, compose
from scheduler.sweep import ACTOR
from scheduler.transports import DeliveryFailed, Transport

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=10)
"""How long a sender holds a reminder it is sending before another may take it."""

RETRY_WAITS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720, 1440)]
"""Wait after the 1st, 2nd, … failed attempt; after the last, the reminder is marked failed."""


@dataclass
class DispatchReport:
    sent: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[dict[str, Any]] = field(default_factory=list)


class Outbox:
    def __init__(self, service: ScrutinyService, read_models: ReadModels, transport: Transport,
                 mail: MailSettings | None = None, claim: timedelta = CLAIM) -> None:
        self.service = service
        self.claim = claim
        self.read_models = read_models
        self.transport = transport
        self.mail = mail or MailSettings()
        self.sender = f"{socket.gethostname()}:{os.getpid()}"
        # One dispatch at a time in this process; across processes, claims keep senders apart.
        self._lock = threading.Lock()

    def dispatch(self, limit: int = 200) -> DispatchReport:
        report = DispatchReport()
        with self._lock:
            self.read_models.catch_up_with_log()
            now = self.service.clock.now().astimezone(UTC)
            for row in pending_reminders(self.read_models.connection(), now, limit):
                reminder_id = UUID(row["reminder_id"])
                try:
                    self._deliver(reminder_id, now, report)
                except ConcurrencyConflict:
                    continue  # another sender recorded it at the same moment: theirs stands
                except Exception as error:
                    # One reminder that cannot be sent must not hold up those queued after it.
                    log.exception("reminder %s could not be sent", reminder_id)
                    self._our_fault(reminder_id, f"could not be sent: {error!r}", now, report)
            self.read_models.catch_up_with_log()
        return report

    def _deliver(self, reminder_id: UUID, now: datetime, report: DispatchReport) -> None:
        reminder = self.service.get_reminder(reminder_id)
        if not reminder.can_be_claimed(now):
            return  # sent or being sent (the view had not caught up), or not yet time
        today = self.service.clock.today()
        if (reason := self._no_longer_due(reminder)) is not None:
            self.service.withdraw_reminder(reminder.id, reason=reason, actor=ACTOR, on=today)
            report.withdrawn.append({"reminder_id": str(reminder.id), "reason": reason})
            return
        summary = {"reminder_id": str(reminder.id), "subject": reminder.subject_line,
                   "to": [r.email for r in reminder.to + reminder.copy_to]}
        if not reminder.to:
            answer = ("nobody to send it to: " + "; ".join(reminder.unreached)
                      if reminder.unreached else "nobody to send it to")
            self.service.record_reminder_failure(reminder.id, answer=answer, retry_at=None,
                                                 actor=ACTOR, on=today)
            report.failed.append({**summary, "answer": answer, "retry_at": None})
            return
        try:
            message = compose(reminder, self.mail, now)
        except Exception as error:
            log.exception("reminder %s could not be written as an email", reminder.key)
            self._our_fault(reminder.id, f"the email could not be written: {error!r}", now,
                            report)
            return
        # Claimed first, so a second sender (another process) leaves it alone while this one
        # sends; if this one dies holding the claim, another takes it when the claim runs out.
        if not self.service.claim_reminder(reminder.id, sender=self.sender, until=now + self.claim,
                                           actor=ACTOR, on=today):
            return
        try:
            answer = self.transport.send(message, str(reminder.id))
        except DeliveryFailed as failure:
            retry_at = self._retry_at(reminder, failure, now)
            self.service.record_reminder_failure(reminder.id, answer=failure.answer,
                                                 retry_at=retry_at, actor=ACTOR, on=today)
            log.warning("reminder %s not sent: %s", reminder.key, failure.answer)
            report.failed.append({**summary, "answer": failure.answer,
                                  "retry_at": retry_at.isoformat() if retry_at else None})
            return
        self.service.record_reminder_sent(
            reminder.id, message_id=str(message["Message-ID"]), transport=self.transport.name,
            answer=answer, actor=ACTOR, on=today,
        )
        report.sent.append({**summary, "message_id": str(message["Message-ID"]),
                            "answer": answer})

    def _our_fault(self, reminder_id: UUID, answer: str, now: datetime,
                   report: DispatchReport) -> None:
        """Record an attempt that failed on our side: tried again after the next wait (a day,
        once the waits run out), however often it fails, and shown as needing action."""
        try:
            reminder = self.service.get_reminder(reminder_id)
            if not reminder.is_pending:
                return
            retry_at = now + RETRY_WAITS[min(reminder.attempts, len(RETRY_WAITS) - 1)]
            self.service.record_reminder_failure(
                reminder_id, answer=f"{answer} (a fault on our side; it will be tried again)",
                retry_at=retry_at, our_fault=True, actor=ACTOR, on=self.service.clock.today())
            report.failed.append({"reminder_id": str(reminder_id),
                                  "subject": reminder.subject_line, "answer": answer,
                                  "retry_at": retry_at.isoformat()})
        except ConcurrencyConflict:
            pass  # another sender recorded this reminder at the same moment: theirs stands
        except Exception:
            log.exception("could not record the failure of reminder %s", reminder_id)

    def _retry_at(self, reminder: Reminder, failure: DeliveryFailed, now: datetime
                  ) -> datetime | None:
        if failure.permanent or reminder.attempts >= len(RETRY_WAITS):
            return None
        return now + RETRY_WAITS[reminder.attempts]

    def _no_longer_due(self, reminder: Reminder) -> str | None:
        """Why a deadline reminder should not go out any more, or None if it should."""
        if reminder.kind != ReminderKind.DEADLINE or reminder.deadline_id is None:
            return None
        item_id, rule = reminder.deadline_id.split(":", 1)
        # From the log, not the deadline register: the register may not yet show the step
        # that met the deadline a moment ago, and this is the last check before an email.
        item: Review | Recommendation | Action | ProgrammeItem = self.service.repository.get(
            UUID(item_id))
        deadline = next((d for d in self.service.deadlines_of(item) if d.rule == rule), None)
        if deadline is None or deadline.status == DeadlineStatus.CANCELLED:
            return "the deadline was cancelled before the reminder went out"
        if deadline.met_on is not None:
            return f"the deadline was met on {deadline.met_on} before the reminder went out"
        if deadline.due != reminder.due:
            return (f"the due date moved from {reminder.due} to {deadline.due}; reminders follow "
                    "the new date")
        return None
