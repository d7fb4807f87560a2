"""The dashboard's pages: home, reviews, a review, a recommendation or action, the deadline
register, the audit trail, charts, an officer's items, and signing in and out.

Pages read the views only (never a replay), as the API does, and leave out exempt information
for the public.
"""

from __future__ import annotations

import math
import secrets
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.dependencies import (
    SESSION_COOKIE,
    clear_private_cookie,
    get_read_models,
    get_service,
    get_today,
    set_private_cookie,
)
from api.web import (
    PREFIX,
    Viewer,
    answers_for,
    error_page,
    item_url,
    long_date,
    render,
    review_url,
    viewer_of,
    with_query,
)
from api.web.charts import recommendations_by_status, response_timeliness
from api.web.forms import done_message, offered
from application.service import ScrutinyService
from domain.action_plan import Action
from domain.errors import NotAuthenticated, TooManyAttempts
from domain.recommendation import Recommendation
from domain.review import Review
from domain.values import ReviewKind, ReviewStatus, slug
from domain.wording import STEP_NOUNS, event_words, words
from domain.work_programme import Meeting, ProgrammeItem
from identity.accounts import SESSION_LENGTH, Accounts, same_secret
from projections import queries
from projections.reminders import reminder_list

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
SIGN_IN_COOKIE = "scrutiny_web_sign_in"


def pagination(request: Request, found: queries.Page) -> dict[str, Any] | None:
    """The GOV.UK pagination component's parameters for a list, keeping the filters."""
    pages = max(1, math.ceil(found.total / found.page_size))
    if pages == 1:
        return None
    query = dict(request.query_params)

    def link(number: int) -> str:
        return with_query(request.url.path, **{**query, "page": number})

    items = [{"number": n, "href": link(n), "current": n == found.page}
             for n in range(1, pages + 1) if n in (1, pages) or abs(n - found.page) <= 2]
    shown: list[dict[str, Any]] = []
    for item in items:
        if shown and item["number"] - shown[-1]["number"] > 1:
            shown.append({"ellipsis": True})
        shown.append(item)
    return {
        "items": shown,
        "previous": {"href": link(found.page - 1)} if found.page > 1 else None,
        "next": {"href": link(found.page + 1)} if found.page < pages else None,
    }


def _stale_after(request: Request) -> int:
    return int(get_service(request).deadline_engine.settings.reminders.stale_after_days)


# --- home ----------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    today = get_today(request)
    access = viewer.access
    stale_days = _stale_after(request)
    overdue = queries.deadline_register(connection, queries.DeadlineFilter(overdue=True), today,
                                        page_size=50, access=access)
    due_soon = queries.deadline_register(connection, queries.DeadlineFilter(due_within_days=14),
                                         today, page_size=50, access=access)
    stale = queries.tracker(connection, queries.TrackerFilter(stale_days=stale_days,
                                                              open_only=True),
                            today, page_size=50, sort="last_update", access=access)
    week_ago = today - timedelta(days=7)
    changed = queries.audit_trail(connection, queries.AuditFilter(recorded_from=week_ago),
                                  page_size=20, access=access)
    mine = _my_items(request, viewer) if viewer.is_officer else None
    # Advisers see the reminders that will not reach anyone unless somebody acts.
    stuck = reminder_list(connection, needs_action=True, page_size=5) if viewer.is_adviser \
        else None
    return render(request, "home.html", viewer=viewer, title="Home", overdue=overdue,
                  due_soon=due_soon, stale=stale, stale_days=stale_days, changed=changed,
                  week_ago=week_ago, mine=mine, stuck=stuck,
                  links=audit_links(connection, changed.items))


