"""The HTTP API: composition of the service, the routers and the error answers.

Every refusal is a 4xx naming what was wrong: unknown id 404; a step the lifecycle does not allow
409 with the current state and the allowed steps; a stale write 409 with nothing saved; bad input
422 naming the field. A store that cannot be reached gives 503 with Retry-After.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.dependencies import NoNulCharacters
from api.routers import (
    ERRORS,
    access,
    actions,
    audit,
    calendar,
    commissions,
    deadlines,
    exemptions,
    progress_sheet,
    recommendations,
    reminders,
    reviews,
    steps,
    tracker,
    tracker_import,
    work_programme,
)
from api.security_headers import SecurityHeaders
from api.web import (
    STATIC,
    error_page,
    import_pages,
    is_web,
    programme_pages,
    progress_sheet_pages,
    reminder_pages,
    report_pages,
    sign_in_redirect,
)
from api.web import forms as web_forms
from api.web import pages as web_pages
from application.service import ScrutinyService
from domain.clock import Clock
from domain.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    DomainError,
    Forbidden,
    InvalidCommand,
    InvalidLifecycleStep,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
)
from identity.accounts import Accounts
from projections.database import ViewDatabase
from projections.projector import ProjectionConflict
from projections.read_models import ReadModels

log = logging.getLogger(__name__)

_STATUS = {
    NotAuthenticated: 401,
    Forbidden: 403,
    TooManyAttempts: 429,
    NotFound: 404,
    InvalidLifecycleStep: 409,
    ConcurrencyConflict: 409,
    AlreadyExists: 409,
    InvalidCommand: 422,
}


def create_app(
    service: ScrutinyService,
    clock: Clock | None = None,
    read_models: ReadModels | None = None,
    follow_log: bool = True,
    accounts: Accounts | None = None,
    background: Callable[[threading.Event], None] | None = None,
    request_threads: int | None = None,
) -> FastAPI:
    """The API on ``service``; with ``follow_log`` a background projector keeps the views current.

    ``background`` (given a stop event) runs in a thread of its own while the app serves: a
    worker's contention for the projector-and-scheduler role (api/workers.py).
    Views are brought up to date before the first request is served.
    """
    read_models = read_models or ReadModels(service, ViewDatabase(service.env))
    accounts = accounts or Accounts(read_models.database)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if request_threads is not None:
            # Each request thread keeps a connection to the views: a fixed budget per process.
            anyio.to_thread.current_default_thread_limiter().total_tokens = request_threads
        while True:
            try:
                read_models.projector.catch_up()
                break
            except ProjectionConflict:
                continue  # another worker's projector wrote those rows first: go on from there
        stop = threading.Event()
        threads = []
        if follow_log:
            threads.append(threading.Thread(target=read_models.projector.run, args=(stop,),
                                            name="projector", daemon=True))
        if background is not None:
            threads.append(threading.Thread(target=background, args=(stop,), name="role",
                                            daemon=True))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=15)

    app = FastAPI(
        lifespan=lifespan,
        title="Scrutiny lifecycle engine",
        summary="Reviews, recommendations, Cabinet responses and the statutory deadlines "
        "between them, recorded as immutable events.",
        version="0.1.0",
        responses=ERRORS,
        dependencies=[NoNulCharacters],
    )
    app.state.service = service
    app.state.read_models = read_models
    app.state.accounts = accounts
    app.add_middleware(SecurityHeaders)
    app.state.clock = clock or service.clock

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, error: DomainError) -> Response:
        status = next((code for cls, code in _STATUS.items() if isinstance(error, cls)), 400)
        if is_web(request.url.path):
            if isinstance(error, NotAuthenticated):
                return sign_in_redirect(request)
            return error_page(request, status, _WEB_TITLES.get(status, "There is a problem"),
                              error.message)
        response = _error(status, error.code, error.message, **error.details())
        if isinstance(error, NotAuthenticated):
            response.headers["WWW-Authenticate"] = 'Bearer realm="scrutiny"'
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if is_web(request.url.path):
            return error_page(request, 422, "There is a problem with the address",
                              "; ".join(f"{_field(p['loc'])}: {p['msg']}" for p in error.errors()))
        problems = [
            {"field": _field(problem["loc"]), "problem": problem["msg"]}
            for problem in error.errors()
        ]
        message = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
        return _error(422, "invalid_input", message, problems=problems)

    @app.exception_handler(psycopg.DataError)
    async def unstorable(request: Request, error: psycopg.DataError) -> Response:
        # e.g. a NUL character, which PostgreSQL text cannot hold; nothing was written.
        log.info("refused a value the database cannot store on %s", request.url.path)
        if is_web(request.url.path):
            return error_page(request, 422, "There is a problem", "A value sent cannot be "
                              "stored or searched for (it holds a character such as NUL that "
                              "text may not contain); nothing was saved. Go back and try again.")
        return _error(422, "invalid_input", "A value in the request cannot be stored or "
                      "searched for (it holds a character such as NUL that text may not contain).")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if is_web(request.url.path):
            return error_page(request, error.status_code,
                              _WEB_TITLES.get(error.status_code, "There is a problem"),
                              "Check the address, or go back and try again.")
        if error.status_code == 400:  # a body that cannot be parsed at all
            return _error(422, "invalid_input", f"The request body could not be read: "
                          f"{str(error.detail).lower()}; send JSON (or a form where asked).",
                          field="body")
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        response = _error(error.status_code, code, str(error.detail))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(psycopg.OperationalError)
    @app.exception_handler(sqlite3.OperationalError)
    async def store_unavailable(request: Request, error: Exception) -> Response:
        log.warning("event store unavailable: %s", error)
        if is_web(request.url.path):
            page = error_page(request, 503, "Sorry, the service is unavailable",
                              "The records cannot be reached just now; try again in a minute. "
                              "Nothing you sent was saved.")
            page.headers["Retry-After"] = "5"
            return page
        response = _error(
            503, "store_unavailable", "The event store cannot be reached just now; try again."
        )
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        if is_web(request.url.path):
            return error_page(request, 500, "Sorry, there is a problem with the service",
                              "Something went wrong on our side; nothing was saved.")
        return _error(500, "internal_error", "Something went wrong on our side; nothing was saved.")

    @app.get("/health", tags=["service"], summary="Is the service up and its store reachable?")
    def health() -> dict[str, str]:
        service.recorder.max_notification_id()
        return {"status": "ok"}

    app.include_router(access.router)
    app.include_router(reviews.router)
    app.include_router(steps.router)
    app.include_router(recommendations.router)
    app.include_router(actions.router)
    app.include_router(deadlines.router)
    app.include_router(calendar.router)
    app.include_router(tracker.router)
    app.include_router(audit.router)
    app.include_router(exemptions.router)
    app.include_router(reminders.router)
    app.include_router(work_programme.router)
    app.include_router(progress_sheet.router)
    app.include_router(tracker_import.router)
    app.include_router(commissions.router)
    # The dashboard: pages, step forms and their styles (built by `make assets`).
    app.include_router(web_forms.router)  # first: /web/reviews/new is not a review's page
    app.include_router(web_pages.router)
    app.include_router(programme_pages.router)
    app.include_router(progress_sheet_pages.router)
    app.include_router(report_pages.router)
    app.include_router(reminder_pages.router)
    app.include_router(import_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    return app


_WEB_TITLES = {401: "Sign in to continue", 403: "You cannot do this", 404: "Page not found",
               409: "This step cannot be recorded now", 422: "There is a problem",
               429: "Too many attempts"}


def _field(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


def _error(status: int, code: str, message: str, **details: Any) -> JSONResponse:
    return JSONResponse(
        status_code=status, content={"error": code, "message": message, **details}
    )
