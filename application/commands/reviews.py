"""The review's steps: proposal, scoping, evidence, findings, OSMB, Cabinet, report-back, an
inspection's action plan, and closure. Handlers: application/reviews.py."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from application.base import DraftRecommendation, PlannedAction
from application.commands import Command, Form, FormField, Route
from domain.recommendation import CabinetResponse
from domain.review import InspectionFinding
from domain.values import (
    CabinetDecision,
    Label,
    MinuteNumber,
    Name,
    Reference,
    ReportedTo,
    ReviewKind,
    TargetDate,
    Text,
    Title,
)


class ProposeReview(Command):
    title: Title
    commission: Name
    kind: ReviewKind
    members: list[Name] = Field(default_factory=list, max_length=100)
    reference: Reference | None = Field(
        None, description="Short unique key used in addresses; made from the title if omitted."
    )

    handler = "propose_review"
    creates = True
    # Its endpoints (the API's 201 with a Location, the dashboard's /reviews/new) are their own:
    # it makes the record the other steps are on.
    form = Form(
        "new", "Propose a review", "Review proposed",
        (FormField("title", "Title", hint="For example, “Cultural Strategy”"),
         FormField("commission", "Commission",
                   hint="For example, “Improving Lives Select Commission”"),
         FormField("kind", "Kind of review", "radios", None, tuple(
             (kind.value, {"full": "Full review", "spotlight": "Spotlight review",
                           "sub_group": "Sub-group review",
                           "task_and_finish": "Task-and-finish group",
                           "inspection_action_plan": "Inspection action plan"}[kind.value])
             for kind in ReviewKind)),
         FormField("members", "Members (optional)", "lines", "One on each line."),
         FormField("reference", "Reference (optional)", hint="A short key for its address, "
                   "e.g. “cultural-strategy”; made from the title if left blank.",
                   width="govuk-input--width-20")),
        intro="The commission has chosen a topic for review. The review's history starts here.",
        button="Propose the review")


class ScopeReview(Command):
    terms_of_reference: Text

    handler = "scope_review"
    route = Route("/reviews/{review}/scope", "Record the review's scope", "scope_review")
    form = Form("scope", "Record the review's scope", "Scope recorded",
                (FormField("terms_of_reference", "Terms of reference", "textarea",
                           "What the review will look at, and what it will not."),),
                step="scope")


class RecordEvidenceSession(Command):
    title: Title
    witnesses: list[Name] = Field(default_factory=list, max_length=200)
    notes: Text | None = None

    handler = "record_evidence_session"
    route = Route("/reviews/{review}/evidence-sessions", "Record an evidence session held",
                  "record_evidence_session")
    form = Form("evidence-session", "Record an evidence session", "Evidence session recorded",
                (FormField("title", "Session", hint="For example, “Spotlight review meeting”"),
                 FormField("witnesses", "Witnesses (optional)", "lines", "One on each line."),
                 FormField("notes", "Notes (optional)", "textarea")),
                step="record_evidence_session")


class DraftRecommendationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Label
    text: Text


class AgreeFindings(Command):
    findings: Text
    recommendations: list[DraftRecommendationIn] = Field(min_length=1, max_length=200)

    handler = "agree_findings"
    route = Route("/reviews/{review}/findings", "Agree findings and draft recommendations",
                  "agree_findings")
    form = Form("findings", "Agree findings and draft recommendations", "Findings agreed",
                (FormField("findings", "Findings", "textarea"),
                 FormField("recommendations", "Draft recommendations", "recommendations",
                           "One on each line, starting with its label: “a. That the range of "
                           "activities be expanded.”")),
                step="agree_findings")

    def arguments(self) -> dict[str, Any]:
        return {"findings": self.findings,
                "recommendations": [DraftRecommendation(label=r.label, text=r.text)
                                    for r in self.recommendations]}


class AddDraftRecommendation(Command):
    label: Label
    text: Text

    handler = "add_draft_recommendation"
    route = Route("/reviews/{review}/recommendations", "Add a draft recommendation",
                  "add_draft_recommendation")
    form = Form("add-recommendation", "Add a draft recommendation",
                "Draft recommendation added",
                (FormField("label", "Label", hint="For example, “e” or “5”",
                           width="govuk-input--width-4"),
                 FormField("text", "Wording", "textarea")),
                step="add_draft_recommendation")


class WithdrawRecommendation(Command):
    reason: Text

    handler = "withdraw_draft_recommendation"
    on = "recommendation"
    answers = "review"
    route = Route("/reviews/{review}/recommendations/{label}/withdrawal",
                  "Withdraw a draft recommendation", "withdraw_draft_recommendation")
    form = Form("withdraw", "Withdraw the draft recommendation",
                "Draft recommendation withdrawn",
                (FormField("reason", "Why is it withdrawn?", "textarea"),),
                step="withdraw", versioned="review")


class AmendWording(Command):
    text: Text | None = Field(None, description="The whole new wording, or use replace/replacement")
    replace: Title | None = Field(None, description='A phrase to replace, e.g. "historic"')
    replacement: Title | None = Field(None, description='What replaces it, e.g. "historical"')
    reason: Text | None = None

    handler = "amend_recommendation_wording"
    on = "recommendation"
    answers = "review"
    route = Route("/reviews/{review}/recommendations/{label}/wording",
                  "Amend a draft recommendation's wording", "amend_wording")
    form = Form("wording", "Amend the wording", "Wording amended",
                (FormField("replace", "Words to replace (optional)",
                           hint="For example, “historic”"),
                 FormField("replacement", "Replace them with (optional)",
                           hint="For example, “historical”"),
                 FormField("text", "Or the whole new wording (optional)", "textarea"),
                 FormField("reason", "Why (optional)", "textarea")),
                step="amend_wording")


class ReferToOSMB(Command):
    """A step with nothing to say but who, when and where it is recorded."""

    handler = "refer_to_osmb"
    route = Route("/reviews/{review}/osmb/referral", "Refer the review to OSMB", "refer_to_osmb")
    form = Form("refer-to-osmb",
                "Refer the report to the Overview and Scrutiny Management Board (OSMB)",
                "Referred to OSMB", step="refer_to_osmb",
                intro="The commission has agreed its findings and recommendations and refers "
                "them to OSMB for endorsement.", button="Refer to OSMB")


class ReturnForRevision(Command):
    comments: Text

    handler = "return_for_revision"
    route = Route("/reviews/{review}/osmb/return", "OSMB returns the report for revision",
                  "return_for_revision")
    form = Form("osmb-return", "OSMB returns the report for revision",
                "Returned for revision by OSMB",
                (FormField("comments", "OSMB's comments", "textarea",
                           "What OSMB asked the commission to change."),),
                step="return_for_revision")


class ResubmitToOSMB(Command):
    """A step with nothing to say but who, when and where it is recorded."""

    handler = "resubmit_to_osmb"
    route = Route("/reviews/{review}/osmb/resubmission", "Resubmit the revised report to OSMB",
                  "resubmit_to_osmb")
    form = Form("osmb-resubmission", "Resubmit the revised report to OSMB",
                "Resubmitted to OSMB", step="resubmit_to_osmb")


class EndorseByOSMB(Command):
    """A step with nothing to say but who, when and where it is recorded."""

    handler = "endorse_by_osmb"
    route = Route("/reviews/{review}/osmb/endorsement", "OSMB endorses the report", "endorse")
    form = Form("osmb-endorsement", "OSMB endorses the report", "Endorsed by OSMB",
                step="endorse", button="Record the endorsement")


class SubmitToCabinet(Command):
    report_received_on: date | None = Field(
        None, description="The day the executive received the report; defaults to business_date."
    )
    notice_served_on: date | None = Field(
        None, description="The day notice was served under s.9FE; defaults to report_received_on."
    )
    report_to_council: bool | None = Field(
        None,
        description="The commission resolved that Cabinet's response be reported to Council "
        "(opens the report-to-council deadline). Defaults to the council's setting.",
    )

    handler = "submit_to_cabinet"
    route = Route("/reviews/{review}/cabinet/submission",
                  "Submit to Cabinet and serve notice (starts the s.9FE two months)",
                  "submit_to_cabinet")
    form = Form(
        "cabinet-submission", "Submit the report to Cabinet and serve notice",
        "Submitted to Cabinet: the Cabinet must respond within two months",
        (FormField("report_received_on", "When did the Cabinet receive the report? (optional)",
                   "date", "Leave blank if it is the date above."),
         FormField("notice_served_on", "When was notice served? (optional)", "date",
                   "The two months of s.9FE run from the later of the two dates. Leave blank "
                   "if it is the date above."),
         FormField("report_to_council", "Must the response be reported to Council?", "radios",
                   "As the commission resolved. The council's setting applies if not chosen.",
                   (("true", "Yes"), ("false", "No")))),
        step="submit_to_cabinet",
        intro="Under the Local Government Act 2000 s.9FE the Cabinet must respond within "
        "two months of receiving the report or being served notice, whichever is later.",
        button="Submit to Cabinet")


class CabinetResponseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: CabinetDecision
    reason: Text | None = Field(None, description="Required when rejected, deferred or partial.")
    response: Text | None = Field(None, description="Cabinet's response in its own words.")
    responsible_officer: Name | None = None
    timeframe: Title | None = None
    target_date: TargetDate | None = Field(None, description="2013-09-30, 2013-09 or Sep-13")


CABINET_FIELDS = (
    FormField("decision", "Cabinet's decision", "radios", None,
              (*((d.value, {"accepted": "Accepted", "partially_accepted": "Partially accepted",
                            "rejected": "Rejected", "deferred": "Deferred"}[d.value])
                 for d in CabinetDecision), ("", "No response at this meeting"))),
    FormField("reason", "Reason (required if rejected, deferred or partially accepted)",
              "textarea"),
    FormField("response", "The Cabinet's response in its own words (optional)", "textarea"),
    FormField("responsible_officer", "Responsible officer (optional)"),
    FormField("timeframe", "Timeframe (optional)", hint="As the response puts it, for example "
              "“by March 2023”", width="govuk-input--width-20"),
    FormField("target_date", "Target date (optional)", hint="For example, 2023-03-31, 2023-03 "
              "or Mar-23", width="govuk-input--width-10"),
)
"""The questions the Cabinet's response form asks of each recommendation awaiting it."""


