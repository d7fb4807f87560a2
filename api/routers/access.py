"""Signing in and out (web sessions) and API tokens.

Accounts themselves are made on the command line (``scrutiny users add``).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from api.dependencies import (
    SESSION_COOKIE,
    AccountsDep,
    SignedIn,
    Who,
    clear_private_cookie,
    set_private_cookie,
)
from api.routers import ERRORS, error_response
from api.schemas import (
    CreatedToken,
    CreateToken,
    SessionView,
    SignedInAccount,
    SignInForm,
    TokenView,
)
from domain.access import Role, require_owner_or_adviser, require_role
from domain.errors import Forbidden, NotAuthenticated
from identity.accounts import SESSION_LENGTH, Token, same_secret

router = APIRouter(tags=["access"])



@router.get("/me", summary="Who the credentials sent belong to", responses=ERRORS)
def me(who: Who) -> SignedInAccount:
    return SignedInAccount(name=who.name, role=who.role.value, acts_for=list(who.acts_for))


SIGN_IN_COOKIE = "scrutiny_sign_in"


@router.get("/session/form", summary="Start signing in: the sign-in form's CSRF token")
def sign_in_form(response: Response) -> SignInForm:
    """The token goes in the sign-in form's ``csrf_token`` field; a matching cookie is set, so a
    form posted from another site (which can read neither) cannot sign anyone in."""
    token = secrets.token_urlsafe(32)
    set_private_cookie(response, SIGN_IN_COOKIE, token, path="/session", max_age=3600)
    return SignInForm(csrf_token=token)


@router.post(
    "/session",
    summary="Sign in with a name (or email) and password; sets the session cookie",
    responses={**ERRORS, 429: error_response("Too many failed sign-ins; retry after Retry-After")},
)
def sign_in(
    login: Annotated[str, Form(min_length=1, max_length=200)],
    password: Annotated[str, Form(min_length=1, max_length=1000)],
    csrf_token: Annotated[str, Form(min_length=1, max_length=200,
                                    description="From GET /session/form")],
    request: Request,
    response: Response,
    accounts: AccountsDep,
) -> SessionView:
    expected = request.cookies.get(SIGN_IN_COOKIE)
    if not expected or not same_secret(csrf_token, expected):
        raise Forbidden("This sign-in form has expired or did not come from this site; reload "
                        "the sign-in page (GET /session/form) and try again.", role="public")
    now = request.app.state.clock.now()
    account = accounts.sign_in(login, password, now)
    cookie, session = accounts.start_session(account, now)
    set_private_cookie(response, SESSION_COOKIE, cookie, path="/",
                       max_age=int(SESSION_LENGTH.total_seconds()))
    clear_private_cookie(response, SIGN_IN_COOKIE, path="/session")
    return SessionView(
        name=account.name, role=account.role.value, acts_for=list(account.acts_for),
        csrf_token=session.csrf_token, expires_at=session.expires_at,
    )


@router.get("/session", summary="The signed-in session and its CSRF token", responses=ERRORS)
def current_session(request: Request, accounts: AccountsDep) -> SessionView:
    cookie = request.cookies.get(SESSION_COOKIE)
    session = accounts.session(cookie, request.app.state.clock.now()) if cookie else None
    if session is None:
        raise NotAuthenticated("No signed-in session; sign in at POST /session.")
    who = session.principal
    return SessionView(
        name=who.name, role=who.role.value, acts_for=list(who.acts_for),
        csrf_token=session.csrf_token, expires_at=session.expires_at,
    )


@router.delete("/session", summary="Sign out", status_code=204, responses=ERRORS)
def sign_out(request: Request, who: SignedIn, accounts: AccountsDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        accounts.end_session(cookie)
    response = Response(status_code=204)
    clear_private_cookie(response, SESSION_COOKIE, path="/")
    return response


@router.post(
    "/tokens", summary="Make an API token for yourself; it is shown once", status_code=201,
    responses=ERRORS,
)
def create_token(body: CreateToken, request: Request, who: SignedIn,
                 accounts: AccountsDep) -> CreatedToken:
    token, text = accounts.create_token(who.name, body.label, request.app.state.clock.now(),
                                        created_by=who.name)
    return CreatedToken(**_token(token).model_dump(), token=text)


@router.get("/tokens", summary="Your API tokens (advisers: anyone's)", responses=ERRORS)
def list_tokens(who: SignedIn, accounts: AccountsDep, account: str | None = None
                ) -> list[TokenView]:
    if account is not None and account != who.name:
        require_role(who, (Role.ADVISER,), "list another account's tokens")
    return [_token(token) for token in accounts.tokens(account or who.name)]


@router.delete(
    "/tokens/{token_id}", summary="Revoke a token (yours; advisers: anyone's)",
    responses=ERRORS,
)
def revoke_token(token_id: str, request: Request, who: SignedIn,
                 accounts: AccountsDep) -> TokenView:
    require_owner_or_adviser(who, accounts.token(token_id).account, f"Token {token_id}")
    return _token(accounts.revoke_token(token_id, request.app.state.clock.now(), who.name))


def _token(token: Token) -> TokenView:
    return TokenView(**asdict(token), active=token.active)
