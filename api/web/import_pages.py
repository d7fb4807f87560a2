"""The dashboard's tracker import (advisers): choose the file, the review and which column holds
what (or a saved mapping); check it, which records nothing and shows every change it would make
or every problem by row and column; then import it.

The checked file travels with the confirmation form (base64 in a hidden field, so nothing is
kept on the server between the two steps); the import checks every row again against the
records as they then stand, so nothing recorded meanwhile is overtaken.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from api.web import PREFIX, Viewer, error_page, expired_form, render, viewer_of
from domain.errors import DomainError, Forbidden, InvalidCommand, NotAuthenticated
from domain.tracker_mapping import FIELDS
from imports.progress_sheet import SheetRefused
from imports.tracker_import import ImportResult, columns_from_json, import_tracker
from projections import queries
from reports.spreadsheets import MAX_UPLOAD_BYTES

router = APIRouter(include_in_schema=False)
PAGE = f"{PREFIX}/tracker-import"
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES * 2  # the file, base64 in the confirmation, and the form
FIELD_LABELS = {
    "item": "Recommendation or action number", "review": "Review reference",
    "update": "Progress update", "update_date": "Date of the update",
    "rag": "RAG rating (recommendations)", "status": "Status (actions)",
    "officer": "Responsible officer or owner", "target_date": "Target date or 'by when'",
}


def _adviser(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.signed_in:
        raise NotAuthenticated("Sign in to import a tracker.")
    if not viewer.is_adviser:
        raise Forbidden("Only a governance adviser may import a tracker.",
                        role=viewer.principal.role.value)
    return viewer


@router.get(PAGE)
async def import_form(request: Request) -> Response:
    viewer = _adviser(request)
    return _form_page(request, viewer, {})


@router.post(PAGE)
async def check_file(request: Request) -> Response:
    viewer = _adviser(request)
    posted = await _posted(request, viewer)
    if isinstance(posted, Response):
        return posted
    values = {key: str(value) for key, value in posted.items() if isinstance(value, str)}
    upload = posted.get("file")
    problems: list[tuple[str, str]] = []
    content = b""
    file_name = ""
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        file_name = upload.filename
    if not content:
        problems.append(("file", "Choose the tracker file (CSV or Excel .xlsx)"))
    columns, column_problems = _columns(request, values)
    problems += column_problems
    as_at, as_at_problem = _as_at(values.get("as_at", ""))
    if as_at_problem:
        problems.append(("as_at", as_at_problem))
    if problems:
        return _form_page(request, viewer, values, problems, status_code=422)
    return _run(request, viewer, values, content, file_name, columns, as_at, dry_run=True)


@router.post(f"{PAGE}/confirm")
async def confirm_import(request: Request) -> Response:
    viewer = _adviser(request)
    posted = await _posted(request, viewer)
    if isinstance(posted, Response):
        return posted
    values = {key: str(value) for key, value in posted.items() if isinstance(value, str)}
    try:
        content = base64.b64decode(values.get("content", ""), validate=True)
        columns = columns_from_json(values.get("columns", ""))
        as_at = date.fromisoformat(values["as_at"]) if values.get("as_at") else None
    except (binascii.Error, ValueError, KeyError, InvalidCommand):
        content = b""
    if not content:
        return error_page(request, 422, "This confirmation cannot be read",
                          "Nothing was imported. Go back to the tracker import and check the "
                          "file again.")
    return _run(request, viewer, values, content, values.get("file_name", "tracker"),
                columns, as_at, dry_run=False)


async def _posted(request: Request, viewer: Viewer) -> FormData | Response:
    if int(request.headers.get("content-length") or 0) > MAX_REQUEST_BYTES:
        return error_page(request, 413, "This file is too large",
                          f"Nothing was imported. A tracker may be up to "
                          f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    posted = await request.form(max_part_size=MAX_REQUEST_BYTES)
    if expired := expired_form(request, viewer, posted, nothing="imported"):
        return expired
    return posted


def _columns(request: Request, values: dict[str, str]
             ) -> tuple[dict[str, str], list[tuple[str, str]]]:
    saved = request.app.state.service.tracker_mappings()
    chosen = values.get("mapping", "")
    typed = {name: values.get(f"column-{name}", "").strip() for name in FIELDS}
    typed = {name: column for name, column in typed.items() if column}
    if chosen:
        if chosen not in saved:
            return {}, [("mapping", f"There is no saved mapping called {chosen!r}")]
        if typed:
            return {}, [("mapping", "Choose a saved mapping or name the columns, not both")]
        return dict(saved[chosen]), []
    if not typed:
        return {}, [("column-item", "Name the column that holds the recommendation or action, "
                     "and the columns with what to import, or choose a saved mapping")]
    return typed, []


def _as_at(text: str) -> tuple[date | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, f"Enter the date as year-month-day, like 2022-05-03 (not {text!r})"


def _run(request: Request, viewer: Viewer, values: dict[str, str], content: bytes,
         file_name: str, columns: dict[str, str], as_at: date | None, *, dry_run: bool
         ) -> Response:
    service = request.app.state.service
    review = values.get("review") or None
    save_as = values.get("save_mapping_as", "").strip()
    try:
        result = import_tracker(service, content, file_name=file_name, columns=columns,
                                actor=viewer.principal.name, review=review, as_at=as_at,
                                dry_run=dry_run, save_mapping_as=save_as)
    except SheetRefused as refused:
        return _form_page(request, viewer, values, [("file", refused.message)],
                          status_code=422, sheet_problems=refused.problems)
    except InvalidCommand as error:
        field = {"review": "review", "as_at": "as_at", "name": "save_mapping_as"}.get(
            error.field, "column-item")
        return _form_page(request, viewer, values, [(field, error.message)], status_code=422)
    except DomainError as error:
        return _form_page(request, viewer, values, [("file", error.message)], status_code=422)
    if not dry_run:
        request.app.state.read_models.wait_for(service.last_position())
    return _result_page(request, viewer, result, values, content, columns, as_at)


def _form_page(request: Request, viewer: Viewer, values: dict[str, str],
               problems: list[tuple[str, str]] | None = None, status_code: int = 200,
               sheet_problems: list[Any] | None = None) -> Response:
    reads = request.app.state.read_models
    reviews = queries.review_list(reads.connection(), sort="title",
                                  page_size=queries.EVERYTHING).items
    return render(
        request, "tracker_import.html", viewer=viewer, status_code=status_code,
        title="Import a tracker", values=values, problems=problems or [],
        errors=dict(problems or []), sheet_problems=sheet_problems or [], reviews=reviews,
        saved=request.app.state.service.tracker_mappings(), fields=FIELDS,
        labels=FIELD_LABELS, action=PAGE,
    )


def _result_page(request: Request, viewer: Viewer, result: ImportResult,
                 values: dict[str, str], content: bytes, columns: dict[str, str],
                 as_at: date | None) -> Response:
    return render(
        request, "tracker_import_result.html", viewer=viewer, title=(
            "Check the import" if result.dry_run else "Tracker imported"),
        result=result, columns=columns, labels=FIELD_LABELS, confirm=f"{PAGE}/confirm",
        hidden={
            "content": base64.b64encode(content).decode("ascii"),
            "file_name": result.file_name, "columns": json.dumps(columns),
            "review": values.get("review", ""), "as_at": as_at.isoformat() if as_at else "",
            "save_mapping_as": values.get("save_mapping_as", ""),
        },
    )
