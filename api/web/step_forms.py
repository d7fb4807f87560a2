"""What each dashboard form asks and what it records: one ``StepForm`` per lifecycle step.

A form names the step it records (the aggregate's ``allowed_steps`` name, so it is offered only
when the record can take it), its fields, the API's request model that validates them, and the
service command that records it. The routes that show and take them are in api/web/forms.py;
reading a posted form into data and problems is in api/web/form_input.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api import schemas
from application.service import DraftRecommendation, ScrutinyService
from domain.recommendation import CabinetResponse
from domain.values import ActionStatus, CabinetDecision, RAGStatus, ReportedTo, ReviewKind


@dataclass(frozen=True)
class Field:
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
class Target:
    """What a form records a step on: a review, or one of its recommendations or actions."""

    review: str
    kind: str = "review"  # review, recommendation, action
    label: str = ""  # the recommendation's label or the action's number


@dataclass(frozen=True)
class StepForm:
    slug: str
    subject: str  # review, recommendation or action
    step: str | None  # the lifecycle step it records (None: always offered to advisers)
    title: str
    done: str
    model: type[schemas.Step]
    # Records the step: (service, what it is on, the validated body, step_arguments(...)).
    record: Callable[[ScrutinyService, Target, Any, dict[str, Any]], None]
    fields: tuple[Field, ...] = ()
    intro: str | None = None
    reporter: bool = False  # officers may use it on their own items
    button: str = "Save"
    # The Cabinet's response has one section per recommendation awaiting it.
    per_recommendation: bool = False
    # Whose version the form carries: the item's, or (a draft's withdrawal) the review's.
    versioned: str = "item"
    # Offered only while the record (or one of its notes) is exempt.
    lifts_exemption: bool = False


# --- the fields forms share ----------------------------------------------------------------------

BUSINESS_DATE = Field("business_date", "When did this happen?", "date",
                      "The date of the meeting or decision, for example 3 5 2022. Leave it as "
                      "today's date if it happened today.")
SOURCE = Field("source", "Where is it recorded? (optional)", hint="For example, "
               "“Cabinet 21 November 2012, minute C97” or the agenda item.")
WHEN_AND_WHERE = (BUSINESS_DATE, SOURCE)
"""Every step form asks when the step happened and where it is written down."""
PARAGRAPHS = Field(
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
    Field("reason", "Why is it exempt?", "textarea",
          "Including why the public interest in keeping it exempt outweighs disclosure. "
          "The public never sees this reason."),
    Field("review_by", "Review the exemption by", "date", "For example, 3 5 2023",
          missing="Enter the date by which the exemption is to be reviewed"),
)


def _mark_exempt(service: ScrutinyService, target: Target, body: Any,
                 arguments: dict[str, Any]) -> None:
    service.mark_exempt(
        target.review,
        recommendation=target.label if target.kind == "recommendation" else None,
        action=target.label if target.kind == "action" else None,
        paragraphs=body.paragraphs, reason=body.reason, review_by=body.review_by,
        note=body.note, **arguments)


def _record_cabinet_response(service: ScrutinyService, target: Target, body: Any,
                             arguments: dict[str, Any]) -> None:
    service.record_cabinet_response(
        target.review, minute_number=body.minute_number,
        responses={label: CabinetResponse(**r.model_dump()) for label, r in body.responses.items()},
        **arguments)


FORMS: list[StepForm] = [
    # --- a review's journey through OSMB and Cabinet
    StepForm("refer-to-osmb", "review", "refer_to_osmb",
             "Refer the report to the Overview and Scrutiny Management Board (OSMB)",
             "Referred to OSMB", schemas.Plain,
             lambda s, t, b, a: s.refer_to_osmb(t.review, **a),
             intro="The commission has agreed its findings and recommendations and refers "
             "them to OSMB for endorsement.", button="Refer to OSMB"),
    StepForm("osmb-return", "review", "return_for_revision",
             "OSMB returns the report for revision", "Returned for revision by OSMB",
             schemas.ReturnForRevision,
             lambda s, t, b, a: s.return_for_revision(t.review, comments=b.comments,
                                                      **a),
             (Field("comments", "OSMB's comments", "textarea",
                    "What OSMB asked the commission to change."),)),
    StepForm("osmb-resubmission", "review", "resubmit_to_osmb",
             "Resubmit the revised report to OSMB", "Resubmitted to OSMB", schemas.Plain,
             lambda s, t, b, a: s.resubmit_to_osmb(t.review, **a)),
    StepForm("osmb-endorsement", "review", "endorse", "OSMB endorses the report",
             "Endorsed by OSMB", schemas.Plain,
             lambda s, t, b, a: s.endorse_by_osmb(t.review, **a),
             button="Record the endorsement"),
    StepForm("cabinet-submission", "review", "submit_to_cabinet",
             "Submit the report to Cabinet and serve notice",
             "Submitted to Cabinet: the Cabinet must respond within two months",
             schemas.SubmitToCabinet,
             lambda s, t, b, a: s.submit_to_cabinet(
                 t.review, report_received_on=b.report_received_on,
                 notice_served_on=b.notice_served_on, report_to_council=b.report_to_council,
                 **a),
             (Field("report_received_on", "When did the Cabinet receive the report? (optional)",
                    "date", "Leave blank if it is the date above."),
              Field("notice_served_on", "When was notice served? (optional)", "date",
                    "The two months of s.9FE run from the later of the two dates. Leave blank "
                    "if it is the date above."),
              Field("report_to_council", "Must the response be reported to Council?", "radios",
                    "As the commission resolved. The council's setting applies if not chosen.",
                    (("true", "Yes"), ("false", "No")))),
             intro="Under the Local Government Act 2000 s.9FE the Cabinet must respond within "
             "two months of receiving the report or being served notice, whichever is later.",
             button="Submit to Cabinet"),
    StepForm("cabinet-response", "review", "record_cabinet_response",
             "Record the Cabinet's response", "Cabinet's response recorded",
             schemas.RecordCabinetResponse, _record_cabinet_response,
             per_recommendation=True, button="Record the response"),
    StepForm("report-back", "review", "report_response_back",
             "Report the Cabinet's response back", "Response reported back",
             schemas.ReportResponseBack,
             lambda s, t, b, a: s.report_response_back(
                 t.review, reported_to=b.reported_to, minute_number=b.minute_number,
                 **a),
             (Field("reported_to", "Reported to", "radios", None,
                    ((ReportedTo.COMMISSION.value, "The commission"),
                     (ReportedTo.COUNCIL.value, "Council"),
                     (ReportedTo.OSMB.value, "OSMB")),
                    missing="Select whom the response was reported to"),
              Field("minute_number", "Minute number (optional)", width="govuk-input--width-10"))),
    StepForm("scope", "review", "scope", "Record the review's scope", "Scope recorded",
             schemas.ScopeReview,
             lambda s, t, b, a: s.scope_review(t.review, b.terms_of_reference, **a),
             (Field("terms_of_reference", "Terms of reference", "textarea",
                    "What the review will look at, and what it will not."),)),
    StepForm("evidence-session", "review", "record_evidence_session",
             "Record an evidence session", "Evidence session recorded",
             schemas.RecordEvidenceSession,
             lambda s, t, b, a: s.record_evidence_session(
                 t.review, title=b.title, witnesses=b.witnesses, notes=b.notes, **a),
             (Field("title", "Session", hint="For example, “Spotlight review meeting”"),
              Field("witnesses", "Witnesses (optional)", "lines", "One on each line."),
              Field("notes", "Notes (optional)", "textarea"))),
    StepForm("findings", "review", "agree_findings",
             "Agree findings and draft recommendations", "Findings agreed",
             schemas.AgreeFindings,
             lambda s, t, b, a: s.agree_findings(
                 t.review, findings=b.findings,
                 recommendations=[DraftRecommendation(label=r.label, text=r.text)
                                  for r in b.recommendations], **a),
             (Field("findings", "Findings", "textarea"),
              Field("recommendations", "Draft recommendations", "recommendations",
                    "One on each line, starting with its label: “a. That the range of "
                    "activities be expanded.”"))),
    StepForm("add-recommendation", "review", "add_draft_recommendation",
             "Add a draft recommendation", "Draft recommendation added",
             schemas.AddDraftRecommendation,
             lambda s, t, b, a: s.add_draft_recommendation(t.review, label=b.label,
                                                          text=b.text, **a),
             (Field("label", "Label", hint="For example, “e” or “5”",
                    width="govuk-input--width-4"),
              Field("text", "Wording", "textarea"))),
    StepForm("close", "review", "close", "Close the review", "Review closed",
             schemas.CloseReview,
             lambda s, t, b, a: s.close_review(t.review, note=b.note, **a),
             (Field("note", "Closing note (optional)", "textarea"),),
             intro="A review closes once none of its recommendations or actions is open.",
             button="Close the review"),
    StepForm("withdraw", "review", "withdraw", "Withdraw the review", "Review withdrawn",
             schemas.WithdrawReview,
             lambda s, t, b, a: s.withdraw_review(t.review, reason=b.reason, **a),
             (Field("reason", "Why is it withdrawn?", "textarea"),),
             button="Withdraw the review"),
    StepForm("lift-exemption", "review", None, "Lift the exemption", "Exemption lifted",
             schemas.LiftExemption,
             lambda s, t, b, a: s.lift_exemption(t.review, reason=b.reason, note=b.note, **a),
             (Field("reason", "Why may it now be published?", "textarea"),),
             lifts_exemption=True),
    StepForm("exempt", "review", None, "Mark this review as exempt information",
             "Marked exempt", schemas.MarkExempt, _mark_exempt, EXEMPT_FIELDS,
             intro="The whole review and everything under it will be withheld from the "
             "public pages, lists, feeds and audit trail."),
    # --- a recommendation in implementation
    StepForm("progress", "recommendation", "record_progress", "Report progress",
             "Progress recorded", schemas.RecordProgress,
             lambda s, t, b, a: s.record_progress(t.review, t.label, rag=b.rag, note=b.note,
                                                  **a),
             (Field("rag", "RAG status (optional)", "radios", None,
                    tuple((rag.value, {"red": "Red: off track", "amber": "Amber: at risk",
                                       "green": "Green: on track",
                                       "blue": "Blue: complete"}[rag.value])
                          for rag in RAGStatus)),
              Field("note", "Progress update", "textarea",
                    "What has been done since the last update, and what comes next.")),
             reporter=True, button="Save the update"),
    StepForm("target-date", "recommendation", "revise_target_date", "Revise the target date",
             "Target date revised", schemas.ReviseTargetDate,
             lambda s, t, b, a: s.revise_target_date(t.review, t.label,
                                                     target_date=b.target_date,
                                                     reason=b.reason, **a),
             (Field("target_date", "New target date", hint="For example, 2023-03-31, 2023-03 "
                    "or Mar-23", width="govuk-input--width-10"),
              Field("reason", "Why is it changing?", "textarea",
                    "A target date is only revised with a reason, kept in the history."))),
    StepForm("completion-proposal", "recommendation", "propose_completion",
             "Propose that the recommendation is complete", "Completion proposed",
             schemas.Evidence,
             lambda s, t, b, a: s.propose_completion(t.review, t.label, evidence=b.evidence,
                                                     **a),
             (Field("evidence", "Evidence of completion", "textarea"),),
             reporter=True, button="Propose completion"),
    StepForm("completion-confirmation", "recommendation", "confirm_completion",
             "Confirm the recommendation is complete", "Completion confirmed",
             schemas.Evidence,
             lambda s, t, b, a: s.confirm_completion(t.review, t.label, evidence=b.evidence,
                                                     **a),
             (Field("evidence", "Why scrutiny is satisfied", "textarea"),),
             button="Confirm completion"),
    StepForm("completion-refusal", "recommendation", "refuse_completion",
             "Refuse the proposed completion", "Completion refused", schemas.RefuseCompletion,
             lambda s, t, b, a: s.refuse_completion(t.review, t.label, reasons=b.reasons,
                                                    **a),
             (Field("reasons", "What is still to be done", "textarea"),)),
    StepForm("wording", "recommendation", "amend_wording", "Amend the wording",
             "Wording amended", schemas.AmendWording,
             lambda s, t, b, a: s.amend_recommendation_wording(
                 t.review, t.label, text=b.text, replace=b.replace, replacement=b.replacement,
                 reason=b.reason, **a),
             (Field("replace", "Words to replace (optional)", hint="For example, “historic”"),
              Field("replacement", "Replace them with (optional)",
                    hint="For example, “historical”"),
              Field("text", "Or the whole new wording (optional)", "textarea"),
              Field("reason", "Why (optional)", "textarea"))),
    StepForm("withdraw", "recommendation", "withdraw", "Withdraw the draft recommendation",
             "Draft recommendation withdrawn", schemas.WithdrawRecommendation,
             lambda s, t, b, a: s.withdraw_draft_recommendation(t.review, t.label,
                                                                reason=b.reason, **a),
             (Field("reason", "Why is it withdrawn?", "textarea"),), versioned="review"),
    StepForm("officer", "recommendation", "assign_responsible_officer",
             "Assign the responsible officer", "Responsible officer assigned",
             schemas.AssignResponsibleOfficer,
             lambda s, t, b, a: s.assign_responsible_officer(t.review, t.label,
                                                             officer=b.officer,
                                                             reason=b.reason, **a),
             (Field("officer", "Responsible officer", hint="A name or post, as the officer's "
                    "account reports for it, e.g. “Head of Culture, Sport and Tourism”"),
              Field("reason", "Why the change (optional)", "textarea"))),
    StepForm("superseded", "recommendation", "close_as_superseded",
             "Close the recommendation as superseded", "Closed as superseded",
             schemas.Supersede,
             lambda s, t, b, a: s.close_recommendation_as_superseded(t.review, t.label,
                                                                     reason=b.reason, **a),
             (Field("reason", "What superseded it?", "textarea"),)),
    StepForm("lift-exemption", "recommendation", None, "Lift the exemption", "Exemption lifted",
             schemas.LiftExemption,
             lambda s, t, b, a: s.lift_exemption(t.review, recommendation=t.label,
                                                 reason=b.reason, note=b.note, **a),
             (Field("reason", "Why may it now be published?", "textarea"),
              Field("note", "Only one progress note? (optional)", "number",
                    "Its number, 1 being the first recorded.", width="govuk-input--width-4")),
             lifts_exemption=True),
    StepForm("exempt", "recommendation", None, "Mark as exempt information", "Marked exempt",
             schemas.MarkExempt, _mark_exempt,
             (*EXEMPT_FIELDS, Field("note", "Only one progress note? (optional)", "number",
                                    "Its number, 1 being the first recorded. Leave blank to "
                                    "withhold the whole recommendation.",
                                    width="govuk-input--width-4"))),
    # --- an action of an inspection action plan
    StepForm("progress", "action", "record_progress", "Report progress", "Progress recorded",
             schemas.RecordActionProgress,
             lambda s, t, b, a: s.record_action_progress(t.review, t.label, status=b.status,
                                                         note=b.note, **a),
             (Field("status", "Status", "radios", None, tuple(
                 (status.value, {"planned_not_started": "Planned but not started",
                                 "progressing_on_track": "Progressing and on track",
                                 "may_exceed_target": "May exceed original target date",
                                 "completed": "Action completed"}[status.value])
                 for status in ActionStatus if status != ActionStatus.DUPLICATE)),
              Field("note", "Note (optional)", "textarea")),
             reporter=True, button="Save the update"),
    StepForm("target-date", "action", "revise_target_date", "Revise the target date",
             "Target date revised", schemas.ReviseActionTargetDate,
             lambda s, t, b, a: s.revise_action_target_date(t.review, t.label,
                                                            by_when=b.by_when,
                                                            reason=b.reason, **a),
             (Field("by_when", "New target date", hint="As the plan prints it: “Mar-23”, or "
                    "2023-03-31", width="govuk-input--width-10"),
              Field("reason", "Why is it changing?", "textarea"))),
    StepForm("owner", "action", "reassign_owner", "Reassign the owner", "Owner reassigned",
             schemas.ReassignActionOwner,
             lambda s, t, b, a: s.reassign_action_owner(t.review, t.label, owner=b.owner,
                                                        reason=b.reason, **a),
             (Field("owner", "Owner"), Field("reason", "Why the change (optional)",
                                             "textarea"))),
    StepForm("duplicate", "action", "mark_duplicate", "Mark as a duplicate",
             "Marked as a duplicate", schemas.MarkActionDuplicate,
             lambda s, t, b, a: s.mark_action_duplicate(t.review, t.label,
                                                        duplicate_of=b.duplicate_of,
                                                        note=b.note, **a),
             (Field("duplicate_of", "Duplicate of action", hint="Its number, e.g. “1.2”",
                    width="govuk-input--width-4"),
              Field("note", "Note (optional)", "textarea"))),
    StepForm("lift-exemption", "action", None, "Lift the exemption", "Exemption lifted",
             schemas.LiftExemption,
             lambda s, t, b, a: s.lift_exemption(t.review, action=t.label, reason=b.reason,
                                                 note=b.note, **a),
             (Field("reason", "Why may it now be published?", "textarea"),
              Field("note", "Only one progress note? (optional)", "number",
                    "Its number, 1 being the first recorded.", width="govuk-input--width-4")),
             lifts_exemption=True),
    StepForm("exempt", "action", None, "Mark as exempt information", "Marked exempt",
             schemas.MarkExempt, _mark_exempt,
             (*EXEMPT_FIELDS, Field("note", "Only one progress note? (optional)", "number",
                                    "Its number, 1 being the first recorded. Leave blank to "
                                    "withhold the whole action.",
                                    width="govuk-input--width-4"))),
]


# --- the Cabinet's response: one fieldset per recommendation awaiting it -------------------------

CABINET_FIELDS = (
    Field("decision", "Cabinet's decision", "radios", None,
          (*((d.value, {"accepted": "Accepted", "partially_accepted": "Partially accepted",
                        "rejected": "Rejected", "deferred": "Deferred"}[d.value])
             for d in CabinetDecision), ("", "No response at this meeting"))),
    Field("reason", "Reason (required if rejected, deferred or partially accepted)", "textarea"),
    Field("response", "The Cabinet's response in its own words (optional)", "textarea"),
    Field("responsible_officer", "Responsible officer (optional)"),
    Field("timeframe", "Timeframe (optional)", hint="As the response puts it, for example "
          "“by March 2023”", width="govuk-input--width-20"),
    Field("target_date", "Target date (optional)", hint="For example, 2023-03-31, 2023-03 or "
          "Mar-23", width="govuk-input--width-10"),
)
CABINET_MEETING = (Field("minute_number", "Minute number (optional)",
                         width="govuk-input--width-10"),)


# --- proposing a review: the one form with no record yet ---------------------------------------

PROPOSE = StepForm(
    "new", "new", None, "Propose a review", "Review proposed", schemas.ProposeReview,
    lambda s, t, b, a: None,
    (Field("title", "Title", hint="For example, “Cultural Strategy”"),
     Field("commission", "Commission", hint="For example, “Improving Lives Select Commission”"),
     Field("kind", "Kind of review", "radios", None, tuple(
         (kind.value, {"full": "Full review", "spotlight": "Spotlight review",
                       "sub_group": "Sub-group review",
                       "task_and_finish": "Task-and-finish group",
                       "inspection_action_plan": "Inspection action plan"}[kind.value])
         for kind in ReviewKind)),
     Field("members", "Members (optional)", "lines", "One on each line."),
     Field("reference", "Reference (optional)", hint="A short key for its address, e.g. "
           "“cultural-strategy”; made from the title if left blank.",
           width="govuk-input--width-20")),
    intro="The commission has chosen a topic for review. The review's history starts here.",
    button="Propose the review")
