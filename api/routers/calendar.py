"""Deadlines as iCalendar feeds (RFC 5545) that Outlook or any calendar program subscribes to.

A commission's feed is public, so it never holds exempt information (LGA 1972 Sch 12A), whoever
fetches it. A calendar program cannot send a bearer token, so a person's own feed is opened by a
secret, revocable key in its address: it reads deadlines and nothing else. Officers get the
deadlines of the items they answer for, advisers and members every deadline, exempt included;
an exempt deadline's entry says only "Exempt item, Schedule 12A paragraph …", its rule, its
status and the link (calendars are synchronised to phones and shared), never its title.

Each event's UID is its deadline's id, so when a date moves (an extension) a re-fetch moves the
event rather than adding another. Status and days late are assessed the day the feed is read.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response
from icalendar import Calendar, Event, vDuration

from api.dependencies import AccountsDep, Reads, SignedIn, Today
from api.routers import ERRORS, ErrorBody
from api.schemas import CalendarFeedView, CreateCalendarFeed, CreatedCalendarFeed
from domain.access import SEES_NOTHING, Principal, Role, require_owner_or_adviser
from domain.deadlines import DeadlineStatus
from domain.errors import NotFound
from domain.exemptions import neutral_wording
from domain.values import slug
from identity.accounts import CalendarFeed
from projections import queries

router = APIRouter(prefix="/calendar", tags=["calendar"])

# Calendar programs are asked to look again hourly (Outlook.com decides for itself, and may take
# longer).
REFRESH = timedelta(hours=1)
PRODID = "-//Scrutiny lifecycle engine//Deadlines//EN"


def _json(description: str) -> dict[str, Any]:
    # Spelt out: given as a model, FastAPI would document a refusal as the route's own media type
    # (text/calendar), but refusals are JSON like everywhere else.
    return {"description": description,
            "content": {"application/json": {"schema": ErrorBody.model_json_schema()}}}


def _feed_responses(not_found: str) -> dict[int | str, dict[str, Any]]:
    return {
        **{code: _json(answer["description"]) for code, answer in ERRORS.items()},
        404: _json(not_found),
        200: {
            "description": "The deadlines as an iCalendar (RFC 5545) feed: one all-day event "
            "per deadline that is not cancelled, its UID the deadline's id",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
    }


class CalendarResponse(Response):
    media_type = "text/calendar"  # Starlette adds "; charset=utf-8"


class UnknownCommission(NotFound):
    def __init__(self, commission: str, known: list[str]) -> None:
        self.commission = commission
        self.known = [slug(name) for name in known]
        listed = "; ".join(f"{slug(name)} ({name})" for name in known) or "none yet"
        super().__init__(
            f"There is no commission {commission!r} with reviews to publish; the commission "
            f"feeds are: {listed}."
        )

    def details(self) -> dict[str, object]:
        return {"commission": self.commission, "commissions": self.known}


# --- public: a commission's deadlines ------------------------------------------------------------

@router.get(
    "/commissions/{commission}.ics",
    summary="A commission's deadlines as a calendar feed (public: nothing exempt)",
    response_class=CalendarResponse,
    responses=_feed_responses(
        "No commission by that name; the answer lists the commissions there are"),
)
def commission_feed(
    commission: Annotated[str, Path(
        description='The commission\'s name as a slug, e.g. "improving-lives-select-commission"'
    )],
    request: Request,
    reads: Reads,
    today: Today,
) -> Response:
    connection = reads.connection()
    known = queries.commissions(connection, SEES_NOTHING)
    name = next((n for n in known if slug(n) == slug(commission)), None)
    if name is None:
        raise UnknownCommission(commission, known)
    rows = queries.calendar_deadlines(connection, commission=name, access=SEES_NOTHING)
    return _feed(f"Scrutiny deadlines: {name}", rows, request, today)


# --- a person's own feed -------------------------------------------------------------------------

@router.post(
    "/feeds",
    summary="Make a calendar feed of your deadlines; its address is shown once",
    status_code=201, responses=ERRORS,
)
def create_feed(
    request: Request, who: SignedIn, accounts: AccountsDep,
    body: Annotated[CreateCalendarFeed | None, Body()] = None,
) -> CreatedCalendarFeed:
    label = body.label if body is not None else CreateCalendarFeed().label
    feed, key = accounts.create_calendar_feed(who.name, label, request.app.state.clock.now())
    url = str(request.url_for("personal_feed", key=key))
    return CreatedCalendarFeed(**_view(feed).model_dump(), url=url)


@router.get("/feeds", summary="Your calendar feeds (their addresses are not shown again)",
            responses=ERRORS)
def list_feeds(who: SignedIn, accounts: AccountsDep) -> list[CalendarFeedView]:
    return [_view(feed) for feed in accounts.calendar_feeds(who.name)]


@router.delete("/feeds/{feed_id}", summary="Revoke a calendar feed (yours; advisers: anyone's)",
               responses=ERRORS)
def revoke_feed(feed_id: str, request: Request, who: SignedIn,
                accounts: AccountsDep) -> CalendarFeedView:
    require_owner_or_adviser(who, accounts.calendar_feed(feed_id).account,
                             f"Calendar feed {feed_id}")
    revoked = accounts.revoke_calendar_feed(feed_id, request.app.state.clock.now(), who.name)
    return _view(revoked)


@router.get(
    "/feeds/{key}.ics",
    name="personal_feed",
    summary="Your deadlines as a calendar feed, opened by the feed's secret key",
    response_class=CalendarResponse,
    responses=_feed_responses(
        "No calendar feed with that key, or it has been revoked (the answer does not say which)"),
)
def personal_feed(
    key: Annotated[str, Path(description="The key in the address POST /calendar/feeds gave")],
    request: Request,
    reads: Reads,
    accounts: AccountsDep,
    today: Today,
) -> Response:
    who = accounts.principal_for_calendar_key(key, request.app.state.clock.now())
    connection = reads.connection()
    rows = [r for r in queries.calendar_deadlines(connection, access=who.exempt_access)
            if _for(who, r)]
    exempt = queries.exempt_paragraphs(
        connection, sorted({r["item_id"] for r in rows} | {r["review_id"] for r in rows}))
    for row in rows:
        row["exempt_paragraphs"] = exempt.get(row["item_id"]) or exempt.get(row["review_id"])
    return _feed(f"Scrutiny deadlines: {who.name}", rows, request, today)


def _for(who: Principal, row: dict[str, Any]) -> bool:
    """Officers see the deadlines of what they answer for; advisers and members every one."""
    return who.role != Role.OFFICER or who.answers_for(row["owner"])


def _view(feed: CalendarFeed) -> CalendarFeedView:
    return CalendarFeedView(**asdict(feed), active=feed.active)


# --- the iCalendar text --------------------------------------------------------------------------

def _feed(name: str, rows: list[dict[str, Any]], request: Request, today: date) -> Response:
    now: datetime = request.app.state.clock.now()
    site = str(request.base_url).rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for row in rows:
        calendar.add_component(_event(row, queries.deadline_entry(row, today), today, now, site))
    return CalendarResponse(
        content=calendar.to_ical(),
        headers={"Content-Disposition": f'inline; filename="{slug(name)}.ics"'},
    )


def _event(row: dict[str, Any], entry: dict[str, Any], today: date, now: datetime,
           site: str) -> Event:
    due: date = entry["due"]
    met = entry["status"] == DeadlineStatus.MET
    event = Event()
    event.add("uid", f"{row['deadline_id']}@scrutiny")
    event.add("dtstamp", now)
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    paragraphs = row.get("exempt_paragraphs")
    what = neutral_wording(paragraphs) if paragraphs else f"{entry['review_title']}{_item(row)}"
    event.add("summary", f"{'Met: ' if met else ''}{entry['name']} — {what}")
    event.add("description", _exempt_description(entry, today, what) if paragraphs
              else _description(entry, today))
    event.add("categories", [entry["commission"]])
    # An exempt review is addressed by its id: its reference is made from its title.
    review = entry["review_id"] if paragraphs else entry["review_reference"]
    event.add("url", f"{site}/reviews/{review}")
    # A deadline is a day to remember, not time taken: it leaves the day free for meetings.
    event.add("transp", "TRANSPARENT")
    return event


def _item(row: dict[str, Any]) -> str:
    label = row["item_label"]
    if not label:
        return ""
    kind = {"recommendation": "rec", "action": "action"}.get(row["item_kind"] or "", "item")
    return f", {kind} {label}"


def _description(entry: dict[str, Any], today: date) -> str:
    lines = [f"{entry['name']}: {entry['citation']}.", _standing(entry, today)]
    for extension in entry["extensions"]:
        lines.append(
            f"Extended on {_day(extension['extended_on'])} by {extension['actor']} from "
            f"{_day(extension['previous_due'])} to {_day(extension['due'])}: "
            f"{extension['reason']}"
        )
    if entry["original_due"] != entry["due"]:
        lines.append(f"Originally due {_day(entry['original_due'])}.")
    if entry["owner"]:
        lines.append(f"Responsible: {entry['owner']}.")
    lines.append(f"Review: {entry['review_title']} ({entry['commission']}).")
    return "\n".join(lines)


def _exempt_description(entry: dict[str, Any], today: date, what: str) -> str:
    """An exempt deadline's entry: its rule and where it stands, and nothing of the record (no
    title, officer or reasons); the link leads to it for whoever may see it."""
    return "\n".join((f"{entry['name']}: {entry['citation']}.", _standing(entry, today),
                      f"{what}: the record is not shown here. Open the link to see it."))


def _standing(entry: dict[str, Any], today: date) -> str:
    as_of = f"(as of {_day(today)})"
    status = entry["status"]
    if status == DeadlineStatus.MET:
        late = entry["days_late"] or 0
        when = "on time" if not late else f"{_days(late)} late"
        return f"Status: met on {_day(entry['met_on'])}, {when}."
    if status == DeadlineStatus.MISSED:
        return f"Status: missed, {_days(entry['days_late'])} late {as_of}."
    remaining = entry["days_remaining"]
    when = "due today" if remaining == 0 else f"{_days(remaining)} remaining"
    return f"Status: {status}, {when} {as_of}."


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"
