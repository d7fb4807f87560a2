"""The deadline rule catalogue, and any rule computed for a date."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.dependencies import Access, Reads, Service, Today
from api.listing import Paged, listing
from api.routers import CSV, ERRORS
from api.schemas import ComputedDateView, DeadlineEntry, ListPage, RuleView
from application.service import ScrutinyService
from domain.deadline_rules import RULES
from domain.deadlines import DeadlineStatus
from domain.errors import InvalidCommand, NotFound
from projections import queries

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


@router.get("", summary="The deadline register: filter, sort and page; format=csv or xlsx",
            response_model=ListPage[DeadlineEntry], responses=CSV)
def deadline_register(
    paged: Paged,
    reads: Reads,
    today: Today,
    access: Access,
    overdue: bool = False,
    due_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    status: DeadlineStatus | None = None,
    commission: str | None = None,
    owner: str | None = None,
    rule: str | None = None,
    review: str | None = None,
    subject_kind: Annotated[Literal["review", "programme_item"] | None, Query(
        description="programme_item: only the work programme's follow-ups")] = None,
    sort: Literal["due", "due_desc", "review"] = "due",
) -> Any:
    filters = queries.DeadlineFilter(
        overdue=overdue, due_within_days=due_within_days, status=status, commission=commission,
        owner=owner, rule=rule, sort=sort, subject_kind=subject_kind,
        review_id=str(ScrutinyService.review_id(review)) if review else None,
    )

    def register() -> queries.Page:
        return queries.deadline_register(reads.connection(), filters, today, paged.page,
                                         paged.page_size, access=access)

    if paged.format != "json":
        return listing(register(), DeadlineEntry, paged, "deadlines")
    # The register is read far more often than anything is recorded: the same page is answered
    # again, as the same bytes, until the views move.
    body = reads.as_of_position(
        ("deadline register", astuple(filters), today, paged.page, paged.page_size, access),
        lambda: ListPage[DeadlineEntry].model_construct(
            **listing(register(), DeadlineEntry, paged, "deadlines")).model_dump_json(
                by_alias=True).encode())
    return Response(body, media_type="application/json")
