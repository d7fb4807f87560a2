"""The rows the projector writes, named: one type per view table, its fields the table's columns.

Each row type is a ``NamedTuple`` whose field names are the columns, in order, so a row is read
by name (``row.due``, not ``row[10]``) and goes to the database as it is; the SQL that writes it
is made from the same names (``insert``), so the columns are written down once. The builders
below work a row out from an aggregate's state (the documents are in projections/documents.py).
"""

from __future__ import annotations

from datetime import UTC, date
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

from domain.action_plan import Action
from domain.deadline_rules import DeadlineEngine
from domain.deadlines import (
    Deadline,
    DeadlineStatus,
    action_deadlines,
    follow_up_deadlines,
    recommendation_deadlines,
    review_deadlines,
)
from domain.known_dates import how_inexact
from domain.recommendation import Recommendation
from domain.reminder import Reminder
from domain.review import Review
from domain.values import RecommendationStatus
from domain.work_programme import Meeting, ProgrammeItem
from projections.documents import (
    action_document,
    meeting_document,
    programme_item_document,
    recommendation_document,
    review_document,
    sort_key,
    subject,
    to_json,
)

IN_IMPLEMENTATION = {RecommendationStatus.IMPLEMENTING, RecommendationStatus.COMPLETION_PROPOSED}
_ANY_DAY = date(1900, 1, 1)
"""Deadlines are stored with due, met and cancelled; open or missed is assessed when read."""


class ReviewRow(NamedTuple):
    """``review_list``: one row per review."""

    review_id: str
    reference: str
    title: str
    commission: str
    kind: str
    status: str
    proposed_on: str
    referred_to_osmb_on: str | None
    submitted_to_cabinet_on: str | None
    cabinet_responded_on: str | None
    closed_on: str | None
    recommendation_count: int
    action_count: int
    open_count: int
    """Written 0 with a new review; counted from the tracker after each batch."""
    version: int
    document: str
    dates_known: str
    """JSON: which of the review's dates the papers give only as a month or a bound."""


class ItemRow(NamedTuple):
    """``tracker``: one row per recommendation or action."""

    item_id: str
    review_id: str
    review_reference: str
    commission: str
    item_kind: str
    label: str
    sort_key: str
    status: str
    rag: str | None
    responsible_officer: str | None
    target_date: str | None
    last_update_on: str | None
    last_update_note: str | None
    last_update_exempt: int
    monitoring_since: str | None
    is_open: int
    version: int
    document: str
    last_update_known: str | None  # how much of last_update_on the papers give (None: the day)


class DeadlineRow(NamedTuple):
    """``deadline_register``: one row per deadline of a review, item or programme item."""

    deadline_id: str
    review_id: str
    review_reference: str
    review_title: str
    commission: str
    item_id: str
    item_label: str | None
    rule: str
    starts: str
    original_due: str
    due: str
    met_on: str | None
    cancelled: int
    owner: str | None
    extensions: str
    subject_kind: str
    met_known: str | None  # how much of met_on the papers give (None: the day itself)


class ExemptionRow(NamedTuple):
    """``exemptions``: one row per exemption (the whole record is note 0)."""

    exemption_id: str
    subject_id: str
    review_id: str
    review_reference: str
    subject_kind: str
    label: str | None
    note_number: int
    paragraphs: str
    reason: str
    review_by: str
    marked_by: str
    marked_on: str


class MeetingRow(NamedTuple):
    """``meetings``: one row per meeting of a commission."""

    meeting_id: str
    commission: str
    meets_on: str
    municipal_year: str
    status: str
    version: int
    document: str


class ProgrammeRow(NamedTuple):
    """``work_programme``: one row per work programme item."""

    item_id: str
    commission: str
    reference: str
    title: str
    status: str
    meeting_on: str | None
    agenda_number: int | None
    follow_up_due: str | None
    added_on: str
    added_at: str
    version: int
    document: str


class ReminderRow(NamedTuple):
    """``reminders``: one row per reminder (the outbox)."""

    reminder_id: str
    reminder_key: str
    kind: str
    deadline_id: str | None
    review_id: str | None
    due: str | None
    subject_line: str
    recipients: str
    unreached: str
    status: str
    attempts: int
    next_attempt_at: str | None
    queued_on: str
    queued_at: str
    changed_at: str
    answer: str | None
    message_id: str | None
    needs_action: int
    version: int


class ScheduleRow(NamedTuple):
    """``reminder_schedule``: each open deadline's next reminder day."""

    deadline_id: str
    item_id: str
    rule: str
    due: str
    next_on: str


class AuditLine(NamedTuple):
    """``audit_trail``: one line per event in the decision history."""

    position: int
    aggregate_id: str
    aggregate_kind: str
    version: int
    review_id: str
    item_label: str | None
    event: str
    what: str
    actor: str
    business_date: str
    recorded_at: str
    source: str | None
    change: str | None
    details: str
    note_number: int | None
    date_known: str | None  # how much of business_date the papers give (None: the day)


def insert(table: str, row: type[NamedTuple], conflict: str | None = None,
           update: tuple[str, ...] = ()) -> str:
    """The SQL that writes rows of type ``row`` into ``table``; with ``conflict`` (the key),
    an upsert that changes the ``update`` columns of a row already there."""
    columns = row._fields
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    if conflict:
        sql += f" ON CONFLICT ({conflict}) DO UPDATE SET " + ", ".join(
            f"{column} = excluded.{column}" for column in update)
    return sql


