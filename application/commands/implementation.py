"""Steps on a recommendation that Cabinet has answered: progress, target dates, completion,
its officer and supersession. Handlers: application/implementation.py."""

from __future__ import annotations

from pydantic import Field

from application.commands import Command, Form, FormField, Route
from domain.values import Name, RAGStatus, TargetDate, Text

AT = "/reviews/{review}/recommendations/{label}"
OFFICER_MAY = "Advisers, and the officer the recommendation is assigned to."


class Recommendations(Command):
    """A step on one recommendation."""

    on = "recommendation"
    tag = "recommendations"


class RecordProgress(Recommendations):
    rag: RAGStatus | None = Field(None, description="red, amber, green or blue (complete)")
    note: Text

    handler = "record_progress"
    reporter = True
    route = Route(AT + "/progress", "Add a progress update (RAG status and note)",
                  "record_progress", OFFICER_MAY)
    form = Form("progress", "Report progress", "Progress recorded",
                (FormField("rag", "RAG status (optional)", "radios", None,
                           tuple((rag.value, {"red": "Red: off track", "amber": "Amber: at risk",
                                              "green": "Green: on track",
                                              "blue": "Blue: complete"}[rag.value])
                                 for rag in RAGStatus)),
                 FormField("note", "Progress update", "textarea",
                           "What has been done since the last update, and what comes next.")),
                step="record_progress", button="Save the update")


class ReviseTargetDate(Recommendations):
    target_date: TargetDate
    reason: Text

    handler = "revise_target_date"
    route = Route(AT + "/target-date", "Revise the target date, with a reason",
                  "revise_target_date")
    form = Form("target-date", "Revise the target date", "Target date revised",
                (FormField("target_date", "New target date", hint="For example, 2023-03-31, "
                           "2023-03 or Mar-23", width="govuk-input--width-10"),
                 FormField("reason", "Why is it changing?", "textarea",
                           "A target date is only revised with a reason, kept in the history.")),
                step="revise_target_date")


class ProposeCompletion(Recommendations):
    evidence: Text

    handler = "propose_completion"
    reporter = True
    route = Route(AT + "/completion/proposal", "The officer proposes completion, with evidence",
                  "propose_completion", OFFICER_MAY)
    form = Form("completion-proposal", "Propose that the recommendation is complete",
                "Completion proposed", (FormField("evidence", "Evidence of completion",
                                                  "textarea"),),
                step="propose_completion", button="Propose completion")


class ConfirmCompletion(Recommendations):
    evidence: Text

    handler = "confirm_completion"
    route = Route(AT + "/completion/confirmation", "Scrutiny confirms completion, with evidence",
                  "confirm_completion")
    form = Form("completion-confirmation", "Confirm the recommendation is complete",
                "Completion confirmed",
                (FormField("evidence", "Why scrutiny is satisfied", "textarea"),),
                step="confirm_completion", button="Confirm completion")


class RefuseCompletion(Recommendations):
    reasons: Text

    handler = "refuse_completion"
    route = Route(AT + "/completion/refusal", "Scrutiny refuses completion, with reasons",
                  "refuse_completion")
    form = Form("completion-refusal", "Refuse the proposed completion", "Completion refused",
                (FormField("reasons", "What is still to be done", "textarea"),),
                step="refuse_completion")


class AssignResponsibleOfficer(Recommendations):
    officer: Name
    reason: Text | None = None

    handler = "assign_responsible_officer"
    route = Route(AT + "/responsible-officer", "Assign the responsible officer",
                  "assign_responsible_officer")
    form = Form("officer", "Assign the responsible officer", "Responsible officer assigned",
                (FormField("officer", "Responsible officer", hint="A name or post, as the "
                           "officer's account reports for it, e.g. “Head of Culture, Sport and "
                           "Tourism”"),
                 FormField("reason", "Why the change (optional)", "textarea")),
                step="assign_responsible_officer")


class Supersede(Recommendations):
    reason: Text

    handler = "close_recommendation_as_superseded"
    route = Route(AT + "/supersession", "Scrutiny closes the recommendation as superseded",
                  "close_as_superseded")
    form = Form("superseded", "Close the recommendation as superseded", "Closed as superseded",
                (FormField("reason", "What superseded it?", "textarea"),),
                step="close_as_superseded")
