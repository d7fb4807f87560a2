"""Writes the backup that the next release's tests restore: run it with the release being
superseded, before changing anything, from that release's own checkout:

    git worktree add /tmp/previous <that release's commit>
    cd /tmp/previous && PYTHONPATH=. /path/to/.venv/bin/python \\
        /path/to/tests/stores/make_backup.py /path/to/tests/stores/<commit>.backup

The store holds what that release could record and a later one must go on reading: the demo
data, exemptions, reminders sent, retried and failed for good, accounts, tokens and calendar
feeds, and a title with a line break (which releases from issue 17 on refuse). Time is fixed,
so the file says the same whenever it is made. Only the previous release's code may be run here:
this script imports nothing of the release that reads the file.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from application.bootstrap import reminder_cycle
from application.service import ScrutinyService
from demo import load_demo
from domain.clock import FixedClock
from domain.values import ReviewKind
from identity.accounts import Accounts
from operations.backup import back_up
from operations.settings import Settings, load_council_settings, store_environment
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from scheduler.transports import DeliveryFailed, MailFolderTransport

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
ADVISER = "katherine.harclerode"


class Busy:
    """A mail server that answers every message "try later"."""

    name = "smtp"

    def send(self, message: EmailMessage, reference: str) -> str:
        raise DeliveryFailed("451 4.3.0 Mailbox busy", False)


class RefusesDigests:
    """A mail server that takes the deadline reminders and refuses the digests for good."""

    name = "smtp"

    def __init__(self, folder: Path) -> None:
        self.folder = MailFolderTransport(folder)

    def send(self, message: EmailMessage, reference: str) -> str:
        if "digest" in str(message["X-Scrutiny-Reminder"]):
            raise DeliveryFailed("554 5.7.1 Rejected by content policy", True)
        return self.folder.send(message, reference)


def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    clock = FixedClock(NOW)
    service = ScrutinyService(env=store_environment(f"sqlite:///{folder}/store.db"),
                              clock=clock, council=load_council_settings("council.toml"))
    read_models = ReadModels(service, ViewDatabase(service.env))
    accounts = Accounts(read_models.database)
    accounts.add(ADVISER, "katherine.harclerode@rotherham.example", "adviser", NOW,
                 created_by="make_backup", password="correct horse battery staple")
    accounts.add("cyps.trainer", "trainer@rotherham.example", "officer", NOW,
                 created_by="make_backup", acts_for=("CYPS Training",))
    accounts.create_token(ADVISER, "laptop", NOW, created_by=ADVISER)
    accounts.create_calendar_feed("cyps.trainer", "Outlook", NOW)
    load_demo(service)
    service.propose_review(reference="care-leavers", title="Care leavers:\nthe local offer",
                           commission="Improving Lives Select Commission", kind=ReviewKind.FULL,
                           members=["Councillor Pitchley"], actor=ADVISER, on=date(2026, 1, 12),
                           source="ILSC 12 January 2026")
    read_models.catch_up_with_log()
    cycle = reminder_cycle(service, read_models, accounts, Settings(), transport=Busy())
    cycle.run()  # queued, and failed once: to be retried
    clock.advance_to(NOW + timedelta(hours=2))
    cycle.outbox.transport = RefusesDigests(folder / "mail")
    cycle.outbox.dispatch()  # the reminders sent, the digest failed for good
    read_models.catch_up_with_log()
    back_up(service, out)
    service.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
