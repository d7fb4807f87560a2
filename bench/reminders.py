"""Benchmark of the reminder sweep: its cost must follow the reminders due, not the deadlines
open. Prints one JSON object.

    .venv/bin/python -m bench.reminders [--sizes 10000 1000000] [--due 100] [--database-url URL]

For each size it fills a database of its own with that many open deadlines in the deadline
register and the reminder schedule (rows written straight into the views: the sweep reads only
views, and projecting a million deadlines through the service would take the benchmark's whole
budget), of which ``--due`` have a reminder due on the sweep's day, and then gathers statistics
and checkpoints, as a database in service would have done long since. Then, five rounds, the
sizes taking turns within each round so that the database server is in the same state for each
(a fresh group of due deadlines each round), it times:
- the sweep with ``--due`` reminders due: reading the schedule, queueing each reminder through the
  service (an event each) and projecting the queued events;
- the same sweep with nothing left due;
and last the baseline, measured in the same run: a sweep without the schedule, which must look
at every open deadline to work out whether a reminder is due today.
The target: sweep time at the largest size ≤ 2 × sweep time at the smallest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from application.service import ScrutinyService
from domain.clock import LONDON, FixedClock
from domain.council_settings import (
    CommissionContacts,
    Contact,
    CouncilSettings,
    ReminderPolicy,
    ReminderSettings,
)
from operations.settings import store_environment
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from scheduler.recipients import Person
from scheduler.sweep import Sweep

FIRST_SWEEP = date(2026, 11, 23)
ROUNDS = 5
COMMISSION = "Improving Lives Select Commission"
COUNCIL = CouncilSettings(
    statutory_scrutiny_officer=Contact(name="Statutory Scrutiny Officer",
                                       email="sso@council.example"),
    commissions={COMMISSION: CommissionContacts(
        chair=Contact(name="Chair", email="chair@council.example"),
        adviser=Contact(name="Adviser", email="adviser@council.example"))},
    # Reminders on the due day and after it only, so that a deadline's first reminder day is its
    # due day: the rows below are written with the schedule the projector would give them.
    reminders=ReminderSettings(default=ReminderPolicy(before_working_days=[])),
)


class Directory:
    def acting_for(self, responsible: str) -> list[Person]:
        return [Person(responsible, f"{responsible}@council.example")]

    def advisers(self) -> list[Person]:
        return []


def fill(read_models: ReadModels, size: int, due: int) -> list[list[str]]:
    """``size`` open deadlines; for each round a group of ``due`` whose reminder day is that
    round's sweep day (their due day), the rest months or years ahead. Returns the groups."""
    groups: list[list[str]] = []
    far = FIRST_SWEEP + timedelta(days=400)
    batch: list[tuple[Any, ...]] = []
    schedule: list[tuple[Any, ...]] = []
    connection = read_models.connection()

    def flush() -> None:
        with connection.transaction():
            connection.executemany(
                "INSERT INTO deadline_register (deadline_id, review_id, review_reference, "
                "review_title, commission, item_id, item_label, rule, starts, original_due, due, "
                "met_on, cancelled, owner, extensions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, '[]')", batch)
            connection.executemany(
                "INSERT INTO reminder_schedule (deadline_id, item_id, rule, due, next_on) "
                "VALUES (?, ?, ?, ?, ?)", schedule)
        batch.clear()
        schedule.clear()

    for n in range(size):
        group = n // due if n < due * ROUNDS else None
        day = FIRST_SWEEP + timedelta(days=7 * group) if group is not None else (
            far + timedelta(days=n % 3000))
        item = f"00000000-0000-4000-8000-{n:012d}"
        review = f"10000000-0000-4000-8000-{n // 10:012d}"
        deadline_id = f"{item}:implementation-target"
        batch.append((deadline_id, review, f"review-{n // 10}", f"Review {n // 10}", COMMISSION,
                      item, str(n % 10 + 1), "implementation-target", "2026-01-01",
                      day.isoformat(), day.isoformat(), f"Officer {n % 500}"))
        schedule.append((deadline_id, item, "implementation-target", day.isoformat(),
                         day.isoformat()))
        if group is not None:
            while len(groups) <= group:
                groups.append([])
            groups[group].append(deadline_id)
        if len(batch) >= 20_000:
            flush()
    flush()
    # Measure a settled database, not one still digesting a million-row load: statistics
    # gathered and the write-ahead log checkpointed (otherwise autovacuum and the checkpointer
    # run during the timed sweeps).
    if connection.dialect == "postgres":
        for table in ("deadline_register", "reminder_schedule"):
            connection.execute(f"VACUUM ANALYZE {table}")
        connection.execute("CHECKPOINT")
    else:
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return groups


def naive_sweep(read_models: ReadModels, service: ScrutinyService, today: date) -> int:
    """Without the schedule: every open deadline read, and its reminder day worked out."""
    found = 0
    rows = read_models.connection().query(
        "SELECT deadline_id, rule, due FROM deadline_register "
        "WHERE met_on IS NULL AND cancelled = 0")
    for row in rows:
        current = service.reminder_schedule.current(row["rule"], date.fromisoformat(row["due"]),
                                                    today)
        if current is not None and current.on == today:
            found += 1
    return found


