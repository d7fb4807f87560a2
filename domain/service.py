"""The scrutiny service: one method per thing a governance adviser or officer records.

This is the write side's only door. Each command loads the aggregates it touches, lets them check
the step against their lifecycle, and saves every resulting event in one transaction, so a
command is recorded whole or not at all. A save that loses a race with another writer raises
``ConcurrencyConflict`` and records nothing; the caller reloads and tries again.
"""

from __future__ import annotations

import functools
import inspect
import random
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from time import sleep
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import IntegrityError, Mapper, Transcoder
from pydantic import BaseModel, ValidationError

from domain.access import Principal, require_reporter
from domain.action_plan import Action, action_id, target_from_by_when
from domain.clock import Clock, SystemClock
from domain.council_settings import CouncilSettings
from domain.deadline_rules import DeadlineEngine
from domain.deadlines import (
    Deadline,
    action_deadlines,
    follow_up_deadlines,
    open_review_deadline_due,
    recommendation_deadlines,
    review_deadlines,
)
from domain.errors import AlreadyExists, ConcurrencyConflict, InvalidCommand, NotFound
from domain.events import JSONTranscoder, PydanticMapper, ScrutinyAggregate
from domain.exemptions import CanHoldExemptInformation
from domain.recommendation import CabinetResponse, Recommendation, recommendation_id
from domain.reminder import Recipient, Reminder, ReminderKind
from domain.reminder_schedule import ReminderSchedule
from domain.review import EvidenceSession, InspectionFinding, Review
from domain.tracker_mapping import TRACKER_MAPPINGS, TrackerMappings
from domain.values import (
    ActionStatus,
    RAGStatus,
    ReportedTo,
    ReviewKind,
    slug,
)
from domain.wording import event_words
from domain.work_programme import (
    FollowUp,
    ItemOrigin,
    Meeting,
    MeetingStatus,
    Origin,
    PapersScore,
    ProgrammeItem,
    Resolution,
    meeting_id,
    programme_item_id,
)

P = ParamSpec("P")
R = TypeVar("R")
TAggregate = TypeVar("TAggregate", bound=ScrutinyAggregate)


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events in turn: the library's own replay, without its per-event check
    against a runtime protocol (a tenth of a millisecond an event on Python 3.11, a sixth of
    the time a progress update took); every event of ours is a ScrutinyAggregate's event."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class _Repository(Repository[UUID]):
    def get(self, aggregate_id: UUID, *, version: int | None = None,
            projector_func: Any = _replay, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True) -> Any:
        return super().get(aggregate_id, version=version, projector_func=projector_func,
                           fastforward_skipping=fastforward_skipping,
                           deepcopy_from_cache=deepcopy_from_cache)


class DraftRecommendation(BaseModel):
    label: str
    text: str


class PlannedAction(BaseModel):
    """One row of an inspection action plan as agreed."""

    number: str
    text: str
    owner: str | None = None
    by_when: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One event as a person reads it: what happened, who recorded it, and both dates."""

    aggregate_id: UUID
    version: int
    event: str
    what: str
    actor: str
    business_date: date
    recorded_at: datetime
    source: str | None
    details: dict[str, Any]


UNCONDITIONAL_ATTEMPTS = 30
"""How often a step that names no ``expected_version`` is tried before a clash is reported."""


def command(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a value pydantic refuses while an event is made into an error naming the field.

    A step that can name the version it was decided on (``expected_version``) but does not
    asks for no conditional write: when another writer saves the same record between this
    step's load and its save, the step is loaded and applied again on the record as it now
    stands, so two officers saving at once both succeed. Each attempt re-checks the lifecycle,
    so a step the other writer has made impossible is refused as such. With
    ``expected_version`` given, a clash stays a refusal (409): the caller decided on what they
    saw. Inside a unit of work nothing is saved until its end, so nothing is retried there.
    """
    conditional = "expected_version" in inspect.signature(method).parameters

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        attempts = UNCONDITIONAL_ATTEMPTS if conditional and kwargs.get(
            "expected_version") is None else 1
        for attempt in range(1, attempts + 1):
            try:
                return method(*args, **kwargs)
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(part) for part in first["loc"]) or "value"
                raise InvalidCommand(field, first["msg"]) from None
            except ConcurrencyConflict:
                service = args[0]
                if attempt == attempts or getattr(service._local, "pending", None) is not None:  # type: ignore[attr-defined]
                    raise
                # A little apart, so writers that clashed do not clash again in step.
                sleep(random.uniform(0, 0.002 * attempt))
        raise AssertionError("unreachable")

    return wrapper


