"""Recommendations after Cabinet's response: officers, progress, target dates and completion."""

from __future__ import annotations

from fastapi import APIRouter

from api.answers import step_arguments
from api.dependencies import Actor, AnswersDep, Reporter, Service, Today
from api.routers import ERRORS
from api.schemas import (
    AssignResponsibleOfficer,
    Evidence,
    RecommendationView,
    RecordProgress,
    RefuseCompletion,
    ReviseTargetDate,
    Supersede,
)

router = APIRouter(prefix="/reviews/{review}/recommendations/{label}", tags=["recommendations"])


@router.get(
    "", summary="A recommendation with its response, progress and full history", responses=ERRORS
)
def get_recommendation(review: str, label: str, answers: AnswersDep) -> RecommendationView:
    return answers.recommendation(review, label)


@router.post("/responsible-officer", summary="Assign the responsible officer", responses=ERRORS)
def assign_responsible_officer(
    review: str,
    label: str,
    body: AssignResponsibleOfficer,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> RecommendationView:
    service.assign_responsible_officer(
        review,
        label,
        officer=body.officer,
        reason=body.reason,
        **step_arguments(body, actor, today),
    )
    return answers.recommendation(review, label, settle=True)


@router.post("/progress", summary="Add a progress update (RAG status and note)", responses=ERRORS)
def record_progress(
    review: str,
    label: str,
    body: RecordProgress,
    service: Service,
    answers: AnswersDep,
    who: Reporter,
    today: Today,
) -> RecommendationView:
    """Advisers, and the officer the recommendation is assigned to."""
    service.record_progress(review, label, rag=body.rag, note=body.note, reporter=who,
                            **step_arguments(body, who.name, today))
    return answers.recommendation(review, label, settle=True)


@router.post("/target-date", summary="Revise the target date, with a reason", responses=ERRORS)
def revise_target_date(
    review: str,
    label: str,
    body: ReviseTargetDate,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> RecommendationView:
    service.revise_target_date(
        review,
        label,
        target_date=body.target_date,
        reason=body.reason,
        **step_arguments(body, actor, today),
    )
    return answers.recommendation(review, label, settle=True)


@router.post(
    "/completion/proposal",
    summary="The officer proposes completion, with evidence",
    responses=ERRORS,
)
def propose_completion(
    review: str,
    label: str,
    body: Evidence,
    service: Service,
    answers: AnswersDep,
    who: Reporter,
    today: Today,
) -> RecommendationView:
    """Advisers, and the officer the recommendation is assigned to."""
    service.propose_completion(review, label, evidence=body.evidence, reporter=who,
                               **step_arguments(body, who.name, today))
    return answers.recommendation(review, label, settle=True)


@router.post(
    "/completion/confirmation",
    summary="Scrutiny confirms completion, with evidence",
    responses=ERRORS,
)
def confirm_completion(
    review: str,
    label: str,
    body: Evidence,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> RecommendationView:
    service.confirm_completion(
        review, label, evidence=body.evidence, **step_arguments(body, actor, today)
    )
    return answers.recommendation(review, label, settle=True)


@router.post(
    "/completion/refusal", summary="Scrutiny refuses completion, with reasons", responses=ERRORS
)
def refuse_completion(
    review: str,
    label: str,
    body: RefuseCompletion,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> RecommendationView:
    service.refuse_completion(
        review, label, reasons=body.reasons, **step_arguments(body, actor, today)
    )
    return answers.recommendation(review, label, settle=True)


@router.post(
    "/supersession", summary="Scrutiny closes the recommendation as superseded", responses=ERRORS
)
def close_as_superseded(
    review: str,
    label: str,
    body: Supersede,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> RecommendationView:
    service.close_recommendation_as_superseded(
        review, label, reason=body.reason, **step_arguments(body, actor, today)
    )
    return answers.recommendation(review, label, settle=True)
