"""Reviews: the list, proposal, a review's detail and history, and its monitoring report.

The review's lifecycle steps (scoping to closure) are built from their commands in
api/routers/steps.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from api.dependencies import Access, Actor, AnswersDep, Reads, Service, Today
from api.downloads import MEDIA_TYPES, monitoring_response
from api.listing import ReviewPaging, listing
from api.routers import CSV, ERRORS
from api.schemas import HistoryEntryView, ListPage, ReviewDetail, ReviewSummary
from application.commands.reviews import ProposeReview
from domain.errors import NotFound
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
    review_id = body.record(service, {}, actor=actor, today=today)
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
