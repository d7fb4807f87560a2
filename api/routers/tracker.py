"""The recommendation tracker: every recommendation and action with where it stands."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.dependencies import Access, Reads, Today
from api.listing import Paged, listing
from api.routers import CSV
from api.schemas import ListPage, StatusCount, TrackerRow
from application.service import ScrutinyService
from projections import queries

router = APIRouter(prefix="/tracker", tags=["tracker"])


@router.get("", summary="Recommendations and actions: filter and page; format=csv or xlsx",
            response_model=ListPage[TrackerRow], responses=CSV)
def tracker(
    paged: Paged,
    reads: Reads,
    today: Today,
    access: Access,
    review: str | None = None,
    commission: str | None = None,
    status: str | None = None,
    officer: str | None = None,
    kind: Literal["recommendation", "action"] | None = None,
    no_update_for_days: Annotated[int | None, Query(ge=0, le=36500)] = None,
    open_only: bool = False,
    sort: Literal["review", "target_date", "last_update", "officer"] = "review",
) -> Any:
    filters = queries.TrackerFilter(
        review_id=str(ScrutinyService.review_id(review)) if review else None,
        commission=commission, status=status, officer=officer, kind=kind,
        stale_days=no_update_for_days, open_only=open_only,
    )
    found = queries.tracker(reads.connection(), filters, today, paged.page, paged.page_size, sort,
                            access=access)
    return listing(found, TrackerRow, paged, "tracker")


@router.get("/counts", summary="Counts by status, per review or per commission")
def tracker_counts(
    reads: Reads,
    access: Access,
    by: Literal["review", "commission"] = "review",
    key: Annotated[str | None, Query(description="One review reference or commission")] = None,
) -> list[StatusCount]:
    rows = queries.tracker_counts(reads.connection(), by, key, access=access)
    return [StatusCount.model_validate(row) for row in rows]
