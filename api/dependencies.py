"""Request-scoped things the routers ask for: the service, who is asking, and today's date.

Who is asking comes from credentials only, never from the request body: an API token
(``Authorization: Bearer scr_…``) or the signed-in web session's cookie. A request with neither
is the public. Writes made with a session cookie must also carry the session's CSRF token
(``X-CSRF-Token`` header, or the ``csrf_token`` field of a form).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

import anyio.to_thread
from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.answers import Answers
from application.service import ScrutinyService
from domain.access import PUBLIC, ExemptAccess, Principal, Role, require_role
from domain.errors import Forbidden, InvalidCommand, NotAuthenticated
from identity.accounts import Accounts, same_secret
from projections.read_models import ReadModels

P = ParamSpec("P")
R = TypeVar("R")

SESSION_COOKIE = "scrutiny_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

bearer = HTTPBearer(
    auto_error=False,
    description="An API token made with `scrutiny tokens create` or POST /tokens.",
)


def cookies_secure() -> bool:
    """Cookies are Secure unless SCRUTINY_COOKIE_SECURE=0 (plain-HTTP development only)."""
    return os.environ.get("SCRUTINY_COOKIE_SECURE", "1") not in {"0", "false", "no"}


def set_private_cookie(response: Response, name: str, value: str, *, path: str,
                       max_age: int) -> None:
    """A cookie no script can read, never sent by another site's page, Secure by default."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, secure=cookies_secure(),
                        samesite="strict", path=path)


def clear_private_cookie(response: Response, name: str, *, path: str) -> None:
    response.delete_cookie(name, path=path, secure=cookies_secure(), httponly=True,
                           samesite="strict")


def refuse_nul_characters(request: Request) -> None:
    """No text in the address may hold a NUL character (no store can keep or search for it)."""
    for where, values in (("path", request.path_params), ("query", request.query_params)):
        for name, value in values.items():
            if isinstance(value, str) and "\x00" in value:
                raise InvalidCommand(f"{where}.{name}", "contains a NUL character")


def get_service(request: Request) -> ScrutinyService:
    service: ScrutinyService = request.app.state.service
    return service


def get_accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def get_today(request: Request) -> date:
    today: date = request.app.state.clock.today()
    return today


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The signed-in account making the request, or the public.

    The public's requests are answered here, in the event loop; a token or a session is looked
    up in a worker thread, so a slow database never holds up the worker's other requests."""
    accounts = get_accounts(request)
    now = request.app.state.clock.now()
    if credentials is not None:
        return await anyio.to_thread.run_sync(accounts.principal_for_token,
                                              credentials.credentials, now)
    if request.headers.get("authorization"):
        raise NotAuthenticated("Send the API token as 'Authorization: Bearer scr_…'.")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return PUBLIC
    session = await anyio.to_thread.run_sync(accounts.session, cookie, now)
    if session is None:
        return PUBLIC
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            field = form.get("csrf_token")
            sent = field if isinstance(field, str) else None
        if not sent or not same_secret(sent, session.csrf_token):
            raise Forbidden(
                "This form or request did not carry the session's CSRF token; reload the page "
                f"and try again (API clients send it as {CSRF_HEADER}).",
                role=session.principal.role.value,
            )
    return session.principal


Who = Annotated[Principal, Depends(get_principal)]


def get_adviser(principal: Who) -> Principal:
    require_role(principal, (Role.ADVISER,), "record lifecycle steps")
    return principal


def get_actor(principal: Adviser) -> str:
    """The signed-in adviser's name: the actor recorded on the event."""
    return principal.name


def get_reporter(principal: Who) -> Principal:
    """An adviser or an officer; the route then checks the item is the officer's."""
    require_role(principal, (Role.ADVISER, Role.OFFICER), "report progress")
    return principal


def get_signed_in(principal: Who) -> Principal:
    require_role(principal, (Role.ADVISER, Role.OFFICER, Role.MEMBER), "do this")
    return principal


def get_read_models(request: Request) -> ReadModels:
    read_models: ReadModels = request.app.state.read_models
    return read_models


def get_answers(request: Request, principal: Who) -> Answers:
    return Answers(get_service(request), get_read_models(request), get_today(request),
                   principal.exempt_access)


def get_access(principal: Who) -> ExemptAccess:
    """What exempt information the reader may see (domain/access.py)."""
    return principal.exempt_access


def in_event_loop(function: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """``function`` as a dependency FastAPI calls in the event loop instead of handing it to a
    worker thread: these only read the app's state or check what they are given, and each
    thread hop (several a request) cost more than the work."""

    @functools.wraps(function)
    async def dependency(*args: P.args, **kwargs: P.kwargs) -> R:
        return function(*args, **kwargs)

    return dependency


Service = Annotated[ScrutinyService, Depends(in_event_loop(get_service))]
AccountsDep = Annotated[Accounts, Depends(in_event_loop(get_accounts))]
Adviser = Annotated[Principal, Depends(in_event_loop(get_adviser))]
Actor = Annotated[str, Depends(in_event_loop(get_actor))]
Reporter = Annotated[Principal, Depends(in_event_loop(get_reporter))]
SignedIn = Annotated[Principal, Depends(in_event_loop(get_signed_in))]
Today = Annotated[date, Depends(in_event_loop(get_today))]
Reads = Annotated[ReadModels, Depends(in_event_loop(get_read_models))]
AnswersDep = Annotated[Answers, Depends(in_event_loop(get_answers))]
Access = Annotated[ExemptAccess, Depends(in_event_loop(get_access))]
NoNulCharacters = Depends(in_event_loop(refuse_nul_characters))
