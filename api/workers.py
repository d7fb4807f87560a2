"""Serving with several worker processes on PostgreSQL (`scrutiny serve --workers N`).

uvicorn imports ``worker_app`` in each worker. A worker creates no tables (`scrutiny db migrate`
made them once) and refuses to start on views of another layout. Every worker serves requests
and catches the views up itself when a request must read its own write; exactly one at a time
also runs the projector (following the log by notification) and the reminder scheduler, chosen
by an advisory lock (scheduler/leader.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from fastapi import FastAPI

from api.app import create_app
from application.bootstrap import build_service, deployment_on, store_unready
from operations.settings import Settings
from projections.read_models import ReadModels
from scheduler.leader import SingleHolder


class NotMigrated(RuntimeError):
    """The store's tables are missing or of another layout: `scrutiny db migrate` first."""


REQUEST_THREADS = 8
"""Requests a worker handles at once; each thread keeps one connection to the views."""
EVENT_STORE_POOL = {"POSTGRES_POOL_SIZE": "6", "POSTGRES_MAX_OVERFLOW": "3"}
"""The event store's connections per worker: at most 9, one for each request thread and the
projector (fewer, and requests queued for a connection)."""
CONNECTIONS_PER_WORKER = REQUEST_THREADS + 9 + 5
"""Besides those: the projector's, the audit chain's, the role lock's, and the two listeners'
(the projector's on the log, the watch's on the views)."""


def worker_app() -> FastAPI:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    settings = Settings.from_environment()
    service = build_service(settings, create_tables=False, env=EVENT_STORE_POOL)
    reason = store_unready(service)
    if reason:
        raise NotMigrated(f"{reason}; run `scrutiny db migrate` once, then start the workers")
    running = deployment_on(service, settings, create_tables=False)
    holder = running.role_holder()
    app = create_app(service, read_models=running.read_models, accounts=running.accounts,
                     follow_log=False, background=beside_requests(running.read_models, holder),
                     request_threads=REQUEST_THREADS)
    app.state.role = holder
    return app


def beside_requests(read_models: ReadModels, holder: SingleHolder
                    ) -> Callable[[threading.Event], None]:
    """What a web process on PostgreSQL runs beside its requests (given a stop event): its
    contention for the role, and a watch on every projector's commits. Its requests catch the
    views up themselves only while it holds the role; otherwise they wait for the holder's
    projector, which follows the log by notification, and are woken by the watch. Two
    processes projecting at once would each throw away the other's batches."""
    read_models.projects_here = holder.holding.is_set

    def run(stop: threading.Event) -> None:
        watcher = threading.Thread(target=read_models.projector.watch, args=(stop,),
                                   name="views watcher", daemon=True)
        watcher.start()
        try:
            holder.run(stop)
        finally:
            watcher.join(timeout=10)

    return run
