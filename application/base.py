"""What every handler shares: loading and addressing aggregates, the version and business-date
checks, committing in one unit of work, and the ``command`` decorator (the step's stamp, retries
of unconditional writes, pydantic's refusals as errors naming the field).

A save that loses a race with another writer raises ``ConcurrencyConflict`` and records
nothing; the caller reloads and tries again.
"""

from __future__ import annotations

import functools
import inspect
import random
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from time import sleep
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import IntegrityError, Mapper, Transcoder
from pydantic import BaseModel, ValidationError

from domain.action_plan import Action, action_id
from domain.clock import Clock, SystemClock
from domain.council_settings import CouncilSettings
from domain.deadline_rules import DeadlineEngine
from domain.deadlines import (
    Deadline,
    action_deadlines,
    follow_up_deadlines,
    recommendation_deadlines,
    review_deadlines,
)
from domain.errors import ConcurrencyConflict, InvalidCommand, NotFound
from domain.events import (
    BOOKKEEPING,
    JSONTranscoder,
    PydanticMapper,
    ScrutinyAggregate,
    Stamp,
    recording,
)
from domain.recommendation import Recommendation, recommendation_id
from domain.reminder_schedule import ReminderSchedule
from domain.review import Review
from domain.wording import event_words
from domain.work_programme import ProgrammeItem

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

    The handler's ``actor``, ``on`` and ``source`` are the step's stamp: every event the
    aggregates trigger while it runs carries them (domain/events.py, ``recording``).
    """
    signature = inspect.signature(method)
    conditional = "expected_version" in signature.parameters

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        attempts = UNCONDITIONAL_ATTEMPTS if conditional and kwargs.get(
            "expected_version") is None else 1
        given = signature.bind(*args, **kwargs)
        given.apply_defaults()
        stamp = Stamp(given.arguments["actor"], given.arguments["on"],
                      given.arguments.get("source"))
        for attempt in range(1, attempts + 1):
            try:
                with recording(stamp):
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


class ServiceBase(Application[UUID]):
    """What every handler shares; the handlers, by context, are in the modules beside this one."""

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
