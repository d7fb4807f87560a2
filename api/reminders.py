"""Wiring the reminder scheduler to this deployment: accounts as the directory of people, and
the email transport the configuration names (SMTP, GOV.UK Notify, or the mail folder)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from api.accounts import Accounts
from api.config import MailConfiguration, Settings
from domain.access import Role
from domain.service import ScrutinyService
from projections.read_models import ReadModels
from scheduler.mail import MailSettings
from scheduler.outbox import Outbox
from scheduler.recipients import Person
from scheduler.runner import ReminderCycle
from scheduler.sweep import Sweep
from scheduler.transports import MailFolderTransport, NotifyTransport, SMTPTransport, Transport


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
