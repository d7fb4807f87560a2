"""Lists as JSON pages or as CSV downloads, one way for every list."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from projections.queries import EVERYTHING, Page


@dataclass(frozen=True)
class Paging:
    """Which page of a list to answer with; a CSV download is every row."""

    page: int
    page_size: int
    format: Literal["json", "csv"]


def paging(default_page_size: int = 100) -> Callable[..., Paging]:
    def get_paging(
        page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=500)] = default_page_size,
        format: Literal["json", "csv"] = "json",
    ) -> Paging:
        if format == "csv":
            return Paging(1, EVERYTHING, "csv")
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
    items = [model.model_validate(item) for item in found.items]
    if paged.format == "csv":
        return csv_response([item.model_dump(mode="json") for item in items], name)
    return {"items": items, "total": found.total, "page": found.page,
            "page_size": found.page_size}


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return Response(
        content=buffer.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet must not run a cell as a formula
    return value
