"""Backup, restore, and moving a store between SQLite and PostgreSQL (reading and checking a backup
file: operations/backup_file.py).

A backup is one gzip'd JSON Lines file. Its first line, the header, says what it is (format and
version, the views' layout version, the kind of store, when, the log's head, how many records of
each kind, the SHA-256 of every line after it, and the digest of the views at the snapshot).
Then every stored event exactly as stored (notification id, aggregate id and version, topic and
the stored bytes), then the rows of every table that cannot be rebuilt from the events:
accounts, API tokens (hashed), calendar feeds (hashed keys) and the audit chain (its entries are
evidence: recomputing them from the events would launder a change, see
``projections/audit_chain.py``). Everything is read in one snapshot (a read transaction on
SQLite, REPEATABLE READ READ ONLY on PostgreSQL), so a backup taken while the server records is
the store as it stood at one moment. The file is written beside its destination and renamed
into place: there is never half a backup under the name asked for.

Left out on purpose: the views (rebuilt from the events on restore), web sessions (a copied
session would be a live sign-in wherever the file goes; everyone signs in again) and recent
sign-in failures (they only slow password guessing for a quarter of an hour). A table this
module does not know about stops the backup rather than being left out unnoticed.

A restore goes into an empty store only, so nothing is ever mixed. It checks the whole file
first (format, version, SHA-256, counts; a damaged or truncated file writes nothing), writes the
events with their notification ids and the kept tables in one transaction, rebuilds the views,
verifies the audit chain and compares the views' digest with the backup's. Should the rebuild
fail, what was written is removed again.
"""

from __future__ import annotations

__all__ = [
    "FORMAT_VERSION",
    "BackupRefused",
    "BackupSummary",
    "BackupUnreadable",
    "RestoreSummary",
    "back_up",
    "check_backup",
    "copy_store",
    "holds_event_store",
    "restore",
]

import base64
import contextlib
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from application.service import ScrutinyService
from identity.accounts import Accounts
from operations.backup_file import (
    FORMAT,
    FORMAT_VERSION,
    KEPT,
    BackupUnreadable,
    as_uuid,
    check_backup,
    opened,
    read_header,
    read_records,
)
from operations.settings import store_environment
from projections.audit_chain import TABLE as AUDIT_CHAIN_TABLE
from projections.audit_chain import Verification
from projections.database import SCHEMA_VERSION, VIEW_TABLES, Connection, ViewDatabase
from projections.read_models import ReadModels
from projections.views_digest import ViewsDigest, views_digest

LEFT_OUT = {
    "web_sessions": "web sessions: a copied session would be a live sign-in wherever the file "
                    "goes, so everyone signs in again",
    "sign_in_failures": "recent sign-in failures: they only slow password guessing for a "
                        "quarter of an hour",
}
DERIVED = {*VIEW_TABLES, "projection_tracking", "view_schema", "view_settings"}
_PAGE = 1000


class BackupRefused(Exception):
    """The backup or restore could not be made, for the reason given; nothing was written."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    header: dict[str, Any]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.header["counts"])


@dataclass(frozen=True)
class RestoreSummary:
    header: dict[str, Any]
    projected: int
    chain: Verification
    digest: ViewsDigest
    # True or False when the digests could be compared; None with the reason when not.
    digest_matches: bool | None
    digest_note: str | None = None
    differing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.digest_matches is not False


# --- the store's own tables -------------------------------------------------------------------


@dataclass(frozen=True)
class _Store:
    """Where a service's events live, for SQL of our own beside the library's."""

    database: ViewDatabase
    events_table: str  # the bare name
    schema: str | None  # PostgreSQL's

    @classmethod
    def of(cls, service: ScrutinyService) -> _Store:
        recorder: Any = service.recorder
        database = ViewDatabase(service.env)
        schema = recorder.datastore.schema if database.dialect == "postgres" else None
        return cls(database, recorder.events_table_name, schema)

    @property
    def dialect(self) -> str:
        return self.database.dialect

    @property
    def events(self) -> str:
        """The events table as SQL."""
        if self.schema is None:
            return self.events_table
        return f"{_quoted(self.schema)}.{_quoted(self.events_table)}"

    @property
    def id_column(self) -> str:
        return "rowid" if self.dialect == "sqlite" else "notification_id"

    def tables(self, connection: Connection) -> set[str]:
        if self.dialect == "sqlite":
            rows = connection.query("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%'")
            return {row["name"] for row in rows}
        rows = connection.query("SELECT table_name AS name FROM information_schema.tables "
                                "WHERE table_schema = ?", (self.schema,))
        return {row["name"] for row in rows}


def holds_event_store(service: ScrutinyService) -> bool:
    """Whether the service's store has its events table (opened without creating tables)."""
    store = _Store.of(service)
    with store.database.connect() as connection:
        return store.events_table in store.tables(connection)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- backup -----------------------------------------------------------------------------------