class RecordCabinetResponse(Command):
    minute_number: MinuteNumber | None = None
    responses: dict[Label, CabinetResponseIn] = Field(
        min_length=1, max_length=200,
        description="Cabinet's response to each recommendation, keyed by its label.",
    )

    handler = "record_cabinet_response"
    route = Route("/reviews/{review}/cabinet/response",
                  "Record Cabinet's response to some or all recommendations",
                  "record_cabinet_response")
    form = Form("cabinet-response", "Record the Cabinet's response",
                "Cabinet's response recorded",
                (FormField("minute_number", "Minute number (optional)",
                           width="govuk-input--width-10"),),
                step="record_cabinet_response", per_recommendation=True,
                button="Record the response")

    def arguments(self) -> dict[str, Any]:
        return {"minute_number": self.minute_number,
                "responses": {label: CabinetResponse(**r.model_dump())
                              for label, r in self.responses.items()}}


class ExtendDeadline(Command):
    due: date = Field(description="The new due date agreed")
    reason: Text

    handler = "extend_deadline"
    route = Route("/reviews/{review}/deadlines/{rule}/extension",
                  "Record an agreed extension of a review deadline, with its reason",
                  "extend_deadline")


class ReportResponseBack(Command):
    reported_to: ReportedTo
    minute_number: MinuteNumber | None = None

    handler = "report_response_back"
    route = Route("/reviews/{review}/report-back",
                  "Report Cabinet's response back to the commission or Council",
                  "report_response_back")
    form = Form("report-back", "Report the Cabinet's response back", "Response reported back",
                (FormField("reported_to", "Reported to", "radios", None,
                           ((ReportedTo.COMMISSION.value, "The commission"),
                            (ReportedTo.COUNCIL.value, "Council"),
                            (ReportedTo.OSMB.value, "OSMB")),
                           missing="Select whom the response was reported to"),
                 FormField("minute_number", "Minute number (optional)",
                           width="govuk-input--width-10")),
                step="report_response_back")


class InspectionFindingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Label
    section: Title
    text: Text


class PlannedActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Label
    text: Text
    owner: Name | None = None
    by_when: Title | None = Field(None, description='As the plan prints it: "Mar-21", "2021-03-31"')
    duplicate_of: Label | None = None


class RecordActionPlan(Command):
    findings: list[InspectionFindingIn] = Field(min_length=1, max_length=500)
    actions: list[PlannedActionIn] = Field(max_length=2000)

    handler = "record_action_plan"
    route = Route("/reviews/{review}/action-plan",
                  "Record an inspection action plan's findings and actions", "record_action_plan")

    def arguments(self) -> dict[str, Any]:
        return {"findings": [InspectionFinding(**f.model_dump()) for f in self.findings],
                "actions": [PlannedAction(**a.model_dump()) for a in self.actions]}


class AddAction(Command, PlannedActionIn):
    model_config = ConfigDict(extra="forbid")

    handler = "add_action"
    route = Route("/reviews/{review}/actions", "Add an action to an agreed action plan",
                  "add_action")

    def arguments(self) -> dict[str, Any]:
        return {"action": PlannedAction(**super().arguments())}


class CloseReview(Command):
    note: Text | None = None

    handler = "close_review"
    route = Route("/reviews/{review}/closure", "Close the review once nothing is left open",
                  "close_review")
    form = Form("close", "Close the review", "Review closed",
                (FormField("note", "Closing note (optional)", "textarea"),), step="close",
                intro="A review closes once none of its recommendations or actions is open.",
                button="Close the review")


