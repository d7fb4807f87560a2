"""Questions the screens ask of the views: plain SQL on indexed tables, never a replay."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.access import SEES_EVERYTHING, ExemptAccess
from domain.deadlines import Deadline, DeadlineStatus, Extension, assess
from domain.events import BOOKKEEPING
from domain.exemptions import citation
from domain.known_dates import DateKnown, as_known, known
from projections.database import Connection

EVERYTHING = 10_000_000
"""A page size that means every row: CSV downloads are not paged."""


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    page_size: int


@dataclass
class DeadlineFilter:
    overdue: bool = False
    due_within_days: int | None = None
    status: str | None = None
    commission: str | None = None
    owner: str | None = None
    rule: str | None = None
    review_id: str | None = None
    subject_kind: str | None = None  # "review" or "programme_item" (a work programme follow-up)
    sort: str = "due"


@dataclass
class AuditFilter:
    review_id: str | None = None
    item_label: str | None = None
    actor: str | None = None
    event: str | None = None
    business_from: date | None = None
    business_to: date | None = None
    recorded_from: date | None = None
    recorded_to: date | None = None


@dataclass
class TrackerFilter:
    review_id: str | None = None
    commission: str | None = None
    status: str | None = None
    officer: str | None = None
    # Any of these names, as an officer's account "answers for" them: case and spaces aside.
    officers: tuple[str, ...] = ()
    kind: str | None = None
    stale_days: int | None = None
    open_only: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _paged(
    connection: Connection, select: str, where: list[str], parameters: list[Any], order: str,
    page: int, page_size: int,
) -> Page:
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = connection.query(f"SELECT COUNT(*) AS n FROM ({select}{clause}) AS counted",
                             parameters)[0]["n"]
    page_size = max(1, page_size)
    rows = connection.query(
        f"{select}{clause} ORDER BY {order} LIMIT ? OFFSET ?",
        [*parameters, page_size, (max(page, 1) - 1) * page_size],
    )
    return Page(items=rows, total=int(total), page=max(page, 1), page_size=page_size)


# --- exempt information --------------------------------------------------------------------------
# Exempt information (LGA 1972 Sch 12A) reaches only those entitled to it (``ExemptAccess``):
# for everyone else, exempt reviews, recommendations and actions (and everything under an exempt
# review) are left out of every list, count and page; an exempt progress note is replaced by a
# notice citing the paragraphs, without its date, author or RAG, and its line in the audit trail
# is left out; the raw event data behind audit lines is not shown. An officer sees the exempt
# information of the items they answer for (and the exempt review holding one), nothing else.

EXEMPT_NOTE = "Exempt information, not for publication ({citation})."


def _exempt(column: str) -> str:
    return (f"EXISTS (SELECT 1 FROM exemptions e WHERE e.subject_id = {column} "
            "AND e.note_number = 0)")


def _answered(access: ExemptAccess, what: str) -> tuple[str, list[Any]]:
    """A subquery of the item ids (``what`` = "item_id") or review ids ("review_id") of the
    items the reader answers for."""
    marks = ", ".join("?" for _ in access.answers_for)
    return (f"(SELECT t.{what} FROM tracker t "
            f"WHERE LOWER(TRIM(t.responsible_officer)) IN ({marks}))", list(access.answers_for))


def visible_items(access: ExemptAccess, item_column: str, review_column: str | None = None
                  ) -> tuple[list[str], list[Any]]:
    """Conditions (and their parameters, in order) keeping the rows about items, or anything
    else kept by its own id and its review's, that this reader may see."""
    if access.everything:
        return [], []
    closed = " AND ".join(f"NOT {_exempt(column)}" for column in (item_column, review_column)
                          if column)
    if not access.answers_for:
        return [closed], []
    yours, parameters = _answered(access, "item_id")
    return [f"(({closed}) OR {item_column} IN {yours})"], parameters


