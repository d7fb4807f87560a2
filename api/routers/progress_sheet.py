"""Bulk progress updates over HTTP: download the sheet of your open items (CSV or Excel), upload
it filled in (either kind)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response

from api.dependencies import Reads, Reporter, Service, Today
from api.listing import download as file_download
from api.routers import ERRORS
from imports.progress_sheet import apply_sheet, sheet_csv, sheet_rows, sheet_xlsx
from reports.spreadsheets import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE

router = APIRouter(prefix="/progress-sheet", tags=["tracker"])


@router.get("", response_class=Response, responses={
    **ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                XLSX_MEDIA_TYPE: {"schema": {"type": "string",
                                                             "format": "binary"}}},
                    "description": "The sheet, as CSV (the default) or Excel"}},
    summary="The open recommendations and actions you report on, as a CSV or Excel sheet to "
    "fill in (new_rag for recommendations, new_status for actions, update, update_date)")
def download(
    reads: Reads, who: Reporter, today: Today,
    format: Annotated[Literal["csv", "xlsx"], Query(
        description="csv (UTF-8) or xlsx (Excel, with drop-downs for new_rag and "
        "new_status)")] = "csv",
) -> Response:
    rows = sheet_rows(reads, who, today)
    if format == "xlsx":
        return file_download(sheet_xlsx(rows), XLSX_MEDIA_TYPE, "progress-sheet.xlsx")
    return file_download(sheet_csv(rows), CSV_MEDIA_TYPE, "progress-sheet.csv")


@router.post("", responses=ERRORS, summary="Upload the filled-in sheet (CSV or .xlsx): every "
             "changed row is recorded as progress by you, or, if any row is wrong, nothing is "
             "and every problem is listed by row and column")
def upload(file: Annotated[bytes, File(description="The sheet as downloaded and filled in: "
                                        "CSV (UTF-8) or Excel .xlsx (its first worksheet)")],
           service: Service, reads: Reads, who: Reporter) -> dict[str, Any]:
    result = apply_sheet(service, reads, who, file)
    reads.wait_for(service.last_position())
    return {"applied": result.applied, "unchanged": result.unchanged}
