"""The work programme's pages: a commission's programme by meeting, one item with its history,
and the follow-ups that resolutions asked for."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.dependencies import get_read_models
from api.web import PREFIX, long_date, render, viewer_of, with_query
from domain.errors import NotFound
from domain.values import slug
from domain.work_programme import PAPERS_CRITERIA
from projections import queries
from projections import work_programme as programmes
from reports.work_programme_document import programme_rows, status_words

router = APIRouter(include_in_schema=False)


@router.get(PREFIX + "/work-programme", response_class=HTMLResponse)
def work_programme(request: Request, commission: str | None = None,
                   year: str | None = None) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    known = programmes.commissions(connection)
    if not known:
        return render(request, "work_programme.html", viewer=viewer, title="Work programme",
                      programme=None, commissions=[], years=[], chosen={})
    name = programmes.commission_named(connection, commission) if commission else known[0]
    if name is None:
        raise NotFound(f"There is no commission {commission!r} with a work programme.")
    years = programmes.years(connection, name)
    today = request.app.state.clock.today()
    # an unknown year (or none) shows the current one; the form offers the years there are
    chosen_year = year if year in years else programmes.current_year(connection, name, today)
    return render(
        request, "work_programme.html", viewer=viewer,
        title=f"Work programme {chosen_year} – {name}",
        programme=programmes.programme(connection, name, chosen_year),
        commissions=[{"value": slug(c), "text": c, "selected": c == name} for c in known],
        years=[{"value": y, "text": y, "selected": y == chosen_year} for y in years],
        commission_slug=slug(name),
    )


@router.get(PREFIX + "/work-programme/document", response_class=HTMLResponse)
def programme_document(
    request: Request, commission: str, year: Annotated[str | None, Query(
        pattern=r"^\d{4}/\d{2}$")] = None,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """The programme document in the council's table layout: the date on each meeting's first
    row, then the item, its purpose and the resolutions; the same rows as the Word file."""
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    name = programmes.commission_named(connection, commission)
    if name is None:
        raise NotFound(f"There is no commission {commission!r} with a work programme.")
    found = programmes.programme_for(connection, name, request.app.state.clock.today(), year,
                                     first, last)
    query = {"year": year} if year else (
        {"from": first.isoformat(), "to": last.isoformat()} if first and last else {})
    return render(request, "programme_document.html", viewer=viewer,
                  title=f"Work programme – {name} – {found.year}", programme=found,
                  rows=programme_rows(found), waiting=[(i["title"], i["purpose"] or "",
                                                        status_words(i)) for i in found.waiting],
                  docx=with_query(f"/work-programme/{slug(name)}/document.docx", **query))


@router.get(PREFIX + "/work-programme/follow-ups", response_class=HTMLResponse)
def follow_ups(request: Request,
               page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    viewer = viewer_of(request)
    found = queries.deadline_register(
        get_read_models(request).connection(),
        queries.DeadlineFilter(subject_kind="programme_item"),
        request.app.state.clock.today(), page=page, page_size=50, access=viewer.access)
    return render(request, "follow_ups.html", viewer=viewer, title="Follow-ups due",
                  found=found)


@router.get(PREFIX + "/work-programme/{commission_slug}/{reference}",
            response_class=HTMLResponse)
def programme_item(request: Request, commission_slug: str, reference: str) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    name = programmes.commission_named(connection, commission_slug)
    found = programmes.item(connection, name, reference) if name else None
    if found is None:
        raise NotFound(f"There is no work programme item {reference!r}.")
    history = queries.history(connection, [found["id"]], viewer.access)[found["id"]]
    deadlines = queries.deadlines_of(connection, [found["id"]], request.app.state.clock.today())
    return render(request, "programme_item.html", viewer=viewer, title=found["title"],
                  item=found, history=history, deadlines=deadlines[found["id"]],
                  criteria=PAPERS_CRITERIA, commission_slug=commission_slug,
                  scheduling=_scheduling(found))


def _scheduling(item: dict[str, Any]) -> list[tuple[str, str]]:
    """Every scheduling step of an item, in the order they happened: (day, what)."""
    steps = []
    for move in item["moves"]:
        to = long_date(move["to_meeting_on"])
        what = (f"moved from {long_date(move['from_meeting_on'])} to {to}: {move['reason']}"
                if move["from_meeting_on"] else f"scheduled for the meeting of {to}")
        steps.append((move["moved_on"], what))
    steps += [(d["deferred_on"], f"deferred: {d['reason']}") for d in item["deferrals"]]
    return [(long_date(day), what) for day, what in sorted(steps, key=lambda step: step[0])]
