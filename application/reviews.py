"""Reviews and the Cabinet: proposal, scoping, evidence, findings, OSMB, Cabinet's response,
report-back and closure; inspection action plans as agreed
(ARCHITECTURE.md, A command's path)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from application.base import DraftRecommendation, PlannedAction, ServiceBase, command
from domain.action_plan import Action, target_from_by_when
from domain.deadlines import open_review_deadline_due
from domain.errors import AlreadyExists, InvalidCommand
from domain.recommendation import CabinetResponse, Recommendation
from domain.review import EvidenceSession, InspectionFinding, Review
from domain.values import ReportedTo, ReviewKind, slug


class ReviewsAndCabinet(ServiceBase):
    """The review's journey: one handler per step, each loading, checking and committing."""

    # --- the review's journey -----------------------------------------------------------------

    @command
    def propose_review(
        self,
        *,
        title: str,
        commission: str,
        kind: ReviewKind,
        members: Sequence[str] = (),
        reference: str | None = None,
        actor: str,
        on: date,
        source: str | None = None,
    ) -> UUID:
        self._check_business_date(on)
        reference = (reference or slug(title)).strip().lower()
        review = Review(
            reference=reference,
            title=title,
            commission=commission,
            kind=kind,
            members=list(members)
        )
        if self._exists(review.id):
            raise AlreadyExists(
                f"A review with reference {review.reference!r} already exists; choose another."
            )
        self._commit(review)
        return review.id

    @command
    def scope_review(
        self, review: str | UUID, terms_of_reference: str, *, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.scope(terms_of_reference)
        self._commit(found)

    @command
    def record_evidence_session(
        self, review: str | UUID, *, title: str, witnesses: Sequence[str] = (),
        notes: str | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        session = EvidenceSession(held_on=on, title=title, witnesses=list(witnesses), notes=notes)
        found.record_evidence_session(session)
        self._commit(found)

    @command
    def agree_findings(
        self, review: str | UUID, *, findings: str,
        recommendations: Sequence[DraftRecommendation], actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        labels = [draft.label.strip() for draft in recommendations]
        found.agree_findings(findings, labels)
        drafts = [
            Recommendation(
                review_id=found.id, label=draft.label.strip(), text=draft.text
            )
            for draft in recommendations
        ]
        self._commit(found, *drafts)

    @command
    def add_draft_recommendation(
        self, review: str | UUID, *, label: str, text: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        label = label.strip()
        found.add_draft_recommendation(label)
        draft = Recommendation(review_id=found.id, label=label, text=text)
        if self._exists(draft.id):
            raise InvalidCommand(
                "label", f"label {label!r} was used before in this review; choose another"
            )
        self._commit(found, draft)

    @command
    def withdraw_draft_recommendation(
        self, review: str | UUID, label: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.withdraw_draft_recommendation(label, reason)
        draft = self.get_recommendation(found, label)
        draft.withdraw(reason)
        self._commit(found, draft)

    @command
    def amend_recommendation_wording(
        self, review: str | UUID, label: str, *, text: str | None = None,
        replace: str | None = None, replacement: str | None = None, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        found.require_step("amend_recommendation_wording")
        draft = self.get_recommendation(found, label)
        self._check(draft, expected_version, on)
        draft.amend_wording(text=text, replace=replace, replacement=replacement, reason=reason)
        self._commit(draft)

    @command
    def leave_steps_unrecorded(
        self, review: str | UUID, *, until: str, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        """The review's papers begin at step ``until``: the earlier steps are not recorded
        (ARCHITECTURE.md, The aggregates); its draft recommendations, if the papers begin at
        the Cabinet's response, await it with no submission date."""
        found = self.get_review(review)
        self._check(found, expected_version, on)
        skipped = found.leave_steps_unrecorded(until, reason)
        drafts = []
        if "submit_to_cabinet" in skipped:
            drafts = self.recommendations_of(found)
            for draft in drafts:
                draft.leave_submission_unrecorded()
        self._commit(found, *drafts)

    @command
    def refer_to_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.refer_to_osmb()
        self._commit(found)

    @command
    def return_for_revision(
        self, review: str | UUID, *, comments: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.return_for_revision(comments)
        self._commit(found)

    @command
    def resubmit_to_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.resubmit_to_osmb()
        self._commit(found)

    @command
    def endorse_by_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.endorse()
        self._commit(found)

    @command
    def submit_to_cabinet(
        self, review: str | UUID, *, report_received_on: date | None = None,
        notice_served_on: date | None = None, report_to_council: bool | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        """Submit the endorsed report to Cabinet and serve notice under s.9FE.

        The executive's two months begin with the later of the day the report was received and
        the day notice was served; both default to the day of submission. ``report_to_council``
        records a resolution that Cabinet's response be reported to Council (its own deadline);
        it defaults to the council's setting.
        """
        found = self.get_review(review)
        self._check(found, expected_version, on)
        received = report_received_on or on
        served = notice_served_on or received
        for field, value in (("report_received_on", received), ("notice_served_on", served)):
            if value > self.clock.today():
                raise InvalidCommand(field, f"{value} is in the future")
        if report_to_council is None:
            report_to_council = self.deadline_engine.settings.report_to_council_by_default
        found.submit_to_cabinet(received, served, report_to_council)
        recommendations = self.recommendations_of(found)
        for recommendation in recommendations:
            recommendation.submit_to_cabinet()
        self._commit(found, *recommendations)

    @command
    def record_cabinet_response(
        self, review: str | UUID, *, responses: dict[str, CabinetResponse],
        minute_number: str | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Record Cabinet's response, made at its meeting ``on``, to some or all recommendations."""
        found = self.get_review(review)
        self._check(found, expected_version, on)
        if not responses:
            raise InvalidCommand(
                "responses", "give Cabinet's response to at least one recommendation"
            )
        labels = [label.strip() for label in responses]
        found.record_cabinet_response(labels, minute_number)
        answered = []
        for label, response in responses.items():
            recommendation = self.get_recommendation(found, label.strip())
            try:
                recommendation.record_cabinet_response(response, minute_number)
            except InvalidCommand as error:
                raise InvalidCommand(f"responses.{label}.{error.field}", error.message) from None
            answered.append(recommendation)
        self._commit(found, *answered)

    @command
    def report_response_back(
        self, review: str | UUID, *, reported_to: ReportedTo, minute_number: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.report_response_back(reported_to, minute_number)
        self._commit(found)

    @command
    def record_action_plan(
        self, review: str | UUID, *, findings: Sequence[InspectionFinding],
        actions: Sequence[PlannedAction], actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        numbers = [action.number.strip() for action in actions]
        found.record_action_plan(list(findings), numbers)
        for number in numbers:
            found.require_finding_for(number)
        known = set(numbers) | {finding.number for finding in findings}
        agreed = [self._agree_action(found, action, known) for action in actions]
        self._commit(found, *agreed)

    @command
    def add_action(
        self, review: str | UUID, *, action: PlannedAction, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.add_action(action.number.strip())
        known = set(found.action_numbers) | {f.number for f in found.inspection_findings}
        self._commit(found, self._agree_action(found, action, known))

    def _agree_action(self, review: Review, action: PlannedAction, known: set[str]) -> Action:
        if action.duplicate_of and action.duplicate_of not in known:
            raise InvalidCommand(
                "duplicate_of",
                f"action {action.number} duplicates {action.duplicate_of!r}, which is neither an "
                "action nor a finding of this plan",
            )
        return Action(
            review_id=review.id, number=action.number.strip(), text=action.text,
            owner=action.owner or None, by_when=action.by_when or None,
            target_date=target_from_by_when(action.by_when), duplicate_of=action.duplicate_of
        )

    @command
    def extend_deadline(
        self, review: str | UUID, rule: str, *, due: date, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        """Record an agreed extension of the executive response or the report to Council."""
        found = self.get_review(review)
        self._check(found, expected_version, on)
        current = open_review_deadline_due(found, rule, self.deadline_engine, self.clock.today())
        if current is None:
            raise InvalidCommand(
                "rule", f"{found.describe()} has no open {rule!r} deadline to extend"
            )
        found.extend_deadline(rule, current, due, reason)
        self._commit(found)

    @command
    def close_review(
        self, review: str | UUID, *, note: str | None = None, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        open_items = [
            f"recommendation {r.label} ({r.status.replace('_', ' ')})"
            for r in self.recommendations_of(found) if r.is_open
        ] + [
            f"action {a.number} ({a.status.replace('_', ' ')})"
            for a in self.actions_of(found) if a.is_open
        ]
        found.close(open_items, note)
        self._commit(found)

    @command
    def withdraw_review(
        self, review: str | UUID, *, reason: str, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.withdraw(reason)
        drafts = [r for r in self.recommendations_of(found) if r.status == "draft"]
        for draft in drafts:
            draft.withdraw(f"The review was withdrawn: {reason}")
        self._commit(found, *drafts)