def visible_reviews(access: ExemptAccess, review_column: str) -> tuple[list[str], list[Any]]:
    """Conditions keeping the reviews this reader may see: an officer also sees an exempt
    review that holds an item they answer for."""
    if access.everything:
        return [], []
    closed = f"NOT {_exempt(review_column)}"
    if not access.answers_for:
        return [closed], []
    yours, parameters = _answered(access, "review_id")
    return [f"({closed} OR {review_column} IN {yours})"], parameters


def _notes_visible(access: ExemptAccess) -> tuple[list[str], list[Any]]:
    """Conditions leaving out the audit lines that report an exempt progress note."""
    if access.everything:
        return [], []
    closed = ("NOT EXISTS (SELECT 1 FROM exemptions e WHERE e.subject_id = "
              "audit_trail.aggregate_id AND e.note_number = audit_trail.note_number)")
    if not access.answers_for:
        return [closed], []
    yours, parameters = _answered(access, "item_id")
    return [f"({closed} OR audit_trail.aggregate_id IN {yours})"], parameters


def answered_items(connection: Connection, access: ExemptAccess, item_ids: list[str]
                   ) -> set[str]:
    """Which of these items the reader answers for (everything, for an adviser or member)."""
    if access.everything:
        return set(item_ids)
    if not access.answers_for or not item_ids:
        return set()
    found: set[str] = set()
    officers = ", ".join("?" for _ in access.answers_for)
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start:start + 500]
        rows = connection.query(
            f"SELECT item_id FROM tracker WHERE item_id IN ({', '.join('?' for _ in chunk)}) "
            f"AND LOWER(TRIM(responsible_officer)) IN ({officers})",
            [*chunk, *access.answers_for])
        found.update(row["item_id"] for row in rows)
    return found


def exempt_paragraphs(connection: Connection, subject_ids: list[str]
                      ) -> dict[str, tuple[int, ...]]:
    """The Schedule 12A paragraphs of those of these records that are exempt as a whole."""
    found: dict[str, tuple[int, ...]] = {}
    for start in range(0, len(subject_ids), 500):
        chunk = subject_ids[start:start + 500]
        rows = connection.query(
            "SELECT subject_id, paragraphs FROM exemptions WHERE note_number = 0 AND "
            f"subject_id IN ({', '.join('?' for _ in chunk)})", chunk)
        found.update((row["subject_id"], tuple(int(p) for p in row["paragraphs"].split(",")))
                     for row in rows)
    return found


def shown_to(document: dict[str, Any], access: ExemptAccess) -> dict[str, Any]:
    """An item's document as this reader may see it: whole, if they may see its exempt parts;
    otherwise each exempt note replaced by a notice with no date, author or RAG, the reasons
    for exemption left out, and the item's RAG too when it comes from an exempt note."""
    officer = document.get("responsible_officer", document.get("owner"))
    if access.sees_item(officer):
        return document
    notes = document.get("exempt_notes") or {}
    updates = []
    for number, update in enumerate(document.get("progress_updates") or [], start=1):
        if str(number) in notes:
            update = {**update, "note": EXEMPT_NOTE.format(
                citation=notes[str(number)]["citation"]), "reported_on": None,
                "date_known": None, "reported_by": None,
                **({"rag": None} if "rag" in update else {})}
        updates.append(update)
    shown = {**document, "exemption": None,
             "exempt_notes": {n: {"citation": e["citation"]} for n, e in notes.items()}}
    if "progress_updates" in document:
        shown["progress_updates"] = updates
    if document.get("latest_update") is not None and updates:
        shown["latest_update"] = updates[-1]
        if str(len(updates)) in notes and "rag" in document:
            shown["rag"] = None
    return shown


# --- reviews -------------------------------------------------------------------------------------

REVIEW_SORTS = {
    "proposed": "proposed_on DESC, reference", "reference": "reference",
    "title": "title, reference", "status": "status, reference",
    "commission": "commission, reference",
}


