"""``scrutiny deadlines``: the statutory deadline rules, and dates computed from them."""

from __future__ import annotations

import typer

from api.cli.common import (
    _fail,
    _parse_date,
    _settings,
    console,
)
from operations.settings import ConfigurationError, load_council_settings

deadlines = typer.Typer(help="The statutory deadline rules, and dates computed from them.")


@deadlines.command("rules")
def deadline_rules() -> None:
    """List the rule catalogue: id, counting and citation."""
    from rich.table import Table

    from domain.deadline_rules import RULES

    table = Table("rule", "counting", "citation", show_lines=True)
    for rule in RULES.values():
        table.add_row(f"{rule.id}\n{rule.name}", rule.counting, rule.citation)
    console.print(table)


@deadlines.command("compute")
def deadline_compute(
    rule: str = typer.Argument(..., help="A rule id; see `scrutiny deadlines rules`."),
    start: str = typer.Argument(
        ..., metavar="DATE",
        help="The date the rule counts from (YYYY-MM-DD): the day the report was received, the "
        "meeting or decision day, the day of publication …",
    ),
    notice: str | None = typer.Option(
        None, help="executive-response: the day notice was served, if later than DATE."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Compute a rule's date and print it with its citation and explanation."""
    import json

    from domain.deadline_rules import RULES, DeadlineEngine

    if rule not in RULES:
        _fail(f"Unknown rule {rule!r}. The rules are: {', '.join(RULES)}.")
    if rule == "implementation-target":  # a target may be a month: "Mar-21", "2021-03"
        try:
            start = DeadlineEngine().implementation_target(start).due.isoformat()
        except ValueError as error:
            _fail(f"DATE: {error}")
    begins = _parse_date(start, "DATE")
    served = _parse_date(notice, "--notice") if notice else None
    if served and rule != "executive-response":
        _fail("--notice applies to the executive-response rule only.")
    settings = _settings()
    try:
        engine = DeadlineEngine(load_council_settings(settings.council_settings_path))
        computed = engine.compute(rule, begins, notice=served)
    except ConfigurationError as error:
        _fail(str(error))
    except (ValueError, OverflowError) as error:
        _fail(f"Cannot count {rule} from {begins}: {error}")
    if as_json:
        print(json.dumps({
            "rule": rule,
            "start": computed.start.isoformat(),
            "due": computed.due.isoformat(),
            "due_at": computed.due_at.isoformat() if computed.due_at else None,
            "citation": computed.citation,
            "explanation": computed.explanation,
            "note": computed.working_note,
        }))
        return
    due = computed.due.strftime("%A %-d %B %Y")
    if computed.due_at:
        due += computed.due_at.strftime(", %H:%M")
    console.print(f"[bold]{due}[/bold]  ({computed.due.isoformat()})")
    console.print(f"{RULES[rule].name}: {RULES[rule].counting}.")
    console.print(f"Citation: {computed.citation}")
    console.print(computed.explanation)
    if computed.working_note:
        console.print(f"Note: {computed.working_note}; moved to the previous working day.")
