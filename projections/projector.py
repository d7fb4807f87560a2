"""The projector: follows the event log and keeps every view up to date, exactly once.

It reads the notification log after the position the views have tracked, in batches. For each
batch it applies the events to the aggregates they belong to (kept in a bounded cache, rebuilt
from the store on a miss), writes the rows of every aggregate the batch touched and an audit line
per event, and moves each view's tracking position, all in one transaction. A restarted
projector continues from the tracked position. The tracking update is conditional on the position
it started from, so a second projector racing on the same views changes nothing
(``ProjectionConflict``). The same catch-up loop serves SQLite (which has no push subscription
in eventsourcing 9.5) and PostgreSQL. Each catch-up first extends the audit chain (the hash chain
over the log, ``projections/audit_chain.py``), so it keeps up with the log without anyone asking.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.action_plan import Action
from domain.deadline_rules import DeadlineEngine
from domain.events import ScrutinyAggregate
from domain.recommendation import Recommendation
from domain.reminder import Reminder, ReminderKind
from domain.review import Review
from domain.service import ScrutinyService, event_words
from domain.tracker_mapping import TrackerMappings
from domain.values import RecommendationStatus
from domain.work_programme import Meeting, ProgrammeItem
from projections.audit_chain import AuditChain
from projections.database import VIEWS, Connection, ViewDatabase
from projections.documents import (
    action_document,
    deadline_rows,
    exemption_rows,
    follow_up_rows,
    meeting_document,
    programme_item_document,
    recommendation_document,
    review_document,
    sort_key,
    subject,
    to_json,
)

log = logging.getLogger(__name__)

IN_IMPLEMENTATION = {RecommendationStatus.IMPLEMENTING, RecommendationStatus.COMPLETION_PROPOSED}

# Attributes whose old → new values the audit trail spells out.
_WATCHED = {
    "status": "status",
    "text": "wording",
    "target_date": "target date",
    "responsible_officer": "responsible officer",
    "owner": "owner",
    "by_when": "by when",
}


def views_channel(env: dict[str, str]) -> str:
    """The PostgreSQL notification channel on which projectors say the views have moved: one
    per store (database and schema), short enough for any schema's name."""
    name = f"{env.get('POSTGRES_DBNAME', '')}:{env.get('POSTGRES_SCHEMA', 'public')}"
    return "scrutiny_views_" + hashlib.sha256(name.encode()).hexdigest()[:16]


class ProjectionConflict(Exception):
    """Another projector moved the views on first; this batch was not written."""


