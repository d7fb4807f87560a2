"""``scrutiny backup``, ``scrutiny restore``, ``scrutiny db copy`` and ``scrutiny projections
digest`` (registered in ``api/cli/__init__.py``); the work is done in ``operations/backup.py``.

Exit codes: 0 done and checked; 1 restored, but the audit chain does not verify or the views'
digest differs from the backup's (both named); 2 refused, nothing written.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from application.service import ScrutinyService
    from operations.backup import BackupSummary, RestoreSummary


def backup(
    out: Path = typer.Option(..., "--out", help="The file to write (gzip'd JSON Lines; "
                             "replaced whole, never left half written)."),
) -> None:
    """Back up the store to one file, in one consistent snapshot (the server may be running).

    Every event exactly as stored, accounts, API tokens and
    calendar feeds (hashed), and the audit chain. Web sessions are left out (everyone signs in
    again); the views are rebuilt on restore. The file holds exempt information: keep it as
    confidential as the database."""
    from api.cli.common import _fail, _settings
    from operations.backup import BackupRefused, back_up

    settings = _settings()
    service = _existing_store(settings.database_url, "SCRUTINY_DATABASE_URL")
    try:
        summary = back_up(service, out)
    except BackupRefused as error:
        _fail(str(error))
    finally:
        service.close()
    _print_backup(summary)


def restore(
    file: Path = typer.Argument(..., help="A file written by `scrutiny backup`."),
) -> None:
    """Restore a backup into the store (SCRUTINY_DATABASE_URL), which must be empty.

    The file is checked whole first (a damaged or truncated one is refused, nothing written),
    then the events (with their positions), accounts, tokens, feeds and audit chain are written
    in one transaction, the views rebuilt, the audit chain verified and the views' digest
    compared with the backup's."""
    from api.cli.common import _fail, _safe, _service, _settings
    from operations.backup import BackupRefused, BackupUnreadable, check_backup
    from operations.backup import restore as restore_backup

    settings = _settings()
    try:
        check_backup(file)  # before the store is so much as opened
    except BackupUnreadable as error:
        _fail(f"{error}. Nothing was restored.")
    service = _service(settings)
    try:
        summary = restore_backup(service, file)
    except BackupRefused as error:
        _fail(str(error))
    except BackupUnreadable as error:
        _fail(f"{error}. Nothing was restored.")
    finally:
        service.close()
    typer.echo(f"restored {file} into {_safe(settings.database_url)}")
    _print_restore(summary)


def db_copy(
    source: str = typer.Option(..., "--from", metavar="URL",
                               help="The store to copy, e.g. sqlite:///./data/scrutiny.db."),
    target: str = typer.Option(..., "--to", metavar="URL",
                               help="An empty store, e.g. "
                               "postgresql://scrutiny@db.example:5432/scrutiny?schema=live."),
) -> None:
    """Copy a store into another, empty one: SQLite to PostgreSQL, or back.

    With the guarantees of a backup and a restore: one consistent snapshot, positions kept,
    views rebuilt, audit chain verified, views' digest compared. The source may be in use."""
    from api.cli.common import _fail, _safe, _service, _settings
    from operations.backup import BackupRefused, BackupUnreadable, copy_store

    if source == target:
        _fail("--from and --to are the same store; copy into an empty one.")
    for option, url in (("--from", source), ("--to", target)):
        if not url.startswith(("sqlite:///", "postgresql://", "postgres://", "memory:")):
            _fail(f"{option} {url!r} is not a store's address: it must start with sqlite:///, "
                  "postgresql:// or memory://")
    settings = _settings()
    origin = _existing_store(source, "--from")
    destination = _service(dataclasses.replace(settings, database_url=target))
    try:
        summary, restored = copy_store(origin, destination)
    except (BackupRefused, BackupUnreadable) as error:
        _fail(f"{error}" if "Nothing was" in str(error) else f"{error}. Nothing was copied.")
    finally:
        origin.close()
        destination.close()
    typer.echo(f"copied {_safe(source)} to {_safe(target)}: "
               f"{_counted(summary.counts)} (log head {summary.header['head']})")
    _print_restore(restored)