def review_list(
    connection: Connection, *, commission: str | None = None, status: str | None = None,
    kind: str | None = None, sort: str = "proposed", page: int = 1, page_size: int = 50,
    access: ExemptAccess = SEES_EVERYTHING,
) -> Page:
    where, parameters = visible_reviews(access, "review_list.review_id")
    for column, value in (("commission", commission), ("status", status), ("kind", kind)):
        if value:
            where.append(f"{column} = ?")
            parameters.append(value)
    counts = "recommendation_count, action_count, open_count"
    counted: list[Any] = []
    if not access.everything:
        # Counted over the items this reader may see, as their pages show them: a count must
        # not reveal how many exempt items a review holds.
        shown, shown_parameters = visible_items(access, "t.item_id", "t.review_id")

        def count(condition: str, name: str) -> str:
            return ("(SELECT COUNT(*) FROM tracker t WHERE t.review_id = review_list.review_id "
                    f"AND {' AND '.join([*shown, condition])}) AS {name}")

        counts = ", ".join((count("t.item_kind = 'recommendation'", "recommendation_count"),
                            count("t.item_kind = 'action'", "action_count"),
                            count("t.is_open = 1", "open_count")))
        counted = shown_parameters * 3
    found = _paged(
        connection,
        "SELECT review_id AS id, reference, title, commission, kind, status, proposed_on, "
        "referred_to_osmb_on, submitted_to_cabinet_on, cabinet_responded_on, closed_on, "
        f"{counts}, version, dates_known FROM review_list",
        where, [*counted, *parameters], REVIEW_SORTS.get(sort, REVIEW_SORTS["proposed"]), page,
        page_size,
    )
    for row in found.items:
        row["dates_known"] = json.loads(row["dates_known"])
    return found


def review_document(connection: Connection, review_id: str,
                    access: ExemptAccess = SEES_EVERYTHING) -> dict[str, Any] | None:
    """The review's own document, if this reader may see the review."""
    where, parameters = visible_reviews(access, "review_list.review_id")
    rows = connection.query(
        "SELECT document FROM review_list WHERE "
        + " AND ".join([*where, "review_id = ?"]), [*parameters, review_id])
    if not rows:
        return None
    document: dict[str, Any] = json.loads(rows[0]["document"])
    return document


def item_documents(connection: Connection, review_id: str, kind: str,
                   access: ExemptAccess = SEES_EVERYTHING) -> list[dict[str, Any]]:
    where, parameters = visible_items(access, "tracker.item_id", "tracker.review_id")
    rows = connection.query(
        "SELECT document FROM tracker WHERE "
        + " AND ".join([*where, "review_id = ?", "item_kind = ?"])
        + " ORDER BY sort_key", [*parameters, review_id, kind])
    return [shown_to(json.loads(row["document"]), access) for row in rows]


def item_document(connection: Connection, item_id: str, access: ExemptAccess = SEES_EVERYTHING
                  ) -> dict[str, Any] | None:
    where, parameters = visible_items(access, "tracker.item_id", "tracker.review_id")
    rows = connection.query("SELECT document FROM tracker WHERE "
                            + " AND ".join([*where, "item_id = ?"]), [*parameters, item_id])
    if not rows:
        return None
    return shown_to(json.loads(rows[0]["document"]), access)


# --- the audit trail -----------------------------------------------------------------------------

AUDIT_COLUMNS = (
    "position, aggregate_id, aggregate_kind, version, review_id, item_label, event, what, actor, "
    "business_date, recorded_at, source, change, details, note_number, date_known"
)


def history(connection: Connection, aggregate_ids: list[str],
            access: ExemptAccess = SEES_EVERYTHING) -> dict[str, list[dict[str, Any]]]:
    """Every event of these aggregates, oldest first, keyed by aggregate id.

    Pass only aggregates the reader may see; the lines of exempt progress notes they may not
    see are left out, and the raw event data is shown only behind what they may see whole.
    """
    found: dict[str, list[dict[str, Any]]] = {aggregate_id: [] for aggregate_id in aggregate_ids}
    if not aggregate_ids:
        return found
    notes, parameters = _notes_visible(access)
    for start in range(0, len(aggregate_ids), 500):
        chunk = aggregate_ids[start:start + 500]
        rows = connection.query(
            f"SELECT {AUDIT_COLUMNS} FROM audit_trail WHERE "
            + " AND ".join([*notes, f"aggregate_id IN ({', '.join('?' for _ in chunk)})"])
            + " ORDER BY aggregate_id, version",
            [*parameters, *chunk],
        )
        for row in _audit_rows(connection, rows, access):
            found[row["aggregate_id"]].append(row)
    return found


