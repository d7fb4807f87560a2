"""The progress sheet page: an officer or adviser downloads the sheet of the items they report on
(CSV or Excel), fills it in, and uploads it here. What was recorded is listed; a sheet with any
bad row is refused whole, with the GOV.UK error summary and every problem by row and column.

The rules are imports/progress_sheet.py's, the same as POST /progress-sheet's.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from api.dependencies import get_read_models, get_service, get_today
from api.web import PREFIX, Viewer, expired_form, render, viewer_of
from domain.access import Role, require_role
from domain.errors import NotAuthenticated
from imports.progress_sheet import COLUMNS, TO_FILL, Applied, SheetRefused, apply_sheet, sheet_rows
from reports.spreadsheets import MAX_UPLOAD_BYTES

router = APIRouter(include_in_schema=False)

PAGE = PREFIX + "/progress-sheet"
_FORM_OVERHEAD = 64 * 1024
"""Room for the multipart form's own parts (CSRF token, boundaries) beside the file."""


def _reporter(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.signed_in:
        raise NotAuthenticated("Sign in to download or upload your progress sheet.")
    require_role(viewer.principal, (Role.ADVISER, Role.OFFICER), "report progress")
    return viewer


def _show(request: Request, viewer: Viewer, *, applied: Applied | None = None,
          problems: list[tuple[str, str]] | None = None, refused: SheetRefused | None = None,
          filename: str = "", status_code: int = 200) -> Response:
    rows = sheet_rows(get_read_models(request), viewer.principal, get_today(request))
    return render(
        request, "progress_sheet.html", viewer=viewer, title="Progress sheet",
        open_count=len(rows), columns=COLUMNS, to_fill=TO_FILL, applied=applied,
        refused=refused.problems if refused else [], filename=filename,
        problems=problems or [], error_count=len(problems or []),
        errors=dict(problems or []), status_code=status_code,
    )


@router.get(PAGE, response_class=HTMLResponse)
def progress_sheet_page(request: Request) -> Response:
    return _show(request, _reporter(request))


@router.post(PAGE, response_class=HTMLResponse)
async def upload_progress_sheet(request: Request) -> Response:
    viewer = _reporter(request)
    if int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + _FORM_OVERHEAD:
        return _show(request, viewer, status_code=413, problems=[(
            "file", f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
            "nothing was recorded")])
    posted = await request.form(max_files=1, max_fields=10)
    if expired := expired_form(request, viewer, posted, again="upload the sheet again"):
        return expired
    upload: Any = posted.get("file")
    if not isinstance(upload, UploadFile) or not (upload.filename or upload.size):
        return _show(request, viewer, status_code=422, problems=[(
            "file", "Select the progress sheet to upload, as CSV or Excel (.xlsx)")])
    content = await upload.read()
    filename = upload.filename or "the sheet"
    try:
        applied = apply_sheet(get_service(request), get_read_models(request), viewer.principal,
                              content)
    except SheetRefused as refused:
        count = len(refused.problems)
        return _show(request, viewer, status_code=422, refused=refused, filename=filename,
                     problems=[("file", (
                         f"{filename} was not applied: {refused.problems[0].problem} (row "
                         f"{refused.problems[0].row}, {refused.problems[0].column}); nothing "
                         "was recorded" if count == 1 else
                         f"{filename} was not applied: it has {count} problems, listed below "
                         "by row and column; nothing was recorded"))])
    get_read_models(request).wait_for(get_service(request).last_position())
    return _show(request, viewer, applied=applied, filename=filename)
