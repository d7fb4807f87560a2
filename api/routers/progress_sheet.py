"""Bulk progress updates over HTTP: download the sheet of your open items, upload it filled in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Response

from api.dependencies import Reads, Reporter, Service, Today
from api.progress_sheet import apply_sheet, sheet_csv, sheet_rows
from api.routers import ERRORS

router = APIRouter(prefix="/progress-sheet", tags=["tracker"])


@router.get("", response_class=Response, responses={
    **ERRORS, 200: {"content": {"text/csv": {}}, "description": "The sheet"}},
    summary="The open recommendations and actions you report on, as a CSV to fill in "
    "(new_rag for recommendations, new_status for actions, update, update_date)")
def download(reads: Reads, who: Reporter, today: Today) -> Response:
    return Response(sheet_csv(sheet_rows(reads, who, today)), media_type="text/csv; "
                    "charset=utf-8", headers={"Content-Disposition":
                                              'attachment; filename="progress-sheet.csv"'})


@router.post("", responses=ERRORS, summary="Upload the filled-in sheet: every changed row is "
             "recorded as progress by you, or, if any row is wrong, nothing is and every "
             "problem is listed by row and column")
def upload(file: Annotated[bytes, File(description="The CSV, as downloaded and filled in")],
           service: Service, reads: Reads, who: Reporter) -> dict[str, Any]:
    result = apply_sheet(service, reads, who, file)
    reads.wait_for(service.last_position())
    return {"applied": result.applied, "unchanged": result.unchanged}
