"""``scrutiny serve`` and ``scrutiny worker``: the web app, its workers, and the reminder
scheduler's process."""

from __future__ import annotations

import typer

from api.cli.common import (
    _deployment,
    _fail,
    _mail_target,
    _safe,
    _service,
    _settings,
    console,
)
from application.bootstrap import deployment_on, store_unready
from operations.settings import Settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    reminders: bool = typer.Option(
        True, help="Run the reminder scheduler in this process (--no-reminders when a "
        "`scrutiny worker` runs it)."
    ),
    workers: int = typer.Option(
        1, min=1, max=64, help="Worker processes (PostgreSQL only; run `scrutiny db migrate` "
        "first). One of them at a time runs the projector and the reminder scheduler."
    ),
) -> None:
    """Serve the web dashboard (at /) and the HTTP API (documentation at /docs), with the
    reminder scheduler."""
    import uvicorn

    from api.app import create_app

    settings = _settings()
    if workers > 1:
        _serve_workers(settings, host, port, workers, reminders)
        return
    running = _deployment(settings)
    service, read_models = running.service, running.read_models
    if reminders and settings.on_postgres:
        # On PostgreSQL even one process contends for the projector-and-scheduler role, so a
        # `scrutiny worker` beside it never makes two schedulers.
        from api.workers import beside_requests

        holder = running.role_holder()
        console.print(f"Dashboard: http://{host}:{port}/  (API documentation: "
                      f"http://{host}:{port}/docs; store: {_safe(settings.database_url)}); "
                      f"reminder sweep every {settings.sweep_minutes:g} min while this process "
                      f"holds the store's role; {_mail_target(settings)}", highlight=False)
        uvicorn.run(create_app(service, read_models=read_models, accounts=running.accounts,
                               follow_log=False,
                               background=beside_requests(read_models, holder)),
                    host=host, port=port, log_level="info")
        return
    scheduler = None
    if reminders:
        scheduler = running.reminder_scheduler(blocking=False)
        scheduler.start()
    console.print(f"Dashboard: http://{host}:{port}/  (API documentation: "
                  f"http://{host}:{port}/docs; store: {_safe(settings.database_url)})",
                  highlight=False)
    if scheduler is not None:
        console.print(f"Reminder sweep every {settings.sweep_minutes:g} min; "
                      f"{_mail_target(settings)}", highlight=False)
    try:
        uvicorn.run(create_app(service, read_models=read_models, accounts=running.accounts),
                    host=host, port=port,
                    log_level="info")
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)


WORKER_HEALTHCHECK_SECONDS = 30
"""How long uvicorn's supervisor waits for a worker to answer before it kills and replaces it:
long enough for a worker starting on a busy machine (6.6 s measured with the cores saturated),
short enough that a hung worker does not hold up the supervisor (and its shutdown) for long."""


def _serve_workers(settings: Settings, host: str, port: int, workers: int,
                   reminders: bool) -> None:
    import uvicorn

    if not settings.on_postgres:
        _fail("Several workers need PostgreSQL (SCRUTINY_DATABASE_URL=postgresql://…): a SQLite "
              "file is served by one process. Drop --workers, or move the store with "
              "`scrutiny db copy`.")
    if not reminders:
        _fail("--no-reminders is for one process; with --workers the reminder scheduler runs "
              "in exactly one worker at a time.")
    service = _service(settings, create_tables=False)
    reason = store_unready(service)
    if reason:
        _fail(f"The store is not ready for workers: {reason}. Run `scrutiny db migrate` once "
              "(it creates and upgrades the tables), then start the workers.")
    service.close()
    console.print(f"Dashboard: http://{host}:{port}/  ({workers} workers; store: "
                  f"{_safe(settings.database_url)}; one worker at a time runs the projector "
                  f"and the reminder scheduler, {_mail_target(settings)})", highlight=False)
    from api.http_protocol import NO_DELAY_H11

    # A worker answers its supervisor's health checks from a thread while it imports the app
    # and catches its views up; on a busy machine that can take a while, and the supervisor
    # kills a worker that has not answered within the limit.
    uvicorn.run("api.workers:worker_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", http=NO_DELAY_H11,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)


def worker() -> None:
    """Run the reminder scheduler alone (no web server): keep the views current, sweep for due
    reminders at start-up and then every SCRUTINY_SWEEP_MINUTES, and send them. On PostgreSQL
    it is one more contender, with the web workers, for that role: one process at a time runs
    it."""
    import logging
    import signal
    import threading

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = _settings()
    if settings.on_postgres:
        _contend_for_the_role(settings)
        return
    running = _deployment(settings)
    stop = threading.Event()
    follower = threading.Thread(target=running.read_models.projector.run, args=(stop,),
                                name="projector", daemon=True)
    follower.start()
    scheduler = running.reminder_scheduler(blocking=True)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    console.print(f"Reminder worker: sweep every {settings.sweep_minutes:g} min; "
                  f"{_mail_target(settings)}", highlight=False)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop.set()
        follower.join(timeout=10)


def _contend_for_the_role(settings: Settings) -> None:
    """On PostgreSQL a worker process is one more contender for the projector-and-scheduler
    role (with the web workers): it runs them while it holds the store's lock."""
    import signal
    import threading

    service = _service(settings, create_tables=False)
    reason = store_unready(service)
    if reason:
        _fail(f"The store is not ready: {reason}. Run `scrutiny db migrate` once first.")
    holder = deployment_on(service, settings, create_tables=False).role_holder()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print(f"Reminder worker: sweep every {settings.sweep_minutes:g} min; "
                  f"{_mail_target(settings)}; it runs the projector and the reminder scheduler "
                  "while it holds the store's role (one process at a time)", highlight=False)
    try:
        holder.run(stop)
    except KeyboardInterrupt:
        stop.set()