def back_up(service: ScrutinyService, out: Path) -> BackupSummary:
    """Write a backup of ``service``'s store to ``out`` (replaced whole, or not at all)."""
    store = _Store.of(service)
    # Views at the head when the snapshot is taken give the digest without a rebuild. Views
    # this process would have to drop first (another layout, other council settings) are left
    # as they are: a backup changes nothing the server relies on.
    if store.database.unready(service.deadline_engine.settings.views_fingerprint()) is None:
        ReadModels(service, store.database, create_tables=False).catch_up_with_log()
    out = Path(out)
    if out.is_dir():
        raise BackupRefused(f"--out {out} is a folder; name the file to write")
    if not out.parent.is_dir():
        raise BackupRefused(f"--out {out}: there is no folder {out.parent}")
    written = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with tempfile.TemporaryFile(dir=out.parent) as body:
            header = _write_body(service, store, body)
            if header["views_digest"] is None:
                # Events were recorded between the catch-up and the snapshot: the digest comes
                # from the backup's own events, rebuilt in a scratch store.
                body.seek(0)
                digest, fingerprint = _scratch_digest(service, body, out.parent)
                header["views_digest"] = digest.as_json()
                header["views_settings"] = fingerprint
            body.seek(0)
            # It holds exempt information and credential hashes: for its owner's eyes only.
            with os.fdopen(os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                           "wb") as file:
                line = json.dumps(header, ensure_ascii=False) + "\n"
                file.write(gzip.compress(line.encode("utf-8"), mtime=0))
                # A gzip file may hold several members; readers see one stream.
                shutil.copyfileobj(body, file)
                file.flush()
                os.fsync(file.fileno())
        os.replace(written, out)
        _sync_folder(out.parent)
    except OSError as error:
        raise BackupRefused(f"Cannot write {out}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            written.unlink()
    return BackupSummary(out, header)


def _write_body(service: ScrutinyService, store: _Store, body: IO[bytes]) -> dict[str, Any]:
    """Everything after the header, from one snapshot, into ``body`` (gzip'd); the header."""
    counts = {"events": 0, **{table: 0 for table in KEPT}}
    checksum = hashlib.sha256()
    with gzip.GzipFile(fileobj=body, mode="wb", mtime=0) as zipped, \
            _snapshot(store.database) as connection:

        def put(record: dict[str, Any]) -> None:
            data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
                    ).encode("utf-8")
            checksum.update(data)
            zipped.write(data)

        present = store.tables(connection)
        unknown = sorted(present - set(KEPT) - set(LEFT_OUT) - DERIVED - {store.events_table})
        if unknown:
            raise BackupRefused(
                f"The store holds table(s) {', '.join(unknown)} that the backup does not know: "
                "say whether each is kept (KEPT in operations/backup_file.py), left out "
                "(LEFT_OUT in operations/backup.py) or rebuilt from the events (the views), so "
                "none is lost unnoticed.")
        head = int(connection.query(
            f"SELECT MAX({store.id_column}) AS head FROM {store.events}")[0]["head"] or 0)
        if head == 0:
            raise BackupRefused("The store holds no events: there is nothing to back up. Is "
                                "SCRUTINY_DATABASE_URL (or --from) the right store?")
        for event in _stored_events(connection, store, head):
            put(event)
            counts["events"] += 1
        for table, key in KEPT.items():
            if table not in present:
                continue
            for row in _rows(connection, table, key):
                put({"table": table, "row": row})
                counts[table] += 1
        digest, fingerprint = _digest_if_current(connection, present, head)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "view_schema_version": SCHEMA_VERSION, "store": store.dialect,
        "created_at": service.clock.now().isoformat(), "head": head, "counts": counts,
        "body_sha256": checksum.hexdigest(),
        "views_digest": digest.as_json() if digest else None, "views_settings": fingerprint,
        "left_out": {**LEFT_OUT, "views": "the views: rebuilt from the events on restore"},
    }