class Council:
    """One database of ``size`` open deadlines, filled and ready to sweep."""

    def __init__(self, size: int, due: int, url: str) -> None:
        self.size, self.due, self.url = size, due, url
        self.clock = FixedClock(datetime.combine(FIRST_SWEEP, clock_time(9), tzinfo=LONDON))
        self.service = ScrutinyService(env=store_environment(url), clock=self.clock,
                                       council=COUNCIL)
        self.read_models = ReadModels(self.service, ViewDatabase(self.service.env))
        started = time.perf_counter()
        self.groups = fill(self.read_models, size, due)
        self.filled = time.perf_counter() - started
        self.sweep = Sweep(self.service, self.read_models, Directory())
        self.sweeps: list[float] = []
        self.idle: list[float] = []
        self.queued: list[int] = []

    def round(self, number: int) -> None:
        day = FIRST_SWEEP + timedelta(days=7 * number)
        self.clock.advance_to(datetime.combine(day, clock_time(9), tzinfo=LONDON))
        started = time.perf_counter()
        report = self.sweep.run()
        self.sweeps.append(time.perf_counter() - started)
        self.queued.append(len(report.queued))
        started = time.perf_counter()
        again = self.sweep.run()
        self.idle.append(time.perf_counter() - started)
        assert again.queued == [], "a second sweep queued reminders again"
        # Setting up the next round (not timed): this group's deadlines are met.
        connection = self.read_models.connection()
        with connection.transaction():
            connection.executemany(
                "UPDATE deadline_register SET met_on = ? WHERE deadline_id = ?",
                [(day.isoformat(), d) for d in self.groups[number]])
            connection.executemany("DELETE FROM reminder_schedule WHERE deadline_id = ?",
                                   [(d,) for d in self.groups[number]])

    def result(self) -> dict[str, Any]:
        # The baseline last (it reads every row, and must not disturb the timed sweeps): the
        # first sweep's day again, with that group's deadlines open again.
        connection = self.read_models.connection()
        with connection.transaction():
            connection.executemany("UPDATE deadline_register SET met_on = NULL "
                                   "WHERE deadline_id = ?", [(d,) for d in self.groups[0]])
        started = time.perf_counter()
        found = naive_sweep(self.read_models, self.service, FIRST_SWEEP)
        naive = time.perf_counter() - started
        self.service.close()
        return {
            "open_deadlines": self.size, "due": self.due, "fill_seconds": round(self.filled, 1),
            "queued_per_sweep": self.queued,
            "sweep_seconds_median": round(statistics.median(self.sweeps), 4),
            "sweep_seconds": [round(s, 4) for s in self.sweeps],
            "idle_sweep_seconds_median": round(statistics.median(self.idle), 4),
            "baseline_scan_every_open_deadline_seconds": round(naive, 4),
            "baseline_found_due_today": found,
        }


def measure(sizes: list[int], due: int, database_url: str | None) -> list[dict[str, Any]]:
    """Every size filled first, then their sweeps taken in turn, round by round: the database
    server's state (its caches, a large load's after-effects) is then the same for each size,
    and only the number of open deadlines differs."""
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"{database_url}?schema=bench_reminders_{size}" if database_url
                else f"sqlite:///{Path(folder) / f'bench_{size}.db'}" for size in sizes]
        councils = [Council(size, due, url) for size, url in zip(sizes, urls, strict=True)]
        for number in range(ROUNDS):
            for council in councils:
                council.round(number)
        results = [council.result() for council in councils]
        if database_url:
            for url in urls:
                _drop_schema(database_url, url)
        return results


def _drop_schema(database_url: str, url: str) -> None:
    import psycopg
    from psycopg import sql

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
            sql.Identifier(schema)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--due", type=int, default=100)
    parser.add_argument("--database-url", default=None,
                        help="A PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/test; a "
                        "schema is made per size and dropped (default: a temporary SQLite file)")
    arguments = parser.parse_args()
    results = measure(sorted(arguments.sizes), arguments.due, arguments.database_url)
    small, large = results[0], results[-1]
    ratio = large["sweep_seconds_median"] / small["sweep_seconds_median"]
    naive_ratio = (large["baseline_scan_every_open_deadline_seconds"]
                   / small["baseline_scan_every_open_deadline_seconds"])
    print(json.dumps({
        "benchmark": "reminder sweep", "measured_at": datetime.now(UTC).isoformat(),
        "store": "postgres" if arguments.database_url else "sqlite",
        "results": results,
        "sweep_time_ratio_largest_to_smallest": round(ratio, 3),
        "baseline_time_ratio_largest_to_smallest": round(naive_ratio, 3),
        "target": "sweep_time_ratio_largest_to_smallest <= 2",
        "target_met": ratio <= 2,
    }, indent=2))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
