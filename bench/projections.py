"""Benchmark of the read models at national scale; prints one JSON object.

    .venv/bin/python -m bench.projections [--councils 400 --years 10] [--database-url URL]

Generates a synthetic history (400 councils × 10 years ≈ 2.4 million events by default) through
the service, then measures in the same run:
- the baselines: reading and decoding the whole notification log with no view writes, and the
  same while also applying each event to its aggregate (events/s);
- chaining the whole log into the audit chain, and verifying it (events/s, and verify's ratio to
  the read baseline);
- a full rebuild of every view (events/s) and its ratio to the baseline (target ≥ 0.5);
- the resident memory of the rebuild at each quarter of the log (target: flat);
- p50/p95 of the overdue-deadlines query, the due-within-14-days query and the recommendation
  tracker page query at that size (target p95 < 20 ms).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from application.service import ScrutinyService
from bench.synthetic_history import make_history
from domain.clock import FixedClock
from operations.settings import store_environment
from projections import queries
from projections.database import ViewDatabase
from projections.read_models import ReadModels

TODAY = date(2026, 11, 23)


def resident_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def baseline(service: ScrutinyService, apply: bool, batch: int = 500) -> tuple[int, float]:
    """Read and decode every event with no view writes: what any projector must at least do.

    With ``apply``, also apply each event to its aggregate, as the projector does before it
    writes rows (kept in a bounded cache, as the projector keeps them).
    """
    cache: dict[Any, Any] = {}
    started = time.perf_counter()
    position, count = 0, 0
    while True:
        page = service.recorder.select_notifications(
            start=position, limit=batch, inclusive_of_start=False
        )
        if not page:
            break
        for notification in page:
            event: Any = service.mapper.to_domain_event(notification)
            if apply:
                cache[event.originator_id] = event.mutate(cache.pop(event.originator_id, None))
                if len(cache) > 20_000:
                    cache.pop(next(iter(cache)))
        count += len(page)
        position = page[-1].id
    return count, time.perf_counter() - started


def latencies(query: Callable[[], Any], runs: int) -> dict[str, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--reviews-per-year", type=int, default=5)
    parser.add_argument("--database-url", default=None,
                        help="Default: a new SQLite file in a temporary folder")
    parser.add_argument("--reuse", action="store_true",
                        help="Use the history already in --database-url instead of making one")
    parser.add_argument("--query-runs", type=int, default=200)
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="scrutiny-bench-")
    url = arguments.database_url or f"sqlite:///{folder}/bench.db"
    env = store_environment(url)
    clock = FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    service = ScrutinyService(env=env, clock=clock)
    result: dict[str, Any] = {"store": url.split(":")[0], "councils": arguments.councils,
                              "years": arguments.years}

    if not arguments.reuse:
        started = time.perf_counter()
        generated = make_history(service, arguments.councils, arguments.years,
                                 arguments.reviews_per_year)
        seconds = time.perf_counter() - started
        result["generate"] = {"events": generated, "seconds": round(seconds, 1),
                              "events_per_s": round(generated / seconds)}
        print(f"generated {generated} events in {seconds:.0f} s", file=sys.stderr)
    head = service.recorder.max_notification_id() or 0
    result["events"] = head

    count, seconds = baseline(service, apply=False)
    result["baseline_read"] = {"events": count, "seconds": round(seconds, 2),
                               "events_per_s": round(count / seconds)}
    applied, applied_seconds = baseline(service, apply=True)
    result["baseline_read_and_apply"] = {"events": applied, "seconds": round(applied_seconds, 2),
                                         "events_per_s": round(applied / applied_seconds)}

    read_models = ReadModels(service, ViewDatabase(env))
    # The chain first, so the rebuild below (which extends it before projecting) measures views.
    chain = read_models.projector.audit_chain
    started = time.perf_counter()
    chained = chain.extend()
    chain_seconds = time.perf_counter() - started
    started = time.perf_counter()
    verified = chain.verify()
    verify_seconds = time.perf_counter() - started
    result["audit_chain"] = {
        "chained": chained, "extend_events_per_s": round(chained / chain_seconds)
        if chained else None,
        "verified": verified.checked, "ok": verified.ok,
        "verify_events_per_s": round(verified.checked / verify_seconds)
        if verified.checked else None,
        "verify_ratio_to_baseline_read": round((verified.checked / verify_seconds) / (
            count / result["baseline_read"]["seconds"]), 3) if verified.checked else None,
    }

    memory: list[dict[str, float]] = []
    done = 0
    quarter = max(1, head // 4)

    def progress(batch: int) -> None:
        nonlocal done
        before = done
        done += batch
        if done // quarter > before // quarter or done >= head:
            memory.append({"events": done, "rss_mib": round(resident_mib(), 1)})

    started = time.perf_counter()
    rebuilt = read_models.projector.rebuild(progress)
    seconds = time.perf_counter() - started
    result["rebuild"] = {
        "events": rebuilt, "seconds": round(seconds, 2),
        "events_per_s": round(rebuilt / seconds),
        "ratio_to_baseline_read": round((rebuilt / seconds) / (count / result[
            "baseline_read"]["seconds"]), 3),
        "ratio_to_baseline_read_and_apply": round((rebuilt / seconds) / (
            applied / applied_seconds), 3),
        "target_ratio": 0.5,
        "rss_by_progress": memory,
        "rss_growth_mib_last_three_quarters": round(
            memory[-1]["rss_mib"] - memory[0]["rss_mib"], 1) if memory else None,
    }

    connection = read_models.connection()
    rng = random.Random(7)
    commissions = [row["commission"] for row in connection.query(
        "SELECT DISTINCT commission FROM review_list")]
    reviews = [row["review_id"] for row in connection.query(
        "SELECT review_id FROM review_list ORDER BY review_id LIMIT 5000")]
    overdue = queries.DeadlineFilter(overdue=True)
    runs = arguments.query_runs
    result["queries"] = {
        "overdue_deadlines_first_page": latencies(
            lambda: queries.deadline_register(connection, overdue, TODAY, 1, 50), runs),
        "overdue_deadlines_by_commission": latencies(
            lambda: queries.deadline_register(
                connection, queries.DeadlineFilter(overdue=True,
                                                   commission=rng.choice(commissions)),
                TODAY, 1, 50), runs),
        "due_within_14_days": latencies(
            lambda: queries.deadline_register(
                connection, queries.DeadlineFilter(due_within_days=14),
                rng.choice([date(2014, 6, 2), date(2018, 3, 5), date(2021, 11, 1)]), 1, 50),
            runs),
        "tracker_page_of_a_review": latencies(
            lambda: queries.tracker(connection, queries.TrackerFilter(
                review_id=rng.choice(reviews)), TODAY, 1, 100), runs),
        "review_page_with_history": latencies(
            lambda: read_models.review_page(rng.choice(reviews), TODAY), runs),
        "target_p95_ms": 20,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
