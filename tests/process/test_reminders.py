"""Reminders: the sweep queues each deadline reminder once, the outbox emails it to a real SMTP
server (aiosmtpd on 127.0.0.1), and recording the step that meets the deadline stops them.

The story is the Cultural Strategy review (ILSC 3 May 2022, referred to OSMB): taken on to
Cabinet, whose s.9FE response is then chased. Time moves only when the test moves the clock.
"""

from __future__ import annotations

import email
import email.policy
import http.server
import itertools
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID, uuid4

import httpx
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from application.bootstrap import reminder_cycle, transport_for
from application.service import DraftRecommendation, ScrutinyService
from demo import cultural_strategy, hmip_yot_action_plan
from domain.clock import LONDON, FixedClock
from domain.council_settings import ReminderPolicy
from domain.errors import InvalidCommand
from domain.events import Stamp, recording
from domain.recommendation import CabinetResponse
from domain.reminder import Recipient, ReminderKind
from domain.review import Review
from domain.values import CabinetDecision, ReportedTo, ReviewKind
from identity.accounts import Accounts
from operations.settings import (
    ConfigurationError,
    MailConfiguration,
    Settings,
    load_council_settings,
    store_environment,
)
from projections import reminders as reminder_views
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from scheduler.outbox import Outbox
from scheduler.runner import ReminderCycle, schedule
from scheduler.sweep import Sweep
from scheduler.transports import MailFolderTransport, NotifyTransport, SMTPTransport
from tests.conftest import TODAY, RunningServer, _free_port, bearer, token_for
from tests.http import test_web as web

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = load_council_settings(str(ROOT / "council.toml"))
ADVISER = "katherine.harclerode@rotherham.example"
CHAIR = "chair.ilsc@rotherham.example"
SSO = "emma.hill@rotherham.example"
REFERENCE = cultural_strategy.REFERENCE
SUBMITTED = date(2022, 6, 6)
# s.9FE: two months beginning with 6 June 2022 end on 5 August 2022 (a Friday).
RESPONSE_DUE = date(2022, 8, 5)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


# --- a real SMTP server ------------------------------------------------------------------------


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


