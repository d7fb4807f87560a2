"""Numbered actions of inspection action plans: progress, target dates, owners, duplicates."""

from __future__ import annotations

from fastapi import APIRouter

from api.answers import step_arguments
from api.dependencies import Actor, AnswersDep, Reporter, Service, Today
from api.routers import ERRORS
from api.schemas import (
    ActionView,
    MarkActionDuplicate,
    ReassignActionOwner,
    RecordActionProgress,
    ReviseActionTargetDate,
)

router = APIRouter(prefix="/reviews/{review}/actions/{number}", tags=["actions"])


@router.get("", summary="An action with its progress and full history", responses=ERRORS)
def get_action(review: str, number: str, answers: AnswersDep) -> ActionView:
    return answers.action(review, number)


@router.post("/progress", summary="Record progress and status", responses=ERRORS)
def record_action_progress(
    review: str,
    number: str,
    body: RecordActionProgress,
    service: Service,
    answers: AnswersDep,
    who: Reporter,
    today: Today,
) -> ActionView:
    """Advisers, and the action's owner."""
    service.record_action_progress(review, number, status=body.status, note=body.note,
                                   reporter=who, **step_arguments(body, who.name, today))
    return answers.action(review, number, settle=True)


@router.post("/target-date", summary="Revise the 'by when', with a reason", responses=ERRORS)
def revise_action_target_date(
    review: str,
    number: str,
    body: ReviseActionTargetDate,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ActionView:
    service.revise_action_target_date(
        review,
        number,
        by_when=body.by_when,
        reason=body.reason,
        **step_arguments(body, actor, today),
    )
    return answers.action(review, number, settle=True)


@router.post("/owner", summary="Reassign the lead action owner", responses=ERRORS)
def reassign_action_owner(
    review: str,
    number: str,
    body: ReassignActionOwner,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ActionView:
    service.reassign_action_owner(
        review, number, owner=body.owner, reason=body.reason, **step_arguments(body, actor, today)
    )
    return answers.action(review, number, settle=True)


@router.post(
    "/duplicate", summary="Mark as a duplicate of another action or finding", responses=ERRORS
)
def mark_action_duplicate(
    review: str,
    number: str,
    body: MarkActionDuplicate,
    service: Service,
    answers: AnswersDep,
    actor: Actor,
    today: Today,
) -> ActionView:
    service.mark_action_duplicate(
        review,
        number,
        duplicate_of=body.duplicate_of,
        note=body.note,
        **step_arguments(body, actor, today),
    )
    return answers.action(review, number, settle=True)
