"""The composition root: the one place the parts of a deployment are made and wired.

From the settings (operations/settings.py): the service on the configured event store, the read
models and accounts on the views' database, and the reminder scheduler with the email transport
the configuration names (SMTP, GOV.UK Notify, or the mail folder) and the accounts as the
directory of people. The command line, the web app's processes, the workers and backup all
build what they run here (ARCHITECTURE.md, "Composition").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from application.service import ScrutinyService
from domain.access import Role
from domain.clock import Clock
from identity.accounts import Accounts
from operations.settings import (
    MailConfiguration,
    Settings,
    load_council_settings,
    store_environment,
)
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from scheduler.leader import SingleHolder
from scheduler.mail import MailSettings
from scheduler.outbox import Outbox
from scheduler.recipients import Person
from scheduler.runner import ReminderCycle, schedule
from scheduler.sweep import Sweep
from scheduler.transports import MailFolderTransport, NotifyTransport, SMTPTransport, Transport


def build_service(settings: Settings | None = None, clock: Clock | None = None,
                  create_tables: bool = True, env: dict[str, str] | None = None
                  ) -> ScrutinyService:
    """The composition root of the write side: the service on the configured store (``env``:
    more of the event store library's settings, e.g. its pool's size)."""
    settings = settings or Settings.from_environment()
    return ScrutinyService(
        env={**store_environment(settings.database_url, create_tables), **(env or {})},
        clock=clock,
        council=load_council_settings(settings.council_settings_path),
    )


def build_read_models(service: ScrutinyService, create_tables: bool = True) -> ReadModels:
    """The views, on the database beside the service's event store."""
    return ReadModels(service, ViewDatabase(service.env), create_tables=create_tables)


def build_accounts(read_models: ReadModels, create_tables: bool = True) -> Accounts:
    """Accounts, sessions and tokens live in the views' database (they are not events)."""
    return Accounts(read_models.database, create_tables=create_tables)


@dataclass
class Deployment:
    """Everything a process of this deployment runs on, made once."""

    settings: Settings
    service: ScrutinyService
    read_models: ReadModels
    accounts: Accounts

    def reminder_cycle(self, transport: Transport | None = None) -> ReminderCycle:
        return reminder_cycle(self.service, self.read_models, self.accounts, self.settings,
                              transport)

    def reminder_scheduler(self, blocking: bool) -> Any:
        """The APScheduler that runs the reminder cycle every ``sweep_minutes``."""
        return schedule(self.reminder_cycle(), self.settings.sweep_minutes, blocking=blocking)

    def role_holder(self) -> SingleHolder:
        """This process's contention for the projector-and-scheduler role (run it in a
        thread): one process of a PostgreSQL store at a time holds it (scheduler/leader.py)."""
        return SingleHolder(self.read_models.database, self.start_role)

    def start_role(self) -> Callable[[], None]:
        """Start the projector (following the log) and the reminder scheduler; answers the
        function that stops both."""
        stop = threading.Event()
        follower = threading.Thread(target=self.read_models.projector.follow, args=(stop,),
                                    name="projector", daemon=True)
        follower.start()
        try:
            scheduler = self.reminder_scheduler(blocking=False)
            scheduler.start()
        except BaseException:
            stop.set()  # the role is not taken: leave no projector behind
            follower.join(timeout=10)
            raise

        def stop_role() -> None:
            scheduler.shutdown(wait=True)
            stop.set()
            follower.join(timeout=10)

        return stop_role


def deployment_on(service: ScrutinyService, settings: Settings, create_tables: bool = True
                  ) -> Deployment:
    """The read models and accounts beside a service already made (and checked: a process
    that makes no tables checks the store with ``store_unready`` first)."""
    read_models = build_read_models(service, create_tables)
    return Deployment(settings, service, read_models, build_accounts(read_models, create_tables))


def store_unready(service: ScrutinyService) -> str | None:
    """Why a process that creates no tables cannot start on this store, or None."""
    database = ViewDatabase(service.env)
    reason = database.unready(service.deadline_engine.settings.views_fingerprint())
    if reason is None and Accounts.tables_missing(database):
        reason = "the accounts' tables have not been made"
    return reason


class AccountsDirectory:
    """People are the accounts with an email address: an officer answers for the titles their
    account acts for (the same matching that lets them report progress)."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def acting_for(self, responsible: str) -> list[Person]:
        return [Person(a.name, a.email) for a in self.accounts.all()
                if a.email and a.principal.answers_for(responsible)]

    def advisers(self) -> list[Person]:
        return [Person(a.name, a.email) for a in self.accounts.all()
                if a.email and a.role == Role.ADVISER]


def transport_for(mail: MailConfiguration) -> Transport:
    if mail.notify_api_key and mail.notify_template_id:
        return NotifyTransport(mail.notify_api_key, mail.notify_template_id, mail.notify_base_url)
    if mail.smtp_host:
        return SMTPTransport(mail.smtp_host, mail.smtp_port, mail.smtp_security,
                             mail.smtp_username, mail.smtp_password, mail.smtp_ca_file)
    return MailFolderTransport(Path(mail.folder).expanduser().resolve())


def reminder_cycle(service: ScrutinyService, read_models: ReadModels, accounts: Accounts,
                   settings: Settings, transport: Transport | None = None) -> ReminderCycle:
    sweep = Sweep(service, read_models, AccountsDirectory(accounts), settings.public_url)
    mail = MailSettings(sender=settings.mail.sender,
                        council=service.deadline_engine.settings.name)
    outbox = Outbox(service, read_models, transport or transport_for(settings.mail), mail,
                    claim=timedelta(seconds=settings.send_claim_seconds))
    return ReminderCycle(sweep, outbox)
