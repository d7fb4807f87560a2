"""``scrutiny import``: bringing in what councils kept elsewhere (imports/)."""

from __future__ import annotations

import typer

from api.cli.common import (
    _cli_user,
    _fail,
    _parse_date,
    _read_models,
    _service,
    _settings,
    console,
)

importing = typer.Typer(help="Bringing in what councils kept elsewhere.")


@importing.command("tracker")
def import_tracker_file(
    file: str = typer.Argument(..., help="The tracker: a CSV (UTF-8) or .xlsx file."),
    review: str = typer.Option(None, "--review", help="The review to import into (unless a "
                               "column names each row's review)."),
    column: list[str] = typer.Option(None, "--column", help="FIELD=COLUMN, e.g. "
                                     "--column 'item=Rec No.' (repeat; fields: item, review, "
                                     "update, update_date, rag, status, officer, target_date)."),
    mapping: str = typer.Option(None, "--mapping", help="A saved mapping's name, instead of "
                                "--column."),
    save_mapping: str = typer.Option(None, "--save-mapping", help="Save the --column mapping "
                                     "under this name."),
    as_at: str = typer.Option(None, "--as-at", help="The date of rows with no date "
                              "(YYYY-MM-DD; default today)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; record "
                                 "nothing."),
    by: str = typer.Option(None, "--by", help="Who is importing, for the record (default: the "
                           "command line's user)."),
) -> None:
    """Import an existing tracker as backdated events: each row's update, RAG or status, officer
    and target date, on the row's own date. The same file twice changes nothing; a file with any
    bad row is refused whole, with every problem listed."""
    from pathlib import Path

    from domain.errors import DomainError
    from imports.progress_sheet import SheetRefused
    from imports.tracker_import import import_tracker

    path = Path(file)
    if not path.is_file():
        _fail(f"There is no file {file!r}.")
    if column and mapping:
        _fail("Give --column or --mapping, not both.")
    columns: dict[str, str] = {}
    for text in column or []:
        field, sep, name = text.partition("=")
        if not sep or not field.strip() or not name.strip():
            _fail(f"--column {text!r}: write it as FIELD=COLUMN, e.g. 'item=Rec No.'.")
        columns[field.strip()] = name.strip()
    settings = _settings()
    service = _service(settings)
    actor = _cli_user()
    if by:
        from domain.access import Role
        from identity.accounts import Accounts

        try:
            account = Accounts(_read_models(service).database).get(by)
        except DomainError as error:
            _fail(f"--by: {error.message}; name an adviser's account (scrutiny users list).")
        if account.role != Role.ADVISER:
            _fail(f"--by: {by} is {account.role.value!r}, not an adviser; only advisers import "
                  "trackers.")
        actor = account.name
    try:
        if mapping:
            saved = service.tracker_mappings()
            if mapping not in saved:
                _fail(f"There is no saved mapping {mapping!r}; saved: "
                      f"{', '.join(sorted(saved)) or 'none'}.")
            columns = saved[mapping]
        result = import_tracker(
            service, path.read_bytes(), file_name=path.name, columns=columns, actor=actor,
            review=review, as_at=_parse_date(as_at, "--as-at") if as_at else None,
            dry_run=dry_run, save_mapping_as=save_mapping)
    except SheetRefused as refused:
        for problem in refused.problems:
            console.print(f"row {problem.row}, {problem.column}: {problem.problem}",
                          highlight=False, markup=False)
        _fail(f"Nothing was imported: {len(refused.problems)} problem(s) above. Correct them "
              "and import the file again.")
    except DomainError as error:
        _fail(error.message)
    if result.already_imported:
        earlier = result.already_imported
        typer.echo(f"{path.name} was imported into {earlier['review']} already, by "
                   f"{earlier['imported_by']} on {earlier['imported_on']}; nothing changed.")
        return
    for change in result.changes:
        typer.echo(f"row {change.row}  {change.review} {change.label}: "
                   + "; ".join(change.what))
    verb = "would record" if dry_run else "recorded"
    typer.echo(f"{verb} {len(result.changes)} row(s) of {result.rows}; {result.unchanged} "
               f"already on the record (SHA-256 {result.digest[:12]})"
               + ("; dry run, nothing recorded" if dry_run else ""))
