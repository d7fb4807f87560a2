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
from projections.queries import Page, _paged, withheld


def deadlines_due_a_reminder(connection: Connection, today: date, limit: int = 500,
                             after: tuple[str, str] = ("", "")) -> list[dict[str, Any]]:
    """Open deadlines whose next reminder day is ``today`` or earlier, a page at a time in
    order of that day (``after`` is the last (day, deadline id) of the previous page), with
    whether they are exempt."""
    rows = connection.query(
        "SELECT s.deadline_id, s.next_on, d.review_id, d.review_reference, d.review_title, "
        "d.commission, d.item_id, d.item_label, d.rule, d.due, d.original_due, d.owner, "
        "d.extensions, t.item_kind FROM reminder_schedule s "
        "JOIN deadline_register d ON d.deadline_id = s.deadline_id "
        "LEFT JOIN tracker t ON t.item_id = d.item_id "
        "WHERE s.next_on <= ? AND (s.next_on, s.deadline_id) > (?, ?) "
        "AND d.met_on IS NULL AND d.cancelled = 0 "
        "ORDER BY s.next_on, s.deadline_id LIMIT ?",
        (today.isoformat(), *after, limit),
    )
    exempt = withheld(connection, sorted({row["item_id"] for row in rows}
                                         | {row["review_id"] for row in rows}))
    for row in rows:
        row["exempt"] = row["item_id"] in exempt or row["review_id"] in exempt
    return rows


def pending_reminders(connection: Connection, now: datetime, limit: int = 200
                      ) -> list[dict[str, Any]]:
    """Reminders waiting to be sent: new ones, and failed ones whose retry time has come."""
    return connection.query(
        "SELECT reminder_id, reminder_key, status, attempts, next_attempt_at FROM reminders "
        "WHERE status IN ('queued', 'retrying') "
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
    "message_id"
)


def reminder_list(
    connection: Connection, status: str | None = None, kind: str | None = None,
    review_id: str | None = None, deadline_id: str | None = None,
    queued_from: date | None = None, page: int = 1, page_size: int = 100,
) -> Page:
    """The outbox for advisers, newest first."""
    where: list[str] = []
    parameters: list[Any] = []
    for column, value in (("status", status), ("kind", kind), ("review_id", review_id),
                          ("deadline_id", deadline_id)):
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
    return result
