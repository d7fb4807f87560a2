"""``scrutiny sweep`` and ``scrutiny reminders``: one reminder sweep now, and the outbox."""

from __future__ import annotations

import typer

from api.cli.common import (
    _cli_user,
    _deployment,
    _fail,
    _mail_target,
    _read_models,
    _service,
    _settings,
    console,
)


def sweep(
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATETIME",
        help="Sweep as if it were this moment (YYYY-MM-DD, or YYYY-MM-DDTHH:MM, London time): "
        "reminders are worked out and recorded for that day.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Run one reminder sweep and one send now, and print what was queued and sent."""
    import json

    settings = _settings()
    clock = _fixed_clock(as_of) if as_of else None
    report = _deployment(settings, clock).reminder_cycle().run()
    swept, sent = report.sweep, report.dispatch
    if as_json:
        print(json.dumps({
            "as_of": swept.as_of.isoformat(), "queued": swept.queued,
            "already_queued": swept.already_queued, "digests": swept.digests,
            "sent": sent.sent, "failed": sent.failed, "withdrawn": sent.withdrawn,
        }))
        return
    console.print(f"Sweep as of {swept.as_of:%A %-d %B %Y}: {len(swept.queued)} reminder(s) "
                  f"and {len(swept.digests)} digest(s) queued; {len(sent.sent)} sent, "
                  f"{len(sent.failed)} failed, {len(sent.withdrawn)} withdrawn "
                  f"({_mail_target(settings)}).", highlight=False)
    for item in swept.queued:
        console.print(f"queued    {item['subject']}\n          to {', '.join(item['to'])}"
                      + (f"; cc {', '.join(item['cc'])}" if item["cc"] else ""),
                      highlight=False)
        for who in item["unreached"]:
            console.print(f"          could not reach {who}", highlight=False)
    for item in swept.digests:
        console.print(f"queued    {item['subject']}\n          to {item['to']}", highlight=False)
    for item in sent.sent:
        console.print(f"sent      {item['message_id']}  {item['answer']}", highlight=False)
    for item in sent.failed:
        retry = f"; retry at {item['retry_at']}" if item["retry_at"] else "; not retried"
        console.print(f"[red]failed[/red]    {item['subject']}: {item['answer']}{retry}",
                      highlight=False)
    for item in sent.withdrawn:
        console.print(f"withdrawn {item['reason']}", highlight=False)
    if not (swept.queued or swept.digests or sent.sent or sent.failed or sent.withdrawn):
        console.print("Nothing new to send.")


reminders = typer.Typer(help="The reminder outbox: what was queued and sent, and retrying.")


@reminders.command("retry")
def reminders_retry(
    reminder_ids: list[str] = typer.Argument(None, help="Reminder ids (see GET /reminders)."),
    all_failed: bool = typer.Option(False, "--all-failed", help="Every reminder that failed."),
    reason: str = typer.Option("mail settings corrected", help="Why, for the record."),
) -> None:
    """Put failed reminders back in the queue (e.g. once the mail settings are right); the next
    send tries them again."""
    from uuid import UUID

    from domain.errors import DomainError
    from projections.reminders import reminder_list

    settings = _settings()
    service = _service(settings)
    wanted = list(reminder_ids or [])
    if all_failed:
        read_models = _read_models(service)
        read_models.catch_up_with_log()
        found = reminder_list(read_models.connection(), status="failed", page_size=100_000)
        wanted += [row["reminder_id"] for row in found.items]
    if not wanted:
        _fail("Name the reminders to retry, or give --all-failed.")
    today = service.clock.today()
    for text in wanted:
        try:
            service.requeue_reminder(UUID(text), reason=reason, actor=_cli_user(), on=today)
        except ValueError:
            _fail(f"{text!r} is not a reminder id.")
        except DomainError as error:
            _fail(f"{text}: {error.message}")
        console.print(f"requeued  {text}", highlight=False)


def _fixed_clock(text: str):  # type: ignore[no-untyped-def]
    from datetime import date, datetime, time

    from domain.clock import LONDON, FixedClock

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of: {text!r} is not a date or time; write 2022-04-01 or 2022-04-01T09:00.")
    if len(text) == 10:  # a day alone: that morning
        moment = datetime.combine(date.fromisoformat(text), time(9, 0))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    from domain.clock import SystemClock

    if moment > SystemClock().now():
        # A sweep records and sends real reminders: one "from the future" would email people
        # about deadlines not yet missed, and move reminder days past ones still to come.
        _fail(f"--as-of {text} is in the future; a sweep records and sends real reminders, so "
              "it can be run as of now or an earlier moment only.")
    return FixedClock(moment)
