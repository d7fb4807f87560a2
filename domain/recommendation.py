"""A recommendation: its wording, Cabinet's response to it, and its implementation.

Each recommendation is an aggregate of its own, so an officer reporting progress on one does not
collide with an adviser recording a response to another. Progress updates are appended, never
overwritten; a target date changes only with a reason; completion is proposed by the responsible
officer and confirmed (or refused, with reasons) by scrutiny.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import event
from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidCommand
from domain.events import Created, Event, current_stamp
from domain.exemptions import CanHoldExemptInformation
from domain.known_dates import DateKnown
from domain.values import (
    CabinetDecision,
    Label,
    MinuteNumber,
    Name,
    RAGStatus,
    TargetDate,
    Text,
    Title,
)
from domain.values import (
    RecommendationStatus as S,
)

OPEN_STATUSES = frozenset(
    {S.DRAFT, S.AWAITING_RESPONSE, S.DEFERRED, S.IMPLEMENTING, S.COMPLETION_PROPOSED}
)
_IMPLEMENTATION = frozenset({S.IMPLEMENTING, S.COMPLETION_PROPOSED})
_REASON_REQUIRED = {
    CabinetDecision.REJECTED: "a rejection must give Cabinet's reasons",
    CabinetDecision.DEFERRED: "a deferral must say why (e.g. pending national guidance)",
    CabinetDecision.PARTIALLY_ACCEPTED: "a partial acceptance must say what is not accepted",
}
_STATUS_AFTER = {
    CabinetDecision.ACCEPTED: S.IMPLEMENTING,
    CabinetDecision.PARTIALLY_ACCEPTED: S.IMPLEMENTING,
    CabinetDecision.REJECTED: S.REJECTED,
    CabinetDecision.DEFERRED: S.DEFERRED,
}


class ProgressUpdate(BaseModel):
    model_config = ConfigDict(frozen=True)

    reported_on: date
    # How much of reported_on the papers give (None: the day; domain/known_dates.py).
    date_known: DateKnown | None = None
    reported_by: str
    rag: RAGStatus | None
    note: str


class CabinetResponse(BaseModel):
    """Cabinet's response to one recommendation."""

    model_config = ConfigDict(frozen=True)

    decision: CabinetDecision
    reason: Text | None = None
    response: Text | None = None
    responsible_officer: Name | None = None
    timeframe: Title | None = None
    target_date: TargetDate | None = None


class TargetRevision(BaseModel):
    model_config = ConfigDict(frozen=True)

    previous: str | None
    target: str
    reason: str
    actor: str
    revised_on: date


def recommendation_id(review_id: UUID, label: str) -> UUID:
    return uuid5(review_id, f"recommendation/{label}")


