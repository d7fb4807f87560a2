"""Exempt information (Local Government Act 1972, Schedule 12A): a review, a recommendation, an
action or one progress note marked exempt, and the exemption lifted. Handlers:
application/exemptions.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import Field

from application.commands import Command, Form, FormField, Route
from domain.values import Text

PARAGRAPHS = FormField(
    "paragraphs", "Which paragraphs of Schedule 12A apply?", "checkboxes",
    "Local Government Act 1972, Schedule 12A, Part 1. Select all that apply.",
    options=(
        ("1", "1. Information relating to any individual"),
        ("2", "2. Information likely to reveal the identity of an individual"),
        ("3", "3. Financial or business affairs of any particular person"),
        ("4", "4. Labour relations matters"),
        ("5", "5. Legal professional privilege"),
        ("6", "6. Notices, orders or directions the authority proposes to give or make"),
        ("7", "7. Prevention, investigation or prosecution of crime"),
    ),
)
EXEMPT_FIELDS = (
    PARAGRAPHS,
    FormField("reason", "Why is it exempt?", "textarea",
              "Including why the public interest in keeping it exempt outweighs disclosure. "
              "The public never sees this reason."),
    FormField("review_by", "Review the exemption by", "date", "For example, 3 5 2023",
              missing="Enter the date by which the exemption is to be reviewed"),
)


def _one_note(whole: str) -> FormField:
    return FormField("note", "Only one progress note? (optional)", "number",
                     "Its number, 1 being the first recorded. Leave blank to withhold the whole "
                     f"{whole}.", width="govuk-input--width-4")


LIFT_ONE_NOTE = FormField("note", "Only one progress note? (optional)", "number",
                          "Its number, 1 being the first recorded.", width="govuk-input--width-4")
LIFT_REASON = FormField("reason", "Why may it now be published?", "textarea")


class Exemption(Command):
    """A step on whichever record the address names: the review, or one of its items."""

    tag = "exempt information"

    def target(self, path: Mapping[str, str]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (path["review"],), {"recommendation": path.get("label"),
                                   "action": path.get("number")}


class MarkExempt(Exemption):
    paragraphs: list[int] = Field(
        min_length=1, max_length=7,
        description="The paragraphs of LGA 1972 Schedule 12A Part 1 that apply (1–7).",
    )
    reason: Text = Field(description="Why the information is exempt (not shown to the public).")
    review_by: date = Field(description="The date by which the exemption is to be reviewed.")
    note: int | None = Field(
        None, ge=1, le=100_000,
        description="Only this progress note (1 = the first recorded), not the whole record.",
    )

    handler = "mark_exempt"
    route = Route("/reviews/{review}/exemption", "Mark a review exempt", "mark_review_exempt")
    form = Form("exempt", "Mark this review as exempt information", "Marked exempt",
                EXEMPT_FIELDS,
                intro="The whole review and everything under it will be withheld from the "
                "public pages, lists, feeds and audit trail.")


class MarkRecommendationExempt(MarkExempt):
    on = "recommendation"
    route = Route("/reviews/{review}/recommendations/{label}/exemption",
                  "Mark a recommendation (or one of its progress notes) exempt",
                  "mark_recommendation_exempt")
    form = Form("exempt", "Mark as exempt information", "Marked exempt",
                (*EXEMPT_FIELDS, _one_note("recommendation")))


class MarkActionExempt(MarkExempt):
    on = "action"
    route = Route("/reviews/{review}/actions/{number}/exemption",
                  "Mark an action (or one of its progress notes) exempt", "mark_action_exempt")
    form = Form("exempt", "Mark as exempt information", "Marked exempt",
                (*EXEMPT_FIELDS, _one_note("action")))


class LiftExemption(Exemption):
    reason: Text = Field(description="Why the information may now be published.")
    note: int | None = Field(None, ge=1, le=100_000, description="Only this progress note.")

    handler = "lift_exemption"
    route = Route("/reviews/{review}/exemption/lifting", "Lift a review's exemption",
                  "lift_review_exemption")
    form = Form("lift-exemption", "Lift the exemption", "Exemption lifted", (LIFT_REASON,),
                lifts_exemption=True)


class LiftRecommendationExemption(LiftExemption):
    on = "recommendation"
    route = Route("/reviews/{review}/recommendations/{label}/exemption/lifting",
                  "Lift a recommendation's (or a note's) exemption",
                  "lift_recommendation_exemption")
    form = Form("lift-exemption", "Lift the exemption", "Exemption lifted",
                (LIFT_REASON, LIFT_ONE_NOTE), lifts_exemption=True)


class LiftActionExemption(LiftExemption):
    on = "action"
    route = Route("/reviews/{review}/actions/{number}/exemption/lifting",
                  "Lift an action's (or a note's) exemption", "lift_action_exemption")
    form = Form("lift-exemption", "Lift the exemption", "Exemption lifted",
                (LIFT_REASON, LIFT_ONE_NOTE), lifts_exemption=True)