class Mailbox:
    """aiosmtpd's handler: keeps every message; ``refuse_with`` makes it answer DATA with an
    error instead (e.g. "451 4.3.0 Try again later")."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse_with: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_with:
            return self.refuse_with
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(r.message["Subject"]) for r in self.received]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler = Mailbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


# --- the council, its store and its scheduler ---------------------------------------------------


@dataclass
class Council:
    service: ScrutinyService
    read_models: ReadModels
    accounts: Accounts
    clock: FixedClock
    cycle: ReminderCycle
    mailbox: Mailbox
    port: int

    def on(self, day: date, hour: int = 9) -> None:
        self.clock.advance_to(at(day, hour))

    def run(self) -> Any:
        return self.cycle.run()

    def reminders(self) -> list[dict[str, Any]]:
        self.read_models.catch_up_with_log()
        return reminder_views.reminder_list(self.read_models.connection()).items


@pytest.fixture
def council(database_url: str, mailbox: tuple[Mailbox, int]) -> Iterator[Council]:
    clock = FixedClock(at(SUBMITTED))
    service = ScrutinyService(env=store_environment(database_url), clock=clock, council=COUNCIL)
    read_models = ReadModels(service, ViewDatabase(service.env))
    accounts = Accounts(read_models.database)
    handler, port = mailbox
    cycle = reminder_cycle(service, read_models, accounts, Settings(),
                           transport=SMTPTransport("127.0.0.1", port, "none"))
    with service.unit_of_work():
        cultural_strategy.load(service)
    service.endorse_by_osmb(REFERENCE, actor="katherine.harclerode", on=date(2022, 5, 23))
    service.submit_to_cabinet(REFERENCE, actor="katherine.harclerode", on=SUBMITTED)
    yield Council(service, read_models, accounts, clock, cycle, handler, port)
    service.close()


def respond(council: Council, on: date) -> None:
    council.on(on)
    council.service.record_cabinet_response(
        REFERENCE,
        responses={label: CabinetResponse(decision=CabinetDecision.ACCEPTED,
                                          responsible_officer="Head of Culture, Sport and Tourism",
                                          target_date="2023-03-31")
                   for label in cultural_strategy.RECOMMENDATIONS},
        actor="katherine.harclerode", on=on,
    )


# --- the story ------------------------------------------------------------------------------------


def test_cabinet_response_is_chased_once_per_reminder_day_and_stops_when_recorded(
    council: Council,
) -> None:
    # 10 working days before Friday 5 August 2022 is Friday 22 July.
    council.on(date(2022, 7, 21))
    assert council.run().sweep.queued == []
    assert council.mailbox.received == []

    council.on(date(2022, 7, 22))
    report = council.run()
    assert len(report.sweep.queued) == 1 and len(report.dispatch.sent) == 1
    [first] = council.mailbox.received
    message = first.message
    # The commission's adviser chases Cabinet's response; the council copies the chair.
    assert sorted(first.recipients) == sorted([ADVISER, CHAIR])
    assert ADVISER in str(message["To"]) and CHAIR in str(message["Cc"])
    assert str(message["Subject"]) == (
        "Reminder: Cultural Strategy: Executive response to a scrutiny report is due on "
        "Friday 5 August 2022"
    )
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Local Government Act 2000, s.9FE" in text and "in 10 working days" in text
    assert "Local Government Act 2000, s.9FE" in html and "<table" in html
    assert "/reviews/cultural-strategy" in text
    reminder_id = report.sweep.queued[0]["reminder_id"]
    assert str(message["Message-ID"]) == f"<{reminder_id}.1@localhost>"

    # The same sweep again, later that day: nothing new.
    council.on(date(2022, 7, 22), hour=16)
    again = council.run()
    assert again.sweep.queued == [] and again.dispatch.sent == []
    assert len(council.mailbox.received) == 1

    # Five working days before: the next reminder.
    council.on(date(2022, 7, 29))
    council.run()
    assert len(council.mailbox.received) == 2

    # Cabinet responds on 1 August: the deadline is met and the reminders stop.
    respond(council, date(2022, 8, 1))
    for day in (date(2022, 8, 4), date(2022, 8, 5), date(2022, 8, 8), date(2022, 8, 15)):
        council.on(day)
        report = council.run()
        assert report.sweep.queued == [], day
    assert len(council.mailbox.received) == 2
    sent = [r for r in council.reminders() if r["status"] == "sent"]
    assert len(sent) == 2 and all(r["attempts"] == 1 for r in sent)
    assert sent[0]["recipients"][0]["email"] == ADVISER


def test_an_exempt_review_is_chased_under_a_neutral_subject(council: Council) -> None:
    council.service.mark_exempt(REFERENCE, paragraphs=[3], reason="Commercial negotiations",
                                review_by=date(2023, 6, 6), actor="katherine.harclerode",
                                on=SUBMITTED)
    council.on(date(2022, 7, 22))
    council.run()
    [received] = council.mailbox.received
    assert str(received.message["Subject"]) == (
        "Reminder: Exempt item, Schedule 12A paragraph 3: Executive response to a scrutiny "
        "report is due on Friday 5 August 2022")
    text = received.message.get_body(  # type: ignore[union-attr]
        preferencelist=("plain",)).get_content()
    # The body goes to those entitled to it; its link names the review by id, not by the
    # reference made from its title.
    review_id = council.service.review_id(REFERENCE)
    assert f"/reviews/{review_id}" in text and f"/reviews/{REFERENCE}" not in text
    assert "exempt information" in text
    [row] = council.reminders()
    assert "Cultural" not in row["subject_line"]


def test_a_missed_response_is_escalated_weekly_to_the_statutory_scrutiny_officer_and_chair(
    council: Council,
) -> None:
    council.on(date(2022, 8, 8))  # the first working day after 5 August
    report = council.run()
    [queued] = report.sweep.queued
    assert queued["to"] == [ADVISER] and sorted(queued["cc"]) == sorted([SSO, CHAIR])
    [received] = council.mailbox.received
    assert str(received.message["Subject"]).startswith(
        "Overdue by 3 days: Cultural Strategy: Executive response to a scrutiny report (was "
        "due Friday 5 August 2022)"
    )
    assert sorted(received.recipients) == sorted([ADVISER, SSO, CHAIR])

    council.on(date(2022, 8, 12))
    assert council.run().sweep.queued == []
    council.on(date(2022, 8, 15))
    assert len(council.run().sweep.queued) == 1
    assert council.mailbox.subjects()[-1].startswith("Overdue by 10 days")

    # A sweep that did not run for three weeks sends the latest reminder only, not three.
    council.on(date(2022, 9, 6))
    assert len(council.run().sweep.queued) == 1
    assert council.mailbox.subjects()[-1].startswith("Overdue by 32 days")


def test_a_deadline_met_after_its_reminder_was_queued_gets_no_email(council: Council) -> None:
    council.on(date(2022, 7, 22))
    assert len(council.cycle.sweep.run().queued) == 1
    respond(council, date(2022, 7, 22))
    report = council.cycle.outbox.dispatch()
    assert report.sent == []
    [withdrawn] = report.withdrawn
    assert "met on 2022-07-22" in withdrawn["reason"]
    assert council.mailbox.received == []
    [row] = council.reminders()
    assert row["status"] == "withdrawn"


def test_an_extension_reschedules_the_reminders(council: Council) -> None:
    council.on(date(2022, 7, 22))
    council.cycle.sweep.run()
    council.service.extend_deadline(
        REFERENCE, "executive-response", due=date(2022, 9, 30),
        reason="Cabinet meeting moved to September", actor="katherine.harclerode",
        on=date(2022, 7, 22),
    )
    report = council.cycle.outbox.dispatch()
    assert report.sent == [] and "moved from 2022-08-05 to 2022-09-30" in (
        report.withdrawn[0]["reason"])
    council.on(date(2022, 8, 8))  # overdue under the old date, not under the new one
    assert council.run().sweep.queued == []
    # 10 working days before Friday 30 September 2022 is Friday 16 September.
    council.on(date(2022, 9, 16))
    council.run()
    assert council.mailbox.subjects() == [
        "Reminder: Cultural Strategy: Executive response to a scrutiny report is due on "
        "Friday 30 September 2022"
    ]
    text = council.mailbox.received[0].message.get_body(  # type: ignore[union-attr]
        preferencelist=("plain",)).get_content()
    assert "extended from Friday 5 August 2022" in text


class SimulatedCrash(BaseException):
    """The process dying between the server accepting an email and the event being recorded."""


@dataclass
class CrashAfterSending:
    inner: SMTPTransport
    name: str = "smtp"

    def send(self, message: EmailMessage, reference: str) -> str:
        self.inner.send(message, reference)
        raise SimulatedCrash()


def test_a_crash_between_sending_and_recording_resends_once_with_the_same_message_id(
    council: Council,
) -> None:
    council.on(date(2022, 7, 22))
    council.cycle.sweep.run()
    smtp = SMTPTransport("127.0.0.1", council.port, "none")
    crashing = Outbox(council.service, council.read_models, CrashAfterSending(smtp))
    with pytest.raises(SimulatedCrash):
        crashing.dispatch()
    assert len(council.mailbox.received) == 1
    [row] = council.reminders()
    assert row["status"] == "sending"  # claimed, and then nothing more was recorded

    restarted = Outbox(council.service, council.read_models, smtp)
    assert restarted.dispatch().sent == []  # the dead sender's claim still runs
    council.clock.advance_to(at(date(2022, 7, 22)) + timedelta(minutes=10))
    assert len(restarted.dispatch().sent) == 1
    assert len(restarted.dispatch().sent) == 0
    first, second = council.mailbox.received
    assert first.message["Message-ID"] == second.message["Message-ID"]
    assert str(first.message["Subject"]) == str(second.message["Subject"])


def test_two_sweepers_racing_queue_each_reminder_once(
    council: Council, database_url: str
) -> None:
    respond(council, date(2022, 8, 1))
    council.accounts.add("katherine.harclerode", ADVISER, "adviser", TODAY, created_by="tests")
    # Monday 20 March 2023: the four recommendations' targets (31 March) were 10 working days
    # away on Friday, and the week's digest is due: five reminders for both sweepers to race for.
    council.on(date(2023, 3, 20))
    second = ScrutinyService(env=store_environment(database_url), clock=council.clock,
                             council=COUNCIL)
    try:
        second_reads = ReadModels(second, ViewDatabase(second.env))
        sweeps = [council.cycle.sweep,
                  Sweep(second, second_reads, council.cycle.sweep.directory)]
        barrier = threading.Barrier(2)
        reports: list[Any] = []
        errors: list[BaseException] = []

        def run(sweep: Sweep) -> None:
            try:
                barrier.wait()
                reports.append(sweep.run())
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=run, args=(s,)) for s in sweeps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        queued = [q["reminder_id"] for report in reports for q in report.queued]
        digests = [d["reminder_id"] for report in reports for d in report.digests]
        assert len(queued) == 4 and len(set(queued)) == 4
        assert len(digests) == 1
        rows = council.reminders()
        assert len(rows) == 5 and len({r["reminder_key"] for r in rows}) == 5
        # Every reminder's log holds one Queued event.
        for row in rows:
            history = council.service.history(UUID(row["reminder_id"]))
            assert [h.event for h in history] == ["Queued"]
    finally:
        second.close()


def test_refused_email_is_recorded_with_the_server_answer_and_retried_with_back_off(
    council: Council,
) -> None:
    council.mailbox.refuse_with = "451 4.3.0 Mailbox busy, try again later"
    council.on(date(2022, 7, 22))
    report = council.run()
    [failed] = report.dispatch.failed
    assert failed["answer"] == "451 4.3.0 Mailbox busy, try again later"
    assert datetime.fromisoformat(failed["retry_at"]) == at(date(2022, 7, 22)) + timedelta(
        minutes=1)
    [row] = council.reminders()
    assert row["status"] == "retrying" and row["attempts"] == 1

    council.mailbox.refuse_with = None
    assert council.cycle.outbox.dispatch().sent == []  # not before its time
    council.clock.advance_to(at(date(2022, 7, 22)) + timedelta(minutes=1))
    assert len(council.cycle.outbox.dispatch().sent) == 1
    [row] = council.reminders()
    assert row["status"] == "sent" and row["attempts"] == 2
    assert row["answer"].startswith("250")


def test_a_permanent_refusal_is_not_retried(council: Council) -> None:
    council.mailbox.refuse_with = "554 5.7.1 Message rejected by policy"
    council.on(date(2022, 7, 22))
    [failed] = council.run().dispatch.failed
    assert failed["retry_at"] is None
    council.mailbox.refuse_with = None
    council.clock.advance_to(at(date(2022, 7, 23)))
    assert council.cycle.outbox.dispatch().sent == []
    [row] = council.reminders()
    assert row["status"] == "failed" and "554 5.7.1" in row["answer"] and row["needs_action"]


def test_an_adviser_puts_a_failed_reminder_back_in_the_queue_from_the_dashboard(
    council: Council, monkeypatch: pytest.MonkeyPatch,
) -> None:
    council.mailbox.refuse_with = "554 5.7.1 Message rejected by policy"
    council.on(date(2022, 7, 22))
    [failed] = council.run().dispatch.failed
    council.mailbox.refuse_with = None
    monkeypatch.setenv("SCRUTINY_COOKIE_SECURE", "0")
    council.accounts.add("katherine.harclerode", ADVISER, "adviser", TODAY, created_by="tests",
                         password=web.PASSWORD)
    council.accounts.add("cllr.pitchley", CHAIR, "member", TODAY, created_by="tests",
                         password=web.PASSWORD)
    with RunningServer(council.service, council.read_models) as server:
        with web.signed_in(server, "cllr.pitchley") as member:
            assert member.get("/web/reminders").status_code == 403
        with web.signed_in(server, "katherine.harclerode") as browser:
            shown = web.page(browser.get("/"))
            assert "Reminders needing action (1)" in shown.get_text(" ", strip=True)
            listing = web.page(browser.get("/web/reminders"))
            form = listing.find("form", action=f"/web/reminders/{failed['reminder_id']}/retry")
            token = form.find("input", {"name": "csrf_token"})["value"]
            blank = browser.post(form["action"], data={"csrf_token": token, "reason": " "})
            assert blank.status_code == 422 and web.errors(web.page(blank)) == [
                'Say why it is tried again, e.g. "mail settings corrected" (at most 2000 '
                "characters)"]
            assert council.reminders()[0]["status"] == "failed"  # nothing recorded
            done = browser.post(form["action"], data={"csrf_token": token,
                                                      "reason": "policy relaxed for council mail"})
            assert done.status_code == 200 and "back in the queue" in done.text
            assert "Needing action (0)" in done.text
            again = browser.post(form["action"], data={"csrf_token": token, "reason": "twice"})
            assert again.status_code == 409
    assert len(council.cycle.outbox.dispatch().sent) == 1
    assert len(council.mailbox.received) == 1


def test_without_smtp_emails_are_written_to_the_mail_folder(
    council: Council, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    transport = transport_for(MailConfiguration(folder=str(folder)))
    assert isinstance(transport, MailFolderTransport)
    cycle = reminder_cycle(council.service, council.read_models, council.accounts, Settings(),
                           transport=transport)
    council.on(date(2022, 7, 22))
    report = cycle.run()
    [sent] = report.dispatch.sent
    [file] = list(folder.iterdir())
    assert file.name == sent["message_id"].strip("<>") + ".eml"
    message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [  # type: ignore[attr-defined]
        "text/plain", "text/html"]
    assert message["Message-ID"] == sent["message_id"]
    assert "Cultural Strategy" in str(message["Subject"])
    assert cycle.run().dispatch.sent == []
    assert len(list(folder.iterdir())) == 1


def test_each_adviser_gets_one_weekly_digest(council: Council) -> None:
    council.accounts.add("katherine.harclerode", ADVISER, "adviser", TODAY, created_by="tests")
    council.accounts.add("an.officer", "officer@rotherham.example", "officer", TODAY,
                         created_by="tests", acts_for=("Head of Culture, Sport and Tourism",))
    council.on(date(2022, 8, 8))  # a Monday; the response is 3 days overdue
    report = council.run()
    [digest] = report.sweep.digests
    assert digest["to"] == ADVISER
    assert digest["subject"] == ("Scrutiny deadlines, week of Monday 8 August 2022: 1 overdue, "
                                 "0 due within 14 days")
    body = next(r for r in council.mailbox.received if r.recipients == [ADVISER]
                and "week of" in str(r.message["Subject"]))
    text = body.message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Executive response to a scrutiny report: Cultural Strategy" in text
    assert "3 days late" in text

    council.on(date(2022, 8, 9))
    assert council.run().sweep.digests == []
    council.on(date(2022, 8, 15))
    assert len(council.run().sweep.digests) == 1


def test_the_officer_responsible_is_reminded_of_their_target(council: Council) -> None:
    respond(council, date(2022, 8, 1))
    council.accounts.add("culture.lead", "culture.lead@rotherham.example", "officer", TODAY,
                         created_by="tests", acts_for=("Head of Culture, Sport and Tourism",))
    # Targets of 31 March 2023: 10 working days before is Friday 17 March.
    council.on(date(2023, 3, 17))
    report = council.run()
    assert len(report.sweep.queued) == 4  # recommendations a) to d)
    assert {tuple(q["to"]) for q in report.sweep.queued} == {("culture.lead@rotherham.example",)}
    assert all(", recommendation " in q["subject"] for q in report.sweep.queued)


def test_a_rebuild_of_the_views_keeps_where_each_deadline_stands(council: Council) -> None:
    council.on(date(2022, 7, 22))
    council.run()
    connection = council.read_models.connection()
    before = connection.query("SELECT * FROM reminder_schedule ORDER BY deadline_id")
    outbox = connection.query("SELECT reminder_id, status FROM reminders ORDER BY reminder_id")
    council.read_models.projector.rebuild()
    assert connection.query("SELECT * FROM reminder_schedule ORDER BY deadline_id") == before
    assert connection.query(
        "SELECT reminder_id, status FROM reminders ORDER BY reminder_id") == outbox
    assert before[0]["next_on"] == "2022-07-29"
    council.run()
    assert len(council.mailbox.received) == 1


def test_the_scheduler_sweeps_at_start_up(council: Council) -> None:
    ran = threading.Event()

    class Watched(ReminderCycle):
        def run_logged(self) -> None:
            super().run_logged()
            ran.set()

    council.on(date(2022, 7, 22))
    scheduler = schedule(Watched(council.cycle.sweep, council.cycle.outbox), every_minutes=60)
    scheduler.start()
    try:
        assert ran.wait(30), "the start-up sweep did not run"
        [job] = scheduler.get_jobs()
        assert job.id == "reminder-cycle" and job.next_run_time > datetime.now(LONDON)
    finally:
        scheduler.shutdown(wait=True)
    assert len(council.mailbox.received) == 1


def test_reminder_moments_are_business_dates_not_the_server_clock(council: Council) -> None:
    council.on(date(2022, 7, 22))
    council.run()
    [row] = council.reminders()
    assert row["queued_on"] == "2022-07-22"
    history = council.service.history(UUID(row["reminder_id"]))
    assert [h.event for h in history] == ["Queued", "SendingStarted", "Sent"]
    assert all(h.business_date == date(2022, 7, 22) and h.actor == "scheduler" for h in history)


# --- the demo, from the command line --------------------------------------------------------------

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))


def test_scrutiny_sweep_on_the_demo_data_emails_once_and_stops_when_the_step_is_recorded(
    database_url: str, mailbox: tuple[Mailbox, int], tmp_path: Path,
) -> None:
    handler, port = mailbox
    environment = {
        **os.environ, "SCRUTINY_DATABASE_URL": database_url,
        "SCRUTINY_COUNCIL_SETTINGS": str(ROOT / "council.toml"),
        "SCRUTINY_SMTP_HOST": "127.0.0.1", "SCRUTINY_SMTP_PORT": str(port),
        "SCRUTINY_SMTP_SECURITY": "none", "SCRUTINY_MAIL_FROM": "scrutiny@rotherham.example",
    }

    def scrutiny(*arguments: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([SCRUTINY, *arguments], env=environment, capture_output=True,
                              text=True, cwd=tmp_path, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    scrutiny("demo")
    # Post-CSE Support: Cabinet's response is to be reported to Council within two calendar
    # months of its submission on 14 February 2022, so by 14 April 2022 (ILSC 22 December
    # 2021); 31 March is 10 working days before. HMIP action 2.3 (CYPS
    # Training, March 2021) is long overdue. Two follow-ups of the ILSC work programme are too:
    # the YOT report resolved for the March 2022 meeting (moved to May), and the written update
    # on the Newman Special School resolved "by the end of 2021".
    swept = json.loads(scrutiny("sweep", "--as-of", "2022-03-31", "--json").stdout)
    subjects = sorted(q["subject"] for q in swept["queued"])
    assert subjects == [
        "Overdue by 23 days: YOT Improvement Plan: Follow-up report (was due Tuesday 8 March "
        "2022)",
        "Overdue by 365 days: HMIP Inspection of Rotherham Youth Offending Team: Inspection "
        "Action Plan, action 2.3: Implementation target (was due Wednesday 31 March 2021)",
        "Overdue by 90 days: SEN Strategy/Sufficiency: Follow-up report (was due Friday 31 "
        "December 2021)",
        "Reminder: Post-CSE Support: Cabinet's response reported to Council is due on "
        "Thursday 14 April 2022",
    ]
    hmip = next(q for q in swept["queued"] if "HMIP" in q["subject"])
    assert hmip["unreached"] == [
        "CYPS Training (responsible; no account with an email acts for them)"]
    follow_up = next(q for q in swept["queued"] if "YOT Improvement Plan" in q["subject"])
    assert "katherine.harclerode@rotherham.example" in follow_up["to"]  # the ILSC's adviser
    assert len(swept["sent"]) == 4 and len(handler.received) == 4
    assert {r.message["Message-ID"] for r in handler.received} == {
        s["message_id"] for s in swept["sent"]}
    assert all(s["message_id"].endswith("@rotherham.example>") for s in swept["sent"])

    again = json.loads(scrutiny("sweep", "--as-of", "2022-03-31T16:00", "--json").stdout)
    assert again["queued"] == [] and again["sent"] == []
    assert len(handler.received) == 4
    assert "Nothing new to send." in scrutiny("sweep", "--as-of", "2022-03-31").stdout

    # The response is reported to Council on 12 April: its reminders stop; HMIP's go on weekly.
    service = ScrutinyService(env=store_environment(database_url),
                              clock=FixedClock(at(date(2022, 4, 12))), council=COUNCIL)
    try:
        service.report_response_back("post-cse-support", reported_to=ReportedTo.COUNCIL,
                                     actor="katherine.harclerode", on=date(2022, 4, 12))
    finally:
        service.close()
    later = json.loads(scrutiny("sweep", "--as-of", "2022-04-13", "--json").stdout)
    assert "Overdue by 378 days:" in [q["subject"][:20] for q in later["queued"]]
    assert not any("Post-CSE" in r.message["Subject"] for r in handler.received[4:])


# --- GOV.UK Notify, behind the same interface -----------------------------------------------------


class NotifyStandIn(http.server.BaseHTTPRequestHandler):
    """A local stand-in for GOV.UK Notify's API (we cannot reach the real one from here): it
    accepts POST /v2/notifications/email as Notify documents it and keeps what it was sent."""

    received: ClassVar[list[dict[str, Any]]] = []
    authorisations: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"path": self.path, **body})
        type(self).authorisations.append(self.headers.get("Authorization", ""))
        answer = json.dumps({"id": str(uuid4()), "reference": body.get("reference")}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *arguments: Any) -> None:
        pass


def test_gov_uk_notify_gets_one_request_per_recipient_with_the_reminder_as_reference(
    council: Council,
) -> None:
    NotifyStandIn.received, NotifyStandIn.authorisations = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotifyStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        mail = MailConfiguration(
            notify_api_key=f"scrutiny-{uuid4()}-{uuid4()}", notify_template_id=str(uuid4()),
            notify_base_url=f"http://127.0.0.1:{server.server_address[1]}",
        )
        transport = transport_for(mail)
        assert isinstance(transport, NotifyTransport)
        cycle = reminder_cycle(council.service, council.read_models, council.accounts,
                               Settings(), transport=transport)
        council.on(date(2022, 7, 22))
        report = cycle.run()
    finally:
        server.shutdown()
    [sent] = report.dispatch.sent
    assert sent["answer"].startswith("Notify accepted 2")
    assert sorted(r["email_address"] for r in NotifyStandIn.received) == sorted([ADVISER, CHAIR])
    assert {r["reference"] for r in NotifyStandIn.received} == {sent["reminder_id"]}
    assert {r["template_id"] for r in NotifyStandIn.received} == {mail.notify_template_id}
    assert all(r["path"] == "/v2/notifications/email" for r in NotifyStandIn.received)
    assert "s.9FE" in NotifyStandIn.received[0]["personalisation"]["body"]
    assert all(a.startswith("Bearer ") for a in NotifyStandIn.authorisations)


OVERDUE_IN_THE_DEMO = 10


def test_scrutiny_worker_sweeps_at_start_up_and_stops_on_sigterm(
    database_url: str, tmp_path: Path,
) -> None:
    """The worker runs on the real clock: the demo's overdue deadlines (HMIP action 2.3, the
    Post-CSE report to Council, and 8 follow-ups of the ILSC work programme) are due a reminder
    whenever it starts."""
    folder = tmp_path / "mail"
    environment = {
        **os.environ, "SCRUTINY_DATABASE_URL": database_url,
        "SCRUTINY_COUNCIL_SETTINGS": str(ROOT / "council.toml"),
        "SCRUTINY_MAIL_FOLDER": str(folder), "SCRUTINY_SWEEP_MINUTES": "60",
    }
    for name in ("SCRUTINY_SMTP_HOST", "SCRUTINY_NOTIFY_API_KEY"):
        environment.pop(name, None)
    loaded = subprocess.run([SCRUTINY, "demo"], env=environment, capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    # On PostgreSQL the worker creates no tables: they are made once, beforehand.
    migrated = subprocess.run([SCRUTINY, "db", "migrate"], env=environment,
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    worker = subprocess.Popen([SCRUTINY, "worker"], env=environment, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        written: list[Path] = []
        for _ in range(600):  # wait for the start-up sweep's emails (at most a minute)
            written = list(folder.glob("*.eml")) if folder.exists() else []
            if len(written) >= OVERDUE_IN_THE_DEMO or worker.poll() is not None:
                break
            threading.Event().wait(0.1)
        assert len(written) == OVERDUE_IN_THE_DEMO, (
            worker.stdout.read() if worker.poll() is not None else written)
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "Reminder worker: sweep every 60 min" in output
    subjects = sorted(str(email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                          ["Subject"]) for p in written)
    assert all(subject.startswith("Overdue by") for subject in subjects)
    assert any("action 2.3: Implementation target" in subject for subject in subjects)
    assert any("Post-CSE Support: Cabinet's response reported to Council" in subject
               for subject in subjects)


# --- SMTP over TLS, with credentials --------------------------------------------------------------


# With implicit TLS aiosmtpd cannot tell the connection is encrypted, and warns about AUTH.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_smtp_over_tls_with_credentials(
    council: Council, tmp_path: Path, security: str,
) -> None:
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    authority.cert_pem.write_to_path(str(tmp_path / "council-ca.pem"))
    handler = Mailbox()
    logins: list[tuple[str, str]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        login = (auth_data.login.decode(), auth_data.password.decode())
        logins.append(login)
        return AuthResult(success=login == ("scrutiny", "s3cret-relay-password"), handled=False)

    port = _free_port()
    # aiosmtpd offers AUTH only after STARTTLS unless told the connection is already encrypted.
    tls = ({"tls_context": server_context, "require_starttls": True} if security == "starttls"
           else {"ssl_context": server_context, "auth_require_tls": False})
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            authenticator=authenticator, auth_required=True, **tls)
    controller.start()
    try:
        environment = {"SCRUTINY_SMTP_HOST": "127.0.0.1", "SCRUTINY_SMTP_PORT": str(port),
                       "SCRUTINY_SMTP_SECURITY": security, "SCRUTINY_SMTP_USERNAME": "scrutiny",
                       "SCRUTINY_SMTP_PASSWORD": "s3cret-relay-password",
                       "SCRUTINY_SMTP_CA_FILE": str(tmp_path / "council-ca.pem")}
        with pytest.MonkeyPatch.context() as patch:
            for name, value in environment.items():
                patch.setenv(name, value)
            settings = Settings.from_environment()
        cycle = reminder_cycle(council.service, council.read_models, council.accounts, settings)
        council.on(date(2022, 7, 22))
        report = cycle.run()
    finally:
        controller.stop()
    assert report.dispatch.failed == [] and len(report.dispatch.sent) == 1
    assert logins == [("scrutiny", "s3cret-relay-password")]
    [received] = handler.received
    assert "Cultural Strategy" in str(received.message["Subject"])


def test_an_untrusted_certificate_is_a_recorded_failure_not_a_send(
    council: Council, tmp_path: Path,
) -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(server_context)
    handler = Mailbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            tls_context=server_context, require_starttls=True)
    controller.start()
    try:
        transport = SMTPTransport("127.0.0.1", port, "starttls")
        cycle = reminder_cycle(council.service, council.read_models, council.accounts,
                               Settings(), transport=transport)
        council.on(date(2022, 7, 22))
        [failed] = cycle.run().dispatch.failed
    finally:
        controller.stop()
    assert "certificate verify failed" in failed["answer"] and failed["retry_at"] is not None
    assert handler.received == []


def test_credentials_over_plain_smtp_are_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCRUTINY_SMTP_HOST", "mail.rotherham.example")
    monkeypatch.setenv("SCRUTINY_SMTP_SECURITY", "none")
    monkeypatch.setenv("SCRUTINY_SMTP_USERNAME", "scrutiny")
    with pytest.raises(ConfigurationError, match="in clear"):
        Settings.from_environment()


# --- senders, failures, stale schedules -----------------------------------------------------------


def test_two_senders_at_once_send_each_reminder_once(council: Council) -> None:
    council.on(date(2022, 7, 22))
    council.cycle.sweep.run()
    second = ScrutinyService(env=council.service.env, clock=council.clock, council=COUNCIL)
    try:
        smtp = SMTPTransport("127.0.0.1", council.port, "none")
        outboxes = [Outbox(council.service, council.read_models, smtp),
                    Outbox(second, ReadModels(second, ViewDatabase(second.env)), smtp)]
        barrier = threading.Barrier(2)
        reports: list[Any] = []

        def send(outbox: Outbox) -> None:
            barrier.wait()
            reports.append(outbox.dispatch())

        threads = [threading.Thread(target=send, args=(o,)) for o in outboxes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        second.close()
    assert sum(len(r.sent) for r in reports) == 1
    assert sum(len(r.failed) for r in reports) == 0
    assert len(council.mailbox.received) == 1


@dataclass
class RefusesOne:
    """A transport that breaks in an unforeseen way on one reminder."""

    inner: SMTPTransport
    broken: str = ""
    name: str = "smtp"

    def send(self, message: EmailMessage, reference: str) -> str:
        if not self.broken:
            self.broken = reference
        if reference == self.broken:
            raise RuntimeError("template engine exploded")
        return self.inner.send(message, reference)


def test_a_reminder_that_cannot_be_sent_does_not_hold_up_the_others(council: Council) -> None:
    respond(council, date(2022, 8, 1))
    council.on(date(2023, 3, 17))  # four targets 10 working days away
    council.cycle.sweep.run()
    transport = RefusesOne(SMTPTransport("127.0.0.1", council.port, "none"))
    outbox = Outbox(council.service, council.read_models, transport)
    report = outbox.dispatch()
    assert len(report.sent) == 3 and len(council.mailbox.received) == 3
    [failed] = report.failed
    # Our fault, not the mail server's: it is tried again, and advisers are shown it.
    assert "template engine exploded" in failed["answer"]
    assert datetime.fromisoformat(failed["retry_at"]) == at(date(2023, 3, 17)) + timedelta(
        minutes=1)
    rows = sorted(council.reminders(), key=lambda r: r["status"])
    assert [r["status"] for r in rows] == ["retrying", "sent", "sent", "sent"]
    assert [r["needs_action"] for r in rows] == [True, False, False, False]
    assert "a fault on our side" in rows[0]["answer"]
    transport.broken = "mended"  # the fault put right: the next attempt goes
    council.clock.advance_to(datetime.fromisoformat(failed["retry_at"]))
    assert len(outbox.dispatch().sent) == 1 and len(council.mailbox.received) == 4
    assert not any(r["needs_action"] for r in council.reminders())


def test_a_reminder_failing_on_our_side_is_never_given_up_and_advisers_see_it(
    council: Council, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A reminder whose content its template cannot render (as one queued by an older release
    # might be): every attempt fails here, before any mail server is involved.
    broken = council.service.queue_reminder(
        key="deadline:broken:2022-08-05:before-10", kind=ReminderKind.DEADLINE,
        to=[Recipient(name="Katherine Harclerode", email=ADVISER, why="governance adviser")],
        subject_line="Reminder: Cultural Strategy is due", content={"stage": "before"},
        actor="scheduler", on=SUBMITTED)
    assert broken is not None
    retries: list[datetime] = []
    for _ in range(10):
        [failed] = council.cycle.outbox.dispatch().failed
        assert "could not be written" in failed["answer"]
        retries.append(datetime.fromisoformat(failed["retry_at"]))
        council.clock.advance_to(retries[-1])
    # The waits grow as for any failure, then stay at a day: it is never marked failed.
    waits = [later - earlier for earlier, later in itertools.pairwise(retries)]
    assert waits[:6] == [timedelta(minutes=m) for m in (5, 15, 60, 240, 720, 1440)]
    assert set(waits[6:]) == {timedelta(days=1)}
    [row] = council.reminders()
    assert (row["status"], row["attempts"], row["needs_action"]) == ("retrying", 10, True)
    assert council.mailbox.received == []

    token = token_for(council.accounts, "katherine.harclerode")
    with RunningServer(council.service, council.read_models) as server, httpx.Client(
        base_url=server.url, headers=bearer(token), timeout=30
    ) as api:
        needing = api.get("/reminders", params={"needs_action": "true"}).json()
        assert [r["reminder_id"] for r in needing["items"]] == [str(broken)]
        assert api.get("/reminders", params={"needs_action": "false"}).json()["total"] == 0
        # A reminder retrying on our side is not "failed": there is nothing to put back.
        assert api.post(f"/reminders/{broken}/retry", json={"reason": "x"}).status_code == 409
        # The dashboard says so on the adviser's home page and the reminders page.
        monkeypatch.setenv("SCRUTINY_COOKIE_SECURE", "0")
        council.accounts.set_password("katherine.harclerode", web.PASSWORD)
        with web.signed_in(server, "katherine.harclerode") as browser:
            home = web.page(browser.get("/")).find(id="reminders-needing-action")
            assert home is not None and "(1)" in home.get_text()
            listed = web.page(browser.get("/web/reminders")).get_text(" ", strip=True)
            assert "Needing action (1)" in listed and "could not be written" in listed
            assert "Put back in the queue" not in listed  # it retries by itself
        with httpx.Client(base_url=server.url, timeout=30) as public:
            assert "reminders-needing-action" not in public.get("/").text


def test_a_title_written_over_two_lines_by_an_older_release_is_still_chased(
    council: Council,
) -> None:
    """Titles with line breaks are refused now; a store written before that rule is read as it
    was written, and the reminder's Subject is put on one line instead of failing."""
    service = council.service
    with pytest.raises(InvalidCommand) as refused:
        service.propose_review(title="Care leavers\nthe local offer", commission="ILSC",
                               kind=ReviewKind.FULL, actor="katherine.harclerode", on=SUBMITTED)
    assert refused.value.field == "title" and "line break" in refused.value.message
    with recording(Stamp("katherine.harclerode", date(2022, 5, 3))):
        proposed = Review(reference="care-leavers", title="Care leavers",
                          commission="Improving Lives Select Commission", kind=ReviewKind.FULL,
                          members=[])
    [event] = proposed.collect_events()
    service.events.put([event.model_copy(
        update={"title": "Care leavers:\r\nthe local offer\u2028(2022)"})])
    actor = {"actor": "katherine.harclerode", "on": date(2022, 5, 3)}
    service.scope_review("care-leavers", "The local offer for care leavers", **actor)
    service.record_evidence_session("care-leavers", title="Care leavers' forum", **actor)
    service.agree_findings("care-leavers", findings="Care leavers need a named worker",
                           recommendations=[DraftRecommendation(
                               label="1", text="That every care leaver has a named worker")],
                           **actor)
    service.refer_to_osmb("care-leavers", **actor)
    service.endorse_by_osmb("care-leavers", **actor)
    service.submit_to_cabinet("care-leavers", actor="katherine.harclerode", on=SUBMITTED)
    assert service.get_review("care-leavers").title.count("\n") == 1

    council.on(date(2022, 7, 22))
    report = council.run()
    assert len(report.dispatch.sent) == 2 and report.dispatch.failed == []
    assert "Reminder: Care leavers: the local offer (2022): Executive response to a scrutiny " \
        "report is due on Friday 5 August 2022" in council.mailbox.subjects()


