"""The web dashboard: server-rendered pages on the read models, with GOV.UK Frontend components.

Pages live under ``/web`` (the home page is ``/``); the JSON API keeps its own addresses. Every
core task works without JavaScript. The public (no sign-in) sees the same pages without exempt
information; advisers also see the forms for each lifecycle step, officers the progress forms for
their own items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from api.answers import Answers
from api.dependencies import SESSION_COOKIE
from domain.access import PUBLIC, ExemptAccess, Principal, Role
from domain.known_dates import in_words
from domain.values import slug
from domain.wording import words
from identity.accounts import Accounts, same_secret
from reports.monitoring_report import TEMPLATES as REPORT_TEMPLATES

HERE = Path(__file__).parent
STATIC = HERE / "static"
PREFIX = "/web"


def is_web(path: str) -> bool:
    """Is this address one of the dashboard's pages (answered in HTML, not JSON)?"""
    return path == "/" or path == PREFIX or path.startswith(PREFIX + "/")


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a page, and the CSRF token their forms must carry."""

    principal: Principal
    csrf_token: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.principal.signed_in

    @property
    def is_adviser(self) -> bool:
        return self.principal.role == Role.ADVISER

    @property
    def is_officer(self) -> bool:
        return self.principal.role == Role.OFFICER

    @property
    def public(self) -> bool:
        return not self.principal.signed_in

    @property
    def access(self) -> ExemptAccess:
        """What exempt information this viewer may see (domain/access.py)."""
        return self.principal.exempt_access

    def may_report_on(self, officer: str | None) -> bool:
        return self.is_adviser or (self.is_officer and self.principal.answers_for(officer))


def viewer_of(request: Request) -> Viewer:
    """The signed-in web session's account (API tokens are not for pages), or the public."""
    accounts: Accounts = request.app.state.accounts
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        session = accounts.session(cookie, request.app.state.clock.now())
        if session is not None:
            return Viewer(session.principal, session.csrf_token)
    return Viewer(PUBLIC)


def answers_for(request: Request, viewer: Viewer) -> Answers:
    """The review and item pages as this viewer may see them (the public: no exempt parts)."""
    return Answers(request.app.state.service, request.app.state.read_models,
                 request.app.state.clock.today(), viewer.access)


# --- presentation helpers ------------------------------------------------------------------------

def long_date(value: date | datetime | str | None, known: str | None = None) -> str:
    """3 May 2022, as GOV.UK writes dates; "on or before 15 July 2021" where ``known`` (or the
    date itself) says the papers give only a bound or a month."""
    if value is None or value == "":
        return ""
    day: date | datetime
    if isinstance(value, str):
        try:
            day = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value  # e.g. a target date printed as "Mar-21"
    else:
        day = value
    if isinstance(day, datetime):
        return f"{day.day} {day:%B %Y}, {day:%H:%M} UTC"
    return in_words(day, known)


def short_date(value: date | str | None, known: str | None = None) -> str:
    """3 May 2022 as "3 May 2022" in tables; "on or before 15 Jul 2021" as ``long_date``."""
    if value is None or value == "":
        return ""
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    return in_words(day, known, short=True)


_TAG_COLOURS = {
    # deadlines
    "missed": "red", "open": "blue", "extended": "yellow", "met": "green", "cancelled": "grey",
    # recommendations and actions
    "draft": "grey", "awaiting_response": "yellow", "implementing": "blue",
    "completion_proposed": "turquoise", "implemented": "green", "completed": "green",
    "rejected": "red", "deferred": "orange", "closed_by_scrutiny": "grey", "withdrawn": "grey",
    "progressing_on_track": "blue", "may_exceed_target": "orange",
    "planned_not_started": "grey", "duplicate": "grey",
    # RAG
    "red": "red", "amber": "orange", "green": "green", "blue": "blue",
    # reminders
    "sent": "green", "failed": "red", "retrying": "orange", "queued": "grey", "sending": "blue",
    # reviews
    "proposed": "grey", "scoped": "grey", "evidence_gathering": "light-blue",
    "findings_agreed": "light-blue", "referred_to_osmb": "purple",
    "returned_for_revision": "orange", "endorsed_by_osmb": "purple",
    "submitted_to_cabinet": "yellow", "cabinet_responded": "green",
    "response_reported": "green", "action_plan_agreed": "blue", "closed": "grey",
}


