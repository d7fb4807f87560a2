"""A recommendation with its response, progress and history. Its steps after Cabinet's response
(officers, progress, target dates, completion) are built from their commands in
api/routers/steps.py."""

from __future__ import annotations

from fastapi import APIRouter

from api.dependencies import AnswersDep
from api.routers import ERRORS
from api.schemas import RecommendationView

router = APIRouter(prefix="/reviews/{review}/recommendations/{label}", tags=["recommendations"])


@router.get(
    "", summary="A recommendation with its response, progress and full history", responses=ERRORS
)
def get_recommendation(review: str, label: str, answers: AnswersDep) -> RecommendationView:
    return answers.recommendation(review, label)
