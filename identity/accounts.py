"""Accounts, API tokens, calendar feeds and web sessions, kept beside the event store.

Secrets are never stored: passwords as Argon2id hashes (argon2-cffi), API tokens, calendar feed
keys and session ids as SHA-256 hashes (they are long random strings, so a fast hash is enough),
each shown once when made. Accounts are not events: a password or token, even hashed, must not
live for ever in an immutable log. Who made an account or token, and when, is kept in its row.

A token looks like ``scr_<id>_<secret>`` (a calendar feed key ``cal_<id>_<secret>``): the id
finds the row, the secret is checked against its hash in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.access import ACCOUNT_ROLES, Principal, Role
from domain.errors import AlreadyExists, InvalidCommand, NotAuthenticated, NotFound, TooManyAttempts
from domain.values import require_one_line
from projections.database import Connection, ViewDatabase

TABLES = [
    """CREATE TABLE IF NOT EXISTS accounts (
        name TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        acts_for TEXT NOT NULL,
        password_hash TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS api_tokens (
        token_id TEXT PRIMARY KEY,
        account TEXT NOT NULL REFERENCES accounts (name),
        label TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        last_used_on TEXT,
        revoked_at TEXT,
        revoked_by TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS api_tokens_account ON api_tokens (account)",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        session_hash TEXT PRIMARY KEY,
        account TEXT NOT NULL REFERENCES accounts (name),
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS sign_in_failures (
        login TEXT NOT NULL,
        failed_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS sign_in_failures_login ON sign_in_failures (login, failed_at)",
    """CREATE TABLE IF NOT EXISTS calendar_feeds (
        feed_id TEXT PRIMARY KEY,
        account TEXT NOT NULL REFERENCES accounts (name),
        label TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_fetched_on TEXT,
        revoked_at TEXT,
        revoked_by TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS calendar_feeds_account ON calendar_feeds (account)",
]

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Reminders go to this address by SMTP, which (without the SMTPUTF8 extension, which council
# relays rarely offer) carries ASCII addresses only.
EMAIL = re.compile(r"^[!-?A-~]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")
MINIMUM_PASSWORD = 12
SESSION_LENGTH = timedelta(hours=8)
# Sign-in pauses for an account after this many failures within the window.
FAILURES_ALLOWED = 5
FAILURE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Checked against when an account does not exist, so that a wrong name costs as much time as
# a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


@dataclass(frozen=True)
class Account:
    name: str
    email: str
    role: Role
    acts_for: tuple[str, ...]
    has_password: bool
    created_at: str
    created_by: str

    @property
    def principal(self) -> Principal:
        return Principal(name=self.name, role=self.role, acts_for=self.acts_for)


@dataclass(frozen=True)
class Token:
    token_id: str
    account: str
    label: str
    created_at: str
    created_by: str
    last_used_on: str | None
    revoked_at: str | None
    revoked_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class CalendarFeed:
    """A read-only calendar subscription: its key is the only credential a calendar program
    such as Outlook can send, so it reads deadlines and nothing else."""

    feed_id: str
    account: str
    label: str
    created_at: str
    last_fetched_on: str | None
    revoked_at: str | None
    revoked_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf_token: str
    expires_at: str


@dataclass(frozen=True)
class _Credential:
    """A kind of secret handed out as ``<prefix>_<id>_<secret>`` and kept as a hash."""

    prefix: str
    table: str
    id_column: str
    hash_column: str
    used_column: str


TOKENS = _Credential("scr", "api_tokens", "token_id", "secret_hash", "last_used_on")
FEEDS = _Credential("cal", "calendar_feeds", "feed_id", "key_hash", "last_fetched_on")


class Accounts:
    def __init__(self, database: ViewDatabase, create_tables: bool = True) -> None:
        self.database = database
        if create_tables:
            self.create_tables(database)

    @staticmethod
    def tables_missing(database: ViewDatabase) -> bool:
        """True if the accounts' tables have not been made (`scrutiny db migrate` makes them)."""
        with database.connect() as connection:
            try:
                connection.query("SELECT name FROM accounts LIMIT 1")
                connection.query("SELECT token_id FROM api_tokens LIMIT 1")
            except Exception:  # any failure here means the tables are not there
                return True
        return False

    @staticmethod
    def create_tables(database: ViewDatabase) -> None:
        with database.connect() as connection, connection.transaction():
            for statement in TABLES:
                connection.execute(statement)

    def _connection(self) -> Connection:
        return self.database.connection()

    # --- accounts -----------------------------------------------------------------------------

    def add(
        self, name: str, email: str, role: str, now: datetime, created_by: str,
        acts_for: tuple[str, ...] = (), password: str | None = None,
    ) -> Account:
        name = name.strip()
        if not NAME.match(name):
            raise InvalidCommand(
                "name", f"{name!r} is not a usable account name: 2–64 characters, lower-case "
                "letters, digits, '.', '_' or '-', starting with a letter or digit",
            )
        if not EMAIL.match(email.strip()):
            raise InvalidCommand("email", f"{email!r} is not an email address reminders can be "
                                 "sent to (letters, digits and punctuation without spaces, as "
                                 "name@council.gov.uk; no accented letters)")
        if role not in {r.value for r in ACCOUNT_ROLES}:
            raise InvalidCommand(
                "role", f"{role!r} is not a role; accounts are "
                + ", ".join(r.value for r in ACCOUNT_ROLES)
                + " (the public needs no account)",
            )
        cleaned = tuple(dict.fromkeys(require_one_line("acts_for", a.strip())
                                      for a in acts_for if a.strip()))
        if cleaned and role != Role.OFFICER:
            raise InvalidCommand("acts_for", "only officers report for named officers")
        password_hash = _hash_password(password) if password is not None else None
        connection = self._connection()
        with connection.transaction():
            taken = connection.query(
                "SELECT name, email FROM accounts WHERE name = ? OR lower(email) = lower(?)",
                (name, email.strip()),
            )
            if taken:
                what = "name" if taken[0]["name"] == name else "email"
                raise AlreadyExists(f"An account with that {what} already exists")
            connection.execute(
                "INSERT INTO accounts (name, email, role, acts_for, password_hash, created_at, "
                "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, email.strip(), role, json.dumps(list(cleaned)), password_hash,
                 now.isoformat(), created_by),
            )
        return self.get(name)

    def get(self, name: str) -> Account:
        rows = self._connection().query("SELECT * FROM accounts WHERE name = ?", (name,))
        if not rows:
            raise NotFound(f"No account named {name!r}")
        return _account(rows[0])

    def all(self) -> list[Account]:
        rows = self._connection().query("SELECT * FROM accounts ORDER BY name")
        return [_account(row) for row in rows]

    def set_password(self, name: str, password: str) -> None:
        password_hash = _hash_password(password)
        moved = self._connection().execute(
            "UPDATE accounts SET password_hash = ? WHERE name = ?", (password_hash, name)
        ).rowcount
        if not moved:
            raise NotFound(f"No account named {name!r}")

    # --- signing in with a password -----------------------------------------------------------

    def sign_in(self, login: str, password: str, now: datetime) -> Account:
        """The account whose name or email is ``login``, if ``password`` is right.

        After five failures within fifteen minutes sign-in pauses for that account, whichever
        of its name and email was typed, until the oldest of them is fifteen minutes old,
        whatever the password. Failures for a login that names no account are counted for
        that login as typed, with the same limit, and the answer is the same, so a pause says
        nothing about which accounts exist.
        """
        key = login.strip().casefold()
        connection = self._connection()
        rows = connection.query(
            "SELECT * FROM accounts WHERE name = ? OR lower(email) = ?", (key, key)
        )
        counted = f"account:{rows[0]['name']}" if rows else f"login:{key}"
        since = (now - FAILURE_WINDOW).isoformat()
        failures = connection.query(
            "SELECT failed_at FROM sign_in_failures WHERE login = ? AND failed_at > ? "
            "ORDER BY failed_at DESC",
            (counted, since),
        )
        if len(failures) >= FAILURES_ALLOWED:
            oldest = datetime.fromisoformat(failures[FAILURES_ALLOWED - 1]["failed_at"])
            wait = max(1, int((oldest + FAILURE_WINDOW - now).total_seconds()) + 1)
            raise TooManyAttempts(
                f"Too many failed sign-ins for {login.strip()!r}; try again in "
                f"{(wait + 59) // 60} minute(s).",
                retry_after_seconds=wait,
            )
        stored = rows[0]["password_hash"] if rows and rows[0]["password_hash"] else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            ok = bool(rows) and stored is not _DUMMY_HASH
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            with connection.transaction():
                connection.execute(
                    "INSERT INTO sign_in_failures (login, failed_at) VALUES (?, ?)",
                    (counted, now.isoformat()),
                )
                connection.execute(
                    "DELETE FROM sign_in_failures WHERE failed_at < ?",
                    ((now - 2 * FAILURE_WINDOW).isoformat(),),
                )
            raise NotAuthenticated("That name or email and password do not match an account.")
        connection.execute("DELETE FROM sign_in_failures WHERE login = ?", (counted,))
        return _account(rows[0])

    # --- API tokens ---------------------------------------------------------------------------

    def create_token(
        self, account: str, label: str, now: datetime, created_by: str
    ) -> tuple[Token, str]:
        """A new token for ``account``; the secret text is returned here and never again."""
        self.get(account)
        label = require_one_line("label", label.strip())
        if not label or len(label) > 100:
            raise InvalidCommand("label", "name the token in 1–100 characters, e.g. 'laptop'")
        token_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        self._connection().execute(
            "INSERT INTO api_tokens (token_id, account, label, secret_hash, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?)",
            (token_id, account, label, _digest(secret), now.isoformat(), created_by),
        )
        return self.token(token_id), f"scr_{token_id}_{secret}"

    def token(self, token_id: str) -> Token:
        rows = self._connection().query(
            "SELECT * FROM api_tokens WHERE token_id = ?", (token_id,)
        )
        if not rows:
            raise NotFound(f"No token with id {token_id!r}")
        return _token(rows[0])

    def tokens(self, account: str | None = None) -> list[Token]:
        if account is None:
            rows = self._connection().query("SELECT * FROM api_tokens ORDER BY created_at")
        else:
            rows = self._connection().query(
                "SELECT * FROM api_tokens WHERE account = ? ORDER BY created_at", (account,)
            )
        return [_token(row) for row in rows]

    def revoke_token(self, token_id: str, now: datetime, revoked_by: str) -> Token:
        if self.token(token_id).active:
            self._revoke(TOKENS, token_id, now, revoked_by)
        return self.token(token_id)

    def principal_for_token(self, text: str, now: datetime) -> Principal:
        found = self._holder(TOKENS, text, now)
        if found is None:
            raise NotAuthenticated("That is not a scrutiny API token (they start 'scr_').")
        if not found:
            raise NotAuthenticated("That API token is not known.")
        if found["revoked_at"]:
            raise NotAuthenticated("That API token has been revoked.")
        return _account(found).principal

    def _holder(self, kind: _Credential, text: str, now: datetime) -> dict[str, Any] | None:
        """The credential ``text`` (``<prefix>_<id>_<secret>``) with its account's columns:
        None when it is not of that form, an empty row when no such credential has that secret.
        Using an active one notes the day (once a day, to spare the database a write per
        request)."""
        parts = text.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != kind.prefix or not parts[1] or not parts[2]:
            return None
        connection = self._connection()
        rows = connection.query(
            f"SELECT c.{kind.hash_column} AS secret_hash, c.revoked_at, "
            f"c.{kind.used_column} AS used_on, a.* FROM {kind.table} c "
            f"JOIN accounts a ON a.name = c.account WHERE c.{kind.id_column} = ?",
            (parts[1],),
        )
        if not rows or not hmac.compare_digest(rows[0]["secret_hash"], _digest(parts[2])):
            return {}
        today = now.date().isoformat()
        if not rows[0]["revoked_at"] and rows[0]["used_on"] != today:
            connection.execute(
                f"UPDATE {kind.table} SET {kind.used_column} = ? WHERE {kind.id_column} = ?",
                (today, parts[1]),
            )
        return rows[0]

    def _revoke(self, kind: _Credential, credential_id: str, now: datetime,
                revoked_by: str) -> None:
        self._connection().execute(
            f"UPDATE {kind.table} SET revoked_at = ?, revoked_by = ? "
            f"WHERE {kind.id_column} = ? AND revoked_at IS NULL",
            (now.isoformat(), revoked_by, credential_id),
        )

    # --- calendar feeds -----------------------------------------------------------------------

    def create_calendar_feed(
        self, account: str, label: str, now: datetime
    ) -> tuple[CalendarFeed, str]:
        """A new feed for ``account``; its key is returned here and never again.

        The key looks like ``cal_<id>_<secret>`` and, like an API token's, is kept only as the
        SHA-256 hash of its secret.
        """
        self.get(account)
        label = require_one_line("label", label.strip())
        if not label or len(label) > 100:
            raise InvalidCommand("label", "name the feed in 1–100 characters, e.g. 'Outlook'")
        feed_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        self._connection().execute(
            "INSERT INTO calendar_feeds (feed_id, account, label, key_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (feed_id, account, label, _digest(secret), now.isoformat()),
        )
        return self.calendar_feed(feed_id), f"cal_{feed_id}_{secret}"

    def calendar_feed(self, feed_id: str) -> CalendarFeed:
        rows = self._connection().query(
            "SELECT * FROM calendar_feeds WHERE feed_id = ?", (feed_id,)
        )
        if not rows:
            raise NotFound(f"No calendar feed with id {feed_id!r}")
        return _calendar_feed(rows[0])

    def calendar_feeds(self, account: str) -> list[CalendarFeed]:
        rows = self._connection().query(
            "SELECT * FROM calendar_feeds WHERE account = ? ORDER BY created_at, feed_id",
            (account,),
        )
        return [_calendar_feed(row) for row in rows]

    def revoke_calendar_feed(self, feed_id: str, now: datetime, revoked_by: str) -> CalendarFeed:
        if self.calendar_feed(feed_id).active:
            self._revoke(FEEDS, feed_id, now, revoked_by)
        return self.calendar_feed(feed_id)

    def principal_for_calendar_key(self, key: str, now: datetime) -> Principal:
        """Whose feed ``key`` opens, as the account stands now (its role and titles today).

        An unknown, malformed or revoked key is NotFound, the same answer for each, so the
        address of a revoked feed reveals nothing.
        """
        found = self._holder(FEEDS, key, now)
        if not found or found["revoked_at"]:
            raise NotFound("There is no calendar feed at this address (it may have been "
                           "revoked); make a new one with POST /calendar/feeds.")
        return _account(found).principal

    # --- web sessions -------------------------------------------------------------------------

    def start_session(self, account: Account, now: datetime) -> tuple[str, WebSession]:
        """A session for ``account``: returns the cookie value (shown once) and the session."""
        cookie = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = (now + SESSION_LENGTH).isoformat()
        connection = self._connection()
        with connection.transaction():
            connection.execute("DELETE FROM web_sessions WHERE expires_at < ?", (now.isoformat(),))
            connection.execute(
                "INSERT INTO web_sessions (session_hash, account, csrf_token, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?)",
                (_digest(cookie), account.name, csrf, now.isoformat(), expires),
            )
        return cookie, WebSession(account.principal, csrf, expires)

    def session(self, cookie: str, now: datetime) -> WebSession | None:
        rows = self._connection().query(
            "SELECT s.csrf_token, s.expires_at, a.* FROM web_sessions s "
            "JOIN accounts a ON a.name = s.account WHERE s.session_hash = ? AND s.expires_at > ?",
            (_digest(cookie), now.isoformat()),
        )
        if not rows:
            return None
        return WebSession(_account(rows[0]).principal, rows[0]["csrf_token"],
                          rows[0]["expires_at"])

    def end_session(self, cookie: str) -> None:
        self._connection().execute(
            "DELETE FROM web_sessions WHERE session_hash = ?", (_digest(cookie),)
        )


def same_secret(sent: str, expected: str) -> bool:
    """Constant-time comparison of a secret sent by a client with the one expected; any text
    (compare_digest refuses non-ASCII str, which a client may well send)."""
    return hmac.compare_digest(sent.encode("utf-8", "surrogateescape"),
                               expected.encode("utf-8", "surrogateescape"))


def _hash_password(password: str) -> str:
    if len(password) < MINIMUM_PASSWORD:
        raise InvalidCommand(
            "password", f"use at least {MINIMUM_PASSWORD} characters (a short phrase is good)"
        )
    return _hasher.hash(password)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _account(row: dict[str, Any]) -> Account:
    return Account(
        name=row["name"], email=row["email"], role=Role(row["role"]),
        acts_for=tuple(json.loads(row["acts_for"])), has_password=bool(row["password_hash"]),
        created_at=row["created_at"], created_by=row["created_by"],
    )


def _token(row: dict[str, Any]) -> Token:
    return Token(
        token_id=row["token_id"], account=row["account"], label=row["label"],
        created_at=row["created_at"], created_by=row["created_by"],
        last_used_on=row["last_used_on"], revoked_at=row["revoked_at"],
        revoked_by=row["revoked_by"],
    )


def _calendar_feed(row: dict[str, Any]) -> CalendarFeed:
    return CalendarFeed(
        feed_id=row["feed_id"], account=row["account"], label=row["label"],
        created_at=row["created_at"], last_fetched_on=row["last_fetched_on"],
        revoked_at=row["revoked_at"], revoked_by=row["revoked_by"],
    )