def audit_links(connection: Any, lines: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Where each audit line's record is shown, by aggregate id: (link text, address). A
    review's, recommendation's or action's page; a work programme item's; a meeting's place in
    its commission's programme."""
    links: dict[str, tuple[str, str]] = {}
    reviews = sorted({line["review_id"] for line in lines
                      if line["aggregate_kind"] in ("review", "recommendation", "action")})
    references = {row["review_id"]: row["reference"] for row in _rows_in(
        connection, "SELECT review_id, reference FROM review_list WHERE review_id IN ", reviews)}
    items = sorted({line["aggregate_id"] for line in lines
                    if line["aggregate_kind"] == "programme_item"})
    programme = {row["item_id"]: row for row in _rows_in(
        connection, "SELECT item_id, commission, reference FROM work_programme WHERE item_id IN ",
        items)}
    meetings = sorted({line["aggregate_id"] for line in lines
                       if line["aggregate_kind"] == "meeting"})
    held = {row["meeting_id"]: row for row in _rows_in(
        connection, "SELECT meeting_id, commission, meets_on, municipal_year FROM meetings "
        "WHERE meeting_id IN ", meetings)}
    for line in lines:
        kind, key = line["aggregate_kind"], line["aggregate_id"]
        if kind == "programme_item" and key in programme:
            row = programme[key]
            links[key] = (row["reference"], f"{PREFIX}/work-programme/"
                                            f"{slug(row['commission'])}/{row['reference']}")
        elif kind == "meeting" and key in held:
            row = held[key]
            links[key] = (f"{row['commission']}, {long_date(row['meets_on'])}", with_query(
                f"{PREFIX}/work-programme", commission=slug(row["commission"]),
                year=row["municipal_year"]) + f"#meeting-{row['meets_on']}")
        elif line["review_id"] in references:
            reference = references[line["review_id"]]
            label = line["item_label"]
            links[key] = ((f"{reference}, {words(kind).lower()} {label}" if label
                           else reference),
                          item_url(reference, kind, label) if label else review_url(reference))
    return links


def _rows_in(connection: Any, select: str, keys: list[str]) -> list[dict[str, Any]]:
    if not keys:
        return []
    return list(connection.query(f"{select}({', '.join('?' for _ in keys)})", keys))


# --- reviews -------------------------------------------------------------------------------------

@router.get(PREFIX + "/reviews", response_class=HTMLResponse)
def reviews(
    request: Request,
    commission: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    problems = []
    if status and status not in {s.value for s in ReviewStatus}:
        problems.append(("status", f"There is no review status {status!r}; choose one listed."))
        status = None
    if kind and kind not in {k.value for k in ReviewKind}:
        problems.append(("kind", f"There is no kind of review {kind!r}; choose one listed."))
        kind = None
    found = queries.review_list(connection, commission=commission or None, status=status,
                                kind=kind, page=page, page_size=PAGE_SIZE, access=viewer.access)
    return render(
        request, "reviews.html", viewer=viewer, title="Reviews", found=found,
        commissions=queries.commissions(connection, viewer.access),
        statuses=list(ReviewStatus), kinds=list(ReviewKind),
        chosen={"commission": commission or "", "status": status or "", "kind": kind or ""},
        problems=problems, error_count=len(problems), pagination=pagination(request, found),
        status_code=422 if problems else 200,
    )


@router.get(PREFIX + "/reviews/{review}", response_class=HTMLResponse)
def review_page(request: Request, review: str, recorded: str | None = None) -> Response:
    viewer = viewer_of(request)
    detail = answers_for(request, viewer).review(review)
    timeline = queries.audit_trail(
        get_read_models(request).connection(), queries.AuditFilter(review_id=str(detail.id)),
        page_size=1000, sort="oldest", access=viewer.access,
    )
    counts = queries.tracker_counts(get_read_models(request).connection(), "review",
                                    detail.reference, viewer.access)
    # Advisers see who was chased about this review, and whether the email arrived.
    reminders = (reminder_list(get_read_models(request).connection(), review_id=str(detail.id),
                               page_size=50) if viewer.is_adviser else None)
    return render(request, "review.html", viewer=viewer, title=detail.title, review=detail,
                  timeline=timeline, counts=counts, reminders=reminders,
                  summary=review_summary(detail), steps=offered(viewer, detail),
                  recorded=done_message("review", recorded))


def review_summary(review: Any) -> list[tuple[str, str]]:
    """The review's key facts and dates, in the order of its journey."""
    known = review.dates_known
    rows = [("Reference", review.reference),
            ("Proposed", long_date(review.proposed_on, known.get("proposed_on"))),
            ("Members", ", ".join(review.members) or "Not recorded")]
    if review.terms_of_reference:
        rows.append(("Scope", review.terms_of_reference))
    for label, key in (("Referred to OSMB", "referred_to_osmb_on"),
                       ("Endorsed by OSMB", "endorsed_on"),
                       ("Submitted to Cabinet", "submitted_to_cabinet_on")):
        if day := getattr(review, key):
            rows.append((label, long_date(day, known.get(key))))
    if review.unrecorded_steps:
        steps = [STEP_NOUNS.get(step, words(step, capitalised=False))
                 for step in review.unrecorded_steps]
        listed = ", ".join(steps[:-1]) + " or " + steps[-1] if len(steps) > 1 else steps[0]
        rows.append(("Not recorded", f"The papers do not give {listed}."))
    if "submit_to_cabinet" in review.unrecorded_steps:
        rows.append(("Cabinet's response deadline", "Not known: the papers do not say when the "
                     "Cabinet received the report (Local Government Act 2000 s.9FE). Record the "
                     "submission's date to work it out."))
    shown = {r.label for r in review.recommendations}  # the public's: no exempt ones
    for meeting in review.cabinet_meetings:
        labels = [label for label in meeting.labels if label in shown]
        minute = f", minute {meeting.minute_number}" if meeting.minute_number else ""
        about = f" (recommendations {', '.join(labels)})" if labels else ""
        rows.append(("Cabinet responded", f"{long_date(meeting.met_on)}{minute}{about}"))
    for back in review.reports_back:
        minute = f", minute {back.minute_number}" if back.minute_number else ""
        rows.append(("Response reported back",
                     f"{long_date(back.reported_on)} to {words(back.reported_to)}{minute}"))
    if review.closed_on:
        rows.append(("Closed", long_date(review.closed_on)))
    return rows


@router.get(PREFIX + "/reviews/{review}/recommendations/{label}", response_class=HTMLResponse)
def recommendation_page(request: Request, review: str, label: str,
                        recorded: str | None = None) -> Response:
    viewer = viewer_of(request)
    answers = answers_for(request, viewer)
    item = answers.recommendation(review, label)
    detail = answers.review(review)
    return render(request, "recommendation.html", viewer=viewer,
                  title=f"Recommendation {item.label} – {detail.title}", review=detail,
                  item=item, recorded=done_message("recommendation", recorded),
                  steps=offered(viewer, detail, item, "recommendation"))


@router.get(PREFIX + "/reviews/{review}/actions/{number}", response_class=HTMLResponse)
def action_page(request: Request, review: str, number: str,
                recorded: str | None = None) -> Response:
    viewer = viewer_of(request)
    answers = answers_for(request, viewer)
    item = answers.action(review, number)
    detail = answers.review(review)
    return render(request, "action.html", viewer=viewer,
                  title=f"Action {item.number} – {detail.title}", review=detail, item=item,
                  recorded=done_message("action", recorded),
                  steps=offered(viewer, detail, item, "action"))


@router.get(PREFIX + "/reviews/{review}/items/{label}", response_class=HTMLResponse)
def item_redirect(request: Request, review: str, label: str) -> Response:
    """A deadline names its item by label only: find whether it is a recommendation or an
    action."""
    viewer = viewer_of(request)
    answers = answers_for(request, viewer)
    detail = answers.review(review)
    kind = "actions" if any(a.number == label for a in detail.actions) else "recommendations"
    return RedirectResponse(f"{request.url.path.rsplit('/items/', 1)[0]}/{kind}/"
                            f"{quote(label, safe='')}", status_code=307)


# --- deadlines -----------------------------------------------------------------------------------

DEADLINE_VIEWS = {
    "all": ("Every deadline", queries.DeadlineFilter()),
    "overdue": ("Overdue", queries.DeadlineFilter(overdue=True)),
    "due-soon": ("Due in the next 14 days", queries.DeadlineFilter(due_within_days=14)),
    "met": ("Met", queries.DeadlineFilter(status="met")),
}


@router.get(PREFIX + "/deadlines", response_class=HTMLResponse)
def deadlines(
    request: Request,
    show: str = "all",
    commission: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    problems = []
    if show not in DEADLINE_VIEWS:
        problems.append(("show", f"There is no list {show!r}; choose one listed."))
        show = "all"
    heading, chosen = DEADLINE_VIEWS[show]
    filters = queries.DeadlineFilter(**{**vars(chosen), "commission": commission or None})
    found = queries.deadline_register(connection, filters, get_today(request), page=page,
                                      page_size=PAGE_SIZE, access=viewer.access)
    return render(request, "deadlines.html", viewer=viewer, title="Deadline register",
                  heading=heading, found=found,
                  view_options=[{"value": key, "text": text, "selected": key == show}
                                for key, (text, _) in DEADLINE_VIEWS.items()],
                  commission=commission or "",
                  commissions=queries.commissions(connection, viewer.access),
                  problems=problems, error_count=len(problems),
                  pagination=pagination(request, found), status_code=422 if problems else 200)


# --- an officer's items --------------------------------------------------------------------------

def _my_items(request: Request, viewer: Viewer) -> list[dict[str, Any]]:
    """The open recommendations and actions the signed-in officer reports for."""
    names = (viewer.principal.name, *viewer.principal.acts_for)
    found = queries.tracker(get_read_models(request).connection(),
                            queries.TrackerFilter(officers=names, open_only=True),
                            get_today(request), page_size=queries.EVERYTHING)
    return found.items


@router.get(PREFIX + "/my-items", response_class=HTMLResponse)
def my_items(request: Request) -> Response:
    viewer = viewer_of(request)
    if not viewer.signed_in:
        raise NotAuthenticated("Sign in to see the items you report on.")
    return render(request, "my_items.html", viewer=viewer, title="My items",
                  items=_my_items(request, viewer))


# --- audit trail ---------------------------------------------------------------------------------

EVENT_NAMES = sorted({
    name for aggregate in (Review, Recommendation, Action, Meeting, ProgrammeItem)
    for name, value in vars(aggregate).items()
    if isinstance(value, type) and issubclass(value, aggregate.Event)
    and name not in ("Event", "Created")
})
"""Every kind of event the audit trail holds, by its recorded name."""


@router.get(PREFIX + "/audit", response_class=HTMLResponse)
def audit(
    request: Request,
    review: str | None = None,
    actor: str | None = None,
    event: str | None = None,
    recorded_from: str | None = None,
    recorded_to: str | None = None,
    business_from: str | None = None,
    business_to: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    viewer = viewer_of(request)
    problems: list[tuple[str, str]] = []
    dates: dict[str, date | None] = {}
    labels = {"recorded_from": "Recorded from", "recorded_to": "Recorded to",
              "business_from": "Happened from", "business_to": "Happened to"}
    given = {"recorded_from": recorded_from, "recorded_to": recorded_to,
             "business_from": business_from, "business_to": business_to}
    for name, text in given.items():
        dates[name] = None
        if text:
            try:
                dates[name] = date.fromisoformat(text.strip())
            except ValueError:
                problems.append((name, f"{labels[name]} must be a real date, like 2022-05-03"))
    if event and event not in EVENT_NAMES:
        problems.append(("event", f"There is no event {event!r}; choose one listed."))
        event = None
    review_id = str(ScrutinyService.review_id(review.strip())) if review else None
    filters = queries.AuditFilter(
        review_id=review_id, actor=(actor or "").strip() or None,
        event=(event or "").strip() or None, recorded_from=dates["recorded_from"],
        recorded_to=dates["recorded_to"], business_from=dates["business_from"],
        business_to=dates["business_to"])
    found = queries.audit_trail(get_read_models(request).connection(), filters, page=page,
                                page_size=50, access=viewer.access)
    links = audit_links(get_read_models(request).connection(), found.items)
    return render(request, "audit.html", viewer=viewer, title="Audit trail", found=found,
                  links=links, problems=problems, error_count=len(problems),
                  event_options=[{"value": "", "text": "Any event"}] + [
                      {"value": name, "text": event_words(name), "selected": name == event}
                      for name in EVENT_NAMES],
                  chosen={"review": review or "", "actor": actor or "", "event": event or "",
                          **{name: text or "" for name, text in given.items()}},
                  pagination=pagination(request, found), status_code=422 if problems else 200)


# --- charts --------------------------------------------------------------------------------------

@router.get(PREFIX + "/charts", response_class=HTMLResponse)
def charts(request: Request) -> Response:
    viewer = viewer_of(request)
    connection = get_read_models(request).connection()
    return render(request, "charts.html", viewer=viewer, title="Charts",
                  timeliness=response_timeliness(connection, get_today(request), viewer.access),
                  by_status=recommendations_by_status(connection, viewer.access))


# --- signing in and out --------------------------------------------------------------------------

def _safe_next(target: str | None) -> str:
    """Only an address on this site (no scheme, no host) may follow signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get(PREFIX + "/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return _sign_in_form(request, _safe_next(next))


def _sign_in_form(request: Request, target: str, login: str = "",
                  problems: list[tuple[str, str]] | None = None, status_code: int = 200
                  ) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "sign_in.html", title="Sign in", target=target, login=login,
                      csrf=token, problems=problems or [], error_count=len(problems or []),
                      status_code=status_code)
    set_private_cookie(response, SIGN_IN_COOKIE, token, path=PREFIX + "/sign-in", max_age=3600)
    return response


@router.post(PREFIX + "/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request) -> Response:
    form = await request.form()
    login = str(form.get("login") or "").strip()
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    expected = request.cookies.get(SIGN_IN_COOKIE)
    sent = str(form.get("csrf_token") or "")
    if not expected or not same_secret(sent, expected):
        return _sign_in_form(request, target, login, [(
            "login", "This sign-in form had expired; enter your details again")], 403)
    problems = []
    if not login:
        problems.append(("login", "Enter your sign-in name or email address"))
    if not password:
        problems.append(("password", "Enter your password"))
    if problems:
        return _sign_in_form(request, target, login, problems, 422)
    accounts: Accounts = request.app.state.accounts
    now = request.app.state.clock.now()
    try:
        account = accounts.sign_in(login, password, now)
    except TooManyAttempts as error:
        minutes = max(1, math.ceil(error.retry_after_seconds / 60))
        response = _sign_in_form(request, target, login, [(
            "login", f"Too many failed attempts: try again in {minutes} minutes")], 429)
        response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response
    except NotAuthenticated:
        return _sign_in_form(request, target, login, [(
            "login", "The sign-in name or password is not right")], 401)
    cookie, _session = accounts.start_session(account, now)
    response = RedirectResponse(target, status_code=303)
    set_private_cookie(response, SESSION_COOKIE, cookie, path="/",
                       max_age=int(SESSION_LENGTH.total_seconds()))
    clear_private_cookie(response, SIGN_IN_COOKIE, path=PREFIX + "/sign-in")
    return response


@router.post(PREFIX + "/sign-out", response_class=HTMLResponse)
async def sign_out(request: Request) -> Response:
    viewer = viewer_of(request)
    form = await request.form()
    sent = str(form.get("csrf_token") or "")
    if viewer.csrf_token and same_secret(sent, viewer.csrf_token):
        accounts: Accounts = request.app.state.accounts
        accounts.end_session(request.cookies.get(SESSION_COOKIE, ""))
    elif viewer.signed_in:
        return error_page(request, 403, "You could not be signed out",
                          "The form did not carry this session's token; reload the page and "
                          "try again.")
    response = RedirectResponse("/", status_code=303)
    clear_private_cookie(response, SESSION_COOKIE, path="/")
    return response
