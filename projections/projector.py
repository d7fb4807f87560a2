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
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from application.service import ScrutinyService
from domain.action_plan import Action
from domain.events import ScrutinyAggregate
from domain.known_dates import how_inexact
from domain.recommendation import Recommendation
from domain.reminder import Reminder, ReminderKind
from domain.review import Review
from domain.tracker_mapping import TrackerMappings
from domain.wording import event_words
from domain.work_programme import Meeting, ProgrammeItem
from projections.audit_chain import AuditChain
from projections.database import VIEWS, Connection, ViewDatabase
from projections.documents import subject
from projections.rows import (
    AuditLine,
    DeadlineRow,
    ExemptionRow,
    ItemRow,
    MeetingRow,
    ProgrammeRow,
    ReminderRow,
    ReviewRow,
    ScheduleRow,
    deadline_rows,
    exemption_rows,
    follow_up_rows,
    insert,
    item_row,
    meeting_row,
    programme_row,
    reminder_row,
    review_row,
    text,
)

log = logging.getLogger(__name__)

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
                if isinstance(aggregate, Reminder) and event.originator_version == 1:  # queued
                    self._advance_schedule(aggregate, batch)
                if _KINDS[type(aggregate)].in_history:
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
    ) -> AuditLine:
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
        return AuditLine(
            notification.id, text(aggregate.id), kind, event.originator_version,
            text(review_id), label, name, event_words(name), event.actor,
            event.business_date.isoformat(), event.timestamp.isoformat(), event.source,
            "; ".join(changes) or None, notification.state.decode("utf-8"), note,
            how_inexact(event.business_date),
        )

    def _rows(self, touched: dict[UUID, ScrutinyAggregate], batch: _Batch) -> None:
        """The rows of every aggregate the batch touched, as they stand after it."""
        reviews: set[str] = set()
        for aggregate in touched.values():
            review_id = _KINDS[type(aggregate)].rows(self, aggregate, batch)
            if review_id is not None:
                reviews.add(review_id)
        batch.counted_reviews.extend((review_id, review_id) for review_id in sorted(reviews))

    # One writer per kind of aggregate (the registry _KINDS below); each answers the id of the
    # review whose open count may have changed, if any.

    def _no_rows(self, aggregate: ScrutinyAggregate, batch: _Batch) -> str | None:
        return None

    def _reminder_rows(self, reminder: Reminder, batch: _Batch) -> str | None:
        batch.reminders.append(reminder_row(reminder))
        return None

    def _meeting_rows(self, meeting: Meeting, batch: _Batch) -> str | None:
        batch.meetings.append(meeting_row(meeting, self.service.deadline_engine))
        return None

    def _programme_rows(self, item: ProgrammeItem, batch: _Batch) -> str | None:
        batch.programme.append(programme_row(item))
        batch.replaced.append((text(item.id),))
        follow_ups = follow_up_rows(item)
        batch.deadlines.extend(follow_ups)
        self._schedule(follow_ups, batch)
        return None

    def _review_rows(self, review: Review, batch: _Batch) -> str | None:
        batch.reviews.append(review_row(review))
        return self._register_rows(review, review, batch)

    def _item_rows(self, item: Recommendation | Action, batch: _Batch) -> str | None:
        review = self._review_of(item)
        batch.items.append(item_row(item, review))
        return self._register_rows(item, review, batch)

    def _register_rows(self, aggregate: Review | Recommendation | Action, review: Review,
                       batch: _Batch) -> str:
        """A review's or item's deadlines (and their reminder days) and exemptions."""
        batch.replaced.append((text(aggregate.id),))
        deadlines = deadline_rows(aggregate, review, self.service.deadline_engine)
        batch.deadlines.extend(deadlines)
        self._schedule(deadlines, batch)
        batch.exemptions.extend(exemption_rows(aggregate, review))
        return text(review.id)

    def _schedule(self, deadlines: list[DeadlineRow], batch: _Batch) -> None:
        """Keep each open deadline's next reminder day. A new due date (an extension) starts
        the series again; otherwise the day is kept. (A met, cancelled or vanished deadline
        loses its row when the item's rows are written: see ``_write``.)"""
        schedule = self.service.reminder_schedule
        for row in deadlines:
            if row.met_on is None and not row.cancelled:
                first = schedule.first(row.rule, date.fromisoformat(row.due))
                batch.scheduled.append(
                    ScheduleRow(row.deadline_id, row.item_id, row.rule, row.due,
                                first.isoformat()))

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
    audit: list[AuditLine] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    # Aggregates whose deadline and exemption rows are replaced by the ones below.
    replaced: list[tuple[str]] = field(default_factory=list)
    deadlines: list[DeadlineRow] = field(default_factory=list)
    exemptions: list[ExemptionRow] = field(default_factory=list)
    scheduled: list[ScheduleRow] = field(default_factory=list)
    # (next reminder day, deadline id, due, next reminder day): a queued reminder's advance.
    advances: list[tuple[str, str | None, str, str]] = field(default_factory=list)
    reminders: list[ReminderRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    programme: list[ProgrammeRow] = field(default_factory=list)
    counted_reviews: list[tuple[str, str]] = field(default_factory=list)


def _write(connection: Connection, batch: _Batch) -> None:
    connection.executemany(_UPSERT_REVIEW, batch.reviews)
    connection.executemany(_UPSERT_ITEM, batch.items)
    connection.executemany("DELETE FROM deadline_register WHERE item_id = ?", batch.replaced)
    connection.executemany("DELETE FROM exemptions WHERE subject_id = ?", batch.replaced)
    connection.executemany(_INSERT_EXEMPTION, batch.exemptions)
    connection.executemany(_INSERT_DEADLINE, batch.deadlines)
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
    connection.executemany(_INSERT_AUDIT_LINE, batch.audit)
    connection.executemany(
        "UPDATE review_list SET open_count = (SELECT COUNT(*) FROM tracker "
        "WHERE tracker.review_id = ? AND is_open = 1) WHERE review_id = ?",
        batch.counted_reviews,
    )


_UPSERT_REVIEW = insert("review_list", ReviewRow, "review_id", (
    "status", "referred_to_osmb_on", "submitted_to_cabinet_on", "cabinet_responded_on",
    "closed_on", "recommendation_count", "action_count", "version", "document", "dates_known"))
_UPSERT_ITEM = insert("tracker", ItemRow, "item_id", (
    "status", "rag", "responsible_officer", "target_date", "last_update_on", "last_update_note",
    "last_update_exempt", "monitoring_since", "is_open", "version", "document",
    "last_update_known"))
_INSERT_DEADLINE = insert("deadline_register", DeadlineRow)
_INSERT_EXEMPTION = insert("exemptions", ExemptionRow)
_UPSERT_MEETING = insert("meetings", MeetingRow, "meeting_id", ("status", "version", "document"))
_UPSERT_PROGRAMME = insert("work_programme", ProgrammeRow, "item_id", (
    "status", "meeting_on", "agenda_number", "version", "document"))
_UPSERT_REMINDER = insert("reminders", ReminderRow, "reminder_id", (
    "status", "attempts", "next_attempt_at", "changed_at", "answer", "message_id",
    "needs_action", "version"))
_INSERT_AUDIT_LINE = insert("audit_trail", AuditLine)
_UPSERT_SCHEDULE = (
    insert("reminder_schedule", ScheduleRow)
    + " ON CONFLICT (deadline_id) DO UPDATE SET next_on = CASE "
    "WHEN reminder_schedule.due = excluded.due THEN reminder_schedule.next_on "
    "ELSE excluded.next_on END, due = excluded.due, rule = excluded.rule"
)
"""A new due date (an extension) starts the reminder series again; otherwise the day stays."""


@dataclass(frozen=True)
class _Kind:
    """How the projector treats one kind of aggregate."""

    rows: Callable[[Projector, Any, _Batch], str | None]
    """Works out its rows; answers the review whose open count may have changed."""
    in_history: bool = True
    """Whether each of its events is a line of the decision history (audit_trail)."""


_KINDS: dict[type, _Kind] = {
    Review: _Kind(Projector._review_rows),
    Recommendation: _Kind(Projector._item_rows),
    Action: _Kind(Projector._item_rows),
    Meeting: _Kind(Projector._meeting_rows),
    ProgrammeItem: _Kind(Projector._programme_rows),
    # Reminders are the product chasing people, not decisions: their own view (the outbox),
    # no lines in the decision history.
    Reminder: _Kind(Projector._reminder_rows, in_history=False),
    # An adviser's setting: no view and no line in the decision history.
    TrackerMappings: _Kind(Projector._no_rows, in_history=False),
}
"""Every kind of aggregate the log holds, and its writer."""


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


def _show(value: Any) -> str:
    if value is None:
        return "none"
    text = str(value).replace("_", " ") if not isinstance(value, str) or " " not in value else value
    return text if len(text) <= 120 else text[:117] + "…"
