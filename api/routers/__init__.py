"""One router per resource; the error answers every operation may give, documented once."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from reports.spreadsheets import XLSX_MEDIA_TYPE


class ErrorBody(BaseModel):
    """Every refusal: a code, a sentence naming what was wrong, and details where they apply
    (the field; the current state and allowed steps; the current version; the problems)."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str


def error_response(description: str) -> dict[str, Any]:
    return {"description": description, "model": ErrorBody}


ERRORS: dict[int | str, dict[str, Any]] = {
    401: error_response("No credentials, or credentials that are not valid"),
    403: error_response(
        "The account's role does not allow this, or a session write lacks its CSRF token; the "
        "answer says which"
    ),
    404: error_response("No such review, recommendation, action or token"),
    409: error_response(
        "The lifecycle does not allow this step now (the answer names the current state and "
        "the allowed steps), or the record changed since you loaded it"
    ),
    422: error_response("Bad input; the answer names the field"),
    503: error_response("The event store cannot be reached just now; retry after Retry-After"),
}


CSV: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page as JSON; with format=csv, every row as CSV (UTF-8 with a "
          "byte-order mark); with format=xlsx, every row as an Excel workbook (one sheet, the "
          "same columns, dates as dates, times in UTC)",
          "content": {"text/csv": {"schema": {"type": "string"}},
                      XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
}
"""The answers of a list endpoint: format=json (default), csv or xlsx."""
