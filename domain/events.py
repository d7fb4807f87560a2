"""What every event in the scrutiny lifecycle carries, and how events are stored.

Every event says who did it (``actor``), when it happened in the world (``business_date``: the
meeting, decision or update date, which may be years before it was recorded) and where that is
written down (``source``: a minute number or paper). The library adds ``timestamp``, the moment the
event was recorded. Events are pydantic models, so their content is validated as they are made
and stored as plain JSON (ARCHITECTURE.md, The aggregates).

The who, when and where are declared here once, on the base event, and given once per step: the
handler records the step inside ``recording(Stamp(actor, on, source))`` (application/base.py's
``command`` does it from the handler's own arguments), and every event the aggregates trigger
in it carries that stamp. An aggregate's commands and events say only what is their own; an
event whose date is not the step's (an evidence session's) names its ``business_date``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.domain import (
    Aggregate as LibraryAggregate,
)
from eventsourcing.domain import (
    CanInitAggregate,
    CanMutateAggregate,
)
from eventsourcing.persistence import Mapper, ProgrammingError, StoredEvent, Transcoder, Transcoding
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from domain.errors import InvalidLifecycleStep
from domain.known_dates import DateKnown, as_known, how_inexact
from domain.values import STORED


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    actor: str
    # How much of the business date the papers give (domain/known_dates.py); None: the day
    # itself, as every event recorded before dates could be less than exact.
    date_known: DateKnown | None = None
    business_date: date
    source: str | None = None

    @field_validator("business_date")
    @classmethod
    def _as_known(cls, value: date, info: ValidationInfo) -> date:
        return as_known(value, info.data.get("date_known"))


BOOKKEEPING = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                         "actor", "date_known", "business_date", "source"})
"""Fields every event carries; the rest of an event is its own content ("details")."""


@dataclass(frozen=True)
class Stamp:
    """Who records a step, when it happened in the world (``on``: a ``KnownDate`` where the
    papers give less than the day), and where that is written down."""

    actor: str
    on: date
    source: str | None = None


_STAMP: ContextVar[Stamp | None] = ContextVar("stamp", default=None)


@contextmanager
def recording(stamp: Stamp) -> Iterator[Stamp]:
    """Every event triggered in the block carries ``stamp``'s who, when and where."""
    token = _STAMP.set(stamp)
    try:
        yield stamp
    finally:
        _STAMP.reset(token)


def current_stamp() -> Stamp:
    """The stamp of the step being recorded."""
    stamp = _STAMP.get()
    if stamp is None:
        raise ProgrammingError("A step is recorded inside recording(Stamp(actor, on, source)); "
                               "the handlers of application/ do so")
    return stamp


def _stamped(fields: dict[str, Any]) -> dict[str, Any]:
    """An event's fields with the step's who, when and where (unless it names its own date)."""
    stamp = current_stamp()
    stamped = {"actor": stamp.actor, "business_date": stamp.on, "source": stamp.source, **fields}
    if (how := how_inexact(stamped["business_date"])) is not None:
        stamped.setdefault("date_known", how)
    return stamped


class ScrutinyAggregate(LibraryAggregate):
    """Base of the review, recommendation and action aggregates."""

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class Created(Event, CanInitAggregate[UUID]):
        originator_topic: str

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:
        return super()._create(event_class, id=id, **_stamped(kwargs))

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, **_stamped(kwargs))

    subject: ClassVar[str] = "record"
    # Lifecycle table: step name -> the states it may be taken from.
    STEPS: ClassVar[dict[str, frozenset[Any]]] = {}

    def allowed_steps(self) -> list[str]:
        status = self.status  # type: ignore[attr-defined]
        return sorted(step for step, states in self.STEPS.items() if status in states)

    def require_step(self, step: str) -> None:
        if step not in self.allowed_steps():
            raise InvalidLifecycleStep(
                self.describe(), step, str(self.status), self.allowed_steps()  # type: ignore[attr-defined]
            )

    def describe(self) -> str:
        return self.subject


Event = ScrutinyAggregate.Event
"""The base of an aggregate's events, declared beside it (``class Withdrawn(Event): reason:
Text`` and its ``apply``); the aggregate's class makes each its own (topic
``domain.recommendation:Recommendation.Withdrawn``)."""
Created = ScrutinyAggregate.Created
"""The base of an aggregate's first event, whose fields its ``__init__`` takes."""


class JSONTranscoder(Transcoder):
    """Events arrive here already reduced to JSON types by pydantic."""

    def encode(self, obj: Any) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))

    def register(self, transcoding: Transcoding) -> None:
        raise ProgrammingError("Events are pydantic models; declare types on the model instead")


class PydanticMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = cast(BaseModel, domain_event).model_dump(
            mode="json", exclude={"originator_id", "originator_version"}
        )
        if state.get("date_known") is None:
            state.pop("date_known", None)  # an exact date is stored as it always was
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event_class = resolve_topic(stored_event.topic)
        state = self.transcoder.decode(stored_event.state)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        return event_class.model_validate(state, context=STORED)
