"""Forms for the lifecycle steps an adviser records, and the progress forms officers use.

Each form is described once (``StepForm``): its fields, the API's request model that validates
them, and the service command that records it. Bad input comes back as the GOV.UK error summary
with an inline error on each field, and nothing is recorded. A form carries the version of the
record it was drawn from, so a step recorded by someone else in the meantime is refused rather
than silently overtaken.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api import schemas
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
from domain.service import ScrutinyService
from domain.values import ActionStatus, CabinetDecision, RAGStatus, ReportedTo

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, radios, checkboxes, number
    hint: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    width: str | None = None


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
    model: type[BaseModel]
    record: Callable[[ScrutinyService, Target, Any, dict[str, Any]], None]
    fields: tuple[Field, ...] = ()
    intro: str | None = None
    reporter: bool = False  # officers may use it on their own items
    button: str = "Save"
    template: str = "forms/step.html"
    extra: dict[str, Any] = field(default_factory=dict)


# --- the fields forms share ----------------------------------------------------------------------

BUSINESS_DATE = Field("business_date", "When did this happen?", "date",
                      "The date of the meeting or decision, for example 3 5 2022. Leave it as "
                      "today's date if it happened today.")
SOURCE = Field("source", "Where is it recorded? (optional)", hint="For example, "
               "“Cabinet 21 November 2012, minute C97” or the agenda item.")
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
    Field("review_by", "Review the exemption by", "date", "For example, 3 5 2023"),
)


def _on(arguments: dict[str, Any], body: Any) -> dict[str, Any]:
    return {**arguments, "on": body.business_date or arguments["on"], "source": body.source,
            "expected_version": body.expected_version}


def _mark_exempt(service: ScrutinyService, target: Target, body: Any,
                 who: dict[str, Any]) -> None:
    service.mark_exempt(
        target.review,
        recommendation=target.label if target.kind == "recommendation" else None,
        action=target.label if target.kind == "action" else None,
        paragraphs=body.paragraphs, reason=body.reason, review_by=body.review_by,
        note=body.note, **_on(who, body))


def _record_cabinet_response(service: ScrutinyService, target: Target, body: Any,
                             who: dict[str, Any]) -> None:
    service.record_cabinet_response(
        target.review, minute_number=body.minute_number,
        responses={label: CabinetResponse(**r.model_dump()) for label, r in body.responses.items()},
        **_on(who, body))


FORMS: list[StepForm] = [
    # --- a review's journey through OSMB and Cabinet
    StepForm("refer-to-osmb", "review", "refer_to_osmb",
             "Refer the report to the Overview and Scrutiny Management Board (OSMB)",
             "Referred to OSMB", schemas.Plain,
             lambda s, t, b, w: s.refer_to_osmb(t.review, **_on(w, b)),
             intro="The commission has agreed its findings and recommendations and refers "
             "them to OSMB for endorsement.", button="Refer to OSMB"),
    StepForm("osmb-return", "review", "return_for_revision",
             "OSMB returns the report for revision", "Returned for revision by OSMB",
             schemas.ReturnForRevision,
             lambda s, t, b, w: s.return_for_revision(t.review, comments=b.comments,
                                                      **_on(w, b)),
             (Field("comments", "OSMB's comments", "textarea",
                    "What OSMB asked the commission to change."),)),
    StepForm("osmb-resubmission", "review", "resubmit_to_osmb",
             "Resubmit the revised report to OSMB", "Resubmitted to OSMB", schemas.Plain,
             lambda s, t, b, w: s.resubmit_to_osmb(t.review, **_on(w, b))),
    StepForm("osmb-endorsement", "review", "endorse", "OSMB endorses the report",
             "Endorsed by OSMB", schemas.Plain,
             lambda s, t, b, w: s.endorse_by_osmb(t.review, **_on(w, b)),
             button="Record the endorsement"),
    StepForm("cabinet-submission", "review", "submit_to_cabinet",
             "Submit the report to Cabinet and serve notice",
             "Submitted to Cabinet: the Cabinet must respond within two months",
             schemas.SubmitToCabinet,
             lambda s, t, b, w: s.submit_to_cabinet(
                 t.review, report_received_on=b.report_received_on,
                 notice_served_on=b.notice_served_on, report_to_council=b.report_to_council,
                 **_on(w, b)),
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
             template="forms/cabinet_response.html", button="Record the response"),
    StepForm("report-back", "review", "report_response_back",
             "Report the Cabinet's response back", "Response reported back",
             schemas.ReportResponseBack,
             lambda s, t, b, w: s.report_response_back(
                 t.review, reported_to=b.reported_to, minute_number=b.minute_number,
                 **_on(w, b)),
             (Field("reported_to", "Reported to", "radios", None,
                    ((ReportedTo.COMMISSION.value, "The commission"),
                     (ReportedTo.COUNCIL.value, "Council"),
                     (ReportedTo.OSMB.value, "OSMB"))),
              Field("minute_number", "Minute number (optional)", width="govuk-input--width-10"))),
    StepForm("exempt", "review", None, "Mark this review as exempt information",
             "Marked exempt", schemas.MarkExempt, _mark_exempt, EXEMPT_FIELDS,
             intro="The whole review and everything under it will be withheld from the "
             "public pages, lists, feeds and audit trail."),
    # --- a recommendation in implementation
    StepForm("progress", "recommendation", "record_progress", "Report progress",
             "Progress recorded", schemas.RecordProgress,
             lambda s, t, b, w: s.record_progress(t.review, t.label, rag=b.rag, note=b.note,
                                                  **_on(w, b)),
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
             lambda s, t, b, w: s.revise_target_date(t.review, t.label,
                                                     target_date=b.target_date,
                                                     reason=b.reason, **_on(w, b)),
             (Field("target_date", "New target date", hint="For example, 2023-03-31, 2023-03 "
                    "or Mar-23", width="govuk-input--width-10"),
              Field("reason", "Why is it changing?", "textarea",
                    "A target date is only revised with a reason, kept in the history."))),
    StepForm("completion-proposal", "recommendation", "propose_completion",
             "Propose that the recommendation is complete", "Completion proposed",
             schemas.Evidence,
             lambda s, t, b, w: s.propose_completion(t.review, t.label, evidence=b.evidence,
                                                     **_on(w, b)),
             (Field("evidence", "Evidence of completion", "textarea"),),
             reporter=True, button="Propose completion"),
    StepForm("completion-confirmation", "recommendation", "confirm_completion",
             "Confirm the recommendation is complete", "Completion confirmed",
             schemas.Evidence,
             lambda s, t, b, w: s.confirm_completion(t.review, t.label, evidence=b.evidence,
                                                     **_on(w, b)),
             (Field("evidence", "Why scrutiny is satisfied", "textarea"),),
             button="Confirm completion"),
    StepForm("completion-refusal", "recommendation", "refuse_completion",
             "Refuse the proposed completion", "Completion refused", schemas.RefuseCompletion,
             lambda s, t, b, w: s.refuse_completion(t.review, t.label, reasons=b.reasons,
                                                    **_on(w, b)),
             (Field("reasons", "What is still to be done", "textarea"),)),
    StepForm("exempt", "recommendation", None, "Mark as exempt information", "Marked exempt",
             schemas.MarkExempt, _mark_exempt,
             (*EXEMPT_FIELDS, Field("note", "Only one progress note? (optional)", "number",
                                    "Its number, 1 being the first recorded. Leave blank to "
                                    "withhold the whole recommendation.",
                                    width="govuk-input--width-4"))),
    # --- an action of an inspection action plan
    StepForm("progress", "action", "record_progress", "Report progress", "Progress recorded",
             schemas.RecordActionProgress,
             lambda s, t, b, w: s.record_action_progress(t.review, t.label, status=b.status,
                                                         note=b.note, **_on(w, b)),
             (Field("status", "Status", "radios", None, tuple(
                 (status.value, {"planned_not_started": "Planned but not started",
                                 "progressing_on_track": "Progressing and on track",
                                 "may_exceed_target": "May exceed original target date",
                                 "completed": "Action completed"}[status.value])
                 for status in ActionStatus if status != ActionStatus.DUPLICATE)),
              Field("note", "Note (optional)", "textarea")),
             reporter=True, button="Save the update"),
    StepForm("exempt", "action", None, "Mark as exempt information", "Marked exempt",
             schemas.MarkExempt, _mark_exempt,
             (*EXEMPT_FIELDS, Field("note", "Only one progress note? (optional)", "number",
                                    "Its number, 1 being the first recorded. Leave blank to "
                                    "withhold the whole action.",
                                    width="govuk-input--width-4"))),
]

_BY_SUBJECT = {(form.subject, form.slug): form for form in FORMS}


def offered(subject: str, allowed_steps: list[str], viewer: Viewer,
            officer: str | None = None) -> list[StepForm]:
    """The forms this viewer may use now on a record in this state."""
    return [form for form in FORMS if form.subject == subject
            and (form.step is None or form.step in allowed_steps)
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
        day, month, year = (int(text) for text in parts)
        if year < 1900:
            raise ValueError
        return date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"{label.replace(' (optional)', '').rstrip('?')} must be a real date"


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
        else:
            text = str(form.get(name) or "").strip()
            if text:
                data[spec.name] = text
    return data, problems


def validation_problems(error: ValidationError, fields: dict[str, Field],
                        ids: Callable[[tuple[Any, ...]], str | None]) -> list[tuple[str, str]]:
    problems = []
    for problem in error.errors():
        location = tuple(problem["loc"])
        spec = fields.get(str(location[-1])) if location else None
        target = ids(location)
        if spec is None or target is None:
            problems.append((target or "main-content", str(problem["msg"])))
            continue
        template = _MESSAGES.get(problem["type"], "{label}: " + str(problem["msg"]))
        context = {str(k): v for k, v in (problem.get("ctx") or {}).items()}
        label = spec.label.replace(" (optional)", "").rstrip("?")
        problems.append((target, template.format(what=_what(spec.label), label=label,
                                                 **context)))
    return problems


# --- the routes ----------------------------------------------------------------------------------

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


def _form(subject: str, slug: str) -> StepForm:
    form = _BY_SUBJECT.get((subject, slug))
    if form is None:
        raise NotFound(f"There is no form {slug!r} for a {subject}.")
    return form


def _show(request: Request, viewer: Viewer, form: StepForm, target: Target, review: Any,
          item: Any, values: dict[str, Any] | None = None,
          problems: list[tuple[str, str]] | None = None, status_code: int = 200) -> Response:
    record = item if item is not None else review
    values = values if values is not None else {}
    return render(
        request, form.template, viewer=viewer, title=form.title, form=form, target=target,
        review=review, item=item, values=values, problems=problems or [],
        error_count=len(problems or []), errors=dict(problems or []),
        version=values.get("expected_version") or record.version,
        action=request.url.path, back=_target_page(target), status_code=status_code,
        awaiting=[r for r in review.recommendations
                  if "record_cabinet_response" in r.allowed_steps],
        cabinet_fields=CABINET_FIELDS, cabinet_meeting=CABINET_MEETING,
    )


def _routes(subject: str, path: str) -> None:
    async def show_form(request: Request, review: str, slug: str, label: str | None = None
                        ) -> Response:
        viewer = viewer_of(request)
        form = _form(subject, slug)
        target = Target(review, subject, label or "")
        record_review, item = _record_of(request, viewer, target)
        _authorise(viewer, form, item)
        record = item if item is not None else record_review
        if form.step is not None and form.step not in record.allowed_steps:
            return error_page(
                request, 409, "This step cannot be recorded now",
                f"The {subject} is {record.status.replace('_', ' ')}, so it cannot take this "
                "step now. Go back to it to see the steps it can take.")
        values = {"business_date": request.app.state.clock.today().isoformat()}
        return _show(request, viewer, form, target, record_review, item, values)

    async def post_form(request: Request, review: str, slug: str, label: str | None = None
                        ) -> Response:
        viewer = viewer_of(request)
        form = _form(subject, slug)
        target = Target(review, subject, label or "")
        posted = await request.form()
        if not viewer.signed_in:
            raise NotAuthenticated("Sign in to record a step.")
        sent = str(posted.get("csrf_token") or "")
        if not viewer.csrf_token or not hmac.compare_digest(viewer.csrf_token, sent):
            return error_page(request, 403, "This form has expired",
                              "The form did not carry this session's token (it may be from "
                              "an earlier session). Go back, reload the page and try again; "
                              "nothing was recorded.")
        record_review, item = _record_of(request, viewer, target)
        _authorise(viewer, form, item)
        if form.slug == "cabinet-response" and form.subject == "review":
            data, problems, ids = _read_cabinet_response(posted, record_review)
        else:
            data, problems = read_fields(posted, (*form.fields, BUSINESS_DATE, SOURCE))
            ids = _plain_ids(form)
        version = str(posted.get("expected_version") or "").strip()
        if version.isdigit():
            data["expected_version"] = int(version)
        shown = _shown_values(posted, data)
        if problems:
            return _show(request, viewer, form, target, record_review, item, shown, problems,
                         422)
        try:
            body = form.model.model_validate(data)
        except ValidationError as error:
            known = {spec.name: spec for spec in (*form.fields, BUSINESS_DATE, SOURCE,
                                                  *CABINET_FIELDS)}
            return _show(request, viewer, form, target, record_review, item, shown,
                         validation_problems(error, known, ids), 422)
        service: ScrutinyService = request.app.state.service
        who = {"actor": viewer.principal.name, "on": request.app.state.clock.today()}
        try:
            form.record(service, target, body, who)
        except InvalidCommand as error:
            where = ids((error.field,)) or ids(tuple(error.field.split("."))) or "main-content"
            return _show(request, viewer, form, target, record_review, item, shown,
                         [(where, error.message)], 422)
        except ConcurrencyConflict:
            return _show(request, viewer, form, target, record_review, item, shown, [(
                "main-content", "Someone else recorded a step on this record after you opened "
                "this form, so nothing was saved. Check the record's history, then try again.")],
                409)
        except (InvalidLifecycleStep, AlreadyExists) as error:
            return _show(request, viewer, form, target, record_review, item, shown,
                         [("main-content", error.message)], 409)
        pages_for(request, viewer).settle()
        return RedirectResponse(f"{_target_page(target)}?recorded={form.slug}", status_code=303)

    router.add_api_route(path, show_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(path, post_form, methods=["POST"], response_class=HTMLResponse)


def _plain_ids(form: StepForm) -> Callable[[tuple[Any, ...]], str | None]:
    fields = {spec.name: spec for spec in (*form.fields, BUSINESS_DATE, SOURCE)}

    def ids(location: tuple[Any, ...]) -> str | None:
        spec = fields.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return ids


def _shown_values(posted: FormData, data: dict[str, Any]) -> dict[str, Any]:
    """What to put back in the form after a problem: exactly what was typed."""
    shown: dict[str, Any] = {key: value for key, value in posted.multi_items()
                             if key != "csrf_token"}
    for key in set(posted.keys()):
        if len(posted.getlist(key)) > 1:
            shown[key] = posted.getlist(key)
    shown["expected_version"] = data.get("expected_version")
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
    data, problems = read_fields(posted, (*CABINET_MEETING, BUSINESS_DATE, SOURCE))
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
    plain = {spec.name: spec for spec in (*CABINET_MEETING, BUSINESS_DATE, SOURCE)}
    labels = {label: safe_id(label) for label in awaiting}

    def ids(location: tuple[Any, ...]) -> str | None:
        if len(location) >= 3 and location[0] == "responses" and str(location[1]) in labels:
            return f"r-{labels[str(location[1])]}-{location[2]}"
        spec = plain.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return data, problems, ids


_routes("review", PREFIX + "/reviews/{review}/steps/{slug}")
_routes("recommendation", PREFIX + "/reviews/{review}/recommendations/{label}/steps/{slug}")
_routes("action", PREFIX + "/reviews/{review}/actions/{label}/steps/{slug}")
