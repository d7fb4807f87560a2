"""Steps on one action of an agreed inspection action plan.

Handlers: application/action_plans.py."""

from __future__ import annotations

from application.commands import Command, Form, FormField, Route
from domain.values import ActionStatus, Label, Name, Text, Title

AT = "/reviews/{review}/actions/{number}"


class Actions(Command):
    """A step on one action."""

    on = "action"
    tag = "actions"


class RecordActionProgress(Actions):
    status: ActionStatus
    note: Text | None = None

    handler = "record_action_progress"
    reporter = True
    route = Route(AT + "/progress", "Record progress and status", "record_action_progress",
                  "Advisers, and the action's owner.")
    form = Form("progress", "Report progress", "Progress recorded",
                (FormField("status", "Status", "radios", None, tuple(
                    (status.value, {"planned_not_started": "Planned but not started",
                                    "progressing_on_track": "Progressing and on track",
                                    "may_exceed_target": "May exceed original target date",
                                    "completed": "Action completed"}[status.value])
                    for status in ActionStatus if status != ActionStatus.DUPLICATE)),
                 FormField("note", "Note (optional)", "textarea")),
                step="record_progress", button="Save the update")


class ReviseActionTargetDate(Actions):
    by_when: Title
    reason: Text

    handler = "revise_action_target_date"
    route = Route(AT + "/target-date", "Revise the 'by when', with a reason",
                  "revise_action_target_date")
    form = Form("target-date", "Revise the target date", "Target date revised",
                (FormField("by_when", "New target date", hint="As the plan prints it: “Mar-23”, "
                           "or 2023-03-31", width="govuk-input--width-10"),
                 FormField("reason", "Why is it changing?", "textarea")),
                step="revise_target_date")


class ReassignActionOwner(Actions):
    owner: Name
    reason: Text | None = None

    handler = "reassign_action_owner"
    route = Route(AT + "/owner", "Reassign the lead action owner", "reassign_action_owner")
    form = Form("owner", "Reassign the owner", "Owner reassigned",
                (FormField("owner", "Owner"),
                 FormField("reason", "Why the change (optional)", "textarea")),
                step="reassign_owner")


class MarkActionDuplicate(Actions):
    duplicate_of: Label
    note: Text | None = None

    handler = "mark_action_duplicate"
    route = Route(AT + "/duplicate", "Mark as a duplicate of another action or finding",
                  "mark_action_duplicate")
    form = Form("duplicate", "Mark as a duplicate", "Marked as a duplicate",
                (FormField("duplicate_of", "Duplicate of action", hint="Its number, e.g. “1.2”",
                           width="govuk-input--width-4"),
                 FormField("note", "Note (optional)", "textarea")),
                step="mark_duplicate")