def test_wrong_smtp_credentials_are_retried_and_a_failed_reminder_can_be_requeued(
    council: Council, tmp_path: Path,
) -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority = trustme.CA()
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    handler = Mailbox()
    port = _free_port()

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        return AuthResult(success=auth_data.password == b"right", handled=False)

    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            tls_context=server_context, require_starttls=True,
                            auth_required=True, authenticator=authenticator)
    controller.start()
    try:
        def outbox(password: str) -> Outbox:
            return Outbox(council.service, council.read_models, SMTPTransport(
                "127.0.0.1", port, "starttls", "scrutiny", password, str(tmp_path / "ca.pem")))

        council.on(date(2022, 7, 22))
        council.cycle.sweep.run()
        [failed] = outbox("wrong").dispatch().failed
        assert "535" in failed["answer"] and "SCRUTINY_SMTP_" in failed["answer"]
        assert failed["retry_at"] is not None  # the settings' fault, not the message's
        council.mailbox.refuse_with = None
        council.clock.advance_to(datetime.fromisoformat(failed["retry_at"]))
        assert len(outbox("right").dispatch().sent) == 1
        assert len(handler.received) == 1

        # A refusal of the message itself is final until an adviser puts it back in the queue.
        handler.refuse_with = "554 5.7.1 Rejected by content policy"
        council.on(date(2022, 7, 29))
        council.cycle.sweep.run()
        [refused] = outbox("right").dispatch().failed
        assert refused["retry_at"] is None
        handler.refuse_with = None
        token = token_for(council.accounts, "katherine.harclerode")
        with RunningServer(council.service, council.read_models) as server, httpx.Client(
            base_url=server.url, headers=bearer(token), timeout=30
        ) as api:
            retried = api.post(f"/reminders/{refused['reminder_id']}/retry",
                               json={"reason": "content policy relaxed for council mail"})
            assert retried.status_code == 200, retried.text
            assert retried.json()["status"] == "queued"
            again = api.post(f"/reminders/{refused['reminder_id']}/retry",
                             json={"reason": "twice"})
            assert again.status_code == 409
        assert len(outbox("right").dispatch().sent) == 1
        assert len(handler.received) == 2
    finally:
        controller.stop()


