"""The audit chain: a SHA-256 hash chain over the event log, so that an event changed, deleted or
slipped in after it was recorded can be shown.

Each recorded event gets one entry in the table ``audit_chain``, in notification order. An
entry's hash covers the event as stored and the hash of the entry before it, so changing any
chained event breaks every hash from there on. The recipe (version 1), which an auditor can
recompute with any SHA-256 tool::

    hash = SHA-256( previous_hash  LF  position  LF  originator_id  LF  originator_version
                    LF  topic  LF  state )

- ``LF`` is the single byte 0x0A; the result is written as 64 lower-case hexadecimal digits;
- ``previous_hash`` is the previous entry's hash in hexadecimal; the first entry's is 64 zeros;
- ``position`` (the event's notification id) and ``originator_version`` are decimal numbers;
- ``originator_id`` is the aggregate's UUID, lower case with hyphens
  (``4893f9e5-47f6-5698-9366-86b0b695796b``);
- ``topic`` is the event's topic as stored (``domain.review:Review.Proposed``), UTF-8;
- ``state`` is the stored event data exactly as stored: the event's JSON, UTF-8, uncompressed.

Only ``state`` can hold a line feed and it comes last, so the fields cannot run into each other.

The chain is not a view: rebuilding the views never drops or recomputes it (recomputing would
launder a change), and an entry once written is never rewritten. ``extend()`` appends entries
for events recorded since the last one, a batch per transaction; extenders in two processes are
serialised (SQLite's write lock; an explicit table lock on PostgreSQL), and the position is the
primary key, so the chain can neither fork nor hold an event twice. Events already in the log
when the chain first runs are chained as they stand then.

A chain kept in the same database can be recomputed by whoever can write to that database; what
makes it evidence is a head hash kept elsewhere (``scrutiny audit export`` prints it), which a
later ``verify --anchor HASH`` shows is still in the chain.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.persistence import Notification

from application.service import ScrutinyService
from projections.database import Connection, ViewDatabase

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
EXPORT_FORMAT = "scrutiny-audit-chain"
RECIPE_VERSION = 1
RECIPE = (
    "hash = lower-case hex SHA-256 of the UTF-8 fields previous_hash, position, originator_id, "
    "originator_version, topic and the stored state bytes, joined by a single line feed "
    "(0x0A) in that order, state last. previous_hash is the previous line's hash (64 zeros for "
    "the first event); position and originator_version are decimal; originator_id is the UUID "
    "in lower case with hyphens; state is the event's JSON exactly as stored: encode this "
    "file's 'state' text as UTF-8 (or decode 'state_base64' where the stored bytes were not "
    "UTF-8)."
)

TABLE = """CREATE TABLE IF NOT EXISTS audit_chain (
    position BIGINT PRIMARY KEY,
    originator_id TEXT NOT NULL,
    originator_version BIGINT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    chained_at TEXT NOT NULL
)"""


def chain_hash(previous_hash: str, position: int, originator_id: str, originator_version: int,
               topic: str, state: bytes) -> str:
    """The entry hash of the recipe in this module's docstring."""
    material = b"\n".join([
        previous_hash.encode("utf-8"), str(position).encode("ascii"),
        originator_id.encode("utf-8"), str(originator_version).encode("ascii"),
        topic.encode("utf-8"), state,
    ])
    return hashlib.sha256(material).hexdigest()