class WithdrawReview(Command):
    reason: Text

    handler = "withdraw_review"
    route = Route("/reviews/{review}/withdrawal", "Withdraw a review before it goes to Cabinet",
                  "withdraw_review")
    form = Form("withdraw", "Withdraw the review", "Review withdrawn",
                (FormField("reason", "Why is it withdrawn?", "textarea"),), step="withdraw",
                button="Withdraw the review")


class LeaveStepsUnrecorded(Command):
    until: Literal["agree_findings", "record_cabinet_response"] = Field(
        description="The step the review's papers begin at: agree_findings (scoping and "
        "evidence sessions are not recorded) or record_cabinet_response (OSMB and the "
        "submission to Cabinet are not recorded, so no s.9FE deadline can be worked out)")
    reason: Text = Field(description='Why, e.g. "the seed papers begin with Cabinet\'s response"')

    handler = "leave_steps_unrecorded"
    route = Route("/reviews/{review}/steps-not-recorded",
                  "The review's papers begin later: leave the earlier steps unrecorded",
                  "leave_steps_unrecorded")
    form = Form(
        "steps-not-recorded", "Leave steps the papers do not give unrecorded",
        "Earlier steps left unrecorded",
        (FormField("until", "Where do the review's papers begin?", "radios", None, (
            ("agree_findings", "At the findings: scoping and evidence sessions are not "
             "recorded"),
            ("record_cabinet_response", "At the Cabinet's response: OSMB and the submission "
             "to Cabinet are not recorded")),
            missing="Select where the review's papers begin"),
         FormField("reason", "Why are they not recorded?", "textarea",
                   "For example, “the papers begin with the Cabinet's response of 21 November "
                   "2012”.")),
        step="leave_steps_unrecorded",
        intro="Record only what the papers show. Steps they do not give are left unrecorded, "
        "never given invented dates; deadlines that would start from them are not worked out.")
