"""Forms for the lifecycle steps an adviser records, and the progress forms officers use.

Each form is described once (``StepForm``): its fields, the API's request model that validates
them, and the service command that records it. Bad input comes back as the GOV.UK error summary
with an inline error on each field, and nothing is recorded. A form carries the version of the
record it was drawn from, so a step recorded by someone else in the meantime is refused rather
than silently overtaken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api import schemas
from api.accounts import same_secret
from api.views import step_arguments
from api.web import (
    PREFIX,
    Viewer,
    error_page,
    item_url,
    pages_for,
    render,
    review_url,
    safe_id,
    viewer_of,
)
from domain.access import require_reporter
from domain.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    Forbidden,
    InvalidCommand,
    InvalidLifecycleStep,
    NotAuthenticated,
    NotFound,
)
from domain.recommendation import CabinetResponse
from domain.service import DraftRecommendation, ScrutinyService
from domain.values import ActionStatus, CabinetDecision, RAGStatus, ReportedTo, ReviewKind

router = APIRouter(include_in_schema=False)


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

_BY_SUBJECT = {(form.subject, form.slug): form for form in FORMS}
_BY_SUBJECT[("review", "new")] = StepForm(  # the banner on a review just proposed
    "new", "review", None, "", "Review proposed", schemas.Plain, lambda s, t, b, a: None)


def offered(viewer: Viewer, review: Any, item: Any = None, kind: str = "review"
            ) -> list[StepForm]:
    """The forms this viewer may use now on the review, or on one of its items."""
    officer = getattr(item, "responsible_officer", None) or getattr(item, "owner", None)
    return [form for form in FORMS if form.subject == kind
            and unavailable(form, review, item) is None
            and (viewer.is_adviser or (form.reporter and viewer.may_report_on(officer)))]


def done_message(subject: str, key: str | None) -> str | None:
    """The banner after a step is recorded, by the form's slug (never text from the address)."""
    form = _BY_SUBJECT.get((subject, key or ""))
    return form.done if form else None


# --- reading a posted form -----------------------------------------------------------------------

_MESSAGES = {
    "missing": "Enter {what}", "string_too_short": "Enter {what}",
    "enum": "Select {what}", "literal_error": "Select {what}",
    "string_too_long": "{label} must be {max_length} characters or fewer",
    "too_short": "Select at least one of {what}",
    "bool_parsing": "Select {what}",
    "date_from_datetime_parsing": "{label} must be a real date",
    "date_parsing": "{label} must be a real date",
    "int_parsing": "{label} must be a whole number",
    "greater_than_equal": "{label} must be {ge} or more",
}


def _what(label: str) -> str:
    words = label.replace(" (optional)", "").rstrip("?")
    for prefix in ("Which ", "Why ", "When ", "Where ", "Must ", "Only one "):
        if words.startswith(prefix):
            return {"Which ": "the paragraphs that apply", "Why ": "the reason",
                    "When ": "the date", "Where ": "where it is recorded",
                    "Must ": "whether it must be reported to Council",
                    "Only one ": "the note's number"}[prefix]
    if words[1:2].isupper():  # an acronym: "OSMB's comments"
        return words
    return words[:1].lower() + words[1:]


def field_id(field: Field) -> str:
    """The id an error links to: a date's day box, or a choice's first option."""
    return f"{field.name}-day" if field.kind == "date" else field.name


