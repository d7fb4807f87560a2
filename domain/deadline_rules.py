"""The rule catalogue: every clock in the scrutiny lifecycle, with its law and its counting.

Each rule computes a due date from business dates (never from the server's clock) and says, in
one line a governance adviser can check by hand, how it counted.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.council_settings import CouncilSettings
from domain.values import normalise_target_date, target_due_date
from domain.working_days import ONE_DAY, WorkingCalendar


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    counting: str
    citation: str
    explanation: str
    date_means: str
    """What the date a rule is computed from is: "the day notice was served", "the meeting day"."""


@dataclass(frozen=True)
class ComputedDate:
    rule: Rule
    start: date
    due: date
    due_at: datetime | None
    working_note: str | None
    """How the count moved the day, e.g. "2022-12-25 is a bank holiday: Christmas Day"."""

    @property
    def citation(self) -> str:
        return self.rule.citation

    @property
    def explanation(self) -> str:
        return self.rule.explanation


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            id="executive-response",
            name="Executive response to a scrutiny report",
            counting="two calendar months beginning with the later of the day the report was "
            "received and the day notice was served",
            citation="Local Government Act 2000, s.9FE",
            explanation="Two months beginning with the start day end the day before the "
            "corresponding date two months on (or the last day of that month if it has no such "
            "date); weekends and bank holidays do not move it.",
            date_means="the day the report was received (use --notice for the day notice was "
            "served, if later)",
        ),
        Rule(
            id="report-to-council",
            name="Cabinet's response reported to Council",
            counting="within two calendar months of the day of submission: up to and including "
            "the corresponding date two months on (months configurable)",
            citation="Council resolution: Improving Lives Select Commission, 22 December 2021, "
            "Post-CSE Support, resolution 2: \u201cThat the response of Cabinet to the "
            "recommendations be reported back to Council within two calendar months of its "
            "submission\u201d",
            explanation="\u201cWithin two calendar months of\u201d a day runs to the "
            "corresponding date two months on (22 December 2021 \u2192 22 February 2022), or to "
            "the last day of a month that has no such date (31 December \u2192 28 or 29 "
            "February). That is one day longer than s.9FE's \u201ctwo months beginning with\u201d "
            "a day, which ends the day before the corresponding date.",
            date_means="the day the recommendations were submitted to Cabinet",
        ),
        Rule(
            id="agenda-publication",
            name="Latest day to publish a meeting's agenda",
            counting="five clear days strictly between publication and the meeting (working or "
            "calendar days, per council setting); a non-working day moves back to the previous "
            "working day",
            citation="Local Government Act 1972, s.100B(3)",
            explanation="Clear days exclude both the day of publication and the day of the "
            "meeting.",
            date_means="the meeting day",
        ),
        Rule(
            id="papers-deadline",
            name="Deadline for a meeting's papers",
            counting="the cut-off time (default noon) on the Nth working day before the meeting "
            "(council setting; default 7th)",
            citation="Council practice: the commission's work programme (ILSC 2019/20: "
            "\"Deadline for papers: Friday 31 May (12 noon)\" for the meeting of 11 June 2019)",
            explanation="Reports must reach democratic services by then so that the agenda can "
            "be published five clear days before the meeting.",
            date_means="the meeting day",
        ),
        Rule(
            id="key-decision-notice",
            name="Latest day to publish notice of a key decision",
            counting="28 clear calendar days strictly between publication and the decision; a "
            "non-working day moves back to the previous working day",
            citation="The Local Authorities (Executive Arrangements) (Meetings and Access to "
            "Information) (England) Regulations 2012 (SI 2012/2089), reg 9",
            explanation="Clear days exclude both the day of publication and the day of the "
            "decision.",
            date_means="the decision day",
        ),
        Rule(
            id="general-exception",
            name="Earliest decision day under the general exception",
            counting="after five clear calendar days from the notice",
            citation="SI 2012/2089, reg 10",
            explanation="Five whole days must lie between the day of the notice and the day of "
            "the decision.",
            date_means="the day the general exception notice was published",
        ),
        Rule(
            id="call-in",
            name="Call-in window closes",
            counting="the cut-off time on the Nth working day after the decision is published "
            "(council setting; default 5th working day, 17:00)",
            citation="Council constitution: overview and scrutiny procedure rules (call-in)",
            explanation="The publication day is not counted; the decision may be implemented "
            "from the next working day.",
            date_means="the day the decision was published",
        ),
        Rule(
            id="implementation-target",
            name="Implementation target",
            counting='the "by when" agreed in the response or action plan; a month means its '
            "last day",
            citation="The Cabinet response or action plan",
            explanation='A target given as a month ("Mar-21") falls due on the last day of that '
            "month.",
            date_means="the target (a day or a month)",
        ),
        Rule(
            id="follow-up-report",
            name="Follow-up report",
            counting="the meeting or date named in the resolution",
            citation="The resolution asking for the report",
            explanation="Due at the meeting (or on the date) the resolution names.",
            date_means="the meeting or date the resolution names",
        ),
    ]
}


class DeadlineEngine:
    """Computes every rule for one council, with its calendar and constitution settings."""

    def __init__(self, settings: CouncilSettings | None = None) -> None:
        self.settings = settings or CouncilSettings()
        self.calendar = WorkingCalendar(self.settings.all_closure_days())

    def compute(self, rule_id: str, start: date, notice: date | None = None) -> ComputedDate:
        if rule_id not in RULES:
            raise KeyError(rule_id)
        rule = RULES[rule_id]
        due_at: datetime | None = None
        note: str | None = None
        match rule_id:
            case "executive-response":
                begins = max(start, notice) if notice else start
                due = months_beginning_with(begins, 2)
                start = begins
            case "report-to-council":
                due = months_of(start, self.settings.report_to_council_months)
            case "agenda-publication":
                due, note = self._latest_publication(
                    start, self.settings.agenda_clear_days,
                    working=self.settings.clear_days == "working",
                )
            case "papers-deadline":
                due = self.calendar.working_days_before(start, self.settings.papers_working_days)
                due_at = datetime.combine(due, self.settings.papers_cut_off)
            case "key-decision-notice":
                due, note = self._latest_publication(start, 28, working=False)
            case "general-exception":
                due = start + timedelta(days=6)
            case "call-in":
                due = self.calendar.working_days_after(start, self.settings.call_in_working_days)
                due_at = datetime.combine(due, self.settings.call_in_cut_off)
            case "implementation-target":
                due = start
            case "follow-up-report":
                due = start
        return ComputedDate(rule=rule, start=start, due=due, due_at=due_at, working_note=note)

    def implementation_target(self, target: str) -> ComputedDate:
        """A target as written ("Mar-21", "2021-03", "2021-03-31"); ValueError if unreadable."""
        return self.compute("implementation-target", target_due_date(normalise_target_date(target)))

    def call_in_implementable_from(self, published: date) -> date:
        closes = self.calendar.working_days_after(published, self.settings.call_in_working_days)
        return self.calendar.working_days_after(closes, 1)

    def _latest_publication(
        self, meeting: date, clear_days: int, *, working: bool
    ) -> tuple[date, str | None]:
        if working:
            # The earliest of the `clear_days` working days before the meeting is the last
            # clear day; publication must come the day before it.
            latest = self.calendar.working_days_before(meeting, clear_days) - ONE_DAY
        else:
            latest = meeting - timedelta(days=clear_days + 1)
        published = self.calendar.previous_working_day(latest)
        note = None
        if published != latest:
            note = f"{latest} is not a working day ({self.calendar.why_not_working(latest)})"
        return published, note


def months_of(start: date, months: int) -> date:
    """The last day of ``months`` calendar months *of* ``start``, as a resolution counts them
    ("within two calendar months of its submission"): the corresponding date ``months`` on or,
    where the month has no corresponding date (31 December + 2 months), the last day of that
    month."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def months_beginning_with(start: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``start``.

    The period ends the day before the corresponding date ``months`` on; where the month has no
    corresponding date (31 December + 2 months), it ends on the last day of that month.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - ONE_DAY
