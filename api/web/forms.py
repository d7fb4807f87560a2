"""The routes of the dashboard's forms: show a step's form, take it, record the step.

Each form is its command's (application/commands, drawn in api/web/step_forms.py): its fields,
the request model that validates them (the command), and the handler that records it. Bad input
comes back as the GOV.UK error summary with an inline error on each field, and nothing is
recorded. A form carries the version of the record it was drawn from, so a step recorded by
someone else in the meantime is refused rather than silently overtaken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.web import (
    PREFIX,
    Viewer,
    answers_for,
    error_page,
    expired_form,
    item_url,
    render,
    review_url,
    viewer_of,
)
from api.web.form_input import (
    domain_problem,
    field_id,
    read_cabinet_response,
    read_fields,
    shown_values,
    validation_problems,
)
from api.web.step_forms import (
    CABINET_FIELDS,
    CABINET_MEETING,
    FORMS,
    PROPOSE,
    WHEN_AND_WHERE,
    StepForm,
    Target,
)
from application.commands.reviews import ProposeReview
from application.service import ScrutinyService
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
from domain.known_dates import DateKnown

router = APIRouter(include_in_schema=False)


_BY_SUBJECT = {(form.subject, form.slug): form for form in FORMS}
_BY_SUBJECT[("review", "new")] = PROPOSE  # the banner on a review just proposed


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


# --- the routes ----------------------------------------------------------------------------------

MAX_FORM_BYTES = 256 * 1024
"""A step form is a few kilobytes; anything much larger is refused unread."""


def _target_page(target: Target) -> str:
    if target.kind == "review":
        return review_url(target.review)
    return item_url(target.review, target.kind, target.label)


def _record_of(request: Request, viewer: Viewer, target: Target) -> tuple[Any, Any]:
    """The review and, for an item's form, the item, as the viewer may see them."""
    answers = answers_for(request, viewer)
    review = answers.review(target.review)
    if target.kind == "recommendation":
        return review, answers.recommendation(target.review, target.label)
    if target.kind == "action":
        return review, answers.action(target.review, target.label)
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
        values = _fresh(request)
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
        if expired := expired_form(request, viewer, posted):
            return expired
        record_review, item = _record_of(request, viewer, target)
        _authorise(viewer, form, item)
        shown = shown_values(posted, form)
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
            data, problems, ids = read_cabinet_response(posted, record_review)
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
            body = form.command.model_validate(data)
        except ValidationError as error:
            return _show(request, viewer, form, target, record_review, item, shown, drawn_from,
                         validation_problems(error, known, ids), 422)
        service: ScrutinyService = request.app.state.service
        try:
            form.record(service, target, body, viewer.principal, request.app.state.clock.today())
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
        answers_for(request, viewer).settle()
        return RedirectResponse(f"{_target_page(target)}?recorded={form.slug}", status_code=303)

    router.add_api_route(path, show_form, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(path, post_form, methods=["POST"], response_class=HTMLResponse)


def _fresh(request: Request) -> dict[str, Any]:
    """A form as first drawn: it happened today, and the day is known exactly."""
    return {"business_date": request.app.state.clock.today().isoformat(),
            "date_known": DateKnown.EXACT.value}


def _plain_ids(form: StepForm) -> Callable[[tuple[Any, ...]], str | None]:
    fields = {spec.name: spec for spec in (*form.fields, *WHEN_AND_WHERE)}

    def ids(location: tuple[Any, ...]) -> str | None:
        spec = fields.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return ids


# --- proposing a review: the one form with no record yet ---------------------------------------

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
    return _propose_page(request, viewer, _fresh(request))


@router.post(PREFIX + "/reviews/new", response_class=HTMLResponse)
async def propose(request: Request) -> Response:
    viewer = viewer_of(request)
    _authorise(viewer, PROPOSE, None)
    if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
        return error_page(request, 413, "This form is too large",
                          "Nothing was recorded. Shorten the text and try again.")
    posted = await request.form()
    if expired := expired_form(request, viewer, posted):
        return expired
    fields = (*PROPOSE.fields, *WHEN_AND_WHERE)
    known = {spec.name: spec for spec in fields}
    ids = _plain_ids(PROPOSE)
    shown = shown_values(posted, PROPOSE)
    data, problems = read_fields(posted, fields)
    if problems:
        return _propose_page(request, viewer, shown, problems, 422)
    try:
        body = ProposeReview.model_validate(data)
    except ValidationError as error:
        return _propose_page(request, viewer, shown, validation_problems(error, known, ids), 422)
    service: ScrutinyService = request.app.state.service
    try:
        review_id = PROPOSE.record(service, Target(""), body, viewer.principal,
                                   request.app.state.clock.today())
    except InvalidCommand as error:
        return _propose_page(request, viewer, shown, [domain_problem(error, known, ids)], 422)
    except AlreadyExists as error:
        return _propose_page(request, viewer, shown, [("reference", error.message)], 409)
    page = answers_for(request, viewer)
    page.settle()
    reference = page.review(review_id).reference
    return RedirectResponse(f"{review_url(reference)}?recorded=new", status_code=303)


_routes("review", PREFIX + "/reviews/{review}/steps/{slug}")
_routes("recommendation", PREFIX + "/reviews/{review}/recommendations/{label}/steps/{slug}")
_routes("action", PREFIX + "/reviews/{review}/actions/{label}/steps/{slug}")
