"""The audit trail: every event as a line a person can read, newest first."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.dependencies import Access, Reads
from api.listing import Paged, listing
from api.routers import CSV
from api.schemas import AuditLine, ListPage
from application.service import ScrutinyService
from projections import queries

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", summary="Filter the audit trail; format=csv or xlsx",
            response_model=ListPage[AuditLine], responses=CSV)
def audit_trail(
    paged: Paged,
    reads: Reads,
    access: Access,
    review: str | None = None,
    recommendation: Annotated[
        str | None, Query(description="A recommendation label or action number in `review`")
    ] = None,
    actor: str | None = None,
    event: Annotated[
        str | None, Query(description='An event name, e.g. "ProgressReported"')
    ] = None,
    business_from: date | None = None,
    business_to: date | None = None,
    recorded_from: date | None = None,
    recorded_to: date | None = None,
    sort: Literal["newest", "oldest"] = "newest",
) -> Any:
    filters = queries.AuditFilter(
        review_id=str(ScrutinyService.review_id(review)) if review else None,
        item_label=recommendation, actor=actor, event=event, business_from=business_from,
        business_to=business_to, recorded_from=recorded_from, recorded_to=recorded_to,
    )
    found = queries.audit_trail(reads.connection(), filters, paged.page, paged.page_size, sort,
                                access=access)
    return listing(found, AuditLine, paged, "audit-trail")
