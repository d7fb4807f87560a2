"""The review: a commission's piece of scrutiny, from proposal to closure (README, "The domain").

A review is proposed by a commission, scoped, takes evidence, agrees findings and draft
recommendations, goes to the Overview and Scrutiny Management Board (OSMB), which may return it
for revision before endorsing it, and is then submitted to Cabinet with notice served, which starts
the executive's two-month response clock (Local Government Act 2000 s.9FE). Cabinet's response is
reported back to the commission or Council and implementation is monitored until nothing is left
open. An inspection action plan (e.g. HMIP's) skips the OSMB and Cabinet steps: its findings and
numbered actions are recorded as agreed, then monitored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import event
from pydantic import BaseModel, ConfigDict

from domain.errors import AlreadyExists, InvalidCommand
from domain.events import Created, Event, current_stamp
from domain.exemptions import CanHoldExemptInformation
from domain.values import (
    Label,
    MinuteNumber,
    Name,
    Reference,
    ReportedTo,
    ReviewKind,
    ReviewStatus,
    Text,
    Title,
)

REVIEWS = UUID("6f2a3c1e-9b4d-4d8a-a0f1-2c7e5b9d3a11")

S = ReviewStatus
_BEFORE_CABINET = frozenset(
    {S.PROPOSED, S.SCOPED, S.EVIDENCE_GATHERING, S.FINDINGS_AGREED, S.REFERRED_TO_OSMB,
     S.RETURNED_FOR_REVISION, S.ENDORSED_BY_OSMB}
)


class EvidenceSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    held_on: date
    title: Title
    witnesses: list[Name] = []
    notes: Text | None = None


class InspectionFinding(BaseModel):
    """A numbered finding of an inspection report, under the report's section heading."""

    model_config = ConfigDict(frozen=True)

    number: Label
    section: Title
    text: Text


class CabinetMeeting(BaseModel):
    model_config = ConfigDict(frozen=True)

    met_on: date
    minute_number: MinuteNumber | None
    labels: list[str]


class ReportBack(BaseModel):
    model_config = ConfigDict(frozen=True)

    reported_on: date
    reported_to: ReportedTo
    minute_number: MinuteNumber | None


