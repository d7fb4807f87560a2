"""The deadline rule catalogue, and any rule computed for a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.dependencies import Service
from api.routers import ERRORS
from api.schemas import ComputedDateView, RuleView
from domain.deadline_rules import RULES
from domain.errors import InvalidCommand, NotFound

router = APIRouter(prefix="/deadlines", tags=["deadlines"])


@router.get("/rules", summary="Every deadline rule with its counting and citation")
def list_rules() -> list[RuleView]:
    return [RuleView(**vars(rule)) for rule in RULES.values()]


@router.get("/compute", summary="Compute a rule's date", responses=ERRORS)
def compute(
    service: Service,
    rule: Annotated[str, Query(description="A rule id, e.g. executive-response")],
    start: Annotated[
        date,
        Query(
            alias="date", description="The date the rule counts from (see the rule's date_means)"
        ),
    ],
    notice: Annotated[
        date | None,
        Query(description="executive-response only: the day notice was served, if later"),
    ] = None,
) -> ComputedDateView:
    if rule not in RULES:
        raise NotFound(f"There is no deadline rule {rule!r}; the rules are: " + ", ".join(RULES))
    if notice is not None and rule != "executive-response":
        raise InvalidCommand("notice", "only the executive-response rule takes a notice date")
    try:
        computed = service.deadline_engine.compute(rule, start, notice=notice)
    except (ValueError, OverflowError) as error:
        raise InvalidCommand("date", f"cannot count from {start}: {error}") from None
    return ComputedDateView.of(computed)