def audit_trail(
    connection: Connection, filters: AuditFilter, page: int = 1, page_size: int = 100,
    sort: str = "newest", access: ExemptAccess = SEES_EVERYTHING,
) -> Page:
    where, parameters = visible_items(access, "audit_trail.aggregate_id", "audit_trail.review_id")
    notes, note_parameters = _notes_visible(access)
    where += notes
    parameters += note_parameters
    simple = (("review_id", filters.review_id), ("item_label", filters.item_label),
              ("actor", filters.actor), ("event", filters.event))
    for column, value in simple:
        if value:
            where.append(f"{column} = ?")
            parameters.append(value)
    if filters.business_from:
        where.append("business_date >= ?")
        parameters.append(filters.business_from.isoformat())
    if filters.business_to:
        where.append("business_date <= ?")
        parameters.append(filters.business_to.isoformat())
    if filters.recorded_from:
        where.append("recorded_at >= ?")
        parameters.append(filters.recorded_from.isoformat())
    if filters.recorded_to:
        where.append("recorded_at < ?")
        parameters.append((filters.recorded_to + timedelta(days=1)).isoformat())
    order = "position" if sort == "oldest" else "position DESC"
    result = _paged(connection, f"SELECT {AUDIT_COLUMNS} FROM audit_trail", where,
                    parameters, order, page, page_size)
    result.items = _audit_rows(connection, result.items, access)
    return result


def _audit_rows(connection: Connection, rows: list[dict[str, Any]], access: ExemptAccess
                ) -> list[dict[str, Any]]:
    """Audit lines as the reader may see them: the event's own data only behind the items they
    may see whole (an adviser or member: every line; the public: none)."""
    whole = answered_items(connection, access, sorted({row["aggregate_id"] for row in rows}))
    shown = []
    for row in rows:
        row.pop("note_number", None)
        row["date_known"] = row["date_known"] or DateKnown.EXACT
        if row["aggregate_id"] in whole:
            details = {key: value for key, value in json.loads(row["details"]).items()
                       if key not in BOOKKEEPING}
            shown.append({**row, "details": details})
        else:
            shown.append({**row, "details": {}})
    return shown


# --- deadlines -----------------------------------------------------------------------------------

DEADLINE_COLUMNS = (
    "deadline_id, review_id, review_reference, review_title, commission, item_id, item_label, "
    "rule, starts, original_due, due, met_on, cancelled, owner, extensions, subject_kind, "
    "met_known"
)
DEADLINE_SORTS = {"due": "due, deadline_id", "due_desc": "due DESC, deadline_id",
                  "review": "review_reference, due, deadline_id"}


def deadline_register(
    connection: Connection, filters: DeadlineFilter, today: date, page: int = 1,
    page_size: int = 100, access: ExemptAccess = SEES_EVERYTHING,
) -> Page:
    where, parameters = visible_items(access, "deadline_register.item_id",
                                      "deadline_register.review_id")
    if filters.overdue or filters.status == DeadlineStatus.MISSED:
        where += ["met_on IS NULL", "cancelled = 0", "due < ?"]
        parameters.append(today.isoformat())
    if filters.due_within_days is not None:
        where += ["met_on IS NULL", "cancelled = 0", "due >= ?", "due <= ?"]
        parameters += [today.isoformat(),
                       (today + timedelta(days=filters.due_within_days)).isoformat()]
    if filters.status == DeadlineStatus.MET:
        where.append("met_on IS NOT NULL")
    if filters.status == DeadlineStatus.CANCELLED:
        where += ["met_on IS NULL", "cancelled = 1"]
    if filters.status in (DeadlineStatus.OPEN, DeadlineStatus.EXTENDED):
        where += ["met_on IS NULL", "cancelled = 0", "due >= ?",
                  "extensions = '[]'" if filters.status == DeadlineStatus.OPEN
                  else "extensions <> '[]'"]
        parameters.append(today.isoformat())
    for column, value in (("commission", filters.commission), ("owner", filters.owner),
                          ("rule", filters.rule), ("review_id", filters.review_id),
                          ("subject_kind", filters.subject_kind)):
        if value:
            where.append(f"{column} = ?")
            parameters.append(value)
    result = _paged(connection, f"SELECT {DEADLINE_COLUMNS} FROM deadline_register", where,
                    parameters, DEADLINE_SORTS.get(filters.sort, DEADLINE_SORTS["due"]), page,
                    page_size)
    result.items = [deadline_entry(row, today) for row in result.items]
    return result


