"""Exempt information (LGA 1972 Sch 12A): marking and lifting exemptions, and the advisers' list
of exemptions due for review."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.answers import step_arguments
from api.dependencies import Actor, Adviser, AnswersDep, Reads, Service, Today
from api.listing import Paged, listing
from api.routers import CSV, ERRORS
from api.schemas import (
    ActionView,
    ExemptionRow,
    LiftExemption,
    ListPage,
    MarkExempt,
    RecommendationView,
    ReviewDetail,
)
from application.service import ScrutinyService
from projections import queries

router = APIRouter(tags=["exempt information"])


@router.get("/exemptions", summary="Exemptions in force (advisers); format=csv or xlsx",
            response_model=ListPage[ExemptionRow], responses=CSV)
def list_exemptions(
    paged: Paged,
    reads: Reads,
    today: Today,
    adviser: Adviser,
    past_review_date: Annotated[
        bool, Query(description="Only exemptions whose review-by date has passed")
    ] = False,
    review: str | None = None,
) -> Any:
    found = queries.exemptions(
        reads.connection(), today, past_review_date,
        str(ScrutinyService.review_id(review)) if review else None, paged.page, paged.page_size,
    )
    return listing(found, ExemptionRow, paged, "exemptions")


def _mark(service: ScrutinyService, body: MarkExempt, review: str, actor: str, today: date,
          recommendation: str | None = None, action: str | None = None) -> None:
    service.mark_exempt(review, recommendation=recommendation, action=action,
                        paragraphs=body.paragraphs, reason=body.reason, review_by=body.review_by,
                        note=body.note, **step_arguments(body, actor, today))


def _lift(service: ScrutinyService, body: LiftExemption, review: str, actor: str, today: date,
          recommendation: str | None = None, action: str | None = None) -> None:
    service.lift_exemption(review, recommendation=recommendation, action=action,
                           reason=body.reason, note=body.note,
                           **step_arguments(body, actor, today))


@router.post("/reviews/{review}/exemption", summary="Mark a review exempt", responses=ERRORS)
def mark_review_exempt(review: str, body: MarkExempt, service: Service, answers: AnswersDep,
                       actor: Actor, today: Today) -> ReviewDetail:
    _mark(service, body, review, actor, today)
    return answers.review(review, settle=True)


@router.post("/reviews/{review}/exemption/lifting", summary="Lift a review's exemption",
             responses=ERRORS)
def lift_review_exemption(review: str, body: LiftExemption, service: Service, answers: AnswersDep,
                          actor: Actor, today: Today) -> ReviewDetail:
    _lift(service, body, review, actor, today)
    return answers.review(review, settle=True)


@router.post("/reviews/{review}/recommendations/{label}/exemption",
             summary="Mark a recommendation (or one of its progress notes) exempt",
             responses=ERRORS)
def mark_recommendation_exempt(review: str, label: str, body: MarkExempt, service: Service,
                               answers: AnswersDep, actor: Actor, today: Today
                               ) -> RecommendationView:
    _mark(service, body, review, actor, today, recommendation=label)
    return answers.recommendation(review, label, settle=True)


@router.post("/reviews/{review}/recommendations/{label}/exemption/lifting",
             summary="Lift a recommendation's (or a note's) exemption", responses=ERRORS)
def lift_recommendation_exemption(review: str, label: str, body: LiftExemption,
                                  service: Service, answers: AnswersDep, actor: Actor, today: Today
                                  ) -> RecommendationView:
    _lift(service, body, review, actor, today, recommendation=label)
    return answers.recommendation(review, label, settle=True)


@router.post("/reviews/{review}/actions/{number}/exemption",
             summary="Mark an action (or one of its progress notes) exempt", responses=ERRORS)
def mark_action_exempt(review: str, number: str, body: MarkExempt, service: Service,
                       answers: AnswersDep, actor: Actor, today: Today) -> ActionView:
    _mark(service, body, review, actor, today, action=number)
    return answers.action(review, number, settle=True)


@router.post("/reviews/{review}/actions/{number}/exemption/lifting",
             summary="Lift an action's (or a note's) exemption", responses=ERRORS)
def lift_action_exemption(review: str, number: str, body: LiftExemption, service: Service,
                          answers: AnswersDep, actor: Actor, today: Today) -> ActionView:
    _lift(service, body, review, actor, today, action=number)
    return answers.action(review, number, settle=True)
