"""The ``scrutiny`` command: serve the API, load the demo data, run the reminder sweep."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from api.audit_cli import audit_app
from api.config import ConfigurationError, Settings, build_service, load_council_settings

app = typer.Typer(
    help="Scrutiny lifecycle engine: reviews, recommendations, Cabinet responses and the "
    "statutory deadlines between them. The store is chosen by SCRUTINY_DATABASE_URL "
    "(default sqlite:///./data/scrutiny.db).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(soft_wrap=True)


@app.command()
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
    service = _service(settings)
    read_models = _read_models(service)
    if reminders and settings.database_url.startswith(("postgresql:", "postgres:")):
        # On PostgreSQL even one process contends for the projector-and-scheduler role, so a
        # `scrutiny worker` beside it never makes two schedulers.
        from api.accounts import Accounts
        from api.workers import beside_requests, role_holder

        accounts = Accounts(read_models.database)
        holder = role_holder(service, read_models, accounts, settings)
        console.print(f"Dashboard: http://{host}:{port}/  (API documentation: "
                      f"http://{host}:{port}/docs; store: {_safe(settings.database_url)}); "
                      f"reminder sweep every {settings.sweep_minutes:g} min while this process "
                      f"holds the store's role; {_mail_target(settings)}", highlight=False)
        uvicorn.run(create_app(service, read_models=read_models, accounts=accounts,
                               follow_log=False,
                               background=beside_requests(read_models, holder)),
                    host=host, port=port, log_level="info")
        return
    scheduler = None
    if reminders:
        scheduler = _reminder_scheduler(service, read_models, settings, blocking=False)
        scheduler.start()
    console.print(f"Dashboard: http://{host}:{port}/  (API documentation: "
                  f"http://{host}:{port}/docs; store: {_safe(settings.database_url)})",
                  highlight=False)
    if scheduler is not None:
        console.print(f"Reminder sweep every {settings.sweep_minutes:g} min; "
                      f"{_mail_target(settings)}", highlight=False)
    try:
        uvicorn.run(create_app(service, read_models=read_models), host=host, port=port,
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

    from projections.database import ViewDatabase

    if not settings.database_url.startswith(("postgresql:", "postgres:")):
        _fail("Several workers need PostgreSQL (SCRUTINY_DATABASE_URL=postgresql://…): a SQLite "
              "file is served by one process. Drop --workers, or move the store with "
              "`scrutiny db copy`.")
    if not reminders:
        _fail("--no-reminders is for one process; with --workers the reminder scheduler runs "
              "in exactly one worker at a time.")
    service = _service(settings, create_tables=False)
    from api.workers import store_unready

    reason = store_unready(service, ViewDatabase(service.env))
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


@app.command()
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
    if settings.database_url.startswith(("postgresql:", "postgres:")):
        _contend_for_the_role(settings)
        return
    service = _service(settings)
    read_models = _read_models(service)
    stop = threading.Event()
    follower = threading.Thread(target=read_models.projector.run, args=(stop,),
                                name="projector", daemon=True)
    follower.start()
    scheduler = _reminder_scheduler(service, read_models, settings, blocking=True)
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

    from api.accounts import Accounts
    from api.workers import role_holder, store_unready
    from projections.database import ViewDatabase
    from projections.read_models import ReadModels

    service = _service(settings, create_tables=False)
    database = ViewDatabase(service.env)
    reason = store_unready(service, database)
    if reason:
        _fail(f"The store is not ready: {reason}. Run `scrutiny db migrate` once first.")
    read_models = ReadModels(service, database, create_tables=False)
    holder = role_holder(service, read_models, Accounts(database, create_tables=False),
                         settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print(f"Reminder worker: sweep every {settings.sweep_minutes:g} min; "
                  f"{_mail_target(settings)}; it runs the projector and the reminder scheduler "
                  "while it holds the store's role (one process at a time)", highlight=False)
    try:
        holder.run(stop)
    except KeyboardInterrupt:
        stop.set()


@app.command()
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
    service = _service(settings, clock)
    read_models = _read_models(service)
    cycle = _cycle(service, read_models, settings)
    report = cycle.run()
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
app.add_typer(reminders, name="reminders")


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


def _cycle(service, read_models, settings):  # type: ignore[no-untyped-def]
    from api.accounts import Accounts
    from api.reminders import reminder_cycle

    return reminder_cycle(service, read_models, Accounts(read_models.database), settings)


def _reminder_scheduler(service, read_models, settings, blocking):  # type: ignore[no-untyped-def]
    from scheduler.runner import schedule

    return schedule(_cycle(service, read_models, settings), settings.sweep_minutes,
                    blocking=blocking)


def _mail_target(settings: Settings) -> str:
    mail = settings.mail
    if mail.notify_api_key:
        return "emails go through GOV.UK Notify"
    if mail.smtp_host:
        return f"emails go to SMTP {mail.smtp_host}:{mail.smtp_port} ({mail.smtp_security})"
    return f"no SMTP configured: emails are written to {mail.folder}"


def _settings() -> Settings:
    try:
        return Settings.from_environment()
    except ConfigurationError as error:
        _fail(str(error))


DEMO_ACCOUNTS = (
    # (name, email, role, acts for): an adviser for the ILSC, and an officer who reports for
    # "CYPS Training", the owner of HMIP action 2.3, the one action still in progress.
    ("demo-adviser", "demo-adviser@rotherham.example", "adviser", ()),
    ("demo-officer", "demo-officer@rotherham.example", "officer", ("CYPS Training",)),
)


@app.command()
def demo(
    accounts: bool = typer.Option(
        False, "--accounts",
        help="Also make demo sign-ins (demo-adviser, demo-officer) with new random passwords, "
        "printed here; run again for new ones. Never on a live council's store.",
    ),
) -> None:
    """Load the demo data (real ILSC cases) into the configured store; safe to run twice."""
    from api.demo import load_demo

    settings = _settings()
    service = _service(settings)
    result = load_demo(service)
    for reference in result.loaded:
        console.print(f"loaded  {reference}")
    for reference in result.already_present:
        console.print(f"present {reference} (already loaded; nothing duplicated)")
    projected = _read_models(service).projector.catch_up()
    console.print(f"views up to date ({projected} events projected)")
    if accounts:
        if not settings.database_url.startswith(("sqlite", "memory")):
            _fail("--accounts makes sign-ins with passwords printed here: only on a demo's "
                  "SQLite file, never on a council's PostgreSQL store.")
        _demo_accounts()
    else:
        console.print("Reading needs no account. To record steps, make an adviser and a token:\n"
                      "  scrutiny users add NAME --email EMAIL --role adviser\n"
                      "  scrutiny tokens create NAME --label laptop", highlight=False)


def _demo_accounts() -> None:
    import secrets

    from domain.errors import NotFound

    store = _accounts()
    console.print("Sign in to the dashboard with:", highlight=False)
    for name, email, role, acts_for in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        try:
            account = store.get(name)
        except NotFound:
            account = store.add(name, email, role, _now(), created_by="scrutiny demo",
                                acts_for=acts_for, password=password)
        if account.created_by != "scrutiny demo":
            console.print(f"  {name}: an account of that name was not made by the demo; "
                          "left alone", highlight=False)
            continue
        store.set_password(name, password)
        console.print(f"  {role:8} {name:14} password {password}", highlight=False)


database = typer.Typer(help="The store's tables: made once, upgraded across versions.")
app.add_typer(database, name="db")


@database.command("migrate")
def db_migrate() -> None:
    """Create the event store's, the views' and the accounts' tables, or upgrade them to this
    release (views of an older layout are rebuilt from the event log); safe to run again. Run
    it once before starting workers, which create nothing themselves."""
    from api.accounts import Accounts
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
app.add_typer(projections, name="projections")


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


def _read_models(service):  # type: ignore[no-untyped-def]
    from projections.database import ViewDatabase
    from projections.read_models import ReadModels

    try:
        return ReadModels(service, ViewDatabase(service.env))
    except ValueError as error:
        _fail(str(error))


app.add_typer(audit_app, name="audit")

report = typer.Typer(help="Committee papers made from the record.")
app.add_typer(report, name="report")


@report.command("monitoring")
def report_monitoring(
    review: str = typer.Argument(None, help="The review's reference, e.g. "
                                 "hmip-yot-inspection-action-plan (or use --commission)."),
    commission: str = typer.Option(None, "--commission", help="A commission's name or slug, "
                                   "for its report over a period (with --from and --to)."),
    first: str = typer.Option(None, "--from", help="The period's first day (YYYY-MM-DD)."),
    last: str = typer.Option(None, "--to", help="The period's last day (YYYY-MM-DD)."),
    out: str = typer.Option(None, "--out", help="The file to write (default: "
                            "monitoring-report-REVIEW.FORMAT here)."),
    form: str = typer.Option(None, "--format", help="docx, html or pdf (default: from the "
                             "--out suffix, else docx)."),
    public: bool = typer.Option(False, "--public", help="Leave exempt information out (for "
                                "publication)."),
) -> None:
    """The monitoring report for committee papers, as Word, HTML or PDF: every recommendation or
    action with its latest update and status, counts by status, and response timeliness; for
    one review, or for every review a commission monitored between two dates."""
    from pathlib import Path

    from api.monitoring_report import (
        CommissionReport,
        MonitoringReport,
        commission_report,
        monitoring_docx,
        monitoring_html,
        monitoring_pdf,
        monitoring_report,
    )
    from domain.access import SEES_EVERYTHING, SEES_NOTHING
    from domain.values import slug

    if (review is None) == (commission is None):
        _fail("Name a review (e.g. hmip-yot-inspection-action-plan) or give --commission NAME "
              "--from DATE --to DATE, not both.")
    if review is not None and (first or last):
        _fail("--from and --to are for a commission's report (--commission NAME).")
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    suffix_form = {"htm": "html"}.get(suffix, suffix)
    chosen = (form or suffix_form or "docx").lower()
    if chosen not in {"docx", "html", "pdf"}:
        _fail(f"--format: {form or suffix!r} is not a format of the report; give docx, html "
              "or pdf (or an --out file ending so).")
    if form and suffix_form in {"docx", "html", "pdf"} and suffix_form != chosen:
        # a Word file named .pdf opens in nothing that trusts the name
        _fail(f"--out {out} ends in .{suffix} but --format is {chosen}; name the file "
              f".{chosen}, or leave --format out to write {suffix_form}.")
    if commission is not None:
        if not first or not last:
            _fail("--commission needs the period: --from YYYY-MM-DD --to YYYY-MM-DD.")
        start, end = _parse_date(first, "--from"), _parse_date(last, "--to")
        if end < start:
            _fail(f"--to {last} is before --from {first}; the period must end on or after "
                  "the day it begins.")
    settings = _settings()
    service = _service(settings)
    read_models = _read_models(service)
    read_models.projector.catch_up()
    today = service.clock.today()
    found: MonitoringReport | CommissionReport | None
    if commission is not None:
        found = commission_report(read_models, commission, start, end, today,
                                  SEES_NOTHING if public else SEES_EVERYTHING)
        if found is None:
            _fail(f"There is no commission {commission!r} with reviews"
                  + (" the public may see." if public else "."))
        name = f"{slug(found.commission)}-{start}-to-{end}"
    else:
        found = monitoring_report(read_models, str(service.review_id(review)), today,
                                  SEES_NOTHING if public else SEES_EVERYTHING)
        if found is None:
            _fail(f"There is no review {review!r}.")
        name = review
    council = service.deadline_engine.settings.name
    target = Path(out or f"monitoring-report-{name}.{chosen}")
    written = {"docx": monitoring_docx, "pdf": monitoring_pdf}.get(chosen)
    try:
        if written is not None:
            target.write_bytes(written(found, council))
        else:
            target.write_text(monitoring_html(found, council), encoding="utf-8")
    except OSError as error:
        _fail(f"--out: cannot write {target}: {error.strerror or error}.")
    rows = found.rows if isinstance(found, CommissionReport) else len(found.rows)
    reviews = len(found.sections) if isinstance(found, CommissionReport) else None
    extent = f"{reviews} review{'s' if reviews != 1 else ''}, " if reviews is not None else ""
    typer.echo(f"wrote {target} ({extent}{rows} rows, {found.distinct} distinct; "
               + ", ".join(f"{status} {count}" for status, count in found.counts)
               + ("; public version" if public else "")
               + ("; holds exempt information" if found.holds_exempt_information else "") + ")")


users = typer.Typer(help="Accounts: advisers, officers and members (the public needs none).")
app.add_typer(users, name="users")
tokens = typer.Typer(help="API tokens: made, listed and revoked; stored hashed, shown once.")
app.add_typer(tokens, name="tokens")


@users.command("add")
def users_add(
    name: str = typer.Argument(..., help="Sign-in name, e.g. katherine.harclerode"),
    email: str = typer.Option(..., help="Email address (reminders go here)."),
    role: str = typer.Option(..., help="adviser, officer or member."),
    acts_for: list[str] = typer.Option(
        [], "--acts-for",
        help="Officers: a responsible-officer name or title they report for, as written on "
        "recommendations and actions (repeat for several).",
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    no_password: bool = typer.Option(
        False, "--no-password", help="No password: the account signs in with API tokens only."
    ),
) -> None:
    """Create an account; its password is hashed with Argon2id."""
    import sys

    from domain.errors import DomainError

    accounts = _accounts()
    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        account = accounts.add(name, email, role, _now(), created_by=_cli_user(),
                               acts_for=tuple(acts_for), password=password)
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"created {account.role.value} {account.name} <{account.email}>")


@users.command("list")
def users_list() -> None:
    """Every account with its role."""
    for account in _accounts().all():
        extra = f"  reports for: {', '.join(account.acts_for)}" if account.acts_for else ""
        typer.echo(f"{account.name:28} {account.role.value:8} {account.email}{extra}")


@tokens.command("create")
def tokens_create(
    account: str = typer.Argument(..., help="The account the token acts as."),
    label: str = typer.Option(..., help='What it is for, e.g. "reminder script".'),
) -> None:
    """Make an API token; it is printed this once and only its hash is kept."""
    from domain.errors import DomainError

    try:
        token, text = _accounts().create_token(account, label, _now(), created_by=_cli_user())
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"token {token.token_id} for {token.account} ({token.label}); copy it now, "
                  "it will not be shown again:")
    print(text)


@tokens.command("list")
def tokens_list(
    account: str | None = typer.Argument(None, help="Only this account's tokens."),
) -> None:
    """API tokens (never the tokens themselves): id, account, label, made, last used, revoked."""
    for token in _accounts().tokens(account):
        state = "active"
        if token.revoked_at:
            state = f"revoked {token.revoked_at} by {token.revoked_by}"
        typer.echo(
            f"{token.token_id}  {token.account:24} {token.label:24} made {token.created_at[:10]}"
            f"  last used {token.last_used_on or 'never'}  {state}",
        )


@tokens.command("revoke")
def tokens_revoke(token_id: str = typer.Argument(..., help="The token's id.")) -> None:
    """Revoke a token; requests carrying it are refused from now on."""
    from domain.errors import DomainError

    try:
        token = _accounts().revoke_token(token_id, _now(), revoked_by=_cli_user())
    except DomainError as error:
        _fail(error.message)
    typer.echo(f"token {token.token_id} of {token.account} revoked")


def _accounts():  # type: ignore[no-untyped-def]
    from api.accounts import Accounts

    return Accounts(_read_models(_service(_settings())).database)


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _cli_user() -> str:
    import getpass

    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):
        return "command line"

importing = typer.Typer(help="Bringing in what councils kept elsewhere.")
app.add_typer(importing, name="import")


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

    from api.progress_sheet import SheetRefused
    from api.tracker_import import import_tracker
    from domain.errors import DomainError

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
        from api.accounts import Accounts
        from domain.access import Role

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


deadlines = typer.Typer(help="The statutory deadline rules, and dates computed from them.")
app.add_typer(deadlines, name="deadlines")


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


def _parse_date(text: str, what: str):  # type: ignore[no-untyped-def]
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"{what}: {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-12-22.")


def _fail(message: str) -> NoReturn:
    console.print(f"[red]{message}[/red]", highlight=False)
    raise typer.Exit(2)


def _service(settings: Settings, clock=None, create_tables=True):  # type: ignore[no-untyped-def]
    from eventsourcing.persistence import InterfaceError, OperationalError

    try:
        return build_service(settings, clock, create_tables)
    except ConfigurationError as error:
        _fail(str(error))
    except (OperationalError, InterfaceError) as error:
        _fail(f"Cannot reach the event store at {_safe(settings.database_url)}: {error}. "
              "Is the database running, and is SCRUTINY_DATABASE_URL right?")


def _safe(url: str) -> str:
    """The database URL without its password, for printing."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


# Backup, restore and moving a store between SQLite and PostgreSQL (api/backup_cli.py).
from api.backup_cli import backup, db_copy, projections_digest, restore  # noqa: E402

app.command("backup")(backup)
app.command("restore")(restore)
database.command("copy")(db_copy)
projections.command("digest")(projections_digest)


def main() -> None:
    app()