class DeadlineExtension(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    previous_due: date
    due: date
    reason: str
    actor: str
    extended_on: date


EXTENDABLE_DEADLINES = frozenset({"executive-response", "report-to-council"})


class TrackerImportRecord(BaseModel):
    """A tracker spreadsheet imported into this review: which file (its SHA-256 digest), read
    with which columns, by whom and when, and how many of its rows changed anything."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    digest: str
    columns: dict[str, str]
    """What each column of the file was read as: {"update": "Progress update", …}."""
    rows: int
    changes: int
    imported_by: str
    imported_on: date


class Review(CanHoldExemptInformation):
    proposed_on: date  # set by Proposed.apply
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {
        "scope": frozenset({S.PROPOSED, S.SCOPED}),
        "record_evidence_session": frozenset({S.SCOPED, S.EVIDENCE_GATHERING}),
        "agree_findings": frozenset({S.EVIDENCE_GATHERING}),
        "add_draft_recommendation": frozenset({S.FINDINGS_AGREED, S.RETURNED_FOR_REVISION}),
        "withdraw_draft_recommendation": frozenset({S.FINDINGS_AGREED, S.RETURNED_FOR_REVISION}),
        "amend_recommendation_wording": frozenset(
            {S.FINDINGS_AGREED, S.REFERRED_TO_OSMB, S.RETURNED_FOR_REVISION}
        ),
        "refer_to_osmb": frozenset({S.FINDINGS_AGREED}),
        "return_for_revision": frozenset({S.REFERRED_TO_OSMB}),
        "resubmit_to_osmb": frozenset({S.RETURNED_FOR_REVISION}),
        "endorse": frozenset({S.REFERRED_TO_OSMB}),
        "submit_to_cabinet": frozenset({S.ENDORSED_BY_OSMB}),
        "record_cabinet_response": frozenset({S.SUBMITTED_TO_CABINET, S.CABINET_RESPONDED}),
        "report_response_back": frozenset({S.CABINET_RESPONDED, S.RESPONSE_REPORTED}),
        "record_action_plan": frozenset({S.PROPOSED, S.SCOPED}),
        "add_action": frozenset({S.ACTION_PLAN_AGREED}),
        "close": frozenset({S.RESPONSE_REPORTED, S.ACTION_PLAN_AGREED}),
        "withdraw": _BEFORE_CABINET,
        # A review entered from its papers: the steps they do not give are left unrecorded.
        "leave_steps_unrecorded": frozenset({S.PROPOSED, S.FINDINGS_AGREED}),
    }
    # Steps of the commission → OSMB → Cabinet route, which an inspection action plan does not take.
    SCRUTINY_ROUTE: ClassVar[frozenset[str]] = frozenset(
        {"scope", "record_evidence_session", "agree_findings", "add_draft_recommendation",
         "leave_steps_unrecorded",
         "withdraw_draft_recommendation", "amend_recommendation_wording", "refer_to_osmb",
         "return_for_revision", "resubmit_to_osmb", "endorse", "submit_to_cabinet",
         "record_cabinet_response", "report_response_back"}
    )

    @staticmethod
    def create_id(reference: str) -> UUID:
        # A review's id follows from its reference, so one reference names one review for good.
        return uuid5(REVIEWS, reference)

    class Proposed(Created):
        reference: Reference
        title: Title
        commission: Name
        kind: ReviewKind
        members: list[Name]

        def apply(self, review: Review) -> None:
            review.proposed_on = self.business_date

    @event(Proposed)
    def __init__(self, reference: Reference, title: Title, commission: Name, kind: ReviewKind,
            members: list[Name]) -> None:
        self.reference = reference
        self.title = title
        self.commission = commission
        self.kind = kind
        self.members = list(members)
        self.status = S.PROPOSED
        self.terms_of_reference: str | None = None
        self.evidence_sessions: list[EvidenceSession] = []
        self.findings: str | None = None
        self.recommendation_labels: list[str] = []
        self.inspection_findings: list[InspectionFinding] = []
        self.action_numbers: list[str] = []
        self.osmb_comments: list[str] = []
        self.referred_to_osmb_on: date | None = None
        self.endorsed_on: date | None = None
        self.submitted_to_cabinet_on: date | None = None
        self.report_received_on: date | None = None
        self.notice_served_on: date | None = None
        self.report_to_council = False
        self.cabinet_meetings: list[CabinetMeeting] = []
        self.responded_labels: list[str] = []
        self.reports_back: list[ReportBack] = []
        self.closed_on: date | None = None
        self.closing_note: str | None = None
        self.cabinet_responded_on: date | None = None
        self.reported_to_council_on: date | None = None
        self.deadline_extensions: list[DeadlineExtension] = []
        self.tracker_imports: list[TrackerImportRecord] = []
        self.unrecorded_steps: list[str] = []

    def describe(self) -> str:
        if self.kind == ReviewKind.INSPECTION_ACTION_PLAN:
            return f"inspection action plan {self.reference!r}"
        return f"review {self.reference!r}"

    def allowed_steps(self) -> list[str]:
        steps = super().allowed_steps()
        if self.kind == ReviewKind.INSPECTION_ACTION_PLAN:
            return [step for step in steps if step not in self.SCRUTINY_ROUTE]
        return [step for step in steps if step not in {"record_action_plan", "add_action"}]

    # --- commands -----------------------------------------------------------------------------

    def scope(self, terms_of_reference: str) -> None:
        self.require_step("scope")
        self.trigger_event(self.Scoped, terms_of_reference=terms_of_reference)

    def record_evidence_session(self, session: EvidenceSession) -> None:
        self.require_step("record_evidence_session")
        self.trigger_event(self.EvidenceSessionHeld, session=session, business_date=session.held_on)

    def agree_findings(self, findings: str, labels: list[str]) -> None:
        self.require_step("agree_findings")
        if not labels:
            raise InvalidCommand("recommendations", "at least one draft recommendation is needed")
        _require_unique(labels, "recommendations")
        self.trigger_event(self.FindingsAgreed, findings=findings, labels=labels)

    def add_draft_recommendation(self, label: str) -> None:
        self.require_step("add_draft_recommendation")
        if label in self.recommendation_labels:
            raise InvalidCommand("label", f"recommendation {label!r} already exists")
        self.trigger_event(self.DraftRecommendationAdded, label=label)

    def withdraw_draft_recommendation(self, label: str, reason: str) -> None:
        self.require_step("withdraw_draft_recommendation")
        self._require_label(label)
        if len(self.recommendation_labels) == 1:
            raise InvalidCommand("label", "a review must keep at least one recommendation")
        self.trigger_event(self.DraftRecommendationWithdrawn, label=label, reason=reason)

    def leave_steps_unrecorded(self, until: str, reason: str) -> list[str]:
        """The papers begin at step ``until``: the steps before it are left unrecorded (never
        given invented dates), so the review takes ``until`` next. From a proposal, up to the
        findings (scoping and evidence); from the findings, up to the Cabinet's response (OSMB
        and the submission: no s.9FE deadline can then be worked out). The steps left out."""
        self.require_step("leave_steps_unrecorded")
        skipped = UNRECORDABLE.get((self.status, until))
        if skipped is None:
            allowed = [step for (status, step) in UNRECORDABLE if status == self.status]
            raise InvalidCommand(
                "until", f"{self.describe()} is {self.status}; the papers may begin at "
                + " or ".join(repr(step) for step in allowed))
        if not reason.strip():
            raise InvalidCommand("reason", "say why the earlier steps are not recorded")
        self.trigger_event(self.StepsNotRecorded, until=until, skipped=list(skipped),
                           reason=reason)
        return list(skipped)

    def refer_to_osmb(self) -> None:
        self.require_step("refer_to_osmb")
        self.trigger_event(self.ReferredToOSMB)

    def return_for_revision(self, comments: str) -> None:
        self.require_step("return_for_revision")
        self.trigger_event(self.ReturnedForRevision, comments=comments)

    def resubmit_to_osmb(self) -> None:
        self.require_step("resubmit_to_osmb")
        self.trigger_event(self.ResubmittedToOSMB)

    def endorse(self) -> None:
        self.require_step("endorse")
        self.trigger_event(self.EndorsedByOSMB)

    def submit_to_cabinet(self, report_received_on: date, notice_served_on: date,
            report_to_council: bool) -> None:
        self.require_step("submit_to_cabinet")
        if self.endorsed_on and report_received_on < self.endorsed_on:
            raise InvalidCommand(
                "report_received_on",
                f"{report_received_on} is before OSMB endorsed the report on {self.endorsed_on}",
            )
        if notice_served_on < report_received_on:
            raise InvalidCommand(
                "notice_served_on",
                f"{notice_served_on} is before the report was received on {report_received_on}",
            )
        self.trigger_event(self.SubmittedToCabinet, report_received_on=report_received_on,
            notice_served_on=notice_served_on, report_to_council=report_to_council)

    def record_cabinet_response(self, labels: list[str], minute_number: str | None) -> None:
        on = current_stamp().on
        self.require_step("record_cabinet_response")
        if self.submitted_to_cabinet_on and on < self.submitted_to_cabinet_on:
            raise InvalidCommand(
                "meeting_date",
                f"Cabinet cannot respond on {on}, before the report was submitted on "
                f"{self.submitted_to_cabinet_on}",
            )
        for label in labels:
            self._require_label(label)
        self.trigger_event(self.CabinetResponded, labels=labels, minute_number=minute_number)

    def report_response_back(self, reported_to: ReportedTo, minute_number: str | None) -> None:
        self.require_step("report_response_back")
        self.trigger_event(self.ResponseReportedBack, reported_to=reported_to,
            minute_number=minute_number)

    def record_action_plan(self, findings: list[InspectionFinding],
            action_numbers: list[str]) -> None:
        self.require_step("record_action_plan")
        if not findings:
            raise InvalidCommand("findings", "an action plan needs at least one finding")
        _require_unique([finding.number for finding in findings], "findings")
        _require_unique(action_numbers, "actions")
        self.trigger_event(self.ActionPlanAgreed, findings=findings, action_numbers=action_numbers)

    def add_action(self, number: str) -> None:
        self.require_step("add_action")
        if number in self.action_numbers:
            raise InvalidCommand("number", f"action {number} already exists")
        self.require_finding_for(number)
        self.trigger_event(self.ActionAdded, number=number)

    def require_finding_for(self, action_number: str) -> None:
        finding = action_number.split(".")[0]
        if finding not in {f.number for f in self.inspection_findings}:
            raise InvalidCommand(
                "number", f"action {action_number} has no finding {finding} in this plan"
            )

    def close(self, open_items: list[str], note: str | None) -> None:
        self.require_step("close")
        if open_items:
            raise InvalidCommand(
                "review",
                f"{self.describe()} cannot be closed while these are open: "
                + ", ".join(open_items),
            )
        self.trigger_event(self.Closed, note=note)

    def withdraw(self, reason: str) -> None:
        self.require_step("withdraw")
        self.trigger_event(self.Withdrawn, reason=reason)

    def extend_deadline(self, rule: str, previous_due: date, due: date, reason: str) -> None:
        """Record an agreed extension of one of the review's deadlines, with its reason.

        The service checks that the deadline is open and computes ``previous_due``.
        """
        if rule not in EXTENDABLE_DEADLINES:
            raise InvalidCommand(
                "rule", f"{rule!r} is not a deadline of a review; it has: "
                + ", ".join(sorted(EXTENDABLE_DEADLINES))
            )
        if due <= previous_due:
            raise InvalidCommand(
                "due", f"an extension must move the due date later than {previous_due}"
            )
        if not reason.strip():
            raise InvalidCommand("reason", "a deadline is extended only with a reason")
        self.trigger_event(self.DeadlineExtended, rule=rule, previous_due=previous_due, due=due,
            reason=reason)

    def _require_label(self, label: str) -> None:
        if label not in self.recommendation_labels:
            known = ", ".join(self.recommendation_labels) or "none yet"
            raise InvalidCommand(
                "label", f"{self.describe()} has no recommendation {label!r} (it has: {known})"
            )

    def tracker_import_of(self, digest: str, columns: dict[str, str]
                          ) -> TrackerImportRecord | None:
        """The earlier import of this file read with these columns (the same file read with
        other columns, say one forgotten the first time, is another import)."""
        return next((i for i in self.tracker_imports
                     if i.digest == digest and i.columns == columns), None)

    def record_tracker_import(self, file_name: str, digest: str, columns: dict[str, str], rows: int,
            changes: int) -> None:
        """Any review, at any stage, may have its history brought in from a tracker; the same
        file is imported once with the same columns."""
        earlier = self.tracker_import_of(digest, columns)
        if earlier is not None:
            raise AlreadyExists(
                f"{file_name} was imported into {self.describe()} already, by "
                f"{earlier.imported_by} on {earlier.imported_on}"
            )
        self.trigger_event(self.TrackerImported, file_name=file_name, digest=digest,
            columns=columns, rows=rows, changes=changes)

    # --- events -------------------------------------------------------------------------------

    class Scoped(Event):
        terms_of_reference: Text

        def apply(self, review: Review) -> None:
            review.terms_of_reference = self.terms_of_reference
            review.status = S.SCOPED

    class EvidenceSessionHeld(Event):
        session: EvidenceSession

        def apply(self, review: Review) -> None:
            review.evidence_sessions.append(self.session)
            review.status = S.EVIDENCE_GATHERING

    class FindingsAgreed(Event):
        findings: Text
        labels: list[Label]

        def apply(self, review: Review) -> None:
            review.findings = self.findings
            review.recommendation_labels = list(self.labels)
            review.status = S.FINDINGS_AGREED

    class DraftRecommendationAdded(Event):
        label: Label

        def apply(self, review: Review) -> None:
            review.recommendation_labels.append(self.label)

    class DraftRecommendationWithdrawn(Event):
        label: str
        reason: Text

        def apply(self, review: Review) -> None:
            review.recommendation_labels.remove(self.label)

    class StepsNotRecorded(Event):
        """The review's papers begin at ``until``; ``skipped`` are not recorded."""

        until: str
        skipped: list[str]
        reason: Text

        def apply(self, review: Review) -> None:
            review.unrecorded_steps.extend(self.skipped)
            review.status = S.EVIDENCE_GATHERING if self.until == "agree_findings" \
                else S.SUBMITTED_TO_CABINET

    class ReferredToOSMB(Event):
        def apply(self, review: Review) -> None:
            review.referred_to_osmb_on = self.business_date
            review.status = S.REFERRED_TO_OSMB

    class ReturnedForRevision(Event):
        comments: Text

        def apply(self, review: Review) -> None:
            review.osmb_comments.append(self.comments)
            review.status = S.RETURNED_FOR_REVISION

    class ResubmittedToOSMB(Event):
        def apply(self, review: Review) -> None:
            review.status = S.REFERRED_TO_OSMB

    class EndorsedByOSMB(Event):
        def apply(self, review: Review) -> None:
            review.endorsed_on = self.business_date
            review.status = S.ENDORSED_BY_OSMB

    class SubmittedToCabinet(Event):
        report_received_on: date
        notice_served_on: date
        report_to_council: bool

        def apply(self, review: Review) -> None:
            review.submitted_to_cabinet_on = self.business_date
            review.report_to_council = self.report_to_council
            review.report_received_on = self.report_received_on
            review.notice_served_on = self.notice_served_on
            review.status = S.SUBMITTED_TO_CABINET

    class CabinetResponded(Event):
        labels: list[str]
        minute_number: MinuteNumber | None

        def apply(self, review: Review) -> None:
            review.cabinet_meetings.append(
                CabinetMeeting(met_on=self.business_date, minute_number=self.minute_number,
                               labels=self.labels)
            )
            for label in self.labels:
                if label not in review.responded_labels:
                    review.responded_labels.append(label)
            if set(review.recommendation_labels) <= set(review.responded_labels):
                review.status = S.CABINET_RESPONDED
                review.cabinet_responded_on = review.cabinet_responded_on or self.business_date

    class ResponseReportedBack(Event):
        reported_to: ReportedTo
        minute_number: MinuteNumber | None

        def apply(self, review: Review) -> None:
            review.reports_back.append(
                ReportBack(
                    reported_on=self.business_date, reported_to=self.reported_to,
                    minute_number=self.minute_number,
                )
            )
            if self.reported_to == ReportedTo.COUNCIL and review.reported_to_council_on is None:
                review.reported_to_council_on = self.business_date
            review.status = S.RESPONSE_REPORTED

    class ActionPlanAgreed(Event):
        findings: list[InspectionFinding]
        action_numbers: list[Label]

        def apply(self, review: Review) -> None:
            review.inspection_findings = list(self.findings)
            review.action_numbers = list(self.action_numbers)
            review.status = S.ACTION_PLAN_AGREED

    class ActionAdded(Event):
        number: Label

        def apply(self, review: Review) -> None:
            review.action_numbers.append(self.number)

    class DeadlineExtended(Event):
        rule: str
        previous_due: date
        due: date
        reason: Text

        def apply(self, review: Review) -> None:
            review.deadline_extensions.append(
                DeadlineExtension(
                    rule=self.rule, previous_due=self.previous_due, due=self.due,
                    reason=self.reason, actor=self.actor,
                    extended_on=self.business_date,
                )
            )

    class TrackerImported(Event):
        file_name: Text
        digest: str
        columns: dict[str, str]
        rows: int
        changes: int

        def apply(self, review: Review) -> None:
            review.tracker_imports.append(TrackerImportRecord(
                file_name=self.file_name, digest=self.digest, columns=self.columns,
                rows=self.rows, changes=self.changes,
                imported_by=self.actor, imported_on=self.business_date,
            ))

    class Closed(Event):
        note: Text | None

        def apply(self, review: Review) -> None:
            review.closed_on = self.business_date
            review.closing_note = self.note
            review.status = S.CLOSED

    class Withdrawn(Event):
        reason: Text

        def apply(self, review: Review) -> None:
            review.closed_on = self.business_date
            review.closing_note = self.reason
            review.status = S.WITHDRAWN


UNRECORDABLE: dict[tuple[ReviewStatus, str], tuple[str, ...]] = {
    (S.PROPOSED, "agree_findings"): ("scope", "record_evidence_session"),
    (S.FINDINGS_AGREED, "record_cabinet_response"): (
        "refer_to_osmb", "endorse", "submit_to_cabinet"),
}
"""Where a review's papers may begin, from its state: the steps then left unrecorded."""


def _require_unique(labels: list[str], field: str) -> None:
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise InvalidCommand(field, f"{label!r} appears more than once")
        seen.add(label)