def deadlines_of(connection: Connection, item_ids: list[str], today: date
                 ) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {item_id: [] for item_id in item_ids}
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start:start + 500]
        rows = connection.query(
            f"SELECT {DEADLINE_COLUMNS} FROM deadline_register WHERE item_id IN "
            f"({', '.join('?' for _ in chunk)}) ORDER BY due, rule",
            chunk,
        )
        for row in rows:
            found[row["item_id"]].append(deadline_entry(row, today))
    return found


def deadline_entry(row: dict[str, Any], today: date) -> dict[str, Any]:
    """A deadline row assessed as of ``today``: open, extended, missed, met or cancelled."""
    extensions = [
        Extension(date.fromisoformat(e["previous_due"]), date.fromisoformat(e["due"]),
                  e["reason"], e["actor"], date.fromisoformat(e["extended_on"]))
        for e in json.loads(row["extensions"])
    ]
    deadline: Deadline = assess(
        row["rule"], date.fromisoformat(row["starts"]), date.fromisoformat(row["original_due"]),
        extensions,
        as_known(date.fromisoformat(row["met_on"]), row.get("met_known"))
        if row["met_on"] else None,
        today, bool(row["cancelled"]),
    )
    return {
        "review_id": row["review_id"], "review_reference": row["review_reference"],
        "review_title": row["review_title"], "commission": row["commission"],
        "item_id": row["item_id"], "item_label": row["item_label"], "owner": row["owner"],
        "subject_kind": row["subject_kind"],
        **vars(deadline), "on_time": deadline.on_time, "met_words": deadline.met_words,
        "met_known": str(known(deadline.met_on)) if deadline.met_on else None,
        "extensions": [vars(e) for e in extensions],
    }


def commissions(connection: Connection, access: ExemptAccess = SEES_EVERYTHING) -> list[str]:
    """The commissions that have reviews this reader may see, by name."""
    where, parameters = visible_reviews(access, "review_list.review_id")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = connection.query(
        f"SELECT DISTINCT commission FROM review_list{clause} ORDER BY commission", parameters
    )
    return [row["commission"] for row in rows]


def calendar_deadlines(connection: Connection, commission: str | None = None,
                       access: ExemptAccess = SEES_EVERYTHING) -> list[dict[str, Any]]:
    """Every deadline not cancelled, soonest first, as raw register rows with ``deadline_id``
    and the item's kind (``recommendation``, ``action``, or None for a review's own deadline).

    Not paged: a calendar feed is the whole list. Assess each row with ``deadline_entry``.
    """
    where, parameters = visible_items(access, "deadline_register.item_id",
                                      "deadline_register.review_id")
    where.append("deadline_register.cancelled = 0")
    if commission is not None:
        where.append("deadline_register.commission = ?")
        parameters.append(commission)
    return connection.query(
        f"SELECT {DEADLINE_COLUMNS}, (SELECT item_kind FROM tracker "
        "WHERE tracker.item_id = deadline_register.item_id) AS item_kind "
        f"FROM deadline_register WHERE {' AND '.join(where)} ORDER BY due, deadline_id",
        parameters,
    )


# --- the recommendation tracker ------------------------------------------------------------------

TRACKER_COLUMNS = (
    "item_id, review_id, review_reference, commission, item_kind, label, status, rag, "
    "responsible_officer, target_date, last_update_on, last_update_note, last_update_exempt, "
    "monitoring_since, is_open, last_update_known"
)


