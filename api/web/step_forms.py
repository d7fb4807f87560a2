"""The dashboard's step forms, drawn from the commands' declarations (application/commands).

Each command that declares a ``Form`` has one here: its slug, wording and questions are the
command's, the request model that validates what is posted is the command itself, and recording
it is the command's own ``record``. The routes that show and take them are in api/web/forms.py;
reading a posted form into data and problems is in api/web/form_input.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from application.commands import (
    PATH_PARAMETERS,
    Command,
    FormField,
    action_plans,
    declared,
    exemptions,
    implementation,
    reviews,
)
from application.commands.reviews import CABINET_FIELDS, ProposeReview, RecordCabinetResponse
from application.service import ScrutinyService
from domain.access import Principal
from domain.known_dates import DateKnown

__all__ = ["CABINET_FIELDS", "CABINET_MEETING", "FORMS", "PROPOSE", "WHEN_AND_WHERE",
           "StepForm", "Target"]


@dataclass(frozen=True)
class Target:
    """What a form records a step on: a review, or one of its recommendations or actions."""

    review: str
    kind: str = "review"  # review, recommendation, action
    label: str = ""  # the recommendation's label or the action's number

    def path(self) -> dict[str, str]:
        """The address parameters the command's handler takes, as the API names them."""
        names = PATH_PARAMETERS[self.kind]  # type: ignore[index]
        return dict(zip(names, (self.review, self.label), strict=False))


@dataclass(frozen=True)
class StepForm:
    """A command's form, as the dashboard's pages and routes use it."""

    command: type[Command]

    def __getattr__(self, name: str) -> Any:
        """The form's own wording and questions (slug, title, done, fields, step, intro,
        button, per_recommendation, versioned, lifts_exemption): the command's ``Form``."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.command.form, name)

    @property
    def subject(self) -> str:
        """What the step is on: a review, a recommendation or an action."""
        return self.command.on

    @property
    def reporter(self) -> bool:
        return self.command.reporter

    def record(self, service: ScrutinyService, target: Target, body: Command, who: Principal,
               today: date) -> Any:
        return body.record(service, target.path(), actor=who.name, today=today, reporter=who)


# --- the fields forms share ----------------------------------------------------------------------

BUSINESS_DATE = FormField("business_date", "When did this happen?", "date",
                          "The date of the meeting or decision, for example 3 5 2022. Leave it "
                          "as today's date if it happened today.")
SOURCE = FormField("source", "Where is it recorded? (optional)", hint="For example, "
                   "“Cabinet 21 November 2012, minute C97” or the agenda item.")
DATE_KNOWN = FormField(
    "date_known", "How much of that date do the papers give?", "radios",
    "Record only what the papers show: a step a later paper reports as done happened on or "
    "before that paper's date.",
    tuple((known.value, words) for known, words in (
        (DateKnown.EXACT, "Exactly that date"),
        (DateKnown.MONTH, "Only the month"),
        (DateKnown.ON_OR_BEFORE, "On or before that date (a paper of that date reports it)"),
        (DateKnown.ON_OR_AFTER, "On or after that date"))))
WHEN_AND_WHERE = (BUSINESS_DATE, DATE_KNOWN, SOURCE)
"""Every step form asks when the step happened, how much of that date is known, and where it
is written down."""

CABINET_MEETING = RecordCabinetResponse.form.fields if RecordCabinetResponse.form else ()
"""The Cabinet's response form asks these once; CABINET_FIELDS once per recommendation."""

PROPOSE = StepForm(ProposeReview)
"""Proposing a review: the one form with no record yet."""

FORMS: list[StepForm] = [
    StepForm(command)
    for command in declared(reviews, implementation, action_plans, exemptions)
    if command.form is not None and command is not ProposeReview
]
"""Every step form, in the order the commands are declared: the order a page offers them."""
