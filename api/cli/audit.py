"""``scrutiny audit``: verify the hash chain over the event log, and export it for an auditor.

Exit codes: 0 the chain verifies; 1 it does not (the first event that does not match is named);
2 the command could not run (no such file, unwritable path, not an export, unknown store).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from projections.audit_chain import AuditChain, Verification

audit_app = typer.Typer(help="The verifiable audit trail: the hash chain over the event log.")


@audit_app.command("verify")
def audit_verify(
    file: Path | None = typer.Option(
        None, "--file", help="Check an export made by `scrutiny audit export` instead of the "
        "database; needs no database.",
    ),
    anchor: str | None = typer.Option(
        None, "--anchor", metavar="HASH",
        help="A head hash kept from an earlier export: the chain must still hold it.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Recompute the hash chain from the stored events (or an export file) and name the first
    event that does not match. Events recorded since the chain was last extended are counted,
    not chained."""
    result = _verify_file(file, anchor) if file is not None else _chain().verify(anchor)
    _report(result, as_json, source=str(file) if file else None)


@audit_app.command("export")
def audit_export(
    out: Path = typer.Option(..., "--out", help="The JSON Lines file to write (replaced)."),
) -> None:
    """Bring the chain up to date and write it, with every chained event's stored data and the
    audit trail's who/when/what, as JSON Lines: a header with the hash recipe, then one line per
    event. `scrutiny audit verify --file FILE` checks it with no database."""
    from api.cli.common import _read_models, _service, _settings

    read_models = _read_models(_service(_settings()))
    read_models.projector.catch_up()
    chain = read_models.projector.audit_chain
    try:
        with out.open("w", encoding="utf-8") as written:
            summary = chain.export(written)
    except OSError as error:
        _refuse(f"Cannot write {out}: {error.strerror or error}")
    typer.echo(f"exported {summary.events} chained events to {out}; head hash "
               f"{summary.head_hash} (position {summary.head_position})")
    typer.echo("Keep the head hash where the database's administrators cannot change it; "
               "`scrutiny audit verify --anchor HASH` later shows the chain still holds it.")
    if summary.unchained:
        typer.echo(f"{summary.unchained} events recorded while exporting are not in this file")
    if summary.broken:
        _print_break(summary.broken.describe())
        raise typer.Exit(1)


def _chain() -> AuditChain:
    from api.cli.common import _fail, _service, _settings
    from projections.audit_chain import AuditChain
    from projections.database import ViewDatabase

    service = _service(_settings())
    try:
        database = ViewDatabase(service.env)
    except ValueError as error:
        _fail(str(error))
    return AuditChain(service, database)


def _verify_file(file: Path, anchor: str | None) -> Verification:
    from projections.audit_chain import ExportUnreadable, verify_export

    try:
        with file.open(encoding="utf-8") as lines:
            return verify_export(lines, anchor)
    except FileNotFoundError:
        _refuse(f"{file} does not exist")
    except UnicodeDecodeError:
        _refuse(f"{file} is not an audit-chain export: it is not UTF-8 text")
    except OSError as error:
        _refuse(f"Cannot read {file}: {error.strerror or error}")
    except ExportUnreadable as error:
        _refuse(f"{file} is not an audit-chain export this version can read: {error}")


def _report(result: Verification, as_json: bool, source: str | None) -> None:
    import json

    if as_json:
        print(json.dumps({**result.as_json(), "source": source or "database"}))
    elif result.broken is None:
        unchained = f"; {result.unchained} events not yet chained" if result.unchained else ""
        where = f" in {source}" if source else ""
        typer.echo(f"chain verified{where}: {result.checked} events, head hash "
                   f"{result.head_hash} (position {result.head_position}){unchained}")
    else:
        _print_break(result.broken.describe())
        typer.echo(f"{result.checked} events before it verified")
    if result.broken is not None:
        raise typer.Exit(1)


def _refuse(message: str) -> NoReturn:
    # Like api.cli._fail, but unwrapped: a path or a hash must stay on one line.
    typer.secho(message, fg="red", err=True)
    raise typer.Exit(2)


def _print_break(description: str) -> None:
    # Not through rich: a hash must stay on one line for whoever copies it.
    typer.secho(f"chain does not verify: {description}", fg="red")
