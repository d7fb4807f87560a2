"""A digest of the views' contents: one SHA-256 that two stores share exactly when their views
hold the same rows, whichever database (SQLite or PostgreSQL) they live in.

Every view table is read in the order of its key (byte order, so PostgreSQL's collation cannot
reorder text), each row written as the JSON array of its values in the order of its column
names, and hashed per table; the digest hashes the tables' names, row counts and digests. Every
column counts: nothing in the views records when it was projected (the audit trail's
``recorded_at`` is the event's own time), so a rebuild from the same events under the same
council settings gives the same digest. The tracking positions are left out: they say how far
the views have read, not what they hold.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from projections.database import VIEW_TABLES, Connection

# Each view's key: its rows are read in this order.
KEYS = {
    "review_list": "review_id", "tracker": "item_id", "deadline_register": "deadline_id",
    "reminder_schedule": "deadline_id", "reminders": "reminder_id",
    "exemptions": "exemption_id", "audit_trail": "position", "meetings": "meeting_id",
    "work_programme": "item_id",
}
_NUMERIC_KEYS = {"position"}
_PAGE = 2000


@dataclass(frozen=True)
class TableDigest:
    table: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class ViewsDigest:
    sha256: str
    tables: tuple[TableDigest, ...]

    def as_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256,
                "tables": {t.table: {"rows": t.rows, "sha256": t.sha256} for t in self.tables}}

    def differences(self, other: dict[str, Any]) -> list[str]:
        """The tables whose rows differ from ``other`` (another digest's ``as_json``)."""
        theirs = other.get("tables", {})
        return [t.table for t in self.tables
                if theirs.get(t.table) != {"rows": t.rows, "sha256": t.sha256}]


def views_digest(connection: Connection) -> ViewsDigest:
    """The digest of every view table as ``connection`` sees them (inside a transaction, as of
    its snapshot)."""
    missing = sorted(set(VIEW_TABLES) - set(KEYS))
    assert not missing, f"views without a key for their digest: {missing}"
    tables = tuple(_table_digest(connection, table) for table in VIEW_TABLES)
    whole = hashlib.sha256()
    for table in tables:
        whole.update(f"{table.table} {table.rows} {table.sha256}\n".encode())
    return ViewsDigest(whole.hexdigest(), tables)


def _table_digest(connection: Connection, table: str) -> TableDigest:
    key = KEYS[table]
    ordered = key if key in _NUMERIC_KEYS or connection.dialect == "sqlite" \
        else f'{key} COLLATE "C"'
    digest, rows, after = hashlib.sha256(), 0, None
    while True:
        where = "" if after is None else f"WHERE {ordered} > ? "
        page = connection.query(
            f"SELECT * FROM {table} {where}ORDER BY {ordered} LIMIT {_PAGE}",
            () if after is None else (after,),
        )
        for row in page:
            values = [_plain(row[name]) for name in sorted(row)]
            digest.update(json.dumps(values, ensure_ascii=False, separators=(",", ":"))
                          .encode("utf-8") + b"\n")
        rows += len(page)
        if len(page) < _PAGE:
            return TableDigest(table, rows, digest.hexdigest())
        after = page[-1][key]


def _plain(value: Any) -> Any:
    """A value as both databases give it: text, a whole number or nothing."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value