class Recommendation(CanHoldExemptInformation):
    drafted_on: date
    NOTES = True
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {
        "amend_wording": frozenset({S.DRAFT}),
        "withdraw": frozenset({S.DRAFT}),
        "submit_to_cabinet": frozenset({S.DRAFT}),
        "leave_submission_unrecorded": frozenset({S.DRAFT}),
        "record_cabinet_response": frozenset({S.AWAITING_RESPONSE, S.DEFERRED}),
        "assign_responsible_officer": frozenset({S.DEFERRED} | _IMPLEMENTATION),
        "record_progress": _IMPLEMENTATION,
        "revise_target_date": _IMPLEMENTATION,
        "propose_completion": frozenset({S.IMPLEMENTING}),
        "confirm_completion": frozenset({S.COMPLETION_PROPOSED}),
        "refuse_completion": frozenset({S.COMPLETION_PROPOSED}),
        "close_as_superseded": frozenset(
            {S.AWAITING_RESPONSE, S.DEFERRED} | _IMPLEMENTATION
        ),
    }

    @staticmethod
    def create_id(review_id: UUID, label: str) -> UUID:
        return recommendation_id(review_id, label)

    class Drafted(Created):
        review_id: UUID
        label: Label
        text: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.drafted_on = self.business_date

    @event(Drafted)
    def __init__(self, review_id: UUID, label: Label, text: Text) -> None:
        self.review_id = review_id
        self.label = label
        self.text = text
        self.status = S.DRAFT
        self.submitted_on: date | None = None
        self.cabinet_response: CabinetResponse | None = None
        self.responded_on: date | None = None
        self.minute_number: str | None = None
        self.responsible_officer: str | None = None
        self.target_date: str | None = None
        self.original_target_date: str | None = None
        self.progress_updates: list[ProgressUpdate] = []
        self.completion_evidence: str | None = None
        self.completed_on: date | None = None
        self.completion_proposed_on: date | None = None
        self.target_revisions: list[TargetRevision] = []
        self.closing_reason: str | None = None

    def describe(self) -> str:
        return f"recommendation {self.label!r}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def latest_progress(self) -> ProgressUpdate | None:
        return self.progress_updates[-1] if self.progress_updates else None

    # --- commands -----------------------------------------------------------------------------

    def amend_wording(self, *, text: str | None = None, replace: str | None = None,
            replacement: str | None = None, reason: str | None) -> None:
        """Change the wording: whole (``text``) or one phrase (``replace`` → ``replacement``).

        Replacing a phrase matches whole words only, so "historic" → "historical" leaves a word
        that is already "historical" alone.
        """
        self.require_step("amend_wording")
        if (text is None) == (replace is None):
            raise InvalidCommand("text", "give either the new text or a phrase to replace")
        if replace is not None:
            if not replace.strip():
                raise InvalidCommand("replace", "the phrase to replace is empty")
            if replacement is None:
                raise InvalidCommand("replacement", "say what replaces the phrase")
            pattern = _whole_words(replace)
            if not re.search(pattern, self.text):
                raise InvalidCommand(
                    "replace", f"{replace!r} does not appear in recommendation {self.label!r}"
                )
            text = re.sub(pattern, lambda _: replacement, self.text)
        assert text is not None
        if text.strip() == self.text:
            raise InvalidCommand("text", "the new wording is the same as the current wording")
        self.trigger_event(self.WordingAmended, previous_text=self.text, text=text,
            replaced=replace, replacement=replacement, reason=reason)

    def withdraw(self, reason: str) -> None:
        self.require_step("withdraw")
        self.trigger_event(self.Withdrawn, reason=reason)

    def submit_to_cabinet(self) -> None:
        self.require_step("submit_to_cabinet")
        self.trigger_event(self.SubmittedToCabinet)

    def leave_submission_unrecorded(self) -> None:
        """The review's papers do not give when (or that) it went to Cabinet; it awaits the
        response all the same, with no submission date."""
        self.require_step("leave_submission_unrecorded")
        self.trigger_event(self.SubmissionNotRecorded)

    def record_cabinet_response(self, response: CabinetResponse, minute_number: str | None) -> None:
        on = current_stamp().on
        self.require_step("record_cabinet_response")
        if response.decision in _REASON_REQUIRED and not response.reason:
            raise InvalidCommand("reason", _REASON_REQUIRED[response.decision])
        if self.submitted_on and on < self.submitted_on:
            raise InvalidCommand(
                "meeting_date",
                f"{on} is before recommendation {self.label!r} went to Cabinet on "
                f"{self.submitted_on}",
            )
        self.trigger_event(self.CabinetResponseRecorded, response=response,
            minute_number=minute_number)

    def assign_responsible_officer(self, officer: str, reason: str | None) -> None:
        self.require_step("assign_responsible_officer")
        if officer == self.responsible_officer:
            raise InvalidCommand("officer", f"{officer} is already the responsible officer")
        self.trigger_event(self.ResponsibleOfficerAssigned, officer=officer, reason=reason)

    def record_progress(self, rag: RAGStatus | None, note: str) -> None:
        """Append a progress update; ``rag`` may be None where the report gave no rating."""
        on = current_stamp().on
        self.require_step("record_progress")
        self._require_not_before_response(on)
        self.trigger_event(self.ProgressReported, rag=rag, note=note)

    def revise_target_date(self, target_date: str, reason: str) -> None:
        self.require_step("revise_target_date")
        if not reason or not reason.strip():
            raise InvalidCommand("reason", "a target date changes only with a reason")
        self.trigger_event(self.TargetDateRevised, previous_target_date=self.target_date,
            target_date=target_date, reason=reason)

    def propose_completion(self, evidence: str) -> None:
        on = current_stamp().on
        self.require_step("propose_completion")
        self._require_not_before_response(on)
        self.trigger_event(self.CompletionProposed, evidence=evidence)

    def confirm_completion(self, evidence: str) -> None:
        self.require_step("confirm_completion")
        self.trigger_event(self.CompletionConfirmed, evidence=evidence)

    def refuse_completion(self, reasons: str) -> None:
        self.require_step("refuse_completion")
        self.trigger_event(self.CompletionRefused, reasons=reasons)

    def close_as_superseded(self, reason: str) -> None:
        self.require_step("close_as_superseded")
        self.trigger_event(self.ClosedAsSuperseded, reason=reason)

    def _require_not_before_response(self, on: date) -> None:
        if self.responded_on and on < self.responded_on:
            raise InvalidCommand(
                "business_date",
                f"{on} is before Cabinet responded to recommendation {self.label!r} on "
                f"{self.responded_on}",
            )
        latest = self.latest_progress
        if latest is not None and on < latest.reported_on:
            # Progress is kept in the order it happened, so the latest update is the last one.
            raise InvalidCommand(
                "business_date",
                f"{on} is before the latest progress update on recommendation {self.label!r} "
                f"({latest.reported_on}); updates are recorded in the order they happened",
            )

    # --- events -------------------------------------------------------------------------------

    class WordingAmended(Event):
        previous_text: str
        text: Text
        replaced: str | None
        replacement: str | None
        reason: Text | None

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.text = self.text

    class Withdrawn(Event):
        reason: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.closing_reason = self.reason
            recommendation.status = S.WITHDRAWN

    class SubmittedToCabinet(Event):
        def apply(self, recommendation: Recommendation) -> None:
            recommendation.submitted_on = self.business_date
            recommendation.status = S.AWAITING_RESPONSE

    class SubmissionNotRecorded(Event):
        """Awaiting the Cabinet's response; when it was submitted is not recorded."""

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.status = S.AWAITING_RESPONSE

    class CabinetResponseRecorded(Event):
        response: CabinetResponse
        minute_number: MinuteNumber | None

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.cabinet_response = self.response
            recommendation.responded_on = self.business_date
            recommendation.minute_number = self.minute_number
            if self.response.responsible_officer:
                recommendation.responsible_officer = self.response.responsible_officer
            if self.response.target_date:
                recommendation.target_date = self.response.target_date
                recommendation.original_target_date = (recommendation.original_target_date
                                                       or self.response.target_date)
            recommendation.status = _STATUS_AFTER[self.response.decision]

    class ResponsibleOfficerAssigned(Event):
        officer: Name
        reason: Text | None

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.responsible_officer = self.officer

    class ProgressReported(Event):
        rag: RAGStatus | None
        note: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.progress_updates.append(
                ProgressUpdate(reported_on=self.business_date, date_known=self.date_known,
                               reported_by=self.actor, rag=self.rag, note=self.note)
            )

    class TargetDateRevised(Event):
        previous_target_date: str | None
        target_date: TargetDate
        reason: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.original_target_date = (recommendation.original_target_date
                                                   or self.previous_target_date)
            recommendation.target_date = self.target_date
            recommendation.target_revisions.append(
                TargetRevision(
                    previous=self.previous_target_date, target=self.target_date,
                    reason=self.reason, actor=self.actor,
                    revised_on=self.business_date,
                )
            )

    class CompletionProposed(Event):
        evidence: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.completion_evidence = self.evidence
            recommendation.completion_proposed_on = self.business_date
            recommendation.status = S.COMPLETION_PROPOSED

    class CompletionConfirmed(Event):
        evidence: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.completed_on = self.business_date
            recommendation.status = S.IMPLEMENTED

    class CompletionRefused(Event):
        reasons: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.completion_evidence = None
            recommendation.status = S.IMPLEMENTING

    class ClosedAsSuperseded(Event):
        reason: Text

        def apply(self, recommendation: Recommendation) -> None:
            recommendation.closing_reason = self.reason
            recommendation.status = S.CLOSED_BY_SCRUTINY


def _whole_words(phrase: str) -> str:
    escaped = re.escape(phrase)
    start = r"\b" if re.match(r"\w", phrase) else ""
    end = r"\b" if re.search(r"\w$", phrase) else ""
    return f"{start}{escaped}{end}"
