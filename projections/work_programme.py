"""Questions asked of the work programme views: a commission's programme by meeting for a
municipal year, one item, and the commissions and years there are."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errors import InvalidCommand
from domain.values import slug
from domain.work_programme import municipal_year
from projections.database import Connection

WAITING = ("to_be_scheduled", "deferred")


@dataclass
class MeetingProgramme:
    meeting: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Programme:
    commission: str
    year: str
    meetings: list[MeetingProgramme]
    waiting: list[dict[str, Any]]
    """Items to be scheduled (or deferred), and none of this year's meetings yet."""


# A commission's name is matched whatever its case: the domain's ids casefold it, so "Improving
# Lives Select Commission" and "improving lives select commission" are one commission.

def commissions(connection: Connection) -> list[str]:
    """Each commission once, under the spelling of its earliest meeting or item."""
    rows = connection.query("SELECT commission, meets_on AS day FROM meetings UNION ALL "
                            "SELECT commission, added_on AS day FROM work_programme "
                            "ORDER BY day, commission")
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(row["commission"].casefold(), row["commission"])
    return sorted(names.values(), key=str.casefold)


def commission_named(connection: Connection, commission_slug: str) -> str | None:
    """The commission whose name makes this slug."""
    return next((name for name in commissions(connection) if slug(name) == commission_slug),
                None)


def years(connection: Connection, commission: str) -> list[str]:
    rows = connection.query("SELECT DISTINCT municipal_year FROM meetings WHERE "
                            "LOWER(commission) = LOWER(?) ORDER BY municipal_year",
                            (commission,))
    return [row["municipal_year"] for row in rows]


def programme(connection: Connection, commission: str, year: str) -> Programme:
    """The programme of a municipal year ("2021/22")."""
    meetings = connection.query(
        "SELECT document FROM meetings WHERE LOWER(commission) = LOWER(?) AND "
        "municipal_year = ? ORDER BY meets_on", (commission, year))
    return _programme(connection, commission, year, meetings)


def programme_between(connection: Connection, commission: str, first: date, last: date
                      ) -> Programme:
    """The programme of the meetings from ``first`` to ``last``, as a programme document often
    runs: the ILSC's "2021/22" programme runs to the meeting of 14 June 2022."""
    meetings = connection.query(
        "SELECT document FROM meetings WHERE LOWER(commission) = LOWER(?) AND meets_on >= ? "
        "AND meets_on <= ? ORDER BY meets_on", (commission, first.isoformat(), last.isoformat()))
    label = f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
    return _programme(connection, commission, label, meetings)


def _programme(connection: Connection, commission: str, label: str,
               meetings: list[dict[str, Any]]) -> Programme:
    days = [json.loads(row["document"]) for row in meetings]
    by_day: dict[str, MeetingProgramme] = {day["meets_on"]: MeetingProgramme(day) for day in days}
    if by_day:
        items = connection.query(
            "SELECT document FROM work_programme WHERE LOWER(commission) = LOWER(?) AND "
            "meeting_on >= ? AND meeting_on <= ? "
            "ORDER BY meeting_on, COALESCE(agenda_number, 1000000), added_at, reference",
            (commission, min(by_day), max(by_day)))
        for row in items:
            item = json.loads(row["document"])
            # a deferred item waits to be scheduled again: it is listed there, not here
            if item["meeting_on"] in by_day and item["status"] not in ("removed", "deferred"):
                by_day[item["meeting_on"]].items.append(item)
    waiting = [item for item in (json.loads(row["document"]) for row in connection.query(
        "SELECT document FROM work_programme WHERE LOWER(commission) = LOWER(?) AND "
        "status IN (?, ?) ORDER BY added_at, reference", (commission, *WAITING)))
        if _is_agenda_business(item)]
    return Programme(commission, label, list(by_day.values()), waiting)


def _is_agenda_business(item: dict[str, Any]) -> bool:
    """Waiting for a meeting: an item of its own, or a follow-up that comes back as a report or
    an attendance. Written updates, briefings and information circulated are tracked on the
    follow-ups page, not put on an agenda."""
    follow_up = item.get("follow_up")
    return follow_up is None or follow_up["kind"] in ("report", "attendance")


def meeting(connection: Connection, commission: str, meets_on: date) -> dict[str, Any] | None:
    rows = connection.query("SELECT document FROM meetings WHERE LOWER(commission) = LOWER(?) "
                            "AND meets_on = ?", (commission, meets_on.isoformat()))
    return json.loads(rows[0]["document"]) if rows else None


def item(connection: Connection, commission: str, reference: str) -> dict[str, Any] | None:
    rows = connection.query("SELECT document FROM work_programme WHERE LOWER(commission) = "
                            "LOWER(?) AND reference = ?", (commission, reference.lower()))
    return json.loads(rows[0]["document"]) if rows else None


def current_year(connection: Connection, commission: str, today: Any) -> str:
    """This municipal year if the commission meets in it; otherwise the year it met most in
    (the latest of equals): a programme's last meetings often fall in the next year."""
    now = municipal_year(today)
    counts = connection.query("SELECT municipal_year, COUNT(*) AS n FROM meetings WHERE "
                              "LOWER(commission) = LOWER(?) GROUP BY municipal_year",
                              (commission,))
    if not counts or any(row["municipal_year"] == now for row in counts):
        return now
    return str(max(counts, key=lambda row: (row["n"], row["municipal_year"]))["municipal_year"])


def programme_for(connection: Connection, commission: str, today: date, year: str | None,
                  first: date | None, last: date | None) -> Programme:
    """The programme asked for: of the meetings from ``first`` to ``last``, or of a municipal
    year (the current one if none is named)."""
    if (first is None) != (last is None):
        raise InvalidCommand("from", "give both from and to, or a year")
    if first is not None and last is not None:
        if year is not None:
            raise InvalidCommand("year", "give a year, or from and to, not both")
        if last < first or (last - first).days > 3 * 366:
            raise InvalidCommand("to", "to must be on or after from, and within three years")
        return programme_between(connection, commission, first, last)
    return programme(connection, commission, year or current_year(connection, commission,
                                                                   today))
