"""The work programme over HTTP: the programme by meeting, its Word document, a meeting or an
item put in, and an item with its scheduling, resolutions and follow-up. The steps on a meeting
or an item are built from their commands in api/routers/steps.py.

A commission is named in addresses by its slug ("improving-lives-select-commission"); an item by
its reference within the commission.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from api.dependencies import Actor, Reads, Service, Today
from api.routers import ERRORS
from application.commands.work_programme import AddProgrammeItem, ScheduleMeeting
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



def commission_name(reads: ReadModels, commission_slug: str) -> str:
    name = programmes.commission_named(reads.connection(), commission_slug)
    if name is None:
        raise NotFound(f"There is no commission {commission_slug!r} with a work programme.")
    return name


def item_view(service: ScrutinyService, reads: ReadModels, commission: str, reference: str,
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
    name = commission_name(reads, commission_slug)
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
    name = commission_name(reads, commission_slug)
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
    body.record(service, actor=actor, today=today)
    reads.wait_for(service.last_position())
    response.headers["Location"] = f"/work-programme/{slug(body.commission)}"
    return meeting_view(reads, body.commission, body.meets_on)


def meeting_view(reads: ReadModels, commission: str, meets_on: date) -> dict[str, Any]:
    found = programmes.meeting(reads.connection(), commission, meets_on)
    if found is None:
        raise NotFound(f"There is no {commission} meeting on {meets_on.isoformat()}.")
    return found


@router.post("/work-programme", status_code=status.HTTP_201_CREATED, responses=ERRORS,
             summary="Add an item to a commission's work programme")
def add_item(body: AddProgrammeItem, service: Service, reads: Reads, actor: Actor,
             today: Today, response: Response) -> dict[str, Any]:
    body.record(service, {}, actor=actor, today=today)
    reference = (body.reference or slug(body.title)).strip().lower()
    response.headers["Location"] = f"/work-programme/{slug(body.commission)}/{reference}"
    return item_view(service, reads, body.commission, reference, settle=True)


@router.get("/work-programme/{commission_slug}/{reference}", responses=ERRORS,
            summary="One work programme item with its scheduling, resolutions and follow-up")
def get_item(commission_slug: str, reference: str, service: Service, reads: Reads
             ) -> dict[str, Any]:
    return item_view(service, reads, commission_name(reads, commission_slug), reference)
