"""Ways an email leaves: an SMTP server, a folder of ``.eml`` files, or GOV.UK Notify.

Each ``send`` returns the answer to record, or raises ``DeliveryFailed`` with the answer and
whether trying again could help. Only a refusal of this message — every recipient refused, or
its content refused, with a 5xx reply — is permanent. A refusal of the connection, the
credentials or the sender address is the configuration's fault, not the message's: it is
retried, so once the settings are put right the reminders go.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path
from typing import Literal, Protocol


class DeliveryFailed(Exception):
    def __init__(self, answer: str, permanent: bool) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent


class Transport(Protocol):
    name: str

    def send(self, message: EmailMessage, reference: str) -> str:
        """Deliver ``message``; ``reference`` is the reminder's id. Returns the answer."""
        ...


def recipients_of(message: EmailMessage) -> list[str]:
    return [address for _, address in getaddresses(
        message.get_all("To", []) + message.get_all("Cc", [])
    ) if address]


@dataclass
class SMTPTransport:
    host: str
    port: int = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    """Certificates to trust besides the system's (a council's internal mail server)."""
    timeout: float = 30.0
    name: str = "smtp"

    def send(self, message: EmailMessage, reference: str) -> str:
        sender = _address(message["From"])
        wanted = recipients_of(message)
        try:
            with self._connect() as smtp:
                code, reply = smtp.mail(sender)
                if code != 250:
                    raise smtplib.SMTPSenderRefused(code, reply, sender)
                refused: dict[str, tuple[int, bytes]] = {}
                for address in wanted:
                    code, reply = smtp.rcpt(address)
                    if code not in (250, 251):
                        refused[address] = (code, reply)
                if len(refused) == len(wanted):
                    smtp.rset()
                    raise smtplib.SMTPRecipientsRefused(refused)  # type: ignore[arg-type]
                del message["Bcc"]
                # SMTP lines end in CRLF; smtplib leaves the line ends of bytes as they are.
                code, reply = smtp.data(message.as_bytes(
                    policy=message.policy.clone(linesep="\r\n")))
                if code != 250:
                    raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPRecipientsRefused as error:
            answers = "; ".join(f"{address}: {_reply(code, reply)}"
                                for address, (code, reply) in error.recipients.items())
            permanent = all(code >= 500 for code, _ in error.recipients.values())
            raise DeliveryFailed(f"every recipient refused: {answers}", permanent) from None
        except smtplib.SMTPDataError as error:
            raise DeliveryFailed(_reply(error.smtp_code, error.smtp_error),
                                 error.smtp_code >= 500) from None
        except smtplib.SMTPResponseException as error:
            raise DeliveryFailed(
                f"{self.host}:{self.port} refused the connection's settings (check the "
                f"SCRUTINY_SMTP_* settings): {_reply(error.smtp_code, error.smtp_error)}", False
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"could not talk to {self.host}:{self.port}: {error}",
                                 False) from None
        answer = _reply(code, reply)
        if refused:
            answer += "; refused: " + "; ".join(
                f"{address}: {_reply(code, reply)}" for address, (code, reply) in refused.items()
            )
        return answer

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        smtp: smtplib.SMTP
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp


@dataclass
class MailFolderTransport:
    """The embedded default: each email is written whole to ``<folder>/<Message-ID>.eml``, so
    nothing is lost while no SMTP server is configured; a re-send replaces the same file."""

    folder: Path
    name: str = "mail-folder"

    def send(self, message: EmailMessage, reference: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9.@_-]", "", str(message["Message-ID"])) or reference
        target = self.folder / f"{stem}.eml"
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, suffix=".part",
                                             delete=False) as file:
                file.write(message.as_bytes())
                file.flush()
                os.fsync(file.fileno())
            os.replace(file.name, target)
        except OSError as error:
            raise DeliveryFailed(f"could not write {target}: {error}", False) from None
        return f"written to {target}"


@dataclass
class NotifyTransport:
    """GOV.UK Notify (notifications-python-client). Notify sends from a template of its own, so
    the template needs ``((subject))`` and ``((body))`` placeholders; every recipient gets the
    plain-text body, with the reminder's id as the ``reference``."""

    api_key: str
    template_id: str
    base_url: str = "https://api.notifications.service.gov.uk"
    name: str = "gov-uk-notify"

    def send(self, message: EmailMessage, reference: str) -> str:
        from notifications_python_client.errors import HTTPError
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(self.api_key, base_url=self.base_url)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        accepted: list[str] = []
        refused: list[tuple[str, str, bool]] = []
        for address in recipients_of(message):
            try:
                answer = client.send_email_notification(
                    email_address=address, template_id=self.template_id,
                    personalisation={"subject": str(message["Subject"]), "body": text},
                    reference=reference,
                )
            except HTTPError as error:
                # 400: this address or this message; 403 is the key (configuration), 429 and
                # 5xx pass.
                refused.append((address, f"Notify answered {error.status_code}: "
                                f"{error.message}", error.status_code == 400))
                continue
            except (OSError, ValueError) as error:
                refused.append((address, f"could not reach Notify: {error}", False))
                continue
            accepted.append(f"{address}: {answer.get('id')}")
        problems = "; ".join(f"{address}: {answer}" for address, answer, _ in refused)
        if not accepted:
            raise DeliveryFailed(problems, all(permanent for *_, permanent in refused))
        # As with SMTP, some accepted is sent; who was refused is recorded with it.
        return f"Notify accepted {len(accepted)}: {', '.join(accepted)}" + (
            f"; refused: {problems}" if refused else "")


def _address(header: str) -> str:
    found = getaddresses([header])
    return found[0][1] if found else header


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return f"{code} {text}".strip()
