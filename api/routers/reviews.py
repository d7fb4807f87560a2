"""Reviews: proposal, scoping, evidence, findings, OSMB, Cabinet, report-back and closure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from api.answers import step_arguments
from api.dependencies import Access, Actor, AnswersDep, Reads, Service, Today
from api.downloads import MEDIA_TYPES, monitoring_response
from api.listing import ReviewPaging, listing
from api.routers import CSV, ERRORS
from api.schemas import (
    AddAction,
    AddDraftRecommendation,
    AgreeFindings,
    AmendWording,
    CloseReview,
    ExtendDeadline,
    HistoryEntryView,
    ListPage,
    Plain,
    ProposeReview,
    RecordActionPlan,
    RecordCabinetResponse,
    RecordEvidenceSession,
    ReportResponseBack,
    ReturnForRevision,
    ReviewDetail,
    ReviewSummary,
    ScopeReview,
    SubmitToCabinet,
    WithdrawRecommendation,
    WithdrawReview,
)
from application.service import DraftRecommendation, PlannedAction
from domain.errors import NotFound
from domain.recommendation import CabinetResponse
from domain.review import InspectionFinding
from domain.values import ReviewKind, ReviewStatus
from projections import queries
from reports.monitoring_report import monitoring_report

router = APIRouter(prefix="/reviews", tags=["reviews"])


@router.get("", summary="Reviews, filtered, sorted and paged; format=csv or xlsx",
            response_model=ListPage[ReviewSummary], responses=CSV)
def list_reviews(
    paged: ReviewPaging,
    reads: Reads,
    access: Access,
    commission: str | None = None,
    status: ReviewStatus | None = None,
    kind: ReviewKind | None = None,
    sort: Annotated[
        Literal["proposed", "reference", "title", "status", "commission"], Query()
    ] = "proposed",
) -> Any:
    found = queries.review_list(
        reads.connection(),
        commission=commission,
        status=status,
        kind=kind,
        sort=sort,
        page=paged.page,
        page_size=paged.page_size,
        access=access,
    )
    return listing(found, ReviewSummary, paged, "reviews")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Propose a review", responses=ERRORS)
def propose_review(
    body: ProposeReview,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
    response: Response,
) -> ReviewDetail:
    review_id = service.propose_review(
        title=body.title,
        commission=body.commission,
        kind=body.kind,
        members=body.members,
        reference=body.reference,
        actor=actor,
        on=body.business_date or today,
        source=body.source,
    )
    detail = answers.review(review_id, settle=True)
    response.headers["Location"] = f"/reviews/{detail.reference}"
    return detail


@router.get(
    "/{review}",
    summary="A review with its recommendations, actions and full history",
    responses=ERRORS,
)
def get_review(review: str, answers: AnswersDep) -> ReviewDetail:
    return answers.review(review)


@router.get("/{review}/history", summary="Every event of the review itself", responses=ERRORS)
def review_history(review: str, answers: AnswersDep) -> list[HistoryEntryView]:
    return answers.review(review).history


@router.post("/{review}/scope", summary="Record the review's scope", responses=ERRORS)
def scope_review(
    review: str,
    body: ScopeReview,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.scope_review(review, body.terms_of_reference, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post(
    "/{review}/evidence-sessions", summary="Record an evidence session held", responses=ERRORS
)
def record_evidence_session(
    review: str,
    body: RecordEvidenceSession,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.record_evidence_session(
        review,
        title=body.title,
        witnesses=body.witnesses,
        notes=body.notes,
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/findings", summary="Agree findings and draft recommendations", responses=ERRORS
)
def agree_findings(
    review: str,
    body: AgreeFindings,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.agree_findings(
        review,
        findings=body.findings,
        recommendations=[
            DraftRecommendation(label=r.label, text=r.text) for r in body.recommendations
        ],
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post("/{review}/recommendations", summary="Add a draft recommendation", responses=ERRORS)
def add_draft_recommendation(
    review: str,
    body: AddDraftRecommendation,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.add_draft_recommendation(
        review, label=body.label, text=body.text, **step_arguments(body, actor, today)
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/recommendations/{label}/withdrawal",
    summary="Withdraw a draft recommendation",
    responses=ERRORS,
)
def withdraw_draft_recommendation(
    review: str,
    label: str,
    body: WithdrawRecommendation,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.withdraw_draft_recommendation(
        review, label, reason=body.reason, **step_arguments(body, actor, today)
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/recommendations/{label}/wording",
    summary="Amend a draft recommendation's wording",
    responses=ERRORS,
)
def amend_wording(
    review: str,
    label: str,
    body: AmendWording,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.amend_recommendation_wording(
        review,
        label,
        text=body.text,
        replace=body.replace,
        replacement=body.replacement,
        reason=body.reason,
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post("/{review}/osmb/referral", summary="Refer the review to OSMB", responses=ERRORS)
def refer_to_osmb(
    review: str, body: Plain, service: Service, answers: AnswersDep, actor: Actor, today: Today
) -> ReviewDetail:
    service.refer_to_osmb(review, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post(
    "/{review}/osmb/return", summary="OSMB returns the report for revision", responses=ERRORS
)
def return_for_revision(
    review: str,
    body: ReturnForRevision,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.return_for_revision(
        review, comments=body.comments, **step_arguments(body, actor, today)
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/osmb/resubmission", summary="Resubmit the revised report to OSMB", responses=ERRORS
)
def resubmit_to_osmb(
    review: str, body: Plain, service: Service, answers: AnswersDep, actor: Actor, today: Today
) -> ReviewDetail:
    service.resubmit_to_osmb(review, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post("/{review}/osmb/endorsement", summary="OSMB endorses the report", responses=ERRORS)
def endorse(
    review: str, body: Plain, service: Service, answers: AnswersDep, actor: Actor, today: Today
) -> ReviewDetail:
    service.endorse_by_osmb(review, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post(
    "/{review}/cabinet/submission",
    summary="Submit to Cabinet and serve notice (starts the s.9FE two months)",
    responses=ERRORS,
)
def submit_to_cabinet(
    review: str,
    body: SubmitToCabinet,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.submit_to_cabinet(
        review,
        report_received_on=body.report_received_on,
        notice_served_on=body.notice_served_on,
        report_to_council=body.report_to_council,
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/cabinet/response",
    summary="Record Cabinet's response to some or all recommendations",
    responses=ERRORS,
)
def record_cabinet_response(
    review: str,
    body: RecordCabinetResponse,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.record_cabinet_response(
        review,
        minute_number=body.minute_number,
        responses={label: CabinetResponse(**r.model_dump()) for label, r in body.responses.items()},
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/deadlines/{rule}/extension",
    summary="Record an agreed extension of a review deadline, with its reason",
    responses=ERRORS,
)
def extend_deadline(
    review: str,
    rule: str,
    body: ExtendDeadline,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.extend_deadline(
        review, rule, due=body.due, reason=body.reason, **step_arguments(body, actor, today)
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/report-back",
    summary="Report Cabinet's response back to the commission or Council",
    responses=ERRORS,
)
def report_response_back(
    review: str,
    body: ReportResponseBack,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.report_response_back(
        review,
        reported_to=body.reported_to,
        minute_number=body.minute_number,
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/action-plan",
    summary="Record an inspection action plan's findings and actions",
    responses=ERRORS,
)
def record_action_plan(
    review: str,
    body: RecordActionPlan,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.record_action_plan(
        review,
        findings=[InspectionFinding(**f.model_dump()) for f in body.findings],
        actions=[PlannedAction(**a.model_dump()) for a in body.actions],
        **step_arguments(body, actor, today),
    )
    return answers.review(review, settle=True)


@router.post(
    "/{review}/actions", summary="Add an action to an agreed action plan", responses=ERRORS
)
def add_action(
    review: str, body: AddAction, service: Service, answers: AnswersDep, actor: Actor, today: Today
) -> ReviewDetail:
    action = PlannedAction(
        number=body.number,
        text=body.text,
        owner=body.owner,
        by_when=body.by_when,
        duplicate_of=body.duplicate_of,
    )
    service.add_action(review, action=action, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post(
    "/{review}/closure", summary="Close the review once nothing is left open", responses=ERRORS
)
def close_review(
    review: str,
    body: CloseReview,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.close_review(review, note=body.note, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


@router.post(
    "/{review}/withdrawal", summary="Withdraw a review before it goes to Cabinet", responses=ERRORS
)
def withdraw_review(
    review: str,
    body: WithdrawReview,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ReviewDetail:
    service.withdraw_review(review, reason=body.reason, **step_arguments(body, actor, today))
    return answers.review(review, settle=True)


def _monitoring_report_in(form: str) -> Callable[..., Response]:
    def monitoring_report_document(review: str, reads: Reads, service: Service, today: Today,
                                   access: Access, answers: AnswersDep) -> Response:
        answers.review(review)  # names the review if it is not there (or not the reader's to see)
        found = monitoring_report(reads, str(service.review_id(review)), today, access)
        if found is None:
            raise NotFound(f"There is no review {review!r}.")
        return monitoring_response(found, service.deadline_engine.settings.name, form,
                                   found.review["reference"])
    return monitoring_report_document


# One address per format (not a {format} parameter): each is a plain path that links, caches
# and is walked by the exempt-information tests like any other.
for _form, _words in (("docx", "Word"), ("html", "a printable HTML page"), ("pdf", "PDF")):
    router.add_api_route(
        f"/{{review}}/monitoring-report.{_form}", _monitoring_report_in(_form), methods=["GET"],
        response_class=Response, name=f"monitoring_report_{_form}",
        responses={**ERRORS, 200: {"description": f"The report as {_words}",
                                   "content": {MEDIA_TYPES[_form]: {}}}},
        summary=f"The review's monitoring report for committee papers ({_words}); the public "
        "gets the version without exempt information")