def read_date(form: FormData, name: str, label: str) -> tuple[str | None, str | None]:
    """A GOV.UK date input (day, month, year boxes) as an ISO date, or the problem with it."""
    parts = [str(form.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, None
    missing = [part for part, text in zip(("day", "month", "year"), parts, strict=True)
               if not text]
    if missing:
        return None, f"{_what(label)[:1].upper() + _what(label)[1:]} must include a " \
                     f"{' and '.join(missing)}"
    try:
        if not all(text.isascii() and text.isdecimal() for text in parts) or len(parts[2]) != 4:
            raise ValueError
        day, month, year = (int(text) for text in parts)
        if year < 1900:
            raise ValueError
        return date(year, month, day).isoformat(), None
    except (ValueError, OverflowError):
        return None, f"{label.replace(' (optional)', '').rstrip('?')} must be a real date"


_LABELLED = re.compile(r"^\(?([A-Za-z0-9]{1,8}(?:\.[0-9]{1,3})?)[.):]\s+(\S.*)$")
"""A draft recommendation on one line: "a. That …", "(b) That …", "3: That …"."""


def read_fields(form: FormData, fields: tuple[Field, ...], prefix: str = ""
                ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for spec in fields:
        name = prefix + spec.name
        if spec.kind == "date":
            value, problem = read_date(form, name, spec.label)
            if problem:
                problems.append((f"{name}-day", problem))
            elif value:
                data[spec.name] = value
        elif spec.kind == "checkboxes":
            chosen = [str(v) for v in form.getlist(name) if str(v).strip()]
            if chosen:
                data[spec.name] = chosen
        elif spec.kind in ("lines", "recommendations"):
            lines = [line.strip() for line in str(form.get(name) or "").splitlines()
                     if line.strip()]
            if spec.kind == "lines":
                data[spec.name] = lines
                continue
            drafts = []
            for number, line in enumerate(lines, start=1):
                labelled = _LABELLED.match(line)
                if labelled is None:
                    problems.append((name, f"Line {number} of {_what(spec.label)} must start "
                                           "with its label, like “a. That …”"))
                    continue
                drafts.append({"label": labelled[1], "text": labelled[2]})
            if drafts:
                data[spec.name] = drafts
        else:
            text = str(form.get(name) or "").strip()
            if text:
                data[spec.name] = text
    return data, problems


def validation_problems(error: ValidationError, fields: dict[str, Field],
                        ids: Callable[[tuple[Any, ...]], str | None]) -> list[tuple[str, str]]:
    """The request model's refusals as (field id, message) in the form's own words."""
    problems = []
    for problem in error.errors():
        location = tuple(problem["loc"])
        spec = fields.get(str(location[-1])) if location else None
        target = ids(location) or "main-content"
        # pydantic's own wording, without its "Value error, " prefix; never a format string,
        # since it may quote what was typed.
        said = str(problem["msg"]).removeprefix("Value error, ")
        if spec is None:
            problems.append((target, said))
            continue
        label = spec.label.replace(" (optional)", "").rstrip("?")
        template = _MESSAGES.get(problem["type"])
        if spec.kind in ("radios", "checkboxes") and problem["type"] == "missing":
            template = "Select {what}"
        if spec.missing and problem["type"] in ("missing", "string_too_short", "too_short"):
            template = spec.missing
        context = {str(k): v for k, v in (problem.get("ctx") or {}).items()
                   if isinstance(v, int | float)}
        try:
            message = (template.format(what=_what(spec.label), label=label, **context)
                       if template else f"{label}: {said}")
        except KeyError:
            message = f"{label}: {said}"
        problems.append((target, message))
    return problems


def domain_problem(error: InvalidCommand, fields: dict[str, Field],
                   ids: Callable[[tuple[Any, ...]], str | None]) -> tuple[str, str]:
    """The service's refusal of a value, at the field it names, in the form's words."""
    location = tuple(error.field.split("."))
    target = ids(location)
    spec = fields.get(location[-1])
    said = error.message.removeprefix(f"{error.field}: ")
    if target is None or spec is None:
        return "main-content", error.message
    label = spec.label.replace(" (optional)", "").rstrip("?")
    return target, f"{label}: {said}"


# --- the routes ----------------------------------------------------------------------------------

MAX_FORM_BYTES = 256 * 1024
"""A step form is a few kilobytes; anything much larger is refused unread."""


def _target_page(target: Target) -> str:
    if target.kind == "review":
        return review_url(target.review)
    return item_url(target.review, target.kind, target.label)


def _record_of(request: Request, viewer: Viewer, target: Target) -> tuple[Any, Any]:
    """The review and, for an item's form, the item, as the viewer may see them."""
    pages = pages_for(request, viewer)
    review = pages.review(target.review)
    if target.kind == "recommendation":
        return review, pages.recommendation(target.review, target.label)
    if target.kind == "action":
        return review, pages.action(target.review, target.label)
    return review, None


def _authorise(viewer: Viewer, form: StepForm, item: Any) -> None:
    if not viewer.signed_in:
        raise NotAuthenticated("Sign in to record a step.")
    if form.reporter and item is not None:
        officer = getattr(item, "responsible_officer", None) or getattr(item, "owner", None)
        what = f"{form.subject} {getattr(item, 'label', None) or getattr(item, 'number', '')}"
        require_reporter(viewer.principal, officer, what)
    elif not viewer.is_adviser:
        raise Forbidden(f"Only a governance adviser may {form.title[:1].lower()}"
                        f"{form.title[1:]}.", role=viewer.principal.role.value)


def unavailable(form: StepForm, review: Any, item: Any) -> str | None:
    """Why the record cannot take this form's step now, or None if it can."""
    record = item if item is not None else review
    if form.step is not None and form.step not in record.allowed_steps:
        return (f"The {form.subject} is {str(record.status).replace('_', ' ')}, so it cannot "
                "take this step now. Go back to it to see the steps it can take.")
    if form.per_recommendation and not _awaiting(review):
        return "No recommendation of this review is waiting for the Cabinet's response."
    if form.lifts_exemption and not (record.exemption or record.exempt_notes):
        return f"Nothing about this {form.subject} is marked exempt."
    return None


def _versioned(form: StepForm, review: Any, item: Any) -> Any:
    """The record whose version the form carries and the service checks."""
    return item if item is not None and form.versioned == "item" else review


def _awaiting(review: Any) -> list[Any]:
    return [r for r in review.recommendations if "record_cabinet_response" in r.allowed_steps]


def _form(subject: str, slug: str) -> StepForm:
    form = _BY_SUBJECT.get((subject, slug))
    if form is None:
        raise NotFound(f"There is no form {slug!r} for a {subject}.")
    return form


def _show(request: Request, viewer: Viewer, form: StepForm, target: Target, review: Any,
          item: Any, values: dict[str, Any], version: int,
          problems: list[tuple[str, str]] | None = None, status_code: int = 200) -> Response:
    return render(
        request, "forms/cabinet_response.html" if form.per_recommendation else "forms/step.html",
        viewer=viewer, title=form.title, form=form, target=target, review=review, item=item,
        values=values, problems=problems or [], error_count=len(problems or []),
        errors=dict(problems or []), version=version, action=request.url.path,
        back=_target_page(target), status_code=status_code, awaiting=_awaiting(review),
        when_and_where=WHEN_AND_WHERE, cabinet_fields=CABINET_FIELDS,
        cabinet_meeting=CABINET_MEETING,
    )


def _routes(subject: str, path: str) -> None:
    async def show_form(request: Request, review: str, slug: str, label: str | None = None
                        ) -> Response:
        viewer = viewer_of(request)
        form = _form(subject, slug)
        target = Target(review, subject, label or "")
        record_review, item = _record_of(request, viewer, target)
        _authorise(viewer, form, item)
        reason = unavailable(form, record_review, item)
        if reason:
            return error_page(request, 409, "This step cannot be recorded now", reason)
        values = {"business_date": request.app.state.clock.today().isoformat()}
        return _show(request, viewer, form, target, record_review, item, values,
                     _versioned(form, record_review, item).version)

    async def post_form(request: Request, review: str, slug: str, label: str | None = None
                        ) -> Response:
        viewer = viewer_of(request)
        form = _form(subject, slug)
        target = Target(review, subject, label or "")
        if not viewer.signed_in:
            raise NotAuthenticated("Sign in to record a step.")
        if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
            return error_page(request, 413, "This form is too large",
                              "Nothing was recorded. Shorten the text and try again.")
        posted = await request.form()
        sent = str(posted.get("csrf_token") or "")
        if not viewer.csrf_token or not same_secret(sent, viewer.csrf_token):
            return error_page(request, 403, "This form has expired",
                              "The form did not carry this session's token (it may be from "
                              "an earlier session). Go back, reload the page and try again; "
                              "nothing was recorded.")
        record_review, item = _record_of(request, viewer, target)
        _authorise(viewer, form, item)
        shown = _shown_values(posted, form)
        record = _versioned(form, record_review, item)
        version = str(posted.get("expected_version") or "").strip()
        if not (version.isascii() and version.isdecimal()):
            # Without the version the form was drawn from, a step recorded meanwhile could be
            # overtaken unseen: refuse, and draw the form afresh.
            return _show(request, viewer, form, target, record_review, item, shown,
                         record.version, [("main-content", "This form did not say which "
                                           "version of the record it was drawn from, so "
                                           "nothing was saved. Check the answers and save "
                                           "again.")], 409)
        reason = unavailable(form, record_review, item)
        if reason:
            return error_page(request, 409, "This step cannot be recorded now", reason)
        if form.per_recommendation:
            data, problems, ids = _read_cabinet_response(posted, record_review)
            known = {spec.name: spec for spec in (*WHEN_AND_WHERE, *CABINET_MEETING,
                                                  *CABINET_FIELDS)}
        else:
            data, problems = read_fields(posted, (*form.fields, *WHEN_AND_WHERE))
            ids = _plain_ids(form)
            known = {spec.name: spec for spec in (*form.fields, *WHEN_AND_WHERE)}
        data["expected_version"] = int(version)
        drawn_from = int(version)
        if problems:
            return _show(request, viewer, form, target, record_review, item, shown, drawn_from,
                         problems, 422)
        try:
            body = form.model.model_validate(data)
        except ValidationError as error:
            return _show(request, viewer, form, target, record_review, item, shown, drawn_from,
                         validation_problems(error, known, ids), 422)
        service: ScrutinyService = request.app.state.service
        arguments = step_arguments(body, viewer.principal.name, request.app.state.clock.today())
        try:
            form.record(service, target, body, arguments)
        except InvalidCommand as error:
            return _show(request, viewer, form, target, record_review, item, shown, drawn_from,
                         [domain_problem(error, known, ids)], 422)
        except ConcurrencyConflict:
            # Drawn afresh: the answers stay, the version becomes the record's current one.
            return _show(request, viewer, form, target, record_review, item, shown,
                         record.version, [(
                             "main-content", "Someone else recorded a step on this record after "
                             "you opened this form, so nothing was saved. Check the record's "
                             "history; to record this step as well, save the form again.")],
                         409)
        except (InvalidLifecycleStep, AlreadyExists) as error:
            return _show(request, viewer, form, target, record_review, item, shown, drawn_from,
                         [("main-content", error.message)], 409)
        pages_for(request, viewer).settle()
        return RedirectResponse(f"{_target_page(target)}?recorded={form.slug}", status_code=303)

    router.add_api_route(path, show_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(path, post_form, methods=["POST"], response_class=HTMLResponse)


def _plain_ids(form: StepForm) -> Callable[[tuple[Any, ...]], str | None]:
    fields = {spec.name: spec for spec in (*form.fields, *WHEN_AND_WHERE)}

    def ids(location: tuple[Any, ...]) -> str | None:
        spec = fields.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return ids


def _shown_values(posted: FormData, form: StepForm) -> dict[str, Any]:
    """What to put back in the form after a problem: what was typed (every box ticked; for
    any other field sent twice, the first)."""
    ticked = {spec.name for spec in form.fields if spec.kind == "checkboxes"}
    shown: dict[str, Any] = {}
    for key, value in posted.multi_items():
        if key in ("csrf_token", "expected_version") or not isinstance(value, str):
            continue
        if key in ticked:
            shown.setdefault(key, []).append(value)
        else:
            shown.setdefault(key, value)
    return shown


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


def _read_cabinet_response(posted: FormData, review: Any) -> tuple[
        dict[str, Any], list[tuple[str, str]], Callable[[tuple[Any, ...]], str | None]]:
    data, problems = read_fields(posted, (*CABINET_MEETING, *WHEN_AND_WHERE))
    responses: dict[str, Any] = {}
    awaiting = [r.label for r in review.recommendations
                if "record_cabinet_response" in r.allowed_steps]
    for label in awaiting:
        answer, _ = read_fields(posted, CABINET_FIELDS, prefix=f"r-{safe_id(label)}-")
        if answer.get("decision"):
            responses[label] = answer
        elif len(answer) > 0:
            problems.append((f"r-{safe_id(label)}-decision",
                             f"Select the Cabinet's decision on recommendation {label}, or "
                             "clear its other answers"))
    if not responses and not problems and awaiting:
        problems.append((f"r-{safe_id(awaiting[0])}-decision",
                         "Select the Cabinet's decision on at least one recommendation"))
    data["responses"] = responses
    plain = {spec.name: spec for spec in (*CABINET_MEETING, *WHEN_AND_WHERE)}
    labels = {label: safe_id(label) for label in awaiting}

    def ids(location: tuple[Any, ...]) -> str | None:
        if len(location) >= 3 and location[0] == "responses" and str(location[1]) in labels:
            return f"r-{labels[str(location[1])]}-{location[2]}"
        spec = plain.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return data, problems, ids


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


def _propose_page(request: Request, viewer: Viewer, values: dict[str, Any],
                  problems: list[tuple[str, str]] | None = None, status_code: int = 200
                  ) -> Response:
    return render(request, "forms/step.html", viewer=viewer, title=PROPOSE.title, form=PROPOSE,
                  target=None, review=None, item=None, values=values,
                  problems=problems or [], error_count=len(problems or []),
                  errors=dict(problems or []), version=None, action=request.url.path,
                  back=PREFIX + "/reviews", status_code=status_code,
                  when_and_where=WHEN_AND_WHERE)


@router.get(PREFIX + "/reviews/new", response_class=HTMLResponse)
async def propose_form(request: Request) -> Response:
    viewer = viewer_of(request)
    _authorise(viewer, PROPOSE, None)
    return _propose_page(request, viewer,
                         {"business_date": request.app.state.clock.today().isoformat()})


@router.post(PREFIX + "/reviews/new", response_class=HTMLResponse)
async def propose(request: Request) -> Response:
    viewer = viewer_of(request)
    _authorise(viewer, PROPOSE, None)
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return error_page(request, 413, "This form is too large",
                          "Nothing was recorded. Shorten the text and try again.")
    posted = await request.form()
    if not viewer.csrf_token or not same_secret(str(posted.get("csrf_token") or ""),
                                                viewer.csrf_token):
        return error_page(request, 403, "This form has expired",
                          "The form did not carry this session's token. Go back, reload the "
                          "page and try again; nothing was recorded.")
    fields = (*PROPOSE.fields, *WHEN_AND_WHERE)
    known = {spec.name: spec for spec in fields}
    ids = _plain_ids(PROPOSE)
    shown = _shown_values(posted, PROPOSE)
    data, problems = read_fields(posted, fields)
    if problems:
        return _propose_page(request, viewer, shown, problems, 422)
    try:
        body = schemas.ProposeReview.model_validate(data)
    except ValidationError as error:
        return _propose_page(request, viewer, shown, validation_problems(error, known, ids), 422)
    service: ScrutinyService = request.app.state.service
    try:
        review_id = service.propose_review(
            title=body.title, commission=body.commission, kind=body.kind, members=body.members,
            reference=body.reference, actor=viewer.principal.name,
            on=body.business_date or request.app.state.clock.today(), source=body.source)
    except InvalidCommand as error:
        return _propose_page(request, viewer, shown, [domain_problem(error, known, ids)], 422)
    except AlreadyExists as error:
        return _propose_page(request, viewer, shown, [("reference", error.message)], 409)
    page = pages_for(request, viewer)
    page.settle()
    reference = page.review(review_id).reference
    return RedirectResponse(f"{review_url(reference)}?recorded=new", status_code=303)


_routes("review", PREFIX + "/reviews/{review}/steps/{slug}")
_routes("recommendation", PREFIX + "/reviews/{review}/recommendations/{label}/steps/{slug}")
_routes("action", PREFIX + "/reviews/{review}/actions/{label}/steps/{slug}")
