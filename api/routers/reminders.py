"""The reminder outbox, for governance advisers: what was chased, whom, and whether it arrived."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.dependencies import Actor, Adviser, Reads, Service, Today
from api.listing import Paged, listing
from api.routers import CSV, ERRORS
from api.schemas import ListPage, ReminderRow, RetryReminder
from application.service import ScrutinyService
from projections.reminders import reminder_list

router = APIRouter(tags=["reminders"])


@router.get("/reminders", summary="Reminders queued and sent, newest first (advisers); CSV "
            "or Excel with format=csv or xlsx", response_model=ListPage[ReminderRow],
            responses=CSV)
def list_reminders(
    paged: Paged,
    reads: Reads,
    adviser: Adviser,
    status: Literal["queued", "sending", "retrying", "sent", "failed", "withdrawn"] | None = None,
    kind: Literal["deadline", "digest"] | None = None,
    review: Annotated[str | None, Query(description="A review's reference or id")] = None,
    deadline_id: str | None = None,
    queued_from: Annotated[date | None, Query(description="Queued on or after this day")] = None,
    needs_action: Annotated[bool | None, Query(
        description="true: only the reminders an adviser has to see to (failed for good, or "
        "failing on our side); false: the others")] = None,
) -> Any:
    found = reminder_list(
        reads.connection(), status=status, kind=kind,
        review_id=str(ScrutinyService.review_id(review)) if review else None,
        deadline_id=deadline_id, queued_from=queued_from, page=paged.page,
        page_size=paged.page_size, needs_action=needs_action,
    )
    return listing(found, ReminderRow, paged, "reminders")


@router.post("/reminders/{reminder_id}/retry", summary="Put a failed reminder back in the queue "
             "(advisers)", response_model=ReminderRow, responses=ERRORS)
def retry_reminder(
    reminder_id: UUID, body: RetryReminder, service: Service, reads: Reads, actor: Actor,
    today: Today,
) -> Any:
    service.requeue_reminder(reminder_id, reason=body.reason, actor=actor, on=today)
    reads.wait_for(service.last_position())
    found = reminder_list(reads.connection(), reminder_id=str(reminder_id))
    return ReminderRow.model_validate(found.items[0])
