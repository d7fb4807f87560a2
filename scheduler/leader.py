"""One projector and one reminder scheduler at a time, however many worker processes serve.

On PostgreSQL the role goes to whichever process holds a session-level advisory lock, taken on a
connection of its own and keyed by the store's database and schema (so two councils' stores on
one server never contend). A holder that dies (killed, crashed, or cut off from the server)
loses its connection and with it the lock; the other workers try for it every ``retry`` seconds,
so one of them takes the role over within seconds. The holder checks its lock connection on every
tick and gives the role up as soon as the connection is lost. Even in the moment two might
overlap nothing is done twice: the projector claims each batch of views by their position, and a
reminder is claimed by one sender before it is sent.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Callable

from projections.database import Connection, ViewDatabase

log = logging.getLogger(__name__)

ROLE = "projector and reminder scheduler"


def role_lock_key(env: dict[str, str]) -> int:
    """The advisory lock's key for this store: a signed 64-bit number from its name."""
    name = (f"scrutiny role:{env.get('POSTGRES_DBNAME', '')}:"
            f"{env.get('POSTGRES_SCHEMA', 'public')}")
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class SingleHolder:
    """Runs ``start_role`` (which starts the role and answers a function that stops it) in one
    process at a time, for as long as this process holds the store's advisory lock."""

    def __init__(self, database: ViewDatabase, start_role: Callable[[], Callable[[], None]],
                 retry: float = 1.0) -> None:
        self.database = database
        self.start_role = start_role
        self.retry = retry
        self.key = role_lock_key(database.env)
        store = database.env.get("POSTGRES_SCHEMA") or database.env.get("POSTGRES_DBNAME", "")
        self.name = f"scrutiny role ({store})"
        self.holding = threading.Event()
        self.attempts = 0
        """How many times this process has asked for the lock."""

    def run(self, stop: threading.Event) -> None:
        """Contend for the role until ``stop`` is set."""
        while not stop.is_set():
            connection: Connection | None = None
            stop_role: Callable[[], None] | None = None
            try:
                connection = self.database.connect()
                # Who holds the role, as the server's activity list shows it.
                connection.query("SELECT set_config('application_name', ?, false) AS name",
                                 (f"{self.name}, pid {os.getpid()}"[:63],))
                self.attempts += 1
                taken = connection.query("SELECT pg_try_advisory_lock(?) AS taken",
                                         (self.key,))[0]["taken"]
                if taken:
                    log.info("process %d took the %s role", os.getpid(), ROLE)
                    self.holding.set()
                    stop_role = self.start_role()
                    # Hold it while the lock's connection answers; a lost connection is a lost
                    # lock, and another process may have the role a moment later.
                    while not stop.wait(self.retry):
                        connection.query("SELECT 1 AS alive")
            except Exception as error:
                log.warning("the %s role is given up or not to be had: %s", ROLE, error)
            finally:
                self.holding.clear()
                if stop_role is not None:
                    log.info("process %d gives up the %s role", os.getpid(), ROLE)
                    with contextlib.suppress(Exception):
                        stop_role()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.raw.close()  # closing the session releases the lock
            stop.wait(self.retry)
