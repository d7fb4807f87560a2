"""The API's lifecycle steps, built from the commands' declarations (application/commands).

Each command that declares a ``Route`` gets one POST endpoint: its body is the command, the
address's parameters name the record (and, for some steps, a rule or a label), and the answer is
the record's detail once the views include the step (read-your-writes). Only advisers take a
step, except those a command lets the officer an item is assigned to take (``reporter``). The
endpoint's name is the command's route name, so the OpenAPI operation ids stay as they were.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter

from api.answers import Answers
from api.dependencies import Adviser, AnswersDep, Reporter, Service, Today
from api.routers import ERRORS
from api.routers.work_programme import commission_name, item_view, meeting_view
from api.schemas import ActionView, RecommendationView, ReviewDetail
from application.commands import (
    Command,
    Record,
    action_plans,
    declared,
    exemptions,
    implementation,
    reviews,
    work_programme,
)
from application.service import ScrutinyService
from domain.access import Principal

Path = dict[str, Any]


@dataclass(frozen=True)
class Answering:
    """How the API answers a step on a kind of record: with which view, read how."""

    view: Any
    read: Callable[[Answers, Path], Any]


def _as_named(answers: Answers, path: Path) -> Path:
    """A work programme's address names the commission by its slug; handlers take its name."""
    if "commission_slug" not in path:
        return path
    named = dict(path)
    named["commission_slug"] = commission_name(answers.read_models, path["commission_slug"])
    return named


def _read_meeting(answers: Answers, path: Path) -> Any:
    answers.settle()
    return meeting_view(answers.read_models, path["commission_slug"], path["meets_on"])


ANSWERING: dict[Record, Answering] = {
    "review": Answering(ReviewDetail, lambda a, p: a.review(p["review"], settle=True)),
    "recommendation": Answering(
        RecommendationView, lambda a, p: a.recommendation(p["review"], p["label"], settle=True)),
    "action": Answering(ActionView, lambda a, p: a.action(p["review"], p["number"], settle=True)),
    "meeting": Answering(dict[str, Any], _read_meeting),
    "programme_item": Answering(dict[str, Any], lambda a, p: item_view(
        a.service, a.read_models, p["commission_slug"], p["reference"], settle=True)),
}
PARAMETER_TYPES: dict[str, type] = {"meets_on": date}
"""Address parameters that are not text."""


def endpoint(command: type[Command]) -> Callable[..., Any]:
    """The command's endpoint, with the signature FastAPI reads its parameters from."""
    route = command.route
    assert route is not None
    answering = ANSWERING[command.answered_by()]

    def take_step(body: Command, service: ScrutinyService, answers: Answers, who: Principal,
                  today: date, **path: Any) -> Any:
        named = _as_named(answers, path)
        body.record(service, named, actor=who.name, today=today, reporter=who)
        return answering.read(answers, named)

    keyword = inspect.Parameter.KEYWORD_ONLY
    take_step.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*(inspect.Parameter(name, keyword, annotation=PARAMETER_TYPES.get(name, str))
           for name in route.parameters()),
         inspect.Parameter("body", keyword, annotation=command),
         inspect.Parameter("service", keyword, annotation=Service),
         inspect.Parameter("answers", keyword, annotation=AnswersDep),
         inspect.Parameter("who", keyword, annotation=Reporter if command.reporter else Adviser),
         inspect.Parameter("today", keyword, annotation=Today)],
        return_annotation=answering.view,
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
                summary=command.route.summary, responses=ERRORS, tags=[command.tag],
                response_model=ANSWERING[command.answered_by()].view,
            )


router = APIRouter()
add_steps(router, declared(reviews, implementation, action_plans, exemptions, work_programme))
