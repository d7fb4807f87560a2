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
    }
    # Steps of the commission → OSMB → Cabinet route, which an inspection action plan does not take.
    SCRUTINY_ROUTE: ClassVar[frozenset[str]] = frozenset(
        {"scope", "record_evidence_session", "agree_findings", "add_draft_recommendation",
         "withdraw_draft_recommendation", "amend_recommendation_wording", "refer_to_osmb",
         "return_for_revision", "resubmit_to_osmb", "endorse", "submit_to_cabinet",
         "record_cabinet_response", "report_response_back"}
    )

    @staticmethod
    def create_id(reference: str) -> UUID:
        # A review's id follows from its reference, so one reference names one review for good.
        return uuid5(REVIEWS, reference)

    @event("Proposed")
    def __init__(
        self,
        reference: Reference,
        title: Title,
        commission: Name,
        kind: ReviewKind,
        members: list[Name],
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.reference = reference
        self.title = title
        self.commission = commission
        self.kind = kind
        self.members = list(members)
        self.proposed_on = business_date
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

    def scope(self, terms_of_reference: str, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("scope")
        self._scoped(terms_of_reference, actor, on, source)

    def record_evidence_session(
        self, session: EvidenceSession, *, actor: str, source: str | None
    ) -> None:
        self.require_step("record_evidence_session")
        self._evidence_session_held(session, actor, session.held_on, source)

    def agree_findings(
        self, findings: str, labels: list[str], *, actor: str, on: date, source: str | None
    ) -> None:
        self.require_step("agree_findings")
        if not labels:
            raise InvalidCommand("recommendations", "at least one draft recommendation is needed")
        _require_unique(labels, "recommendations")
        self._findings_agreed(findings, labels, actor, on, source)

    def add_draft_recommendation(
        self, label: str, *, actor: str, on: date, source: str | None
    ) -> None:
        self.require_step("add_draft_recommendation")
        if label in self.recommendation_labels:
            raise InvalidCommand("label", f"recommendation {label!r} already exists")
        self._draft_recommendation_added(label, actor, on, source)

    def withdraw_draft_recommendation(
        self, label: str, reason: str, *, actor: str, on: date, source: str | None
    ) -> None:
        self.require_step("withdraw_draft_recommendation")
        self._require_label(label)
        if len(self.recommendation_labels) == 1:
            raise InvalidCommand("label", "a review must keep at least one recommendation")
        self._draft_recommendation_withdrawn(label, reason, actor, on, source)

    def refer_to_osmb(self, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("refer_to_osmb")
        self._referred_to_osmb(actor, on, source)

    def return_for_revision(
        self, comments: str, *, actor: str, on: date, source: str | None
    ) -> None:
        self.require_step("return_for_revision")
        self._returned_for_revision(comments, actor, on, source)

    def resubmit_to_osmb(self, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("resubmit_to_osmb")
        self._resubmitted_to_osmb(actor, on, source)

    def endorse(self, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("endorse")
        self._endorsed_by_osmb(actor, on, source)

    def submit_to_cabinet(
        self,
        report_received_on: date,
        notice_served_on: date,
        report_to_council: bool,
        *,
        actor: str,
        on: date,
        source: str | None,
    ) -> None:
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
        self._submitted_to_cabinet(
            report_received_on, notice_served_on, report_to_council, actor, on, source
        )

    def record_cabinet_response(
        self,
        labels: list[str],
        minute_number: str | None,
        *,
        actor: str,
        on: date,
        source: str | None,
    ) -> None:
        self.require_step("record_cabinet_response")
        if self.submitted_to_cabinet_on and on < self.submitted_to_cabinet_on:
            raise InvalidCommand(
                "meeting_date",
                f"Cabinet cannot respond on {on}, before the report was submitted on "
                f"{self.submitted_to_cabinet_on}",
            )
        for label in labels:
            self._require_label(label)
        self._cabinet_responded(labels, minute_number, actor, on, source)

    def report_response_back(
        self,
        reported_to: ReportedTo,
        minute_number: str | None,
        *,
        actor: str,
        on: date,
        source: str | None,
    ) -> None:
        self.require_step("report_response_back")
        self._response_reported_back(reported_to, minute_number, actor, on, source)

    def record_action_plan(
        self,
        findings: list[InspectionFinding],
        action_numbers: list[str],
        *,
        actor: str,
        on: date,
        source: str | None,
    ) -> None:
        self.require_step("record_action_plan")
        if not findings:
            raise InvalidCommand("findings", "an action plan needs at least one finding")
        _require_unique([finding.number for finding in findings], "findings")
        _require_unique(action_numbers, "actions")
        self._action_plan_agreed(findings, action_numbers, actor, on, source)

    def add_action(self, number: str, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("add_action")
        if number in self.action_numbers:
            raise InvalidCommand("number", f"action {number} already exists")
        self.require_finding_for(number)
        self._action_added(number, actor, on, source)

    def require_finding_for(self, action_number: str) -> None:
        finding = action_number.split(".")[0]
        if finding not in {f.number for f in self.inspection_findings}:
            raise InvalidCommand(
                "number", f"action {action_number} has no finding {finding} in this plan"
            )

    def close(
        self, open_items: list[str], note: str | None, *, actor: str, on: date, source: str | None
    ) -> None:
        self.require_step("close")
        if open_items:
            raise InvalidCommand(
                "review",
                f"{self.describe()} cannot be closed while these are open: "
                + ", ".join(open_items),
            )
        self._closed(note, actor, on, source)

    def withdraw(self, reason: str, *, actor: str, on: date, source: str | None) -> None:
        self.require_step("withdraw")
        self._withdrawn(reason, actor, on, source)

    def extend_deadline(
        self,
        rule: str,
        previous_due: date,
        due: date,
        reason: str,
        *,
        actor: str,
        on: date,
        source: str | None,
    ) -> None:
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
        self._deadline_extended(rule, previous_due, due, reason, actor, on, source)

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

    def record_tracker_import(
        self, file_name: str, digest: str, columns: dict[str, str], rows: int, changes: int, *,
        actor: str, on: date, source: str | None,
    ) -> None:
        """Any review, at any stage, may have its history brought in from a tracker; the same
        file is imported once with the same columns."""
        earlier = self.tracker_import_of(digest, columns)
        if earlier is not None:
            raise AlreadyExists(
                f"{file_name} was imported into {self.describe()} already, by "
                f"{earlier.imported_by} on {earlier.imported_on}"
            )
        self._tracker_imported(file_name, digest, columns, rows, changes, actor, on, source)

    # --- events -------------------------------------------------------------------------------

    @event("Scoped")
    def _scoped(
        self, terms_of_reference: Text, actor: str, business_date: date, source: str | None
    ) -> None:
        self.terms_of_reference = terms_of_reference
        self.status = S.SCOPED

    @event("EvidenceSessionHeld")
    def _evidence_session_held(
        self, session: EvidenceSession, actor: str, business_date: date, source: str | None
    ) -> None:
        self.evidence_sessions.append(session)
        self.status = S.EVIDENCE_GATHERING

    @event("FindingsAgreed")
    def _findings_agreed(
        self, findings: Text, labels: list[Label], actor: str, business_date: date,
        source: str | None,
    ) -> None:
        self.findings = findings
        self.recommendation_labels = list(labels)
        self.status = S.FINDINGS_AGREED

    @event("DraftRecommendationAdded")
    def _draft_recommendation_added(
        self, label: Label, actor: str, business_date: date, source: str | None
    ) -> None:
        self.recommendation_labels.append(label)

    @event("DraftRecommendationWithdrawn")
    def _draft_recommendation_withdrawn(
        self, label: str, reason: Text, actor: str, business_date: date, source: str | None
    ) -> None:
        self.recommendation_labels.remove(label)

    @event("ReferredToOSMB")
    def _referred_to_osmb(self, actor: str, business_date: date, source: str | None) -> None:
        self.referred_to_osmb_on = business_date
        self.status = S.REFERRED_TO_OSMB

    @event("ReturnedForRevision")
    def _returned_for_revision(
        self, comments: Text, actor: str, business_date: date, source: str | None
    ) -> None:
        self.osmb_comments.append(comments)
        self.status = S.RETURNED_FOR_REVISION

    @event("ResubmittedToOSMB")
    def _resubmitted_to_osmb(self, actor: str, business_date: date, source: str | None) -> None:
        self.status = S.REFERRED_TO_OSMB

    @event("EndorsedByOSMB")
    def _endorsed_by_osmb(self, actor: str, business_date: date, source: str | None) -> None:
        self.endorsed_on = business_date
        self.status = S.ENDORSED_BY_OSMB

    @event("SubmittedToCabinet")
    def _submitted_to_cabinet(
        self,
        report_received_on: date,
        notice_served_on: date,
        report_to_council: bool,
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.submitted_to_cabinet_on = business_date
        self.report_to_council = report_to_council
        self.report_received_on = report_received_on
        self.notice_served_on = notice_served_on
        self.status = S.SUBMITTED_TO_CABINET

    @event("CabinetResponded")
    def _cabinet_responded(
        self,
        labels: list[str],
        minute_number: MinuteNumber | None,
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.cabinet_meetings.append(
            CabinetMeeting(met_on=business_date, minute_number=minute_number, labels=labels)
        )
        for label in labels:
            if label not in self.responded_labels:
                self.responded_labels.append(label)
        if set(self.recommendation_labels) <= set(self.responded_labels):
            self.status = S.CABINET_RESPONDED
            self.cabinet_responded_on = self.cabinet_responded_on or business_date

    @event("ResponseReportedBack")
    def _response_reported_back(
        self,
        reported_to: ReportedTo,
        minute_number: MinuteNumber | None,
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.reports_back.append(
            ReportBack(
                reported_on=business_date, reported_to=reported_to, minute_number=minute_number
            )
        )
        if reported_to == ReportedTo.COUNCIL and self.reported_to_council_on is None:
            self.reported_to_council_on = business_date
        self.status = S.RESPONSE_REPORTED

    @event("ActionPlanAgreed")
    def _action_plan_agreed(
        self,
        findings: list[InspectionFinding],
        action_numbers: list[Label],
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.inspection_findings = list(findings)
        self.action_numbers = list(action_numbers)
        self.status = S.ACTION_PLAN_AGREED

    @event("ActionAdded")
    def _action_added(
        self, number: Label, actor: str, business_date: date, source: str | None
    ) -> None:
        self.action_numbers.append(number)

    @event("DeadlineExtended")
    def _deadline_extended(
        self,
        rule: str,
        previous_due: date,
        due: date,
        reason: Text,
        actor: str,
        business_date: date,
        source: str | None,
    ) -> None:
        self.deadline_extensions.append(
            DeadlineExtension(
                rule=rule, previous_due=previous_due, due=due, reason=reason, actor=actor,
                extended_on=business_date,
            )
        )

    @event("TrackerImported")
    def _tracker_imported(
        self, file_name: Text, digest: str, columns: dict[str, str], rows: int, changes: int,
        actor: str, business_date: date, source: str | None,
    ) -> None:
        self.tracker_imports.append(TrackerImportRecord(
            file_name=file_name, digest=digest, columns=columns, rows=rows, changes=changes,
            imported_by=actor, imported_on=business_date,
        ))

    @event("Closed")
    def _closed(
        self, note: Text | None, actor: str, business_date: date, source: str | None
    ) -> None:
        self.closed_on = business_date
        self.closing_note = note
        self.status = S.CLOSED

    @event("Withdrawn")
    def _withdrawn(
        self, reason: Text, actor: str, business_date: date, source: str | None
    ) -> None:
        self.closed_on = business_date
        self.closing_note = reason
        self.status = S.WITHDRAWN


def _require_unique(labels: list[str], field: str) -> None:
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise InvalidCommand(field, f"{label!r} appears more than once")
        seen.add(label)
