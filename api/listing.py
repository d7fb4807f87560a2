"""Lists as JSON pages, or as CSV or Excel downloads of every row, one way for every list."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from projections.queries import EVERYTHING, Page
from reports.spreadsheets import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, csv_bytes, xlsx_bytes

ListFormat = Literal["json", "csv", "xlsx"]


@dataclass(frozen=True)
class Paging:
    """Which page of a list to answer with; a CSV or Excel download is every row."""

    page: int
    page_size: int
    format: ListFormat


def paging(default_page_size: int = 100) -> Callable[..., Coroutine[Any, Any, Paging]]:
    async def get_paging(  # called in the event loop: it only checks its arguments
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=500)] = default_page_size,
        format: Annotated[ListFormat, Query(
            description="json: one page; csv or xlsx (Excel): every row, as a download")] = "json",
    ) -> Paging:
        if format in ("csv", "xlsx"):
            return Paging(1, EVERYTHING, format)
        return Paging(page, page_size, "json")

    return get_paging


Paged = Annotated[Paging, Depends(paging())]
ReviewPaging = Annotated[Paging, Depends(paging(50))]


class ListPage(BaseModel):
    items: list[Any]
    total: int
    page: int
    page_size: int


def listing(found: Page, model: type[BaseModel], paged: Paging, name: str) -> Any:
    """The page as JSON, or every row as ``<name>.csv`` or ``<name>.xlsx``: the same columns as
    the JSON's items, in the same order, with the same values (Excel's dates and times typed)."""
    items = [model.model_validate(item) for item in found.items]
    if paged.format == "json":
        return {"items": items, "total": found.total, "page": found.page,
                "page_size": found.page_size}
    columns = [*model.model_fields, *model.model_computed_fields]
    rows = [item.model_dump(mode="json") for item in items]
    if paged.format == "csv":
        return download(csv_bytes(columns, rows), CSV_MEDIA_TYPE, f"{name}.csv")
    for item, row in zip(items, rows, strict=True):
        for column in columns:  # Excel sorts and filters real times, not their ISO text
            value = getattr(item, column, None)
            if isinstance(value, datetime):
                row[column] = value
    return download(xlsx_bytes(columns, rows, title=_title(name)), XLSX_MEDIA_TYPE,
                    f"{name}.xlsx")


def download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _title(name: str) -> str:
    """``audit-trail`` → "Audit trail", the worksheet's name."""
    words = name.replace("-", " ")
    return words[:1].upper() + words[1:]
