"""The sweep: queue every reminder whose day has come, exactly once.

It reads the deadline register's reminder schedule (only the deadlines whose next reminder day
has come) and, for each, queues the latest occurrence through the service's idempotent
``queue_reminder``: the reminder's id is derived from the deadline, its due date and the day, so
a sweep that races another, or runs twice, records each reminder once. On the digest weekday it
also queues one weekly digest per adviser. The authoritative state is the event log and the
views built from it; nothing is remembered between sweeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from application.service import ScrutinyService
from domain.deadline_rules import RULES
from domain.exemptions import neutral_wording
from domain.reminder import Recipient, ReminderKind
from domain.reminder_schedule import Occurrence, Stage
from domain.values import slug
from projections import queries
from projections.read_models import ReadModels
from projections.reminders import deadlines_due_a_reminder, queued_keys
from scheduler.recipients import Directory, RecipientResolver

ACTOR = "scheduler"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DIGEST_LIMIT = 200
"""Items listed per section of a digest; the counts always cover everything."""

WHAT_TO_DO = {
    "executive-response": "Cabinet must respond to the commission's report and "
    "recommendations within two months (Local Government Act 2000, s.9FE). Record Cabinet's "
    "response, or agree an extension with the commission and record it with its reason.",
    "report-to-council": "Report Cabinet's response to Council, as the commission resolved.",
    "implementation-target": "Report progress, propose completion with evidence, or ask the "
    "governance adviser to revise the target date (with a reason).",
}


@dataclass
class SweepReport:
    as_of: date
    queued: list[dict[str, Any]] = field(default_factory=list)
    already_queued: int = 0
    digests: list[dict[str, Any]] = field(default_factory=list)


class Sweep:
    def __init__(self, service: ScrutinyService, read_models: ReadModels, directory: Directory,
                 public_url: str = "http://127.0.0.1:8000", page_size: int = 500) -> None:
        self.service = service
        self.read_models = read_models
        self.directory = directory
        self.public_url = public_url.rstrip("/")
        self.page_size = page_size

    def run(self) -> SweepReport:
        today = self.service.clock.today()
        report = SweepReport(as_of=today)
        resolver = RecipientResolver(self.service.deadline_engine.settings, self.directory)
        self.read_models.catch_up_with_log()
        after: tuple[str, str] | None = ("", "")
        while after is not None:
            rows, after = deadlines_due_a_reminder(self.read_models.connection(), today,
                                                   self.page_size, after)
            for row in rows:
                self._chase(row, today, resolver, report)
        self._digests(today, report)
        # Let the views see what was queued, so the next sweep reads the moved schedule.
        self.read_models.catch_up_with_log()
        return report

    # --- deadlines ----------------------------------------------------------------------------

    def _chase(self, row: dict[str, Any], today: date, resolver: RecipientResolver,
               report: SweepReport) -> None:
        schedule = self.service.reminder_schedule
        due = date.fromisoformat(row["due"])
        occurrence = schedule.current(row["rule"], due, today)
        if occurrence is None:
            return
        policy = schedule.policy(row["rule"])
        audiences = policy.overdue_to if occurrence.stage == Stage.OVERDUE else policy.before_to
        addressed = resolver.address(list(audiences), row["commission"], row["owner"])
        content = self._deadline_content(row, occurrence, today)
        subject = _subject(content)
        key = f"deadline:{row['deadline_id']}:{row['due']}:{occurrence.key}"
        queued = self.service.queue_reminder(
            key=key, kind=ReminderKind.DEADLINE, to=addressed.to, copy_to=addressed.copy_to,
            unreached=addressed.unreached, subject_line=subject,
            content=content, deadline_id=row["deadline_id"],
            review_id=UUID(row["review_id"]), due=due, actor=ACTOR, on=today,
        )
        if queued is None:
            report.already_queued += 1
            return
        report.queued.append({
            "reminder_id": str(queued), "subject": subject,
            "to": [r.email for r in addressed.to], "cc": [r.email for r in addressed.copy_to],
            "unreached": addressed.unreached,
        })

    def _deadline_content(self, row: dict[str, Any], occurrence: Occurrence, today: date
                          ) -> dict[str, Any]:
        rule = RULES[row["rule"]]
        due = date.fromisoformat(row["due"])
        return {
            "rule": rule.id, "rule_name": rule.name, "citation": rule.citation,
            "stage": occurrence.stage.value, "occurs_on": occurrence.on.isoformat(),
            "when": occurrence.describe(), "due": row["due"],
            "original_due": row["original_due"], "extended": row["original_due"] != row["due"],
            "days_late": max(0, (today - due).days),
            "days_left": max(0, (due - today).days),
            "working_days_left": self._working_days_left(today, due),
            "review_reference": row["review_reference"], "review_title": row["review_title"],
            "commission": row["commission"], "item_label": row["item_label"],
            "item_kind": row["item_kind"], "owner": row["owner"], "exempt": row["exempt"],
            "exempt_paragraphs": row.get("exempt_paragraphs") or [],
            "link": _link(self.public_url, row),
            "subject_kind": row.get("subject_kind") or "review",
            "what_to_do": WHAT_TO_DO.get(rule.id, f"{rule.name}: {rule.explanation}"),
        }

    def _working_days_left(self, today: date, due: date) -> int:
        """Working days after today up to and including the due day ("in 10 working days")."""
        calendar = self.service.deadline_engine.calendar
        return sum(1 for n in range(1, (due - today).days + 1)
                   if calendar.is_working_day(today + timedelta(days=n)))

    # --- weekly digest ------------------------------------------------------------------------

    def _digests(self, today: date, report: SweepReport) -> None:
        settings = self.service.deadline_engine.settings.reminders
        if today.weekday() < WEEKDAYS.index(settings.digest_weekday):
            return
        year, week, _ = today.isocalendar()
        advisers = {f"digest:{p.name}:{year}-W{week:02d}": p for p in self.directory.advisers()}
        waiting = set(advisers) - queued_keys(self.read_models.connection(), sorted(advisers))
        if not waiting:
            return
        content = self._digest_content(today, settings.stale_after_days)
        content["week"] = f"{year}-W{week:02d}"
        for key in sorted(waiting):
            person = advisers[key]
            subject = (f"Scrutiny deadlines, week of {_long(today - timedelta(today.weekday()))}:"
                       f" {content['overdue_count']} overdue, {content['due_soon_count']} due "
                       "within 14 days")
            queued = self.service.queue_reminder(
                key=key, kind=ReminderKind.DIGEST,
                to=[Recipient(name=person.name, email=person.email, why="governance adviser")],
                subject_line=subject, content={**content, "adviser": person.name},
                actor=ACTOR, on=today,
            )
            if queued is not None:
                report.digests.append({"reminder_id": str(queued), "to": person.email,
                                       "subject": subject})

    def _digest_content(self, today: date, stale_days: int) -> dict[str, Any]:
        connection = self.read_models.connection()
        overdue = queries.deadline_register(
            connection, queries.DeadlineFilter(overdue=True, sort="due"), today,
            page_size=DIGEST_LIMIT,
        )
        due_soon = queries.deadline_register(
            connection, queries.DeadlineFilter(due_within_days=14, sort="due"), today,
            page_size=DIGEST_LIMIT,
        )
        stale = queries.tracker(
            connection, queries.TrackerFilter(stale_days=stale_days, kind="recommendation"),
            today, page_size=DIGEST_LIMIT,
        )
        return {
            "as_of": today.isoformat(), "stale_after_days": stale_days,
            "overdue_count": overdue.total, "due_soon_count": due_soon.total,
            "stale_count": stale.total,
            "overdue": [_deadline_line(d) for d in overdue.items],
            "due_soon": [_deadline_line(d) for d in due_soon.items],
            "stale": [
                {"review_reference": r["review_reference"], "label": r["label"],
                 "officer": r["responsible_officer"], "status": r["status"],
                 "last_update_on": r["last_update_on"],
                 "last_update_known": r.get("last_update_known"),
                 "days_since_last_update": r["days_since_last_update"]}
                for r in stale.items
            ],
            "link": self.public_url,
        }


def _deadline_line(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "review_reference": entry["review_reference"], "review_title": entry["review_title"],
        "item_label": entry.get("item_label"), "rule_name": entry.get("name"),
        "due": str(entry["due"]), "days_late": entry.get("days_late"),
        "days_remaining": entry.get("days_remaining"), "owner": entry.get("owner"),
    }


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _subject(content: dict[str, Any]) -> str:
    if content.get("exempt_paragraphs"):
        # A subject shows wherever mail is glanced at: no exempt text, the title included.
        what = neutral_wording(content["exempt_paragraphs"])
    else:
        what = content["review_title"]
        if content["item_label"]:
            what += f", {content['item_kind'] or 'item'} {content['item_label']}"
    what += f": {content['rule_name']}"
    due = date.fromisoformat(content["due"])
    if content["stage"] == Stage.OVERDUE:
        days = content["days_late"]
        return f"Overdue by {days} day{'s' if days != 1 else ''}: {what} (was due {_long(due)})"
    if content["stage"] == Stage.DUE:
        return f"Due today: {what}"
    return f"Reminder: {what} is due on {_long(due)}"


def _link(public_url: str, row: dict[str, Any]) -> str:
    """Where the reminder's reader sees the deadline: its review, or its work programme item.
    An exempt review is addressed by its id: its reference is made from its title."""
    if row.get("subject_kind") == "programme_item":
        return (f"{public_url}/web/work-programme/{slug(row['commission'])}/"
                f"{row['review_reference']}")
    review = row["review_id"] if row.get("exempt") else row["review_reference"]
    return f"{public_url}/reviews/{review}"