@dataclass(frozen=True)
class ChainEntry:
    position: int
    originator_id: str
    originator_version: int
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the store (or an export) holds it."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not match, in words for the person who must look at it."""

    reason: str
    position: int | None = None
    originator_id: str | None = None
    originator_version: int | None = None
    topic: str | None = None
    line: int | None = None  # of an export file

    def describe(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.position is not None:
            where.append(f"position {self.position}")
        if self.originator_id is not None:
            where.append(f"aggregate {self.originator_id} version {self.originator_version}")
        if self.topic:
            where.append(f"event {self.topic}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


@dataclass(frozen=True)
class Verification:
    checked: int
    head_position: int
    head_hash: str
    broken: ChainBreak | None
    # Recorded events not yet chained when the check began (None for an export file).
    unchained: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "checked": self.checked, "unchained": self.unchained,
            "head_position": self.head_position, "head_hash": self.head_hash,
            "break": asdict(self.broken) if self.broken else None,
        }


@dataclass(frozen=True)
class ExportSummary:
    events: int
    head_position: int
    head_hash: str
    unchained: int
    broken: ChainBreak | None


# A position with its chain entry and its stored event; either may be missing.
_Pair = tuple[int, ChainEntry | None, RecordedEvent | None]


class ExportUnreadable(Exception):
    """The file is not an audit-chain export this version can read; the message says where."""


def check_link(previous_hash: str, entry: ChainEntry, event: RecordedEvent | None) -> str | None:
    """Why ``entry`` does not match the event at its position and the entry before it; None if
    it does."""
    if entry.previous_hash != previous_hash:
        return ("the chain entry's previous hash does not match the hash of the entry before "
                "it: chain entries were changed or removed")
    if event is None:
        return "the event is missing from the store (deleted) though it was chained"
    if (event.originator_id, event.originator_version) != (
            entry.originator_id, entry.originator_version):
        return (f"the chain holds aggregate {entry.originator_id} version "
                f"{entry.originator_version} at this position but the store holds aggregate "
                f"{event.originator_id} version {event.originator_version}")
    recomputed = chain_hash(previous_hash, entry.position, entry.originator_id,
                            entry.originator_version, event.topic, event.state)
    if recomputed != entry.hash:
        return ("the event's data changed after it was chained: it now hashes to "
                f"{recomputed}, the chain says {entry.hash}")
    return None


def _is_unique_violation(error: Exception) -> bool:
    if isinstance(error, sqlite3.IntegrityError):
        return True
    from psycopg.errors import UniqueViolation

    return isinstance(error, UniqueViolation)


def _recorded(notification: Notification) -> RecordedEvent:
    state = notification.state
    if not isinstance(state, bytes):  # a value written into SQLite as text, not as a blob
        state = str(state).encode("utf-8")
    return RecordedEvent(notification.id, _uuid_text(notification.originator_id),
                         notification.originator_version, notification.topic, state)


def _uuid_text(originator_id: UUID | str) -> str:
    return str(originator_id) if isinstance(originator_id, UUID) else str(UUID(originator_id))


class AuditChain:
    def __init__(self, service: ScrutinyService, database: ViewDatabase,
                 batch_size: int = 500) -> None:
        self.service = service
        self.database = database
        self.batch_size = batch_size
        self._connection: Connection | None = None

    def connection(self) -> Connection:
        if self._connection is not None and self._connection.is_broken():
            self.close()
        if self._connection is None:
            connection = self.database.connect()
            try:
                connection.execute(TABLE)
            except Exception as error:
                # PostgreSQL's IF NOT EXISTS is no guard against another process creating the
                # table at the same moment: that one's table will do.
                if not _is_unique_violation(error):
                    connection.raw.close()
                    raise
            self._connection = connection
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.raw.close()
            finally:
                self._connection = None

    def head(self) -> tuple[int, str]:
        """The last chained position and its hash; (0, 64 zeros) for an empty chain."""
        rows = self.connection().query(
            "SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1")
        return (int(rows[0]["position"]), rows[0]["hash"]) if rows else (0, GENESIS_HASH)

    # --- extending ----------------------------------------------------------------------------

    def extend(self) -> int:
        """Chain every event recorded after the chain's head; returns how many were chained."""
        done = 0
        while added := self._extend_batch():
            done += added
        return done

    def _extend_batch(self) -> int:
        connection = self.connection()
        # Cheap when there is nothing new: no write transaction, no lock.
        if (self.service.recorder.max_notification_id() or 0) <= self.head()[0]:
            return 0
        # The events are read before the write transaction begins: on SQLite that transaction
        # holds the file's write lock, and reading the event store inside it (through the
        # store's own pool, which request threads may have filled while they wait for that
        # lock) would leave each side waiting on the other.
        position, previous = self.head()
        notifications = self.service.recorder.select_notifications(
            start=position, limit=self.batch_size, inclusive_of_start=False)
        if not notifications:
            return 0
        try:
            with connection.transaction():
                if connection.dialect == "postgres":
                    # SQLite's BEGIN IMMEDIATE already admits one writer at a time.
                    connection.execute("LOCK TABLE audit_chain IN EXCLUSIVE MODE")
                if self.head() != (position, previous):
                    return 0  # another process chained them meanwhile; go on from its head
                chained_at = self.service.clock.now().isoformat()
                rows = []
                for notification in notifications:
                    event = _recorded(notification)
                    linked = chain_hash(previous, event.position, event.originator_id,
                                        event.originator_version, event.topic, event.state)
                    rows.append((event.position, event.originator_id, event.originator_version,
                                 previous, linked, chained_at))
                    previous = linked
                connection.executemany(
                    "INSERT INTO audit_chain (position, originator_id, originator_version, "
                    "previous_hash, hash, chained_at) VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except Exception as error:
            if not _is_unique_violation(error):
                raise
            log.warning("another process chained these events first")
            return 0
        return len(rows)

    # --- checking -----------------------------------------------------------------------------

    def verify(self, anchor: str | None = None) -> Verification:
        """Recompute the chain from the stored events, streaming; stops at the first break.

        Events recorded after the chain's head are counted, not chained. With ``anchor`` (a head
        hash published earlier), the chain must also still hold that hash.
        """
        head_position, _ = self.head()
        previous, checked, verified_position, anchored = GENESIS_HASH, 0, 0, anchor is None
        broken: ChainBreak | None = None
        for _, entry, event in self._side_by_side(head_position):
            broken = self._break_at(previous, entry, event)
            if broken:
                break
            assert entry is not None
            previous, verified_position = entry.hash, entry.position
            checked += 1
            anchored = anchored or entry.hash == anchor
        if broken is None and not anchored:
            broken = ChainBreak(
                f"the anchor hash {anchor} is not in the chain: entries were removed or "
                "rewritten since it was published")
        return Verification(checked=checked, head_position=verified_position,
                            head_hash=previous, broken=broken,
                            unchained=self._count_after(head_position))

    def export(self, out: TextIO) -> ExportSummary:
        """Write the chain as JSON Lines: a header with the recipe and counts, then one line per
        chained event with its stored data, its hashes and the audit trail's words for it."""
        head_position, head_hash = self.head()
        events = self.connection().query(
            "SELECT COUNT(*) AS n FROM audit_chain WHERE position <= ?", (head_position,)
        )[0]["n"]
        unchained = self._count_after(head_position)
        out.write(json.dumps({
            "format": EXPORT_FORMAT, "recipe_version": RECIPE_VERSION, "recipe": RECIPE,
            "genesis_previous_hash": GENESIS_HASH, "events": int(events),
            "head_position": head_position, "head_hash": head_hash,
            "unchained_when_exported": unchained,
            "exported_at": self.service.clock.now().isoformat(),
        }, ensure_ascii=False) + "\n")
        previous, written = GENESIS_HASH, 0
        broken: ChainBreak | None = None
        for batch in self._batches(self._side_by_side(head_position)):
            words = self._audit_words(batch[0][0], batch[-1][0])
            for _, entry, event in batch:
                # Written as stored, breaks included: the auditor's own check must find them.
                broken = broken or self._break_at(previous, entry, event)
                if entry is None:
                    continue
                out.write(json.dumps(_export_line(entry, event, words.get(entry.position)),
                                     ensure_ascii=False) + "\n")
                previous = entry.hash
                written += 1
        return ExportSummary(written, head_position, head_hash, unchained, broken)

    def _break_at(self, previous: str, entry: ChainEntry | None,
                  event: RecordedEvent | None) -> ChainBreak | None:
        if entry is None:
            assert event is not None
            return ChainBreak(
                "the event is in the store but not in the chain, though later events are: it "
                "was inserted after they were chained, or its chain entry was removed",
                event.position, event.originator_id, event.originator_version, event.topic)
        reason = check_link(previous, entry, event)
        if reason is None:
            return None
        return ChainBreak(reason, entry.position, entry.originator_id, entry.originator_version,
                          event.topic if event else None)

    # --- reading, in bounded batches ----------------------------------------------------------

    def _entries(self, up_to: int) -> Iterator[ChainEntry]:
        after = 0
        while True:
            rows = self.connection().query(
                "SELECT position, originator_id, originator_version, previous_hash, hash "
                "FROM audit_chain WHERE position > ? AND position <= ? ORDER BY position "
                "LIMIT ?", (after, up_to, self.batch_size))
            for row in rows:
                yield ChainEntry(int(row["position"]), row["originator_id"],
                                 int(row["originator_version"]), row["previous_hash"],
                                 row["hash"])
            if len(rows) < self.batch_size:
                return
            after = int(rows[-1]["position"])

    def _events(self, after: int, up_to: int | None) -> Iterator[RecordedEvent]:
        while True:
            notifications = self.service.recorder.select_notifications(
                start=after, limit=self.batch_size, stop=up_to, inclusive_of_start=False)
            for notification in notifications:
                yield _recorded(notification)
            if len(notifications) < self.batch_size:
                return
            after = notifications[-1].id

    def _count_after(self, position: int) -> int:
        return sum(1 for _ in self._events(position, None))

    def _side_by_side(self, up_to: int) -> Iterator[_Pair]:
        """Chain entries and stored events up to ``up_to``, paired by position: both where both
        exist, else the one that does."""
        entries, events = self._entries(up_to), self._events(0, up_to)
        entry, event = next(entries, None), next(events, None)
        while entry is not None or event is not None:
            if event is None or (entry is not None and entry.position < event.position):
                assert entry is not None
                yield entry.position, entry, None
                entry = next(entries, None)
            elif entry is None or event.position < entry.position:
                yield event.position, None, event
                event = next(events, None)
            else:
                yield entry.position, entry, event
                entry, event = next(entries, None), next(events, None)

    def _batches(self, pairs: Iterator[_Pair]) -> Iterator[list[_Pair]]:
        batch: list[_Pair] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _audit_words(self, first: int, last: int) -> dict[int, dict[str, Any]]:
        """Who, when and what from the audit-trail view, where it has the positions already."""
        rows = self.connection().query(
            "SELECT position, actor, business_date, recorded_at, what, event FROM audit_trail "
            "WHERE position >= ? AND position <= ?", (first, last))
        return {int(row.pop("position")): row for row in rows}


def _export_line(entry: ChainEntry, event: RecordedEvent | None,
                 words: dict[str, Any] | None) -> dict[str, Any]:
    line: dict[str, Any] = {
        "position": entry.position, "originator_id": entry.originator_id,
        "originator_version": entry.originator_version,
        "topic": event.topic if event else None, "state": None,
    }
    if event is not None:
        try:
            line["state"] = event.state.decode("utf-8")
        except UnicodeDecodeError:
            line["state_base64"] = base64.b64encode(event.state).decode("ascii")
    line["previous_hash"] = entry.previous_hash
    line["hash"] = entry.hash
    words = words or {}
    for name in ("actor", "business_date", "recorded_at", "what", "event"):
        line[name] = words.get(name)
    return line


def verify_export(lines: Iterable[str], anchor: str | None = None) -> Verification:
    """Check an export file's chain with nothing but the file; stops at the first break.

    Raises ``ExportUnreadable`` for a file that is not an export (no header, a line that is not
    JSON or lacks a field).
    """
    numbered = enumerate(lines, start=1)
    header = _header(next(numbered, (1, "")))
    previous, checked, last_position, anchored = GENESIS_HASH, 0, 0, anchor is None
    for number, text in numbered:
        if not text.strip():
            continue
        entry, event = _parse_line(number, text)
        if entry.position <= last_position:
            reason: str | None = f"positions out of order: {entry.position} follows {last_position}"
        elif event is None:
            reason = "the event's data is missing (it was deleted from the store before the export)"
        else:
            reason = check_link(previous, entry, event)
        if reason:
            return _offline(checked, last_position, previous, ChainBreak(
                reason, entry.position, entry.originator_id, entry.originator_version,
                event.topic if event else None, line=number))
        previous, last_position, checked = entry.hash, entry.position, checked + 1
        anchored = anchored or entry.hash == anchor
    if checked != header["events"]:
        return _offline(checked, last_position, previous, ChainBreak(
            f"the file holds {checked} events but its header says {header['events']}: lines "
            "were removed or added"))
    if previous != header["head_hash"]:
        return _offline(checked, last_position, previous, ChainBreak(
            f"the last line's hash {previous} is not the header's head hash "
            f"{header['head_hash']}"))
    if not anchored:
        return _offline(checked, last_position, previous, ChainBreak(
            f"the anchor hash {anchor} is not in the file's chain"))
    return _offline(checked, last_position, previous, None)


def _offline(checked: int, position: int, head: str, broken: ChainBreak | None) -> Verification:
    return Verification(checked=checked, head_position=position, head_hash=head, broken=broken)


def _header(numbered: tuple[int, str]) -> dict[str, Any]:
    number, text = numbered
    try:
        header = json.loads(text)
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
        raise ExportUnreadable(f"line {number}: not an audit-chain export (no header line "
                               f"with format {EXPORT_FORMAT!r})")
    if header.get("recipe_version") != RECIPE_VERSION:
        raise ExportUnreadable(f"line {number}: recipe version {header.get('recipe_version')!r} "
                               f"is not understood; this version reads {RECIPE_VERSION}")
    if not isinstance(header.get("events"), int) or not isinstance(header.get("head_hash"), str):
        raise ExportUnreadable(f"line {number}: the header lacks 'events' or 'head_hash'")
    return header


def _parse_line(number: int, text: str) -> tuple[ChainEntry, RecordedEvent | None]:
    try:
        line = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ExportUnreadable(f"line {number}: not JSON ({error})") from None
    if not isinstance(line, dict):
        raise ExportUnreadable(f"line {number}: not a JSON object")
    fields = {"position": int, "originator_id": str, "originator_version": int,
              "previous_hash": str, "hash": str}
    for name, kind in fields.items():
        if not isinstance(line.get(name), kind) or isinstance(line.get(name), bool):
            raise ExportUnreadable(f"line {number}: '{name}' is missing or not a {kind.__name__}")
    entry = ChainEntry(line["position"], line["originator_id"], line["originator_version"],
                       line["previous_hash"], line["hash"])
    state: bytes | None = None
    if isinstance(line.get("state"), str):
        state = line["state"].encode("utf-8")
    elif isinstance(line.get("state_base64"), str):
        try:
            state = base64.b64decode(line["state_base64"], validate=True)
        except binascii.Error:
            raise ExportUnreadable(f"line {number}: 'state_base64' is not base64") from None
    if state is None:
        return entry, None
    if not isinstance(line.get("topic"), str):
        raise ExportUnreadable(f"line {number}: 'topic' is missing or not a str")
    return entry, RecordedEvent(entry.position, entry.originator_id, entry.originator_version,
                                line["topic"], state)
