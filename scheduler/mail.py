"""Reminder emails: multipart (plain text and HTML) from Jinja2 templates, as recorded.

Everything an email says comes from its reminder's Queued event (subject, recipients, content),
so a retry sends the same words, and its Message-ID is derived from that event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.reminder import Recipient, Reminder, ReminderKind
from domain.values import on_one_line

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class MailSettings:
    sender: str = "scrutiny@localhost"
    sender_name: str = "Scrutiny deadlines"
    council: str = "Rotherham Metropolitan Borough Council"

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[-1]


def _long_date(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%A} {day.day} {day:%B %Y}"


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
_environment.filters["long_date"] = _long_date


def _address(recipient: Recipient) -> str:
    return formataddr((on_one_line(recipient.name), recipient.email.strip()))


def compose(reminder: Reminder, settings: MailSettings, now: datetime) -> EmailMessage:
    template = "digest" if reminder.kind == ReminderKind.DIGEST else "deadline_reminder"
    context = {
        "subject": reminder.subject_line, "content": reminder.content,
        "unreached": reminder.unreached, "council": settings.council,
        "recipients": _names(reminder.to + reminder.copy_to),
    }
    message = EmailMessage()
    # Headers are one line: titles with line breaks are refused when recorded, but a store
    # written before that rule (or a name in the council settings) must not stop an email.
    message["Subject"] = on_one_line(reminder.subject_line)
    message["From"] = formataddr((on_one_line(settings.sender_name), settings.sender.strip()))
    message["To"] = ", ".join(_address(r) for r in reminder.to)
    if reminder.copy_to:
        message["Cc"] = ", ".join(_address(r) for r in reminder.copy_to)
    message["Message-ID"] = reminder.message_id_for(settings.domain)
    message["Date"] = format_datetime(now)
    # RFC 3834: machine-sent, so out-of-office replies are not sent back.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Scrutiny-Reminder"] = on_one_line(reminder.key)
    message.set_content(_environment.get_template(f"{template}.txt").render(context))
    message.add_alternative(_environment.get_template(f"{template}.html").render(context),
                            subtype="html")
    return message


def _names(recipients: list[Recipient]) -> str:
    return "; ".join(f"{r.name} ({r.why})" for r in recipients) or "nobody"