class ScrutinyService(Application[UUID]):
    name = "Scrutiny"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        clock: Clock | None = None,
        council: CouncilSettings | None = None,
    ) -> None:
        super().__init__(env)
        self.clock = clock or SystemClock()
        self.deadline_engine = DeadlineEngine(council)
        self.reminder_schedule = ReminderSchedule(
            self.deadline_engine.settings, self.deadline_engine.calendar
        )
        self._local = threading.local()

    def construct_repository(self) -> Repository[UUID]:
        # The library's aggregate cache (AGGREGATE_CACHE_MAXSIZE) is not used: a cached
        # aggregate would be shared by every request thread.
        return _Repository(event_store=self.events, snapshot_store=self.snapshots)

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder())

    def construct_transcoder(self) -> Transcoder:
        return JSONTranscoder()

    # --- unit of work -------------------------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        """Record every command made inside the block in one transaction, or none of them.

        Used to load a whole case (demo data, an import) so a crash never leaves half of it.
        """
        if getattr(self._local, "pending", None) is not None:
            yield
            return
        self._local.pending = {}
        try:
            yield
            pending = list(self._local.pending.values())
        finally:
            self._local.pending = None
        self._save(*pending)

    def _load(self, cls: type[TAggregate], aggregate_id: UUID, what: str) -> TAggregate:
        pending: dict[UUID, ScrutinyAggregate] | None = getattr(self._local, "pending", None)
        if pending is not None and aggregate_id in pending:
            aggregate = pending[aggregate_id]
        else:
            try:
                aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFound(f"There is no {what}.") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"There is no {what}.")
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        pending = getattr(self._local, "pending", None)
        return (pending is not None and aggregate_id in pending) or (
            aggregate_id in self.repository
        )

    def _commit(self, *aggregates: ScrutinyAggregate) -> None:
        pending: dict[UUID, ScrutinyAggregate] | None = getattr(self._local, "pending", None)
        if pending is not None:
            for aggregate in aggregates:
                pending[aggregate.id] = aggregate
            return
        self._save(*aggregates)

    def _save(self, *aggregates: ScrutinyAggregate) -> None:
        if not aggregates:
            return
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrencyConflict(
                "Someone else changed this record at the same moment; nothing of your change "
                "was saved. Reload and try again."
            ) from None
        if recordings:
            self._local.last_position = max(r.notification.id for r in recordings)

    def last_position(self) -> int:
        """The log position of the last events this thread recorded (0 if none yet).

        Read models wait until they have projected up to it, so a user reads their own write.
        """
        return int(getattr(self._local, "last_position", 0))

    def _check(
        self, aggregate: ScrutinyAggregate, expected_version: int | None, on: date
    ) -> None:
        if expected_version is not None and expected_version != aggregate.version:
            raise ConcurrencyConflict(
                f"{aggregate.describe().capitalize()} has changed since you loaded it "
                f"(you saw version {expected_version}, it is now at version {aggregate.version}); "
                "nothing was saved. Reload and try again.",
                current_version=aggregate.version,
            )
        self._check_business_date(on)

    def _check_business_date(self, on: date) -> None:
        today = self.clock.today()
        if on > today:
            raise InvalidCommand(
                "business_date", f"{on} is in the future (today is {today}); record what happened"
            )

    # --- addressing ---------------------------------------------------------------------------

    @staticmethod
    def review_id(review: str | UUID) -> UUID:
        """A review is addressed by its reference ("post-cse-support") or by its id."""
        if isinstance(review, UUID):
            return review
        try:
            return UUID(review)
        except ValueError:
            return Review.create_id(review.strip().lower())

    def get_review(self, review: str | UUID) -> Review:
        return self._load(Review, self.review_id(review), f"review {str(review)!r}")

    def get_recommendation(self, review: str | UUID | Review, label: str) -> Recommendation:
        return self._load_item(Recommendation, recommendation_id, review, label,
                               f"recommendation {label!r}")

    def get_action(self, review: str | UUID | Review, number: str) -> Action:
        return self._load_item(Action, action_id, review, number, f"action {number!r}")

    def _load_item(self, cls: type[TAggregate], make_id: Callable[[UUID, str], UUID],
                   review: str | UUID | Review, key: str, what: str) -> TAggregate:
        """A review's recommendation or action, found by its id alone (a review's id follows
        from its reference); the review is read only to say which one has no such item."""
        review_id = review.id if isinstance(review, Review) else self.review_id(review)
        try:
            return self._load(cls, make_id(review_id, key), what)
        except NotFound:
            found = review if isinstance(review, Review) else self.get_review(review)
            raise NotFound(f"There is no {what} in {found.describe()}.") from None

    def recommendations_of(self, review: Review) -> list[Recommendation]:
        return [self.get_recommendation(review, label) for label in review.recommendation_labels]

    def actions_of(self, review: Review) -> list[Action]:
        return [self.get_action(review, number) for number in review.action_numbers]

    def deadlines_of(self, item: Review | Recommendation | Action | ProgrammeItem
                     ) -> list[Deadline]:
        """The item's deadlines with their status as of today."""
        today = self.clock.today()
        if isinstance(item, Review):
            return review_deadlines(item, self.deadline_engine, today)
        if isinstance(item, Recommendation):
            return recommendation_deadlines(item, today)
        if isinstance(item, ProgrammeItem):
            return follow_up_deadlines(item, today)
        return action_deadlines(item, today)

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        return [_history_entry(event) for event in self.events.get(aggregate_id)]

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
            members=list(members),
            actor=actor,
            business_date=on,
            source=source,
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
        found.scope(terms_of_reference, actor=actor, on=on, source=source)
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
        found.record_evidence_session(session, actor=actor, source=source)
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
        found.agree_findings(findings, labels, actor=actor, on=on, source=source)
        drafts = [
            Recommendation(
                review_id=found.id, label=draft.label.strip(), text=draft.text, actor=actor,
                business_date=on, source=source,
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
        found.add_draft_recommendation(label, actor=actor, on=on, source=source)
        draft = Recommendation(
            review_id=found.id, label=label, text=text, actor=actor, business_date=on,
            source=source,
        )
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
        found.withdraw_draft_recommendation(label, reason, actor=actor, on=on, source=source)
        draft = self.get_recommendation(found, label)
        draft.withdraw(reason, actor=actor, on=on, source=source)
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
        draft.amend_wording(
            text=text, replace=replace, replacement=replacement, reason=reason, actor=actor,
            on=on, source=source,
        )
        self._commit(draft)

    @command
    def refer_to_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.refer_to_osmb(actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def return_for_revision(
        self, review: str | UUID, *, comments: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.return_for_revision(comments, actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def resubmit_to_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.resubmit_to_osmb(actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def endorse_by_osmb(
        self, review: str | UUID, *, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.endorse(actor=actor, on=on, source=source)
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
        found.submit_to_cabinet(
            received, served, report_to_council, actor=actor, on=on, source=source
        )
        recommendations = self.recommendations_of(found)
        for recommendation in recommendations:
            recommendation.submit_to_cabinet(actor=actor, on=on, source=source)
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
        found.record_cabinet_response(labels, minute_number, actor=actor, on=on, source=source)
        answered = []
        for label, response in responses.items():
            recommendation = self.get_recommendation(found, label.strip())
            try:
                recommendation.record_cabinet_response(
                    response, minute_number, actor=actor, on=on, source=source
                )
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
        found.report_response_back(
            reported_to, minute_number, actor=actor, on=on, source=source
        )
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
        found.record_action_plan(list(findings), numbers, actor=actor, on=on, source=source)
        for number in numbers:
            found.require_finding_for(number)
        known = set(numbers) | {finding.number for finding in findings}
        agreed = [self._agree_action(found, action, known, actor, on, source) for action in actions]
        self._commit(found, *agreed)

    @command
    def add_action(
        self, review: str | UUID, *, action: PlannedAction, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.add_action(action.number.strip(), actor=actor, on=on, source=source)
        known = set(found.action_numbers) | {f.number for f in found.inspection_findings}
        self._commit(found, self._agree_action(found, action, known, actor, on, source))

    def _agree_action(
        self, review: Review, action: PlannedAction, known: set[str], actor: str, on: date,
        source: str | None,
    ) -> Action:
        if action.duplicate_of and action.duplicate_of not in known:
            raise InvalidCommand(
                "duplicate_of",
                f"action {action.number} duplicates {action.duplicate_of!r}, which is neither an "
                "action nor a finding of this plan",
            )
        return Action(
            review_id=review.id, number=action.number.strip(), text=action.text,
            owner=action.owner or None, by_when=action.by_when or None,
            target_date=target_from_by_when(action.by_when), duplicate_of=action.duplicate_of,
            actor=actor, business_date=on, source=source,
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
        found.extend_deadline(rule, current, due, reason, actor=actor, on=on, source=source)
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
        found.close(open_items, note, actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def withdraw_review(
        self, review: str | UUID, *, reason: str, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, expected_version, on)
        found.withdraw(reason, actor=actor, on=on, source=source)
        drafts = [r for r in self.recommendations_of(found) if r.status == "draft"]
        for draft in drafts:
            draft.withdraw(f"The review was withdrawn: {reason}", actor=actor, on=on, source=source)
        self._commit(found, *drafts)

    # --- implementation of recommendations ----------------------------------------------------

    def _recommendation_for_update(
        self, review: str | UUID, label: str, expected_version: int | None, on: date,
        reporter: Principal | None = None,
    ) -> Recommendation:
        recommendation = self.get_recommendation(review, label)
        if reporter is not None:
            require_reporter(reporter, recommendation.responsible_officer,
                             f"recommendation {label}")
        self._check(recommendation, expected_version, on)
        return recommendation

    @command
    def assign_responsible_officer(
        self, review: str | UUID, label: str, *, officer: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.assign_responsible_officer(
            officer, reason, actor=actor, on=on, source=source
        )
        self._commit(recommendation)

    @command
    def record_progress(
        self, review: str | UUID, label: str, *, rag: RAGStatus | None, note: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        """``reporter``, if given, must be an adviser or the officer the recommendation is
        assigned to."""
        recommendation = self._recommendation_for_update(review, label, expected_version, on,
                                                         reporter)
        recommendation.record_progress(rag, note, actor=actor, on=on, source=source)
        self._commit(recommendation)

    @command
    def revise_target_date(
        self, review: str | UUID, label: str, *, target_date: str, reason: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.revise_target_date(target_date, reason, actor=actor, on=on, source=source)
        self._commit(recommendation)

    @command
    def propose_completion(
        self, review: str | UUID, label: str, *, evidence: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on,
                                                         reporter)
        recommendation.propose_completion(evidence, actor=actor, on=on, source=source)
        self._commit(recommendation)

    @command
    def confirm_completion(
        self, review: str | UUID, label: str, *, evidence: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.confirm_completion(evidence, actor=actor, on=on, source=source)
        self._commit(recommendation)

    @command
    def refuse_completion(
        self, review: str | UUID, label: str, *, reasons: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.refuse_completion(reasons, actor=actor, on=on, source=source)
        self._commit(recommendation)

    @command
    def close_recommendation_as_superseded(
        self, review: str | UUID, label: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.close_as_superseded(reason, actor=actor, on=on, source=source)
        self._commit(recommendation)

    # --- inspection actions -------------------------------------------------------------------

    def _action_for_update(
        self, review: str | UUID | Review, number: str, expected_version: int | None, on: date,
        reporter: Principal | None = None,
    ) -> Action:
        action = self.get_action(review, number)
        if reporter is not None:
            require_reporter(reporter, action.owner, f"action {number}")
        self._check(action, expected_version, on)
        return action

    @command
    def record_action_progress(
        self, review: str | UUID, number: str, *, status: ActionStatus, note: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        """``reporter``, if given, must be an adviser or the action's owner."""
        action = self._action_for_update(review, number, expected_version, on, reporter)
        action.record_progress(status, note, actor=actor, on=on, source=source)
        self._commit(action)

    @command
    def revise_action_target_date(
        self, review: str | UUID, number: str, *, by_when: str, reason: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        action = self._action_for_update(review, number, expected_version, on)
        action.revise_target_date(by_when, reason, actor=actor, on=on, source=source)
        self._commit(action)

    @command
    def reassign_action_owner(
        self, review: str | UUID, number: str, *, owner: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        action = self._action_for_update(review, number, expected_version, on)
        action.reassign_owner(owner, reason, actor=actor, on=on, source=source)
        self._commit(action)

    @command
    def mark_action_duplicate(
        self, review: str | UUID, number: str, *, duplicate_of: str, note: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        action = self._action_for_update(found, number, expected_version, on)
        known = set(found.action_numbers) | {f.number for f in found.inspection_findings}
        if duplicate_of not in known:
            raise InvalidCommand(
                "duplicate_of", f"{duplicate_of!r} is neither an action nor a finding of this plan"
            )
        action.mark_duplicate(duplicate_of, note, actor=actor, on=on, source=source)
        self._commit(action)

    # --- tracker imports ----------------------------------------------------------------------

    def tracker_mappings(self) -> dict[str, dict[str, str]]:
        """The column mappings advisers have saved, by name."""
        if not self._exists(TRACKER_MAPPINGS):
            return {}
        return dict(self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping").mappings)

    @command
    def save_tracker_mapping(
        self, name: str, columns: dict[str, str], *, actor: str, on: date,
        source: str | None = None,
    ) -> None:
        self._check_business_date(on)
        if self._exists(TRACKER_MAPPINGS):
            found = self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping")
        else:
            found = TrackerMappings(actor=actor, business_date=on, source=source)
        found.save(name, columns, actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def remove_tracker_mapping(self, name: str, *, actor: str, on: date,
                               source: str | None = None) -> None:
        self._check_business_date(on)
        if not self._exists(TRACKER_MAPPINGS):
            raise NotFound(f"There is no saved tracker mapping called {name!r}.")
        found = self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping")
        found.remove(name, actor=actor, on=on, source=source)
        self._commit(found)

    @command
    def record_tracker_import(
        self, review: str | UUID, *, file_name: str, digest: str, columns: dict[str, str],
        rows: int, changes: int, actor: str, on: date, source: str | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, None, on)
        found.record_tracker_import(file_name, digest, columns, rows, changes, actor=actor,
                                    on=on, source=source)
        self._commit(found)

    # --- exempt information (LGA 1972 Sch 12A) ------------------------------------------------

    def exempt_subject(
        self, review: str | UUID, recommendation: str | None = None, action: str | None = None
    ) -> CanHoldExemptInformation:
        """The review, or one of its recommendations or actions, that an exemption is about."""
        if recommendation is not None and action is not None:
            raise InvalidCommand("action", "name a recommendation or an action, not both")
        if recommendation is not None:
            return self.get_recommendation(review, recommendation)
        if action is not None:
            return self.get_action(review, action)
        return self.get_review(review)

    @command
    def mark_exempt(
        self, review: str | UUID, *, recommendation: str | None = None,
        action: str | None = None, note: int | None = None, paragraphs: list[int], reason: str,
        review_by: date, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Mark a review, recommendation, action or one progress note as exempt information."""
        subject = self.exempt_subject(review, recommendation, action)
        self._check(subject, expected_version, on)
        subject.mark_exempt(paragraphs, reason, review_by, note=note, actor=actor, on=on,
                            source=source)
        self._commit(subject)

    @command
    def lift_exemption(
        self, review: str | UUID, *, recommendation: str | None = None,
        action: str | None = None, note: int | None = None, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        subject = self.exempt_subject(review, recommendation, action)
        self._check(subject, expected_version, on)
        subject.lift_exemption(reason, note=note, actor=actor, on=on, source=source)
        self._commit(subject)

    # --- the work programme: meetings, items, resolutions and follow-ups ----------------------

    def get_meeting(self, commission: str, meets_on: date) -> Meeting:
        return self._load(Meeting, meeting_id(commission, meets_on),
                          f"{commission} meeting on {meets_on.isoformat()}")

    def get_programme_item(self, commission: str, reference: str) -> ProgrammeItem:
        return self._load(ProgrammeItem, programme_item_id(commission, reference),
                          f"work programme item {reference!r} of the {commission}")

    @command
    def schedule_meeting(
        self, *, commission: str, meets_on: date, starts_at: time | None = None,
        venue: str | None = None, actor: str, on: date, source: str | None = None,
    ) -> UUID:
        """Put a meeting of the commission in the calendar (it may be in the future)."""
        self._check_business_date(on)
        meeting = Meeting(commission=commission, meets_on=meets_on, starts_at=starts_at,
                          venue=venue, actor=actor, business_date=on, source=source)
        if self._exists(meeting.id):
            raise AlreadyExists(f"The {commission} already has a meeting on "
                                f"{meets_on.isoformat()}.")
        self._commit(meeting)
        return meeting.id

    @command
    def change_meeting(
        self, commission: str, meets_on: date, *, starts_at: time | None, venue: str | None,
        reason: str, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        meeting = self.get_meeting(commission, meets_on)
        self._check(meeting, expected_version, on)
        meeting.change(starts_at, venue, reason, actor=actor, on=on, source=source)
        self._commit(meeting)

    @command
    def cancel_meeting(
        self, commission: str, meets_on: date, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        meeting = self.get_meeting(commission, meets_on)
        self._check(meeting, expected_version, on)
        meeting.cancel(reason, actor=actor, on=on, source=source)
        self._commit(meeting)

    @command
    def add_programme_item(
        self, *, commission: str, title: str, origin: ItemOrigin, purpose: str | None = None,
        follow_up: FollowUp | None = None, reference: str | None = None, actor: str, on: date,
        source: str | None = None,
    ) -> UUID:
        self._check_business_date(on)
        reference = (reference or slug(title)).strip().lower()
        item = ProgrammeItem(commission=commission, reference=reference, title=title,
                             purpose=purpose, origin=origin, follow_up=follow_up, actor=actor,
                             business_date=on, source=source)
        if self._exists(item.id):
            raise AlreadyExists(f"The {commission}'s work programme already has an item "
                                f"{reference!r}; choose another reference.")
        self._commit(item)
        return item.id

    def _item_for_step(self, commission: str, reference: str, expected_version: int | None,
                       on: date) -> ProgrammeItem:
        item = self.get_programme_item(commission, reference)
        self._check(item, expected_version, on)
        return item

    def _meeting_to_hold(self, commission: str, meeting_on: date) -> Meeting:
        meeting = self._load(Meeting, meeting_id(commission, meeting_on),
                             f"{commission} meeting on {meeting_on.isoformat()}")
        if meeting.status != MeetingStatus.SCHEDULED:
            raise InvalidCommand("meeting_on", f"the {commission} meeting on "
                                 f"{meeting_on.isoformat()} is cancelled")
        return meeting

    @command
    def prioritise_item(
        self, commission: str, reference: str, *, scores: Sequence[PapersScore], actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.prioritise(list(scores), actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def amend_item_purpose(
        self, commission: str, reference: str, *, purpose: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.amend_purpose(purpose, reason, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def schedule_item(
        self, commission: str, reference: str, *, meeting_on: date,
        agenda_number: int | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Put the item on a meeting's agenda (``agenda_number``: its place, where known)."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("schedule")  # the item's state first, then the meeting
        self._meeting_to_hold(commission, meeting_on)
        item.schedule(meeting_on, agenda_number, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def defer_item(
        self, commission: str, reference: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.defer(reason, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def reschedule_item(
        self, commission: str, reference: str, *, meeting_on: date, reason: str,
        agenda_number: int | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("reschedule")  # the item's state first, then the meeting
        self._meeting_to_hold(commission, meeting_on)
        item.reschedule(meeting_on, reason, agenda_number, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def take_item(
        self, commission: str, reference: str, *, resolutions: Sequence[Resolution] = (),
        minute_number: str | None = None, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> list[UUID]:
        """Record the item taken at its meeting (``on``) with the meeting's resolutions. Each
        resolution that asks for something back becomes a follow-up item of its own, tracked
        in the deadline register; returns their ids."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.require_step("take")
        if on == item.meeting_on:  # otherwise the item refuses, naming its meeting
            self._meeting_to_hold(commission, on)
        numbers = [r.number.casefold() for r in resolutions]
        if len(set(numbers)) != len(numbers):
            raise InvalidCommand("resolutions", "each resolution has its own number")
        recorded: list[Resolution] = []
        follow_ups: list[ProgrammeItem] = []
        for resolution in resolutions:
            if resolution.follow_up is None:
                # a follow-up reference is the service's to give, never the caller's
                recorded.append(resolution.model_copy(update={"follow_up_reference": None}))
                continue
            title = resolution.follow_up_title or item.title
            follow_up_reference = slug(f"{title[:50]} {on:%Y %m %d} {resolution.number}")
            follow_up = ProgrammeItem(
                commission=commission, reference=follow_up_reference, title=title,
                purpose=resolution.text,
                origin=ItemOrigin(kind=Origin.RESOLUTION, meeting_on=on,
                                  minute_number=minute_number,
                                  detail=f"Resolved at the meeting of {on:%-d %B %Y}"),
                follow_up=resolution.follow_up, actor=actor, business_date=on, source=source,
            )
            if self._exists(follow_up.id) or any(f.id == follow_up.id for f in follow_ups):
                raise AlreadyExists(
                    f"The follow-up of resolution {resolution.number} would be "
                    f"{follow_up_reference!r}, which the {commission}'s programme already has; "
                    "give it a follow_up_title of its own.")
            follow_ups.append(follow_up)
            recorded.append(resolution.model_copy(
                update={"follow_up_reference": follow_up_reference}))
        item.take(minute_number, recorded, actor=actor, on=on, source=source)
        self._commit(item, *follow_ups)
        return [follow_up.id for follow_up in follow_ups]

    @command
    def record_programme_update(
        self, commission: str, reference: str, *, note: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        """A written update, briefing or information circulated (meets its follow-up)."""
        item = self._item_for_step(commission, reference, expected_version, on)
        item.record_update(note, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def complete_item(
        self, commission: str, reference: str, *, note: str | None = None, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.complete(note, actor=actor, on=on, source=source)
        self._commit(item)

    @command
    def remove_item(
        self, commission: str, reference: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        item = self._item_for_step(commission, reference, expected_version, on)
        item.remove(reason, actor=actor, on=on, source=source)
        self._commit(item)

    # --- reminders ----------------------------------------------------------------------------

    def get_reminder(self, reminder: UUID) -> Reminder:
        return self._load(Reminder, reminder, f"reminder {reminder}")

    @command
    def queue_reminder(
        self, *, key: str, kind: ReminderKind, to: Sequence[Recipient],
        copy_to: Sequence[Recipient] = (), unreached: Sequence[str] = (), subject_line: str,
        content: dict[str, Any], deadline_id: str | None = None, review_id: UUID | None = None,
        due: date | None = None, actor: str, on: date,
    ) -> UUID | None:
        """Record that the reminder ``key`` is to be sent; None, recording nothing, if it
        already was (by this sweep or by another one racing it)."""
        self._check_business_date(on)
        if self._exists(Reminder.create_id(key)):
            return None
        reminder = Reminder(
            key=key, kind=kind, to=list(to), copy_to=list(copy_to), unreached=list(unreached),
            subject_line=subject_line, content=content, deadline_id=deadline_id,
            review_id=review_id, due=due, actor=actor, business_date=on, source=None,
        )
        try:
            self._commit(reminder)
        except ConcurrencyConflict:
            return None  # the other sweep recorded it first
        return reminder.id

    @command
    def claim_reminder(self, reminder: UUID, *, sender: str, until: datetime, actor: str,
                       on: date) -> bool:
        """Take a pending reminder to send it; False if another sender holds it or took it
        first (the version check lets one claim through)."""
        found = self.get_reminder(reminder)
        if not found.can_be_claimed(self.clock.now()):
            return False
        found.claim(sender, until, self.clock.now(), actor=actor, on=on)
        try:
            self._commit(found)
        except ConcurrencyConflict:
            return False
        return True

    @command
    def requeue_reminder(self, reminder: UUID, *, reason: str, actor: str, on: date) -> None:
        found = self.get_reminder(reminder)
        found.requeue(reason, actor=actor, on=on)
        self._commit(found)

    @command
    def record_reminder_sent(
        self, reminder: UUID, *, message_id: str, transport: str, answer: str, actor: str,
        on: date,
    ) -> None:
        found = self.get_reminder(reminder)
        found.record_sent(message_id, transport, answer, actor=actor, on=on)
        self._commit(found)

    @command
    def record_reminder_failure(
        self, reminder: UUID, *, answer: str, retry_at: datetime | None, actor: str, on: date,
        our_fault: bool = False,
    ) -> None:
        found = self.get_reminder(reminder)
        found.record_failure(answer, retry_at, actor=actor, on=on, our_fault=our_fault)
        self._commit(found)

    @command
    def withdraw_reminder(self, reminder: UUID, *, reason: str, actor: str, on: date) -> None:
        found = self.get_reminder(reminder)
        found.withdraw(reason, actor=actor, on=on)
        self._commit(found)



BOOKKEEPING = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                         "actor", "business_date", "source"})
"""Fields every event carries; the rest of an event is its own content ("details")."""


def _history_entry(event: Any) -> HistoryEntry:
    name = type(event).__name__
    return HistoryEntry(
        aggregate_id=event.originator_id,
        version=event.originator_version,
        event=name,
        what=event_words(name),
        actor=event.actor,
        business_date=event.business_date,
        recorded_at=event.timestamp,
        source=event.source,
        details=event.model_dump(mode="json", exclude=BOOKKEEPING),
    )
