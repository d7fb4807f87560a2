"""``scrutiny db`` and ``scrutiny projections``: the store's tables and the read models."""

from __future__ import annotations

import typer

from api.cli.common import (
    _read_models,
    _safe,
    _service,
    _settings,
    console,
)

database = typer.Typer(help="The store's tables: made once, upgraded across versions.")


@database.command("migrate")
def db_migrate() -> None:
    """Create the event store's, the views' and the accounts' tables, or upgrade them to this
    release (views of an older layout are rebuilt from the event log); safe to run again. Run
    it once before starting workers, which create nothing themselves."""
    from identity.accounts import Accounts
    from projections.database import SCHEMA_VERSION

    settings = _settings()
    service = _service(settings)  # creates the event store's tables
    read_models = _read_models(service)  # creates the views, or drops an older layout
    Accounts.create_tables(read_models.database)
    read_models.projector.audit_chain.connection()  # creates the audit chain's table
    head = service.recorder.max_notification_id() or 0
    before = read_models.position()
    projected = read_models.projector.catch_up()
    console.print(f"Store {_safe(settings.database_url)} is ready: {head} events; views of "
                  f"layout {SCHEMA_VERSION} at position {read_models.position()} "
                  f"({projected} events projected now, from position {before}).",
                  highlight=False)


projections = typer.Typer(help="The read models (views) built from the event log.")


@projections.command("status")
def projections_status(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """For each view: its tracked position, the log head and the lag."""
    import json

    statuses = _read_models(_service(_settings())).projector.status()
    if as_json:
        print(json.dumps({
            "views": {s.view: {"position": s.position, "head": s.head, "lag": s.lag}
                      for s in statuses},
            "head": max((s.head for s in statuses), default=0),
            "lag": max((s.lag for s in statuses), default=0),
        }))
        return
    for status in statuses:
        console.print(f"{status.view:18} position {status.position:>9}  head {status.head:>9}"
                      f"  lag {status.lag}")


@projections.command("rebuild")
def projections_rebuild() -> None:
    """Drop every view and project the whole event log again."""
    from rich.progress import Progress

    read_models = _read_models(_service(_settings()))
    head = read_models.service.recorder.max_notification_id() or 0
    with Progress(console=console) as progress:
        task = progress.add_task("Rebuilding views", total=head)
        done = read_models.projector.rebuild(lambda count: progress.advance(task, count))
    console.print(f"rebuilt every view from {done} events")


@projections.command("run")
def projections_run(
    interval: float = typer.Option(0.5, help="Seconds between polls when idle."),
    batch_size: int = typer.Option(500, min=1, max=100_000, help="Events per transaction."),
) -> None:
    """Follow the event log, keeping the views current, until stopped."""
    import signal
    import threading

    read_models = _read_models(_service(_settings()))
    read_models.projector.batch_size = batch_size
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    read_models.projector.run(stop, interval)
