"""Every lifecycle step declared once: a command (ARCHITECTURE.md, A command's path).

A command is a pydantic model: its fields are what the step records, validated with the domain's
value types, plus the who, when and where every step carries (``business_date`` and how much
of it is known, ``date_known``; ``source``; ``expected_version``; the actor comes from the
signed-in account). Beside its fields a command
says, as class attributes,

- ``handler``: the ScrutinyService method that records it (application/<context>.py);
- ``on``: the record it is a step of (a review, one of its recommendations or actions, a
  meeting or a work programme item) and ``answers``: the record whose detail the API answers
  with;
- ``route``: its HTTP address and OpenAPI summary; the API's endpoint is built from it
  (api/routers/steps.py);
- ``form``: how the dashboard asks for it, if it does (api/web/forms.py draws and reads it);
- ``reporter``: whether the officer an item is assigned to may take it, not only advisers.

A new step is one command class, one handler, and the aggregate's command and event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.access import Principal
from domain.known_dates import DateKnown, as_known
from domain.values import Title

if TYPE_CHECKING:
    from application.service import ScrutinyService

Record = Literal["review", "recommendation", "action", "meeting", "programme_item"]

PATH_PARAMETERS: dict[str, tuple[str, ...]] = {
    "review": ("review",),
    "recommendation": ("review", "label"),
    "action": ("review", "number"),
}
"""The address parameters that name each kind of record, in the order handlers take them."""


@dataclass(frozen=True)
class Route:
    """Where the HTTP API takes a command, and what its OpenAPI operation says."""

    path: str  # the whole address, e.g. "/reviews/{review}/osmb/referral"
    summary: str
    name: str  # the endpoint's name, and so its OpenAPI operation id
    description: str | None = None

    def parameters(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.path))


@dataclass(frozen=True)
class FormField:
    """One question of a dashboard form."""

    name: str
    label: str
    # text, textarea, date, radios, checkboxes, number; lines (a list, one per line);
    # recommendations (one per line, "a. That …": a list of {label, text})
    kind: str = "text"
    hint: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    width: str | None = None
    missing: str | None = None  # the message when it is left out, if "Enter …" reads badly


@dataclass(frozen=True)
class Form:
    """How the dashboard asks for a command: its address slug, wording and questions."""

    slug: str
    title: str
    done: str  # the banner once it is recorded
    fields: tuple[FormField, ...] = ()
    # The lifecycle step it records (the aggregate's allowed_steps name), so it is offered only
    # when the record can take it; None: always offered to advisers.
    step: str | None = None
    intro: str | None = None
    button: str = "Save"
    # The Cabinet's response has one section per recommendation awaiting it.
    per_recommendation: bool = False
    # Whose version the form carries: the item's, or (a draft's withdrawal) the review's.
    versioned: str = "item"
    # Offered only while the record (or one of its notes) is exempt.
    lifts_exemption: bool = False


class Command(BaseModel):
    """What every recorded step carries besides its own content."""

    model_config = ConfigDict(extra="forbid")

    business_date: date | None = Field(
        None,
        description="When it happened in the world (meeting or decision date). Defaults to "
        "today; may be years in the past for records of past decisions; never in the future.",
    )
    date_known: DateKnown = Field(
        DateKnown.EXACT,
        description="How much of business_date the papers give: exact (the day), month (some "
        "day of its month), on_or_before (a paper of that day reports it as done) or "
        "on_or_after. Deadlines claim on time or late only where the bounds prove it.",
    )
    source: Title | None = Field(
        None, description='Where it is written down, e.g. "Cabinet 21 November 2012, minute C97".'
    )
    expected_version: int | None = Field(
        None, ge=1, le=1_000_000_000,
        description="The version you last saw; if the record has moved on, the step is refused "
        "with 409 and nothing is saved.",
    )

    handler: ClassVar[str]
    on: ClassVar[Record] = "review"
    answers: ClassVar[Record | None] = None  # None: the record it is on
    route: ClassVar[Route | None] = None
    form: ClassVar[Form | None] = None
    reporter: ClassVar[bool] = False
    tag: ClassVar[str] = "reviews"  # the OpenAPI group its endpoint is listed under
    # It makes a new record (a review, a programme item): its handler takes no record to act
    # on and no version, and answers with the new record's id.
    creates: ClassVar[bool] = False

    @classmethod
    def answered_by(cls) -> Record:
        return cls.answers or cls.on

    def arguments(self) -> dict[str, Any]:
        """The handler's own arguments: by default the command's fields as they are."""
        return {name: getattr(self, name) for name in type(self).model_fields
                if name not in Command.model_fields}

    def target(self, path: Mapping[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """What the handler is told the step is on: by default the address's parameters in
        order (a review, then a recommendation's label or an action's number or a rule)."""
        return tuple(path.values()), {}

    def business_day(self, today: date) -> date:
        """When the step happened, as known (today if the command does not say)."""
        return as_known(self.business_date or today, self.date_known)

    def record(self, service: ScrutinyService, path: Mapping[str, str], *, actor: str,
               today: date, reporter: Principal | None = None) -> Any:
        """Record the step through its handler, as ``actor`` (``reporter``: the signed-in
        officer, for steps officers may take on their own items)."""
        handler = getattr(service, self.handler)
        stamp = {"actor": actor, "on": self.business_day(today), "source": self.source}
        if self.creates:
            return handler(**self.arguments(), **stamp)
        positional, named = self.target(path)
        if self.reporter:
            named["reporter"] = reporter
        return handler(*positional, **named, **self.arguments(), **stamp,
                       expected_version=self.expected_version)


def declared(*modules: Any) -> list[type[Command]]:
    """Every command class the modules declare, in the order they declare them."""
    found: list[type[Command]] = []
    for module in modules:
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Command) and value is not Command
                    and value.__module__ == module.__name__
                    and ("route" in vars(value) or "form" in vars(value))
                    and value not in found):
                found.append(value)
    return found