# --- the rows of each kind of aggregate ----------------------------------------------------------

def review_row(review: Review) -> ReviewRow:
    document = review_document(review)
    return ReviewRow(
        text(review.id), review.reference, review.title, review.commission, review.kind,
        review.status, review.proposed_on.isoformat(), iso(review.referred_to_osmb_on),
        iso(review.submitted_to_cabinet_on), iso(review.cabinet_responded_on),
        iso(review.closed_on), len(review.recommendation_labels), len(review.action_numbers),
        0, review.version, to_json(document), to_json(document["dates_known"]),
    )


def item_row(item: Recommendation | Action, review: Review) -> ItemRow:
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
    return ItemRow(
        text(item.id), text(review.id), review.reference, review.commission, kind, label,
        sort_key(label), item.status, rag, officer, item.target_date,
        latest.reported_on.isoformat() if latest else None,
        latest.note if latest else None,
        1 if len(item.progress_updates) in item.exempt_notes else 0, iso(since),
        1 if item.is_open else 0, item.version, to_json(document),
        how_inexact(latest.reported_on) if latest else None,
    )


def deadline_rows(
    item: Review | Recommendation | Action, review: Review, engine: DeadlineEngine
) -> list[DeadlineRow]:
    found: list[Deadline]
    if isinstance(item, Review):
        found, label, owner = review_deadlines(item, engine, _ANY_DAY), None, None
    elif isinstance(item, Recommendation):
        found = recommendation_deadlines(item, _ANY_DAY)
        label, owner = item.label, item.responsible_officer
    else:
        found, label, owner = action_deadlines(item, _ANY_DAY), item.number, item.owner
    standing = (str(review.id), review.reference, review.title, review.commission)
    return [_deadline_row(item.id, deadline, standing, label, owner, "review")
            for deadline in found]


def follow_up_rows(item: ProgrammeItem) -> list[DeadlineRow]:
    """A follow-up's deadline in the register: it stands for itself (subject_kind
    ``programme_item``), with its reference and title where a review's would be."""
    standing = (str(item.id), item.reference, item.title, item.commission)
    return [_deadline_row(item.id, deadline, standing, None, None, "programme_item")
            for deadline in follow_up_deadlines(item, _ANY_DAY)]


def _deadline_row(item_id: UUID, deadline: Deadline, standing: tuple[str, str, str, str],
                  label: str | None, owner: str | None, kind: str) -> DeadlineRow:
    """``standing``: the id, reference, title and commission of what the deadline stands in
    (its review, or a programme item itself)."""
    return DeadlineRow(
        f"{item_id}:{deadline.rule}", *standing, str(item_id), label, deadline.rule,
        deadline.starts.isoformat(), deadline.original_due.isoformat(), deadline.due.isoformat(),
        deadline.met_on.isoformat() if deadline.met_on else None,
        1 if deadline.status == DeadlineStatus.CANCELLED else 0, owner,
        to_json(deadline.extensions), kind,
        how_inexact(deadline.met_on),
    )


def exemption_rows(item: Review | Recommendation | Action, review: Review
                   ) -> list[ExemptionRow]:
    """One row per exemption on ``item``: the whole of it (note 0) and each exempt note."""
    kind, label, _ = subject(item)
    found = ([(0, item.exemption)] if item.exemption else []) + sorted(item.exempt_notes.items())
    return [
        ExemptionRow(
            f"{item.id}:{note}", str(item.id), str(review.id), review.reference, kind, label,
            note, ",".join(str(p) for p in exemption.paragraphs), exemption.reason,
            exemption.review_by.isoformat(), exemption.marked_by,
            exemption.marked_on.isoformat(),
        )
        for note, exemption in found
    ]


def meeting_row(meeting: Meeting, engine: DeadlineEngine) -> MeetingRow:
    return MeetingRow(
        text(meeting.id), meeting.commission, meeting.meets_on.isoformat(),
        meeting.municipal_year, meeting.status, meeting.version,
        to_json(meeting_document(meeting, engine)),
    )


def programme_row(item: ProgrammeItem) -> ProgrammeRow:
    due = item.follow_up.due if item.follow_up else None
    return ProgrammeRow(
        text(item.id), item.commission, item.reference, item.title, item.status,
        iso(item.meeting_on), item.agenda_number, iso(due), item.added_on.isoformat(),
        item.created_on.isoformat(), item.version, to_json(programme_item_document(item)),
    )


def reminder_row(reminder: Reminder) -> ReminderRow:
    recipients = [
        {"name": r.name, "email": r.email, "why": r.why, "copied": copied}
        for copied, group in ((False, reminder.to), (True, reminder.copy_to)) for r in group
    ]
    return ReminderRow(
        text(reminder.id), reminder.key, reminder.kind, reminder.deadline_id,
        text(reminder.review_id) if reminder.review_id else None, iso(reminder.due),
        reminder.subject_line, to_json(recipients), to_json(reminder.unreached),
        reminder.status, reminder.attempts,
        reminder.next_attempt_at.astimezone(UTC).isoformat() if reminder.next_attempt_at
        else None,
        reminder.queued_on.isoformat(), reminder.created_on.isoformat(),
        reminder.modified_on.isoformat(), reminder.answer, reminder.message_id,
        1 if reminder.needs_action else 0, reminder.version,
    )


@lru_cache(maxsize=65_536)
def text(identifier: UUID) -> str:
    return str(identifier)


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None