def projections_digest(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The SHA-256 of every view's rows, caught up with the log first.

    Two stores whose views hold the same rows, on SQLite or PostgreSQL, print the same
    digest."""
    import json

    from api.cli.common import _read_models, _service, _settings
    from projections.views_digest import views_digest

    read_models = _read_models(_service(_settings()))
    read_models.catch_up_with_log()
    with read_models.database.connect() as connection, connection.transaction():
        position = read_models.position()
        digest = views_digest(connection)
    if as_json:
        print(json.dumps({"position": position, **digest.as_json()}))
        return
    typer.echo(f"views digest {digest.sha256} (log position {position})")
    for table in digest.tables:
        typer.echo(f"  {table.table:18} {table.rows:>9} rows  {table.sha256}")


def _existing_store(url: str, what: str) -> ScrutinyService:
    """The service on a store that must already exist (a backup never makes an empty one)."""
    from api.cli.common import _fail, _service, _settings

    if url.startswith("sqlite:///"):
        from urllib.parse import unquote

        path = Path(unquote(url[len("sqlite:///"):])).expanduser()
        if not path.is_file():
            _fail(f"{what}: there is no SQLite store at {path}.")
        import sqlite3

        try:  # read-only: opening the store must not add its tables to some other database
            with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro",
                                                    uri=True)) as database:
                tables = {row[0] for row in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as error:
            _fail(f"{what}: {path} is not a SQLite store ({error}).")
        if "stored_events" not in tables:
            _fail(f"{what}: {path} holds no scrutiny event store; check the address.")
    if url.startswith("memory:"):
        _fail(f"{what}: the in-memory store lives only inside one process; there is nothing to "
              "back up or copy.")
    import sqlite3

    import psycopg

    from api.cli.common import _safe
    from operations.backup import holds_event_store

    # Opened as it is: a mistyped address must not leave a new empty schema or file behind.
    service: ScrutinyService = _service(dataclasses.replace(_settings(), database_url=url),
                                        create_tables=False)
    try:
        holds = holds_event_store(service)
    except (psycopg.Error, sqlite3.Error) as error:
        service.close()
        _fail(f"{what}: cannot read the store at {_safe(url)}: {str(error).strip()}. Is the "
              "database running, and is the address right?")
    if not holds:
        service.close()
        _fail(f"{what}: {_safe(url)} holds no scrutiny event store; check the address (for "
              "PostgreSQL, its database and schema).")
    return service


def _counted(counts: dict[str, int]) -> str:
    names = {"events": "events", "accounts": "accounts", "api_tokens": "API tokens",
             "calendar_feeds": "calendar feeds", "audit_chain": "audit chain entries"}
    return ", ".join(f"{counts.get(key, 0)} {name}" for key, name in names.items())


def _print_backup(summary: BackupSummary) -> None:
    header = summary.header
    typer.echo(f"backed up {_counted(summary.counts)} to {summary.path} (log head "
               f"{header['head']}, one snapshot)")
    typer.echo(f"views digest {header['views_digest']['sha256']}")
    typer.echo("left out: " + "; ".join(header["left_out"].values()))
    typer.echo(f"file SHA-256 of its records {header['body_sha256']}. The file holds exempt "
               "information and hashed credentials: keep it as confidential as the database.")


def _print_restore(summary: RestoreSummary) -> None:
    header: dict[str, Any] = summary.header
    typer.echo(f"{_counted(header['counts'])} from a {header['store']} backup of "
               f"{header['created_at']}; views rebuilt from {summary.projected} events")
    chain = summary.chain
    if chain.ok:
        typer.echo(f"audit chain verified: {chain.checked} events, head hash {chain.head_hash}")
    else:
        assert chain.broken is not None
        typer.echo(f"AUDIT CHAIN BROKEN at {chain.broken.describe()} (restored as the backup "
                   "held it; `scrutiny audit verify` shows it)", err=True)
    if summary.digest_matches is True:
        typer.echo(f"views digest {summary.digest.sha256} matches the backup's")
    elif summary.digest_matches is False:
        typer.echo(f"VIEWS DIGEST {summary.digest.sha256} DIFFERS from the backup's "
                   f"{header['views_digest']['sha256']} in: {', '.join(summary.differing)}",
                   err=True)
    else:
        typer.echo(f"views digest {summary.digest.sha256}; not compared: {summary.digest_note}")
    if not summary.ok:
        raise typer.Exit(1)
