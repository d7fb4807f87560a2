"""Exempt information (LGA 1972 Sch 12A): the advisers' list of exemptions due for review. Marking
and lifting an exemption are steps built from their commands in api/routers/steps.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.dependencies import Adviser, Reads, Today
from api.listing import Paged, listing
from api.routers import CSV
from api.schemas import ExemptionRow, ListPage
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
