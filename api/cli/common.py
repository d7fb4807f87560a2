"""What the command groups share: the console, failing with exit code 2, and reaching the
store (built in application/bootstrap.py)."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from application.bootstrap import build_accounts, build_read_models, build_service, deployment_on
from operations.settings import ConfigurationError, Settings

console = Console(soft_wrap=True)


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


def _deployment(settings: Settings, clock=None):  # type: ignore[no-untyped-def]
    """The service, read models and accounts on the configured store, or a clear refusal."""
    service = _service(settings, clock)
    try:
        return deployment_on(service, settings)
    except ValueError as error:
        _fail(str(error))


def _read_models(service):  # type: ignore[no-untyped-def]
    try:
        return build_read_models(service)
    except ValueError as error:
        _fail(str(error))


def _accounts():  # type: ignore[no-untyped-def]
    return build_accounts(_read_models(_service(_settings())))


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _cli_user() -> str:
    import getpass

    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):
        return "command line"


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