@contextmanager
def _snapshot(database: ViewDatabase) -> Iterator[Connection]:
    """A connection whose every read sees the store as it stood at its first read."""
    with database.connect() as connection:
        # SQLite (write-ahead log): a read transaction keeps the snapshot of its first read.
        connection.raw.execute("BEGIN" if connection.dialect == "sqlite" else
                               "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield connection
        finally:
            connection.raw.execute("ROLLBACK")


def _stored_events(connection: Connection, store: _Store, head: int
                   ) -> Iterator[dict[str, Any]]:
    after, column = 0, store.id_column
    while True:
        rows = connection.query(
            f"SELECT {column} AS id, originator_id, originator_version, topic, state "
            f"FROM {store.events} WHERE {column} > ? AND {column} <= ? ORDER BY {column} "
            f"LIMIT {_PAGE}", (after, head))
        for row in rows:
            state = row["state"]
            state = bytes(state) if not isinstance(state, str) else state.encode("utf-8")
            event: dict[str, Any] = {
                "event": int(row["id"]), "originator_id": str(as_uuid(row["originator_id"])),
                "originator_version": int(row["originator_version"]), "topic": row["topic"],
            }
            try:
                event["state"] = state.decode("utf-8")
            except UnicodeDecodeError:
                event["state_base64"] = base64.b64encode(state).decode("ascii")
            yield event
        if len(rows) < _PAGE:
            return
        after = int(rows[-1]["id"])


def _rows(connection: Connection, table: str, key: str) -> Iterator[dict[str, Any]]:
    ordered = key if key == "position" or connection.dialect == "sqlite" else \
        f'{key} COLLATE "C"'
    after: Any = None
    while True:
        where = "" if after is None else f"WHERE {ordered} > ? "
        rows = connection.query(f"SELECT * FROM {table} {where}ORDER BY {ordered} LIMIT {_PAGE}",
                                () if after is None else (after,))
        for row in rows:
            for name, value in row.items():
                if value is not None and not isinstance(value, str | int):
                    raise BackupRefused(f"{table}.{name} holds a {type(value).__name__}, which "
                                        "the backup format does not carry")
            yield row
        if len(rows) < _PAGE:
            return
        after = rows[-1][key]


def _digest_if_current(connection: Connection, present: set[str], head: int
                       ) -> tuple[ViewsDigest | None, str | None]:
    """The views' digest in the snapshot, if they stand at its head in this release's layout
    under known council settings."""
    if not DERIVED.issubset(present):
        return None, None
    version = connection.query("SELECT version FROM view_schema")
    settings = connection.query("SELECT fingerprint FROM view_settings")
    tracked = connection.query("SELECT MIN(position) AS low, MAX(position) AS high "
                               "FROM projection_tracking")[0]
    if not version or version[0]["version"] != SCHEMA_VERSION or not settings or \
            (tracked["low"], tracked["high"]) != (head, head):
        return None, None
    return views_digest(connection), settings[0]["fingerprint"]


def _scratch_digest(service: ScrutinyService, body: IO[bytes], folder: Path
                    ) -> tuple[ViewsDigest, str]:
    """The digest of the views rebuilt from a backup's body in a scratch SQLite store."""
    with tempfile.TemporaryDirectory(dir=folder, prefix=".scrutiny-views-") as scratch:
        target = ScrutinyService(env=store_environment(f"sqlite:///{scratch}/views.db"),
                                 clock=service.clock, council=service.deadline_engine.settings)
        try:
            store = _Store.of(target)
            _make_tables(store)
            with gzip.GzipFile(fileobj=body, mode="rb") as lines, \
                    store.database.connect() as connection, connection.transaction():
                _insert(connection, store, read_records(lines))
            read_models = ReadModels(target, store.database)
            read_models.projector.rebuild()
            with store.database.connect() as connection:
                digest = views_digest(connection)
        finally:
            target.close()
    return digest, service.deadline_engine.settings.views_fingerprint()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be synced
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- reading a backup -------------------------------------------------------------------------


# --- restore ----------------------------------------------------------------------------------


def restore(service: ScrutinyService, path: Path) -> RestoreSummary:
    """Restore the backup at ``path`` into ``service``'s store, which must be empty."""
    path = Path(path)
    header = check_backup(path)
    store = _Store.of(service)
    _make_tables(store)
    with store.database.connect() as connection, connection.transaction():
        if store.dialect == "postgres":
            connection.execute(f"LOCK TABLE {store.events} IN EXCLUSIVE MODE")
        _refuse_unless_empty(connection, store)
        with opened(path) as lines:
            read_header(lines)
            _insert_refusing(connection, store, read_records(lines, header))
    try:
        read_models = ReadModels(service, store.database)
        projected = read_models.projector.rebuild()
        chain = read_models.projector.audit_chain.verify()
        with store.database.connect() as connection:
            digest = views_digest(connection)
    except BaseException:  # Ctrl-C too: an empty store again, for the restore to be re-run
        _clear(store)
        raise
    matches, note, differing = _compare(header, digest, service)
    return RestoreSummary(header, projected, chain, digest, matches, note, differing)


def _make_tables(store: _Store) -> None:
    """The kept tables, as this release makes them (the events' table is the library's)."""
    Accounts(store.database)
    with store.database.connect() as connection:
        connection.execute(AUDIT_CHAIN_TABLE)


def _refuse_unless_empty(connection: Connection, store: _Store) -> None:
    held = []
    for table, what in ((store.events, "events"), ("accounts", "accounts"),
                        ("api_tokens", "API tokens"), ("calendar_feeds", "calendar feeds"),
                        ("audit_chain", "audit chain entries")):
        count = int(connection.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
        if count:
            held.append(f"{count} {what}")
    if held:
        raise BackupRefused(
            f"The store is not empty: it holds {', '.join(held)}. A restore goes only into an "
            "empty store, so that nothing is mixed or overwritten: point it at a new SQLite "
            "file or an empty PostgreSQL schema (postgresql://…?schema=NEW). Nothing was "
            "written.")


def _insert_refusing(connection: Connection, store: _Store,
                     records: Iterator[dict[str, Any]]) -> None:
    """``_insert``, with the database's refusal of a row (a constraint) in words."""
    import psycopg

    try:
        _insert(connection, store, records)
    except (sqlite3.DatabaseError, psycopg.Error) as error:
        raise BackupRefused(f"The store refused the backup's records ({error}); nothing was "
                            "written.") from None


def _insert(connection: Connection, store: _Store, records: Iterator[dict[str, Any]]) -> None:
    """Write the records as they stream, in batches: events with their notification ids, then
    the kept tables' rows (the file holds them in the order they must be written)."""
    column = store.id_column
    insert_event = (f"INSERT INTO {store.events} ({column}, originator_id, originator_version, "
                    "topic, state) VALUES (?, ?, ?, ?, ?)")
    columns = {table: _columns(connection, table) for table in KEPT}
    statement, batch = insert_event, list[tuple[Any, ...]]()
    for record in records:
        if "event" in record:
            originator: UUID = record["originator_id"]
            wanted, values = insert_event, (
                record["event"], originator.hex if store.dialect == "sqlite" else originator,
                record["originator_version"], record["topic"], record["state"])
        else:
            table, row = record["table"], record["row"]
            unknown = sorted(set(row) - columns[table])
            if unknown:
                raise BackupUnreadable(f"The backup's {table} rows have column(s) "
                                       f"{', '.join(unknown)}, which this release's {table} "
                                       "lacks")
            names = sorted(row)
            wanted = (f"INSERT INTO {table} ({', '.join(names)}) "
                      f"VALUES ({', '.join('?' for _ in names)})")
            values = tuple(row[name] for name in names)
        if wanted != statement or len(batch) >= _PAGE:
            connection.executemany(statement, batch)
            statement, batch = wanted, []
        batch.append(values)
    connection.executemany(statement, batch)
    if store.dialect == "postgres":
        # The next event recorded gets the number after the last restored.
        connection.execute(
            f"SELECT setval(pg_get_serial_sequence(?, 'notification_id'), "
            f"COALESCE(MAX(notification_id), 1), MAX(notification_id) IS NOT NULL) "
            f"FROM {store.events}", (store.events,))


def _columns(connection: Connection, table: str) -> set[str]:
    cursor: Any = connection.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    names = {column[0] for column in cursor.description}
    cursor.fetchall()
    return names


def _clear(store: _Store) -> None:
    """Remove what a failed restore wrote (the store was empty before it)."""
    store.database.drop_views()
    with store.database.connect() as connection, connection.transaction():
        for table in [*reversed(KEPT), store.events]:
            connection.execute(f"DELETE FROM {table}")


def _compare(header: dict[str, Any], digest: ViewsDigest, service: ScrutinyService
             ) -> tuple[bool | None, str | None, list[str]]:
    expected = header.get("views_digest")
    if not isinstance(expected, dict) or not isinstance(expected.get("sha256"), str):
        return None, "the backup holds no digest of its views", []
    if header.get("view_schema_version") != SCHEMA_VERSION:
        return None, (f"the views' layout changed since the backup (version "
                      f"{header.get('view_schema_version')} to {SCHEMA_VERSION})"), []
    if header.get("views_settings") not in (
            None, service.deadline_engine.settings.views_fingerprint()):
        return None, ("the views here follow other council settings than the backed-up store's "
                      "(due dates and reminder days differ)"), []
    if expected["sha256"] == digest.sha256:
        return True, None, []
    return False, None, digest.differences(expected)


# --- moving a store ---------------------------------------------------------------------------


def copy_store(source: ScrutinyService, target: ScrutinyService
               ) -> tuple[BackupSummary, RestoreSummary]:
    """Copy ``source``'s store into ``target``'s empty one (SQLite to PostgreSQL or back),
    through a backup file in a scratch folder, with the restore's checks."""
    with tempfile.TemporaryDirectory(prefix="scrutiny-copy-") as scratch:
        backup = back_up(source, Path(scratch) / "copy.jsonl.gz")
        return backup, restore(target, backup.path)
