"""The API's lifecycle steps, built from the commands' declarations (application/commands).

Each command that declares a ``Route`` gets one POST endpoint: its body is the command, the
address's parameters name the record (and, for some steps, a rule or a label), and the answer is
the record's detail once the views include the step (read-your-writes). Only advisers take a
step, except those a command lets the officer an item is assigned to take (``reporter``). The
endpoint's name is the command's route name, so the OpenAPI operation ids stay as they were.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import APIRouter

from api.answers import Answers
from api.dependencies import Adviser, AnswersDep, Reporter, Service, Today
from api.routers import ERRORS
from api.schemas import ActionView, RecommendationView, ReviewDetail
from application.commands import (
    Command,
    Record,
    action_plans,
    declared,
    exemptions,
    implementation,
    reviews,
)
from application.service import ScrutinyService
from domain.access import Principal

ANSWERS: dict[Record, type[Any]] = {
    "review": ReviewDetail, "recommendation": RecommendationView, "action": ActionView,
}


def _answer(answers: Answers, record: Record, path: dict[str, str]) -> Any:
    if record == "recommendation":
        return answers.recommendation(path["review"], path["label"], settle=True)
    if record == "action":
        return answers.action(path["review"], path["number"], settle=True)
    return answers.review(path["review"], settle=True)


def endpoint(command: type[Command]) -> Any:
    """The command's endpoint, with the signature FastAPI reads its parameters from."""
    route = command.route
    assert route is not None
    names = route.parameters()
    answered_by = command.answered_by()

    def take_step(body: Command, service: ScrutinyService, answers: Answers, who: Principal,
                  today: Any, **path: str) -> Any:
        body.record(service, path, actor=who.name, today=today, reporter=who)
        return _answer(answers, answered_by, path)

    keyword = inspect.Parameter.KEYWORD_ONLY
    take_step.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*(inspect.Parameter(name, keyword, annotation=str) for name in names),
         inspect.Parameter("body", keyword, annotation=command),
         inspect.Parameter("service", keyword, annotation=Service),
         inspect.Parameter("answers", keyword, annotation=AnswersDep),
         inspect.Parameter("who", keyword, annotation=Reporter if command.reporter else Adviser),
         inspect.Parameter("today", keyword, annotation=Today)],
        return_annotation=ANSWERS[answered_by],
    )
    take_step.__name__ = take_step.__qualname__ = route.name
    take_step.__doc__ = route.description
    return take_step


def add_steps(router: APIRouter, commands: list[type[Command]]) -> None:
    """An endpoint on ``router`` for each command that declares a route."""
    for command in commands:
        if command.route is not None:
            router.add_api_route(
                command.route.path, endpoint(command), methods=["POST"],
                summary=command.route.summary, responses=ERRORS, tags=[command.route.tag],
                response_model=ANSWERS[command.answered_by()],
            )


router = APIRouter()
add_steps(router, declared(reviews, implementation, action_plans, exemptions))
