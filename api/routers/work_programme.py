"""The work programme over HTTP: meetings, items, their scheduling, resolutions and follow-ups.

A commission is named in addresses by its slug ("improving-lives-select-commission"); an item by
its reference within the commission.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from api.answers import step_arguments
from api.dependencies import Actor, Reads, Service, Today
from api.routers import ERRORS
from api.schemas import (
    AddProgrammeItem,
    AmendPurpose,
    CancelMeeting,
    ChangeMeeting,
    CompleteItem,
    DeferItem,
    PrioritiseItem,
    RecordProgrammeUpdate,
    RemoveItem,
    RescheduleItem,
    ScheduleItem,
    ScheduleMeeting,
    TakeItem,
)
from application.service import ScrutinyService
from domain.errors import NotFound
from domain.values import slug
from projections import work_programme as programmes
from projections.read_models import ReadModels
from reports.work_programme_document import programme_docx

router = APIRouter(tags=["work programme"])

Year = Annotated[str | None, Query(pattern=r"^\d{4}/\d{2}$", description="A municipal year, "
                                   "e.g. 2021/22; the current one if left out")]
FirstMeeting = Annotated[date | None, Query(alias="from", description="The first meeting day "
                                            "to include (with `to`, instead of `year`)")]
LastMeeting = Annotated[date | None, Query(alias="to", description="The last meeting day to "
                                           "include")]



def _commission(reads: ReadModels, commission_slug: str) -> str:
    name = programmes.commission_named(reads.connection(), commission_slug)
    if name is None:
        raise NotFound(f"There is no commission {commission_slug!r} with a work programme.")
    return name


def _item(service: ScrutinyService, reads: ReadModels, commission: str, reference: str,
          settle: bool = False) -> dict[str, Any]:
    if settle:
        reads.wait_for(service.last_position())
    found = programmes.item(reads.connection(), commission, reference)
    if found is None:
        raise NotFound(f"There is no work programme item {reference!r} of the {commission}.")
    return found


@router.get("/work-programme", summary="Commissions with a work programme, and their years")
def commissions(reads: Reads) -> list[dict[str, Any]]:
    connection = reads.connection()
    return [{"commission": name, "slug": slug(name), "years": programmes.years(connection, name)}
            for name in programmes.commissions(connection)]


@router.get("/work-programme/{commission_slug}", responses=ERRORS,
            summary="A commission's programme for a municipal year, by meeting, and the items "
            "waiting to be scheduled")
def programme(commission_slug: str, reads: Reads, today: Today, year: Year = None
              ) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    connection = reads.connection()
    chosen = year or programmes.current_year(connection, name, today)
    found = programmes.programme(connection, name, chosen)
    return {"commission": found.commission, "year": found.year,
            "meetings": [{**m.meeting, "items": m.items} for m in found.meetings],
            "waiting": found.waiting}


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/work-programme/{commission_slug}/document.docx", responses={
    **ERRORS, 200: {"content": {DOCX: {}}, "description": "The Word document"}},
    response_class=Response,
    summary="The work programme document for an agenda (Word), in the council's table layout")
def programme_document(commission_slug: str, reads: Reads, service: Service, today: Today,
                       year: Year = None, first: FirstMeeting = None, last: LastMeeting = None,
                       ) -> Response:
    """A municipal year's programme, or the meetings from one day to another (a programme
    document often runs past the annual meeting, as the ILSC's 2021/22 one does to June 2022)."""
    name = _commission(reads, commission_slug)
    found = programmes.programme_for(reads.connection(), name, today, year, first, last)
    document = programme_docx(found, service.deadline_engine.settings.name, updated=today)
    span = (year or "").replace("/", "-") if first is None or last is None else (
        f"{first.isoformat()}-to-{last.isoformat()}")
    filename = f"work-programme-{commission_slug}-{span or 'current'}.docx"
    return Response(document, media_type=DOCX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post("/meetings", status_code=status.HTTP_201_CREATED, responses=ERRORS,
             summary="Put a meeting of a commission in the calendar")
def schedule_meeting(body: ScheduleMeeting, service: Service, reads: Reads, actor: Actor,
                     today: Today, response: Response) -> dict[str, Any]:
    service.schedule_meeting(commission=body.commission, meets_on=body.meets_on,
                             starts_at=body.starts_at, venue=body.venue, actor=actor,
                             on=body.business_date or today, source=body.source)
    reads.wait_for(service.last_position())
    response.headers["Location"] = f"/work-programme/{slug(body.commission)}"
    return _meeting(reads, body.commission, body.meets_on)


@router.post("/meetings/{commission_slug}/{meets_on}/cancellation", responses=ERRORS,
             summary="Cancel a meeting")
def cancel_meeting(commission_slug: str, meets_on: date, body: CancelMeeting,
                   service: Service, reads: Reads, actor: Actor, today: Today
                   ) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.cancel_meeting(name, meets_on, reason=body.reason,
                           **step_arguments(body, actor, today))
    reads.wait_for(service.last_position())
    return _meeting(reads, name, meets_on)


@router.post("/meetings/{commission_slug}/{meets_on}/change", responses=ERRORS,
             summary="Change a meeting's time or venue, with the reason")
def change_meeting(commission_slug: str, meets_on: date, body: ChangeMeeting,
                   service: Service, reads: Reads, actor: Actor, today: Today
                   ) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.change_meeting(name, meets_on, starts_at=body.starts_at, venue=body.venue,
                           reason=body.reason, **step_arguments(body, actor, today))
    reads.wait_for(service.last_position())
    return _meeting(reads, name, meets_on)


def _meeting(reads: ReadModels, commission: str, meets_on: date) -> dict[str, Any]:
    found = programmes.meeting(reads.connection(), commission, meets_on)
    if found is None:
        raise NotFound(f"There is no {commission} meeting on {meets_on.isoformat()}.")
    return found


@router.post("/work-programme", status_code=status.HTTP_201_CREATED, responses=ERRORS,
             summary="Add an item to a commission's work programme")
def add_item(body: AddProgrammeItem, service: Service, reads: Reads, actor: Actor,
             today: Today, response: Response) -> dict[str, Any]:
    service.add_programme_item(
        commission=body.commission, title=body.title, purpose=body.purpose, origin=body.origin,
        follow_up=body.follow_up, reference=body.reference, actor=actor,
        on=body.business_date or today, source=body.source)
    reference = (body.reference or slug(body.title)).strip().lower()
    response.headers["Location"] = f"/work-programme/{slug(body.commission)}/{reference}"
    return _item(service, reads, body.commission, reference, settle=True)


@router.get("/work-programme/{commission_slug}/{reference}", responses=ERRORS,
            summary="One work programme item with its scheduling, resolutions and follow-up")
def get_item(commission_slug: str, reference: str, service: Service, reads: Reads
             ) -> dict[str, Any]:
    return _item(service, reads, _commission(reads, commission_slug), reference)


@router.post("/work-programme/{commission_slug}/{reference}/scores", responses=ERRORS,
             summary="Prioritise with the PAPERS framework (a score 0–5 and a note each)")
def prioritise(commission_slug: str, reference: str, body: PrioritiseItem, service: Service,
               reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.prioritise_item(name, reference, scores=body.scores,
                            **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/purpose", responses=ERRORS,
             summary="Say what the item is for, as the programme now words it")
def amend_purpose(commission_slug: str, reference: str, body: AmendPurpose, service: Service,
                  reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.amend_item_purpose(name, reference, purpose=body.purpose, reason=body.reason,
                               **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/schedule", responses=ERRORS,
             summary="Schedule the item for a meeting")
def schedule(commission_slug: str, reference: str, body: ScheduleItem, service: Service,
             reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.schedule_item(name, reference, meeting_on=body.meeting_on,
                          agenda_number=body.agenda_number,
                          **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/deferral", responses=ERRORS,
             summary="Defer the item from its meeting, with the reason")
def defer(commission_slug: str, reference: str, body: DeferItem, service: Service,
          reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.defer_item(name, reference, reason=body.reason, **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/rescheduling", responses=ERRORS,
             summary="Move the item to another meeting, with the reason")
def reschedule(commission_slug: str, reference: str, body: RescheduleItem, service: Service,
               reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.reschedule_item(name, reference, meeting_on=body.meeting_on, reason=body.reason,
                            agenda_number=body.agenda_number,
                            **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/taken", responses=ERRORS,
             summary="Record the item taken at its meeting, with the resolutions; each that "
             "asks for something back becomes a tracked follow-up")
def take(commission_slug: str, reference: str, body: TakeItem, service: Service,
         reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.take_item(name, reference, resolutions=body.resolutions,
                      minute_number=body.minute_number, **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/update", responses=ERRORS,
             summary="Record a written update, briefing or information circulated")
def record_update(commission_slug: str, reference: str, body: RecordProgrammeUpdate,
                  service: Service, reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.record_programme_update(name, reference, note=body.note,
                                    **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/completion", responses=ERRORS,
             summary="Complete an item that was taken")
def complete(commission_slug: str, reference: str, body: CompleteItem, service: Service,
             reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.complete_item(name, reference, note=body.note, **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)


@router.post("/work-programme/{commission_slug}/{reference}/removal", responses=ERRORS,
             summary="Remove the item from the programme, with the reason")
def remove(commission_slug: str, reference: str, body: RemoveItem, service: Service,
           reads: Reads, actor: Actor, today: Today) -> dict[str, Any]:
    name = _commission(reads, commission_slug)
    service.remove_item(name, reference, reason=body.reason, **step_arguments(body, actor, today))
    return _item(service, reads, name, reference, settle=True)