def tag_class(value: Any) -> str:
    colour = _TAG_COLOURS.get(str(getattr(value, "value", value)), "")
    return f"govuk-tag--{colour}" if colour else ""


def with_query(path: str, /, **parameters: Any) -> str:
    shown = {key: value for key, value in parameters.items() if value not in (None, "", False)}
    return f"{path}?{urlencode(shown)}" if shown else path


def review_url(reference: str) -> str:
    return f"{PREFIX}/reviews/{quote(reference, safe='')}"


def deadline_url(entry: dict[str, Any]) -> str:
    """Where a deadline register line leads: its item, its review, or its follow-up."""
    if entry.get("subject_kind") == "programme_item":
        return f"{PREFIX}/work-programme/{slug(entry['commission'])}/{entry['review_reference']}"
    if entry.get("item_label"):
        return item_url(entry["review_reference"], entry.get("item_kind") or "item",
                        entry["item_label"])
    return review_url(entry["review_reference"])


def item_url(reference: str, kind: str, label: str) -> str:
    part = {"action": "actions", "recommendation": "recommendations"}.get(kind, "items")
    return f"{review_url(reference)}/{part}/{quote(label, safe='')}"


def option(value: Any, chosen: str = "") -> dict[str, Any]:
    """A select or radios item for a value (an enum member or a plain string)."""
    text = str(getattr(value, "value", value))
    return {"value": text, "text": words(text) if text == text.lower() else text,
            "selected": text == chosen}


def problem_link(problem: tuple[str, str]) -> dict[str, str]:
    """An error summary entry linking to the field it is about."""
    field, message = problem
    return {"text": message, "href": f"#{field}"}


def date_parts(values: dict[str, Any], name: str) -> tuple[str, str, str]:
    """A date input's day, month and year: as typed, or from an ISO date."""
    if f"{name}-day" in values or f"{name}-year" in values:
        return (str(values.get(f"{name}-day", "")), str(values.get(f"{name}-month", "")),
                str(values.get(f"{name}-year", "")))
    try:
        day = date.fromisoformat(str(values.get(name) or ""))
    except ValueError:
        return "", "", ""
    return str(day.day), str(day.month), str(day.year)


def safe_id(label: str) -> str:
    """A label as part of an HTML id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", label)


def _environment() -> Environment:
    environment = Environment(
        loader=ChoiceLoader([
            FileSystemLoader(HERE / "templates"),
            FileSystemLoader(REPORT_TEMPLATES),  # the monitoring report page shares its tables
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        long_date=long_date, short_date=short_date, humanise=words, tag_class=tag_class,
        option=option, problem_link=problem_link, safe_id=safe_id,
    )
    environment.globals.update(
        with_query=with_query, review_url=review_url, item_url=item_url, PREFIX=PREFIX,
        date_parts=date_parts, deadline_url=deadline_url, slug=slug,
    )
    return environment


templates = Jinja2Templates(env=_environment())


def render(request: Request, template: str, status_code: int = 200, **context: Any
           ) -> HTMLResponse:
    viewer = context.pop("viewer", None) or viewer_of(request)
    council = request.app.state.service.deadline_engine.settings.name
    return templates.TemplateResponse(
        request, template,
        {"viewer": viewer, "council": council, "path": request.url.path,
         "today": request.app.state.clock.today(), **context},
        status_code=status_code,
    )


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(with_query(f"{PREFIX}/sign-in", next=target), status_code=303)


def expired_form(request: Request, viewer: Viewer, posted: Any,
                 again: str = "try again", nothing: str = "recorded") -> HTMLResponse | None:
    """The 403 page when a posted form does not carry this session's CSRF token (it may be from
    an earlier session), or None when it does."""
    if viewer.csrf_token and same_secret(str(posted.get("csrf_token") or ""), viewer.csrf_token):
        return None
    return error_page(request, 403, "This form has expired",
                      "The form did not carry this session's token (it may be from an earlier "
                      f"session). Go back, reload the page and {again}; nothing was {nothing}.")


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    try:
        viewer = viewer_of(request)
    except Exception:  # the store may be what failed: the page still answers, for the public
        viewer = Viewer(PUBLIC)
    return render(request, "error.html", viewer=viewer, status_code=status, title=title,
                  message=message)
