"""An action of an inspection action plan, with its progress and history. Its steps (progress,
target dates, owners, duplicates) are built from their commands in api/routers/steps.py."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import AnswersDep
from api.routers import ERRORS
from api.schemas import ActionView

router = APIRouter(prefix="/reviews/{review}/actions/{number}", tags=["actions"])


@router.get("", summary="An action with its progress and full history", responses=ERRORS)
def get_action(review: str, number: str, answers: AnswersDep) -> ActionView:
    return answers.action(review, number)
