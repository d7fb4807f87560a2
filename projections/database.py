"""Connections to the views' tables, which live in the same database as the event store.

One code path for SQLite and PostgreSQL: SQL is written with ``?`` placeholders and portable
types (dates as ISO text, which sorts as dates do); PostgreSQL connections put the configured
schema first on the search path.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

# Bump when a view's layout changes: views of another version are dropped and rebuilt from the
# log when the read models start (they are derived data; the log is untouched).
SCHEMA_VERSION = 7

TABLES = [
    """CREATE TABLE IF NOT EXISTS projection_tracking (
        view TEXT PRIMARY KEY,
        position BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS review_list (
        review_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        title TEXT NOT NULL,
        commission TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        proposed_on TEXT NOT NULL,
        referred_to_osmb_on TEXT,
        submitted_to_cabinet_on TEXT,
        cabinet_responded_on TEXT,
        closed_on TEXT,
        recommendation_count INTEGER NOT NULL,
        action_count INTEGER NOT NULL,
        open_count INTEGER NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        dates_known TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS review_list_commission ON review_list (commission, status)",
    "CREATE INDEX IF NOT EXISTS review_list_status ON review_list (status)",
    "CREATE INDEX IF NOT EXISTS review_list_reference ON review_list (reference)",
    """CREATE TABLE IF NOT EXISTS tracker (
        item_id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL,
        review_reference TEXT NOT NULL,
        commission TEXT NOT NULL,
        item_kind TEXT NOT NULL,
        label TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        status TEXT NOT NULL,
        rag TEXT,
        responsible_officer TEXT,
        target_date TEXT,
        last_update_on TEXT,
        last_update_note TEXT,
        last_update_exempt INTEGER NOT NULL,
        monitoring_since TEXT,
        is_open INTEGER NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        last_update_known TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS tracker_review ON tracker (review_id, sort_key)",
    "CREATE INDEX IF NOT EXISTS tracker_commission ON tracker (commission, status)",
    "CREATE INDEX IF NOT EXISTS tracker_officer ON tracker (responsible_officer)",
    # An officer's items, as answers_for compares names (projections/queries.py).
    "CREATE INDEX IF NOT EXISTS tracker_officer_key ON tracker "
    "(LOWER(TRIM(responsible_officer)))",
    "CREATE INDEX IF NOT EXISTS tracker_stale ON tracker (last_update_on, monitoring_since) "
    "WHERE monitoring_since IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS deadline_register (
        deadline_id TEXT PRIMARY KEY,
        review_id TEXT NOT NULL,
        review_reference TEXT NOT NULL,
        review_title TEXT NOT NULL,
        commission TEXT NOT NULL,
        item_id TEXT NOT NULL,
        item_label TEXT,
        rule TEXT NOT NULL,
        starts TEXT NOT NULL,
        original_due TEXT NOT NULL,
        due TEXT NOT NULL,
        met_on TEXT,
        cancelled INTEGER NOT NULL,
        owner TEXT,
        extensions TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        met_known TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS deadline_open ON deadline_register (due) "
    "WHERE met_on IS NULL AND cancelled = 0",
    "CREATE INDEX IF NOT EXISTS deadline_review ON deadline_register (review_id, due)",
    "CREATE INDEX IF NOT EXISTS deadline_item ON deadline_register (item_id)",
    "CREATE INDEX IF NOT EXISTS deadline_commission ON deadline_register (commission, due)",
    "CREATE INDEX IF NOT EXISTS deadline_owner ON deadline_register (owner, due)",
    "CREATE INDEX IF NOT EXISTS deadline_rule ON deadline_register (rule, due)",
    "CREATE INDEX IF NOT EXISTS deadline_open_commission ON deadline_register (commission, due) "
    "WHERE met_on IS NULL AND cancelled = 0",
    "CREATE INDEX IF NOT EXISTS deadline_open_owner ON deadline_register (owner, due) "
    "WHERE met_on IS NULL AND cancelled = 0",
    "CREATE INDEX IF NOT EXISTS deadline_open_rule ON deadline_register (rule, due) "
    "WHERE met_on IS NULL AND cancelled = 0",
    # The next day each open deadline is due a reminder: the sweep reads only the rows whose day
    # has come, so its cost follows the reminders due, not the deadlines open.
    """CREATE TABLE IF NOT EXISTS reminder_schedule (
        deadline_id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        due TEXT NOT NULL,
        next_on TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS reminder_schedule_next ON reminder_schedule (next_on, deadline_id)",
    "CREATE INDEX IF NOT EXISTS reminder_schedule_item ON reminder_schedule (item_id)",
    """CREATE TABLE IF NOT EXISTS reminders (
        reminder_id TEXT PRIMARY KEY,
        reminder_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        deadline_id TEXT,
        review_id TEXT,
        due TEXT,
        subject_line TEXT NOT NULL,
        recipients TEXT NOT NULL,
        unreached TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT,
        queued_on TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        answer TEXT,
        message_id TEXT,
        needs_action INTEGER NOT NULL,
        version INTEGER NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS reminders_needing_action ON reminders (queued_at) "
    "WHERE needs_action = 1",
    "CREATE INDEX IF NOT EXISTS reminders_pending ON reminders (status, next_attempt_at) "
    "WHERE status IN ('queued', 'sending', 'retrying')",
    "CREATE INDEX IF NOT EXISTS reminders_deadline ON reminders (deadline_id, queued_on)",
    "CREATE INDEX IF NOT EXISTS reminders_queued ON reminders (queued_on, kind)",
    """CREATE TABLE IF NOT EXISTS exemptions (
        exemption_id TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL,
        review_id TEXT NOT NULL,
        review_reference TEXT NOT NULL,
        subject_kind TEXT NOT NULL,
        label TEXT,
        note_number INTEGER NOT NULL,
        paragraphs TEXT NOT NULL,
        reason TEXT NOT NULL,
        review_by TEXT NOT NULL,
        marked_by TEXT NOT NULL,
        marked_on TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS exemptions_subject ON exemptions (subject_id, note_number)",
    "CREATE INDEX IF NOT EXISTS exemptions_review_by ON exemptions (review_by)",
    """CREATE TABLE IF NOT EXISTS audit_trail (
        position BIGINT PRIMARY KEY,
        aggregate_id TEXT NOT NULL,
        aggregate_kind TEXT NOT NULL,
        version INTEGER NOT NULL,
        review_id TEXT NOT NULL,
        item_label TEXT,
        event TEXT NOT NULL,
        what TEXT NOT NULL,
        actor TEXT NOT NULL,
        business_date TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        source TEXT,
        change TEXT,
        details TEXT NOT NULL,
        note_number INTEGER,
        date_known TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS audit_aggregate ON audit_trail (aggregate_id, version)",
    "CREATE INDEX IF NOT EXISTS audit_review ON audit_trail (review_id, position)",
    # The work programme: meetings, and the items on them (with follow-ups).
    """CREATE TABLE IF NOT EXISTS meetings (
        meeting_id TEXT PRIMARY KEY,
        commission TEXT NOT NULL,
        meets_on TEXT NOT NULL,
        municipal_year TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS meetings_commission ON meetings (commission, meets_on)",
    """CREATE TABLE IF NOT EXISTS work_programme (
        item_id TEXT PRIMARY KEY,
        commission TEXT NOT NULL,
        reference TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        meeting_on TEXT,
        agenda_number INTEGER,
        follow_up_due TEXT,
        added_on TEXT NOT NULL,
        added_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS work_programme_meeting ON work_programme "
    "(commission, meeting_on)",
    "CREATE INDEX IF NOT EXISTS work_programme_status ON work_programme (commission, status)",
    "CREATE INDEX IF NOT EXISTS audit_actor ON audit_trail (actor, position)",
    "CREATE INDEX IF NOT EXISTS audit_event ON audit_trail (event, position)",
    "CREATE INDEX IF NOT EXISTS audit_business_date ON audit_trail (business_date)",
    "CREATE INDEX IF NOT EXISTS audit_recorded_at ON audit_trail (recorded_at)",
]

# Indexes the projector's own statements need while writing (its deletes and counts by item and
# review); a rebuild keeps these, and makes the others only once the rows are in.
WRITER_INDEXES = {"tracker_review", "deadline_item", "exemptions_subject",
                  "reminder_schedule_item"}


def _is_query_index(statement: str) -> bool:
    if not statement.startswith("CREATE INDEX"):
        return False
    return statement.split()[5] not in WRITER_INDEXES


VIEW_TABLES = ["review_list", "tracker", "deadline_register", "reminder_schedule", "reminders",
               "exemptions", "audit_trail", "meetings", "work_programme"]
VIEWS = ["review_list", "tracker", "deadline_register", "reminders", "audit_trail"]


class Cursor(Protocol):
    rowcount: int

    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


class ViewDatabase:
    """Opens connections to the views' database; SQL uses ``?`` placeholders on both stores."""

    def __init__(self, env: dict[str, str]) -> None:
        module = env.get("PERSISTENCE_MODULE", "")
        if module == "eventsourcing.sqlite":
            self.dialect = "sqlite"
        elif module == "eventsourcing.postgres":
            self.dialect = "postgres"
        else:
            raise ValueError(
                "Read models need SQLite or PostgreSQL; the in-memory store has no tables"
            )
        self.env = env
        self._local = threading.local()

    def connection(self) -> Connection:
        """This thread's connection for reads and small writes: opened on first use, replaced
        if the server dropped it."""
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is not None and connection.is_broken():
            self._local.connection = None
            with contextlib.suppress(Exception):  # a broken connection may fail to close
                connection.raw.close()
            connection = None
        if connection is None:
            connection = self.connect()
            self._local.connection = connection
        return connection

    def connect(self) -> Connection:
        """A new connection of the caller's own."""
        if self.dialect == "sqlite":
            raw = sqlite3.connect(self.env["SQLITE_DBNAME"], timeout=30, isolation_level=None,
                                  check_same_thread=False)
            raw.execute("PRAGMA journal_mode=WAL")
            raw.execute("PRAGMA busy_timeout=30000")
            # In WAL mode a commit survives a crash of the process even so.
            raw.execute("PRAGMA synchronous=NORMAL")
            return Connection(raw, "sqlite")
        import psycopg

        options = ""
        if schema := self.env.get("POSTGRES_SCHEMA"):
            options = f"-c search_path={schema}"
        raw_pg = psycopg.connect(
            dbname=self.env["POSTGRES_DBNAME"], host=self.env["POSTGRES_HOST"],
            port=self.env["POSTGRES_PORT"], user=self.env["POSTGRES_USER"],
            password=self.env.get("POSTGRES_PASSWORD", ""), options=options, autocommit=True,
            connect_timeout=int(self.env.get("POSTGRES_CONNECT_TIMEOUT", "10")),
        )
        return Connection(raw_pg, "postgres")

    def create_tables(self, indexes: bool = True, settings: str | None = None) -> str | None:
        """Create the views' tables if missing, with the indexes the projector's own writes use
        and, unless told not to, the indexes the screens' queries use.

        Views of another layout, or (given ``settings``, the council settings' fingerprint)
        built under other council settings, are dropped to be projected again; the answer says
        why, or is None when the views were kept.
        """
        dropped: str | None = None
        with self.connect() as connection, connection.transaction():
            connection.execute("CREATE TABLE IF NOT EXISTS view_schema (version INTEGER NOT NULL)")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS view_settings (fingerprint TEXT NOT NULL)"
            )
            found = connection.query("SELECT version FROM view_schema")
            built_with = connection.query("SELECT fingerprint FROM view_settings")
            stale_settings = settings is not None and (
                not built_with or built_with[0]["fingerprint"] != settings
            )
            if found and found[0]["version"] != SCHEMA_VERSION:
                dropped = f"the views' layout changed (version {found[0]['version']} to " \
                          f"{SCHEMA_VERSION})"
            elif found and stale_settings and built_with:
                dropped = "the council settings that deadlines and reminders follow changed"
            if not found or found[0]["version"] != SCHEMA_VERSION or stale_settings:
                for table in [*VIEW_TABLES, "projection_tracking"]:
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                connection.execute("DELETE FROM view_schema")
                connection.execute("INSERT INTO view_schema (version) VALUES (?)",
                                   (SCHEMA_VERSION,))
            if settings is not None and stale_settings:
                connection.execute("DELETE FROM view_settings")
                connection.execute("INSERT INTO view_settings (fingerprint) VALUES (?)",
                                   (settings,))
            for statement in TABLES:
                if indexes or not _is_query_index(statement):
                    connection.execute(statement)
            for view in VIEWS:
                connection.execute(
                    "INSERT INTO projection_tracking (view, position) VALUES (?, 0) "
                    "ON CONFLICT (view) DO NOTHING",
                    (view,),
                )
        return dropped

    def create_indexes(self) -> None:
        """Make the screens' indexes once a rebuild has written the rows, and gather the
        planner's statistics: without them, PostgreSQL plans the first queries after a bulk
        load as if the tables were empty."""
        with self.connect() as connection, connection.transaction():
            for statement in TABLES:
                if _is_query_index(statement):
                    connection.execute(statement)
            for table in VIEW_TABLES:
                connection.execute(f"ANALYZE {table}")

    def unready(self, settings: str | None = None) -> str | None:
        """Why the views cannot be used as they stand without creating or dropping anything
        (tables missing, another layout, other council settings), or None when they can."""
        with self.connect() as connection:
            try:
                found = connection.query("SELECT version FROM view_schema")
                built_with = connection.query("SELECT fingerprint FROM view_settings")
                connection.query("SELECT position FROM projection_tracking LIMIT 1")
            except Exception:  # any failure here means the tables are not there
                return "the views' tables have not been made"
        if not found:
            return "the views' tables have not been made"
        if found[0]["version"] != SCHEMA_VERSION:
            return (f"the views are of layout version {found[0]['version']}, this release needs "
                    f"{SCHEMA_VERSION}")
        if settings is not None and (not built_with or built_with[0]["fingerprint"] != settings):
            return "the views were built under other council settings"
        return None

    def drop_views(self) -> None:
        with self.connect() as connection, connection.transaction():
            for table in [*VIEW_TABLES, "projection_tracking"]:
                connection.execute(f"DROP TABLE IF EXISTS {table}")


class Connection:
    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def is_broken(self) -> bool:
        """A PostgreSQL connection whose server went away; it is replaced on next use."""
        return self.dialect == "postgres" and bool(self.raw.closed or self.raw.broken)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgres" else sql

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(self._sql(sql), tuple(parameters))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "postgres":
            with self.raw.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        else:
            self.raw.executemany(sql, rows)

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """Many large transactions to come (a rebuild): on SQLite, let the write-ahead log grow
        to 256 MiB between checkpoints instead of 4 MiB, so pages rewritten batch after batch
        are copied into the database file (and synced) far less often; afterwards, checkpoint
        and shrink the log again. Each transaction is as durable as ever."""
        if self.dialect != "sqlite":
            yield
            return
        self.raw.execute("PRAGMA wal_autocheckpoint=65536")
        try:
            yield
        finally:
            self.raw.execute("PRAGMA wal_autocheckpoint=1000")
            self.raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if self.dialect == "postgres":
            from psycopg.rows import dict_row

            with self.raw.cursor(row_factory=dict_row) as cursor:
                cursor.execute(self._sql(sql), tuple(parameters))
                return list(cursor.fetchall())
        cursor = self.raw.execute(sql, tuple(parameters))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.dialect == "postgres":
            with self.raw.transaction():
                yield
            return
        self.raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        self.raw.execute("COMMIT")
