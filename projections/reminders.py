"""Queries over the reminder views: which deadlines are due a reminder, and the outbox.

``reminder_schedule`` holds, for each open deadline, the next day it is due a reminder; the
sweep reads only the rows whose day has come (an index on that day), so its cost follows the
reminders due rather than the deadlines open. ``reminders`` is the outbox: every reminder queued,
its recipients and where its delivery stands.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from projections.database import Connection
from projections.queries import Page, _paged, exempt_paragraphs


def deadlines_due_a_reminder(connection: Connection, today: date, limit: int = 500,
                             after: tuple[str, str] = ("", "")
                             ) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
    """Open deadlines whose next reminder day is ``today`` or earlier, a page at a time in
    order of that day, with whether they are exempt (and under which paragraphs of Schedule
    12A); and where the next page starts (None after
    the last page), to be passed back as ``after``.

    The schedule is read alone first, along its index, and the deadlines fetched by key: a join
    would leave the plan to the planner's statistics, which after a bulk load may not exist yet.
    """
    due = connection.query(
        "SELECT deadline_id, next_on FROM reminder_schedule "
        "WHERE next_on <= ? AND (next_on, deadline_id) > (?, ?) "
        "ORDER BY next_on, deadline_id LIMIT ?",
        (today.isoformat(), *after, limit),
    )
    if not due:
        return [], None
    marks = ", ".join("?" for _ in due)
    deadlines = {row["deadline_id"]: row for row in connection.query(
        "SELECT deadline_id, review_id, review_reference, review_title, commission, item_id, "
        "item_label, rule, due, original_due, owner, extensions, subject_kind "
        "FROM deadline_register "
        f"WHERE deadline_id IN ({marks}) AND met_on IS NULL AND cancelled = 0",
        [row["deadline_id"] for row in due],
    )}
    items = sorted({row["item_id"] for row in deadlines.values()})
    kinds = {row["item_id"]: row["item_kind"] for row in connection.query(
        f"SELECT item_id, item_kind FROM tracker WHERE item_id IN "
        f"({', '.join('?' for _ in items)})", items)} if items else {}
    exempt = exempt_paragraphs(connection, sorted(set(items)
                                         | {row["review_id"] for row in deadlines.values()}))
    rows = []
    for scheduled in due:
        row = deadlines.get(scheduled["deadline_id"])
        if row is None:
            continue  # met or cancelled since; the projector is removing it from the schedule
        row["next_on"] = scheduled["next_on"]
        row["item_kind"] = kinds.get(row["item_id"])
        # The item's own exemption, else its review's (which makes everything under it exempt).
        paragraphs = exempt.get(row["item_id"]) or exempt.get(row["review_id"])
        row["exempt"] = paragraphs is not None
        row["exempt_paragraphs"] = list(paragraphs or ())
        rows.append(row)
    return rows, (due[-1]["next_on"], due[-1]["deadline_id"])


def pending_reminders(connection: Connection, now: datetime, limit: int = 200
                      ) -> list[dict[str, Any]]:
    """Reminders waiting to be sent: new ones, failed ones whose retry time has come, and ones
    whose sender's claim ran out (it died before recording the outcome)."""
    return connection.query(
        "SELECT reminder_id, reminder_key, status, attempts, next_attempt_at FROM reminders "
        "WHERE status IN ('queued', 'sending', 'retrying') "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
        "ORDER BY queued_at, reminder_id LIMIT ?",
        (now.isoformat(), limit),
    )


def queued_keys(connection: Connection, keys: list[str]) -> set[str]:
    """Which of these reminder keys have been queued already."""
    if not keys:
        return set()
    marks = ", ".join("?" for _ in keys)
    rows = connection.query(f"SELECT reminder_key FROM reminders WHERE reminder_key IN ({marks})",
                            keys)
    return {row["reminder_key"] for row in rows}


REMINDER_COLUMNS = (
    "reminder_id, reminder_key, kind, deadline_id, review_id, due, subject_line, recipients, "
    "unreached, status, attempts, next_attempt_at, queued_on, queued_at, changed_at, answer, "
    "message_id, needs_action"
)


def reminder_list(
    connection: Connection, status: str | None = None, kind: str | None = None,
    review_id: str | None = None, deadline_id: str | None = None,
    queued_from: date | None = None, page: int = 1, page_size: int = 100,
    reminder_id: str | None = None, needs_action: bool | None = None,
) -> Page:
    """The outbox for advisers, newest first; ``needs_action``: only those (or none of those)
    that an adviser has to see to: failed for good, or failing on our side."""
    where: list[str] = []
    parameters: list[Any] = []
    if needs_action is not None:
        where.append("needs_action = ?")
        parameters.append(1 if needs_action else 0)
    for column, value in (("status", status), ("kind", kind), ("review_id", review_id),
                          ("deadline_id", deadline_id), ("reminder_id", reminder_id)):
        if value:
            where.append(f"{column} = ?")
            parameters.append(value)
    if queued_from:
        where.append("queued_on >= ?")
        parameters.append(queued_from.isoformat())
    result = _paged(connection, f"SELECT {REMINDER_COLUMNS} FROM reminders", where, parameters,
                    "queued_at DESC, reminder_id", page, page_size)
    for row in result.items:
        row["recipients"] = json.loads(row["recipients"])
        row["unreached"] = json.loads(row["unreached"])
        row["needs_action"] = bool(row["needs_action"])
    return result