TRACKER_SORTS = {
    "review": "review_reference, item_kind DESC, sort_key",
    "target_date": "target_date, review_reference, sort_key",
    "last_update": "COALESCE(last_update_on, monitoring_since), review_reference, sort_key",
    "officer": "responsible_officer, review_reference, sort_key",
}


def tracker(
    connection: Connection, filters: TrackerFilter, today: date, page: int = 1,
    page_size: int = 100, sort: str = "review", access: ExemptAccess = SEES_EVERYTHING,
) -> Page:
    where, parameters = visible_items(access, "tracker.item_id", "tracker.review_id")
    for column, value in (("review_id", filters.review_id), ("commission", filters.commission),
                          ("status", filters.status), ("responsible_officer", filters.officer),
                          ("item_kind", filters.kind)):
        if value:
            where.append(f"{column} = ?")
            parameters.append(value)
    if filters.officers:
        where.append("LOWER(TRIM(responsible_officer)) IN "
                     f"({', '.join('?' for _ in filters.officers)})")
        parameters += [name.strip().lower() for name in filters.officers]
    if filters.open_only:
        where.append("is_open = 1")
    if filters.stale_days is not None:
        # In implementation, and nothing reported since the cut-off (or since it began).
        where += ["monitoring_since IS NOT NULL",
                  "COALESCE(last_update_on, monitoring_since) <= ?"]
        parameters.append((today - timedelta(days=filters.stale_days)).isoformat())
    result = _paged(connection, f"SELECT {TRACKER_COLUMNS} FROM tracker", where, parameters,
                    TRACKER_SORTS.get(sort, TRACKER_SORTS["review"]), page, page_size)
    for row in result.items:
        withheld = bool(row.pop("last_update_exempt")) and not access.sees_item(
            row["responsible_officer"])
        row["last_update_withheld"] = withheld
        if withheld:
            # The latest note is exempt: neither it nor its date nor its RAG is shown.
            row.update(last_update_note=EXEMPT_NOTE.format(citation="LGA 1972 Sch 12A"),
                       last_update_on=None, last_update_known=None, rag=None)
        last = row["last_update_on"] or row["monitoring_since"]
        row["days_since_last_update"] = (
            (today - date.fromisoformat(last)).days if last and not withheld else None)
        row["is_open"] = bool(row["is_open"])
    return result


def tracker_counts(connection: Connection, by: str, key: str | None = None,
                   access: ExemptAccess = SEES_EVERYTHING) -> list[dict[str, Any]]:
    """Counts of recommendations and actions by status, per review or per commission, over
    the items this reader may see."""
    column = "review_reference" if by == "review" else "commission"
    conditions, parameters = visible_items(access, "tracker.item_id", "tracker.review_id")
    if key:
        conditions.append(f"{column} = ?")
        parameters.append(key)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return connection.query(
        f"SELECT {column} AS grouping, item_kind, status, COUNT(*) AS count FROM tracker{where} "
        f"GROUP BY {column}, item_kind, status ORDER BY {column}, item_kind, status",
        parameters,
    )


# --- exemptions ----------------------------------------------------------------------------------

def exemptions(
    connection: Connection, today: date, past_review_date: bool = False,
    review_id: str | None = None, page: int = 1, page_size: int = 100,
) -> Page:
    """Every exemption in force, soonest review date first; optionally only those past it."""
    where: list[str] = []
    parameters: list[Any] = []
    if past_review_date:
        where.append("review_by < ?")
        parameters.append(today.isoformat())
    if review_id:
        where.append("review_id = ?")
        parameters.append(review_id)
    result = _paged(
        connection,
        "SELECT subject_id, review_id, review_reference, subject_kind, label, note_number, "
        "paragraphs, reason, review_by, marked_by, marked_on FROM exemptions",
        where, parameters, "review_by, exemption_id", page, page_size,
    )
    for row in result.items:
        paragraphs = [int(p) for p in row["paragraphs"].split(",")]
        row["citation"] = citation(paragraphs)
        row["note_number"] = row["note_number"] or None
        row["days_past_review"] = max(0, (today - date.fromisoformat(row["review_by"])).days)
    return result