@dataclass(frozen=True)
class ViewStatus:
    view: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class Projector:
    def __init__(
        self,
        service: ScrutinyService,
        database: ViewDatabase,
        batch_size: int = 500,
        cache_size: int = 20_000,
    ) -> None:
        self.service = service
        self.database = database
        self.batch_size = batch_size
        self.cache_size = cache_size
        self.audit_chain = AuditChain(service, database)
        # Insertion order is recency: an applied aggregate is put back at the end.
        self._cache: dict[UUID, ScrutinyAggregate] = {}
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self.advanced = threading.Condition()
        self.advances = 0
        """How many times the views have been seen to move (under ``advanced``): by a batch
        committed here, or by another process's, as its notification says (``watch``)."""
        self.listening = threading.Event()
        """Set while ``follow`` is listening for the store's notifications."""
        self.watching = threading.Event()
        """Set while ``watch`` is listening for other projectors' commits."""
        self._applied_to: int | None = None
        """The log position the cached aggregates have been brought up to."""
        self.views_channel = views_channel(database.env)

    # --- positions ----------------------------------------------------------------------------

    def connection(self) -> Connection:
        if self._connection is not None and self._connection.is_broken():
            self._reset()
        if self._connection is None:
            self._connection = self.database.connect()
        return self._connection

    def position(self) -> int:
        rows = self.connection().query("SELECT MIN(position) AS position FROM projection_tracking")
        return int(rows[0]["position"] or 0)

    def status(self) -> list[ViewStatus]:
        head = self.service.recorder.max_notification_id() or 0
        rows = self.connection().query("SELECT view, position FROM projection_tracking")
        positions = {row["view"]: int(row["position"]) for row in rows}
        return [ViewStatus(view, positions.get(view, 0), head) for view in VIEWS]

    # --- following the log --------------------------------------------------------------------

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Process everything recorded so far; returns how many events were projected."""
        with self._lock:
            return self._catch_up(progress)

    def try_catch_up(self) -> bool:
        """Catch up if no other thread of this process is doing so; False if one is."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._catch_up(None)
        finally:
            self._lock.release()
        return True

    def run(self, stop: threading.Event, interval: float = 0.5) -> None:
        """Follow the log until ``stop`` is set, polling every ``interval`` seconds when idle."""
        while not stop.is_set():
            try:
                if self.catch_up() == 0:
                    stop.wait(interval)
            except ProjectionConflict:
                log.warning("another projector is writing these views; retrying")
                stop.wait(interval)
            except Exception:
                log.exception("projector failed; retrying")
                with self._lock:  # not under a request thread's batch
                    self._reset()
                stop.wait(interval)

    def follow(self, stop: threading.Event, catch_up_every: float = 5.0) -> None:
        """Follow the log until ``stop`` is set: on PostgreSQL, woken by the notification the
        event store sends on every write (LISTEN), with a catch-up every ``catch_up_every``
        seconds regardless, so a lost notification never stalls the views; elsewhere, by
        polling."""
        channel = getattr(self.service.recorder, "channel_name", None)
        if self.database.dialect != "postgres" or not channel:
            self.run(stop)
            return
        from psycopg import sql

        while not stop.is_set():
            listener: Connection | None = None
            try:
                listener = self.database.connect()
                listener.raw.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                self.listening.set()
                while not stop.is_set():
                    self._catch_up_now()
                    # Wake on the first notification, or after the safety-net interval;
                    # looking every second whether to stop.
                    again = time.monotonic() + catch_up_every
                    while not stop.is_set() and (left := again - time.monotonic()) > 0:
                        if any(True for _ in listener.raw.notifies(timeout=min(left, 1.0),
                                                                   stop_after=1)):
                            break
            except Exception:
                log.exception("projector lost its notifications; reconnecting")
                with self._lock:  # not under a request thread's batch
                    self._reset()
                stop.wait(1.0)
            finally:
                self.listening.clear()
                if listener is not None:
                    with contextlib.suppress(Exception):
                        listener.raw.close()

    def watch(self, stop: threading.Event) -> None:
        """On PostgreSQL, until ``stop`` is set: wake this process's waiters (``advanced``) when
        a projector in any process commits a batch, so a request waiting to read its own write
        in a process that does not project learns of it at once (elsewhere: nothing to do)."""
        if self.database.dialect != "postgres":
            return
        from psycopg import sql

        while not stop.is_set():
            listener: Connection | None = None
            try:
                listener = self.database.connect()
                listener.raw.execute(sql.SQL("LISTEN {}").format(
                    sql.Identifier(self.views_channel)))
                self.watching.set()
                while not stop.is_set():
                    if any(True for _ in listener.raw.notifies(timeout=1.0)):
                        self._advanced()
            except Exception:
                log.exception("lost the views' notifications; reconnecting")
                stop.wait(1.0)
            finally:
                self.watching.clear()
                if listener is not None:
                    with contextlib.suppress(Exception):
                        listener.raw.close()

    def _advanced(self) -> None:
        with self.advanced:
            self.advances += 1
            self.advanced.notify_all()

    def _catch_up_now(self) -> None:
        # a conflict means another process's projector wrote those rows first: as good
        with contextlib.suppress(ProjectionConflict):
            self.catch_up()

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop every view and project the whole log again.

        The indexes the screens use are made after the rows are written, which is several
        times cheaper than keeping them up to date row by row.
        """
        with self._lock:
            self._reset()
            self.database.drop_views()
            self.database.create_tables(indexes=False)
            try:
                with self.connection().bulk_writing():
                    return self._catch_up(progress)
            finally:
                self.database.create_indexes()

    def _reset(self) -> None:
        self._forget()
        self.audit_chain.close()
        if self._connection is not None:
            try:
                self._connection.raw.close()
            finally:
                self._connection = None

    def _forget(self) -> None:
        """Empty the aggregate cache (it is refilled from the store)."""
        self._cache.clear()
        self._applied_to = None

    def _project_next_batch(self) -> int:
        """Project one batch after the tracked position; returns how many events it held."""
        batch = self._prepare(self.position())
        if batch is None:
            return 0
        self._commit_batch(batch)
        return batch.count

    def _catch_up(self, progress: Callable[[int], None] | None) -> int:
        self.audit_chain.extend()
        done = 0
        while count := self._project_next_batch():
            done += count
            if progress:
                progress(count)
        return done

    def _prepare(self, start: int) -> _Batch | None:
        """Read the events after ``start``, apply them and work out every row they change."""
        notifications = self.service.recorder.select_notifications(
            start=start, limit=self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return None
        batch = _Batch(start=start, end=notifications[-1].id, count=len(notifications))
        touched: dict[UUID, ScrutinyAggregate] = {}
        if start != self._applied_to:
            # Events were projected by someone else since this cache was filled (another
            # process, or this one's batch that lost a race): a cached review could be older
            # than the log, so start again from the store.
            self._forget()
        try:
            for notification in notifications:
                event = self.service.mapper.to_domain_event(notification)
                aggregate, before = self._apply(event)
                touched[aggregate.id] = aggregate
                if isinstance(aggregate, TrackerMappings):
                    continue  # an adviser's setting: no view and no line in decision history
                if isinstance(aggregate, Reminder):
                    # Reminders are the product chasing people, not decisions: they have their
                    # own view (the outbox) rather than lines in the decision history.
                    if event.originator_version == 1:  # queued
                        self._advance_schedule(aggregate, batch)
                    continue
                batch.audit.append(self._audit_line(notification, event, aggregate, before))
            self._rows(touched, batch)
        except Exception:
            self._forget()
            raise
        self._applied_to = batch.end
        return batch

    def _commit_batch(self, batch: _Batch) -> None:
        connection = self.connection()
        try:
            with connection.transaction():
                # Claim the batch first: a projector that read the same start and commits
                # first leaves this update matching no row, and nothing of the batch is written.
                moved = connection.execute(
                    "UPDATE projection_tracking SET position = ? WHERE position = ?",
                    (batch.end, batch.start),
                ).rowcount
                if moved != len(VIEWS):
                    raise ProjectionConflict(f"views moved past {batch.start} while projecting")
                _write(connection, batch)
                if self.database.dialect == "postgres":  # delivered when this commits
                    connection.query("SELECT pg_notify(?, ?) AS sent",
                                     (self.views_channel, str(batch.end)))
        except ProjectionConflict:
            raise  # the cache holds this batch's events applied, as _applied_to says
        except Exception:
            self._forget()
            raise
        self._advanced()

    def _apply(self, event: Any) -> tuple[ScrutinyAggregate, dict[str, Any]]:
        aggregate = self._cache.pop(event.originator_id, None)
        if aggregate is not None and aggregate.version != event.originator_version - 1:
            aggregate = None
        if aggregate is None and event.originator_version > 1:
            aggregate = self.service.repository.get(
                event.originator_id, version=event.originator_version - 1
            )
        before = _watched(aggregate)
        aggregate = event.mutate(aggregate)
        assert aggregate is not None
        self._cache[aggregate.id] = aggregate  # now the most recently used
        if len(self._cache) > self.cache_size:
            del self._cache[next(iter(self._cache))]
        return aggregate, before

    def _review_of(self, item: Recommendation | Action) -> Review:
        review = self._cache.get(item.review_id)
        if isinstance(review, Review):
            return review
        found: ScrutinyAggregate = self.service.repository.get(item.review_id)
        assert isinstance(found, Review)
        return found

    def _audit_line(
        self, notification: Notification, event: Any, aggregate: ScrutinyAggregate,
        before: dict[str, Any],
    ) -> tuple[Any, ...]:
        after = _watched(aggregate)
        changes = [
            f"{_WATCHED[name]}: {_show(before.get(name))} → {_show(after[name])}"
            for name in after
            if name in before and before[name] != after[name]
        ]
        assert isinstance(aggregate, Review | Recommendation | Action | Meeting | ProgrammeItem)
        kind, label, review_id = subject(aggregate)
        name = type(event).__name__
        # A progress report's note number (1 = the first), so the line can be left out where
        # that note is exempt.
        note = (len(aggregate.progress_updates)  # type: ignore[union-attr]
                if name == "ProgressReported" else None)
        # The stored state is already the event's JSON; queries drop its bookkeeping fields.
        return (
            notification.id, _text(aggregate.id), kind, event.originator_version,
            _text(review_id), label, name, event_words(name), event.actor,
            event.business_date.isoformat(), event.timestamp.isoformat(), event.source,
            "; ".join(changes) or None, notification.state.decode("utf-8"), note,
        )

    def _rows(self, touched: dict[UUID, ScrutinyAggregate], batch: _Batch) -> None:
        """The rows of every aggregate the batch touched, as they stand after it."""
        engine = self.service.deadline_engine
        reviews: set[str] = set()
        for aggregate in touched.values():
            if isinstance(aggregate, TrackerMappings):
                continue
            if isinstance(aggregate, Reminder):
                batch.reminders.append(_reminder_row(aggregate))
                continue
            if isinstance(aggregate, Meeting):
                batch.meetings.append(_meeting_row(aggregate, engine))
                continue
            if isinstance(aggregate, ProgrammeItem):
                batch.programme.append(_programme_row(aggregate))
                batch.replaced.append((_text(aggregate.id),))
                follow_ups = follow_up_rows(aggregate)
                batch.deadlines.extend(follow_ups)
                self._schedule(follow_ups, batch)
                continue
            if isinstance(aggregate, Review):
                review = aggregate
                batch.reviews.append(_review_row(review))
            else:
                assert isinstance(aggregate, Recommendation | Action)
                review = self._review_of(aggregate)
                batch.items.append(_item_row(aggregate, review))
            reviews.add(_text(review.id))
            batch.replaced.append((_text(aggregate.id),))
            deadlines = deadline_rows(aggregate, review, engine)
            batch.deadlines.extend(deadlines)
            self._schedule(deadlines, batch)
            batch.exemptions.extend(exemption_rows(aggregate, review))
        batch.counted_reviews.extend((review_id, review_id) for review_id in sorted(reviews))

    def _schedule(self, deadlines: list[tuple[Any, ...]], batch: _Batch) -> None:
        """Keep each open deadline's next reminder day. A new due date (an extension) starts
        the series again; otherwise the day is kept. (A met, cancelled or vanished deadline
        loses its row when the item's rows are written: see ``_write``.)"""
        schedule = self.service.reminder_schedule
        for row in deadlines:
            deadline_id, item_id, rule, due, met_on, cancelled = (
                row[0], row[5], row[7], row[10], row[11], row[12]
            )
            if met_on is None and not cancelled:
                first = schedule.first(rule, date.fromisoformat(due))
                batch.scheduled.append((deadline_id, item_id, rule, due, first.isoformat()))

    def _advance_schedule(self, reminder: Reminder, batch: _Batch) -> None:
        """A deadline reminder was queued: its deadline's next reminder day moves past it."""
        if reminder.kind != ReminderKind.DEADLINE or reminder.due is None:
            return
        occurs_on = date.fromisoformat(reminder.content["occurs_on"])
        after = self.service.reminder_schedule.after(
            reminder.content["rule"], reminder.due, occurs_on
        )
        next_on = (after or date.max).isoformat()
        batch.advances.append((next_on, reminder.deadline_id, reminder.due.isoformat(), next_on))


@dataclass
class _Batch:
    """One batch of events and every view row it writes, worked out before the transaction."""

    start: int
    end: int
    count: int
    audit: list[tuple[Any, ...]] = field(default_factory=list)
    reviews: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    # Aggregates whose deadline and exemption rows are replaced by the ones below.
    replaced: list[tuple[str]] = field(default_factory=list)
    deadlines: list[tuple[Any, ...]] = field(default_factory=list)
    exemptions: list[tuple[Any, ...]] = field(default_factory=list)
    scheduled: list[tuple[Any, ...]] = field(default_factory=list)
    advances: list[tuple[Any, ...]] = field(default_factory=list)
    reminders: list[tuple[Any, ...]] = field(default_factory=list)
    meetings: list[tuple[Any, ...]] = field(default_factory=list)
    programme: list[tuple[Any, ...]] = field(default_factory=list)
    counted_reviews: list[tuple[str, str]] = field(default_factory=list)


def _write(connection: Connection, batch: _Batch) -> None:
    connection.executemany(_UPSERT_REVIEW, batch.reviews)
    connection.executemany(_UPSERT_ITEM, batch.items)
    connection.executemany("DELETE FROM deadline_register WHERE item_id = ?", batch.replaced)
    connection.executemany("DELETE FROM exemptions WHERE subject_id = ?", batch.replaced)
    connection.executemany(
        "INSERT INTO exemptions (exemption_id, subject_id, review_id, review_reference, "
        "subject_kind, label, note_number, paragraphs, reason, review_by, marked_by, marked_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.exemptions,
    )
    connection.executemany(
        "INSERT INTO deadline_register (deadline_id, review_id, review_reference, "
        "review_title, commission, item_id, item_label, rule, starts, original_due, due, "
        "met_on, cancelled, owner, extensions, subject_kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.deadlines,
    )
    connection.executemany(_UPSERT_MEETING, batch.meetings)
    connection.executemany(_UPSERT_PROGRAMME, batch.programme)
    # Reminders stop for an item's deadlines that are met, cancelled or gone (e.g. an action
    # marked a duplicate has none).
    connection.executemany(
        "DELETE FROM reminder_schedule WHERE item_id = ? AND NOT EXISTS (SELECT 1 FROM "
        "deadline_register d WHERE d.deadline_id = reminder_schedule.deadline_id "
        "AND d.met_on IS NULL AND d.cancelled = 0)",
        batch.replaced,
    )
    connection.executemany(_UPSERT_SCHEDULE, batch.scheduled)
    connection.executemany(
        "UPDATE reminder_schedule SET next_on = ? WHERE deadline_id = ? AND due = ? "
        "AND next_on < ?",
        batch.advances,
    )
    connection.executemany(_UPSERT_REMINDER, batch.reminders)
    connection.executemany(
        "INSERT INTO audit_trail (position, aggregate_id, aggregate_kind, version, review_id, "
        "item_label, event, what, actor, business_date, recorded_at, source, change, details, "
        "note_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch.audit,
    )
    connection.executemany(
        "UPDATE review_list SET open_count = (SELECT COUNT(*) FROM tracker "
        "WHERE tracker.review_id = ? AND is_open = 1) WHERE review_id = ?",
        batch.counted_reviews,
    )


_UPSERT_REVIEW = (
    "INSERT INTO review_list (review_id, reference, title, commission, kind, status, "
    "proposed_on, referred_to_osmb_on, submitted_to_cabinet_on, cabinet_responded_on, "
    "closed_on, recommendation_count, action_count, open_count, version, document) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) "
    "ON CONFLICT (review_id) DO UPDATE SET status = excluded.status, "
    "referred_to_osmb_on = excluded.referred_to_osmb_on, "
    "submitted_to_cabinet_on = excluded.submitted_to_cabinet_on, "
    "cabinet_responded_on = excluded.cabinet_responded_on, closed_on = excluded.closed_on, "
    "recommendation_count = excluded.recommendation_count, "
    "action_count = excluded.action_count, version = excluded.version, "
    "document = excluded.document"
)

_UPSERT_ITEM = (
    "INSERT INTO tracker (item_id, review_id, review_reference, commission, item_kind, label, "
    "sort_key, status, rag, responsible_officer, target_date, last_update_on, "
    "last_update_note, last_update_exempt, monitoring_since, is_open, version, document) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, rag = excluded.rag, "
    "responsible_officer = excluded.responsible_officer, "
    "target_date = excluded.target_date, last_update_on = excluded.last_update_on, "
    "last_update_note = excluded.last_update_note, "
    "last_update_exempt = excluded.last_update_exempt, "
    "monitoring_since = excluded.monitoring_since, is_open = excluded.is_open, "
    "version = excluded.version, document = excluded.document"
)


_UPSERT_MEETING = (
    "INSERT INTO meetings (meeting_id, commission, meets_on, municipal_year, status, version, "
    "document) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (meeting_id) DO UPDATE SET status = excluded.status, "
    "version = excluded.version, document = excluded.document"
)

_UPSERT_PROGRAMME = (
    "INSERT INTO work_programme (item_id, commission, reference, title, status, meeting_on, "
    "agenda_number, follow_up_due, added_on, added_at, version, document) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (item_id) DO UPDATE SET status = excluded.status, "
    "meeting_on = excluded.meeting_on, agenda_number = excluded.agenda_number, "
    "version = excluded.version, "
    "document = excluded.document"
)


def _meeting_row(meeting: Meeting, engine: DeadlineEngine) -> tuple[Any, ...]:
    return (
        _text(meeting.id), meeting.commission, meeting.meets_on.isoformat(),
        meeting.municipal_year, meeting.status, meeting.version,
        to_json(meeting_document(meeting, engine)),
    )


def _programme_row(item: ProgrammeItem) -> tuple[Any, ...]:
    due = item.follow_up.due if item.follow_up else None
    return (
        _text(item.id), item.commission, item.reference, item.title, item.status,
        _iso(item.meeting_on), item.agenda_number, _iso(due), item.added_on.isoformat(),
        item.created_on.isoformat(), item.version, to_json(programme_item_document(item)),
    )


_UPSERT_SCHEDULE = (
    "INSERT INTO reminder_schedule (deadline_id, item_id, rule, due, next_on) "
    "VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (deadline_id) DO UPDATE SET next_on = CASE "
    "WHEN reminder_schedule.due = excluded.due THEN reminder_schedule.next_on "
    "ELSE excluded.next_on END, due = excluded.due, rule = excluded.rule"
)

_UPSERT_REMINDER = (
    "INSERT INTO reminders (reminder_id, reminder_key, kind, deadline_id, review_id, due, "
    "subject_line, recipients, unreached, status, attempts, next_attempt_at, queued_on, "
    "queued_at, changed_at, answer, message_id, needs_action, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (reminder_id) DO UPDATE SET status = excluded.status, "
    "attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, "
    "changed_at = excluded.changed_at, answer = excluded.answer, "
    "message_id = excluded.message_id, needs_action = excluded.needs_action, "
    "version = excluded.version"
)


def _reminder_row(reminder: Reminder) -> tuple[Any, ...]:
    recipients = [
        {"name": r.name, "email": r.email, "why": r.why, "copied": copied}
        for copied, group in ((False, reminder.to), (True, reminder.copy_to)) for r in group
    ]
    return (
        _text(reminder.id), reminder.key, reminder.kind, reminder.deadline_id,
        _text(reminder.review_id) if reminder.review_id else None, _iso(reminder.due),
        reminder.subject_line, to_json(recipients), to_json(reminder.unreached),
        reminder.status, reminder.attempts,
        reminder.next_attempt_at.astimezone(UTC).isoformat() if reminder.next_attempt_at
        else None,
        reminder.queued_on.isoformat(), reminder.created_on.isoformat(),
        reminder.modified_on.isoformat(), reminder.answer, reminder.message_id,
        1 if reminder.needs_action else 0, reminder.version,
    )


def _review_row(review: Review) -> tuple[Any, ...]:
    return (
        _text(review.id), review.reference, review.title, review.commission, review.kind,
        review.status, review.proposed_on.isoformat(), _iso(review.referred_to_osmb_on),
        _iso(review.submitted_to_cabinet_on), _iso(review.cabinet_responded_on),
        _iso(review.closed_on), len(review.recommendation_labels), len(review.action_numbers),
        review.version, to_json(review_document(review)),
    )


def _item_row(item: Recommendation | Action, review: Review) -> tuple[Any, ...]:
    # Progress is expected from the day implementation begins: Cabinet's acceptance of a
    # recommendation, or the agreement of an action plan.
    if isinstance(item, Recommendation):
        latest = item.latest_progress
        kind, label, officer = "recommendation", item.label, item.responsible_officer
        rag = latest.rag if latest else None
        monitored = item.status in IN_IMPLEMENTATION
        since = item.responded_on if monitored else None
        document = recommendation_document(item)
    else:
        latest = item.progress_updates[-1] if item.progress_updates else None  # type: ignore[assignment]
        kind, label, officer = "action", item.number, item.owner
        rag = None
        since = item.agreed_on if item.is_open else None
        document = action_document(item)
    return (
        _text(item.id), _text(review.id), review.reference, review.commission, kind, label,
        sort_key(label), item.status, rag, officer, item.target_date,
        latest.reported_on.isoformat() if latest else None,
        latest.note if latest else None,
        1 if len(item.progress_updates) in item.exempt_notes else 0, _iso(since),
        1 if item.is_open else 0, item.version, to_json(document),
    )


# Which watched attributes each kind of aggregate has, learnt from the first one seen.
_WATCHED_BY_KIND: dict[type, tuple[str, ...]] = {}


def _watched(aggregate: ScrutinyAggregate | None) -> dict[str, Any]:
    if aggregate is None:
        return {}
    names = _WATCHED_BY_KIND.get(type(aggregate))
    if names is None:
        names = tuple(name for name in _WATCHED if hasattr(aggregate, name))
        _WATCHED_BY_KIND[type(aggregate)] = names
    return {name: getattr(aggregate, name) for name in names}


@lru_cache(maxsize=65_536)
def _text(identifier: UUID) -> str:
    return str(identifier)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    text = str(value).replace("_", " ") if not isinstance(value, str) or " " not in value else value
    return text if len(text) <= 120 else text[:117] + "…"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