def test_an_action_marked_duplicate_leaves_the_reminder_schedule(council: Council) -> None:
    council.on(date(2022, 8, 1))
    with council.service.unit_of_work():
        hmip_yot_action_plan.load(council.service)
    council.read_models.catch_up_with_log()

    def scheduled() -> set[str]:
        return {row["deadline_id"] for row in council.read_models.connection().query(
            "SELECT deadline_id FROM reminder_schedule")}

    action = council.service.get_action(hmip_yot_action_plan.REFERENCE, "2.3")
    assert f"{action.id}:implementation-target" in scheduled()
    council.service.mark_action_duplicate(
        hmip_yot_action_plan.REFERENCE, "2.3", duplicate_of="2.1", actor="katherine.harclerode",
        on=date(2022, 8, 1),
    )
    council.read_models.catch_up_with_log()
    assert f"{action.id}:implementation-target" not in scheduled()


def test_views_are_rebuilt_when_the_reminder_policy_changes(council: Council) -> None:
    council.read_models.catch_up_with_log()
    [row] = council.read_models.connection().query("SELECT next_on FROM reminder_schedule")
    assert row["next_on"] == "2022-07-22"  # 10 working days before 5 August 2022
    changed = COUNCIL.model_copy(update={"reminders": COUNCIL.reminders.model_copy(update={
        "rules": {}, "default": ReminderPolicy(before_working_days=[15])})})
    restarted = ScrutinyService(env=council.service.env, clock=council.clock, council=changed)
    try:
        read_models = ReadModels(restarted, ViewDatabase(restarted.env))
        read_models.catch_up_with_log()
        [row] = read_models.connection().query("SELECT next_on FROM reminder_schedule")
        assert row["next_on"] == "2022-07-15"  # 15 working days before
    finally:
        restarted.close()


def test_a_sweep_as_of_the_future_is_refused(database_url: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [SCRUTINY, "sweep", "--as-of", "2999-01-01"], capture_output=True, text=True,
        env={**os.environ, "SCRUTINY_DATABASE_URL": database_url}, cwd=tmp_path, timeout=60,
    )
    assert done.returncode == 2
    assert "in the future" in done.stdout and "Traceback" not in done.stdout + done.stderr
