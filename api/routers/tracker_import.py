"""Importing an existing tracker (advisers): upload the spreadsheet with a column mapping, see
what it would change (dry run), import it; save mappings by name for the next tracker."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from api.dependencies import Actor, Adviser, Reads, Service, Today
from api.routers import ERRORS
from domain.errors import InvalidCommand, NotFound
from domain.tracker_mapping import FIELDS
from imports.tracker_import import columns_from_json, import_tracker

router = APIRouter(prefix="/tracker-imports", tags=["tracker import"])


class Mapping(BaseModel):
    columns: dict[str, str] = Field(
        description="Which column of the file holds each field: "
        + "; ".join(f"{name}: {meaning}" for name, meaning in FIELDS.items()),
        examples=[{"item": "Ref", "update": "Progress update", "update_date": "Date",
                   "status": "Status", "officer": "Lead", "target_date": "By when"}],
    )


@router.post("", responses=ERRORS, summary="Import a tracker (CSV or .xlsx) as backdated "
             "events, or with dry_run see what it would change; the same file twice changes "
             "nothing, and a file with any bad row is refused whole with every problem listed")
def import_file(
    file: Annotated[UploadFile, File(description="The tracker: CSV (UTF-8) or .xlsx")],
    service: Service, reads: Reads, actor: Actor,
    review: Annotated[str | None, Form(description="The review to import into, unless the "
                                       "mapping names a review column")] = None,
    columns: Annotated[str | None, Form(description="The mapping as JSON, e.g. "
                                        '{"item": "Ref", "update": "Progress"}')] = None,
    mapping: Annotated[str | None, Form(description="The name of a saved mapping, instead "
                                        "of columns")] = None,
    save_mapping_as: Annotated[str | None, Form(description="Save the columns under this "
                                                "name too (not on a dry run)")] = None,
    as_at: Annotated[date | None, Form(description="The date of rows with no date (default "
                                       "today)")] = None,
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    chosen = _columns(service, columns, mapping)
    content = file.file.read()
    result = import_tracker(service, content, file_name=file.filename or "tracker",
                            columns=chosen, actor=actor, review=review, as_at=as_at,
                            dry_run=dry_run, save_mapping_as=save_mapping_as)
    reads.wait_for(service.last_position())
    return result.as_json()


@router.get("/mappings", responses=ERRORS, summary="The saved column mappings, by name")
def saved_mappings(service: Service, adviser: Adviser) -> dict[str, dict[str, str]]:
    return service.tracker_mappings()


@router.put("/mappings/{name}", responses=ERRORS, summary="Save a column mapping by name (a "
            "mapping saved under the same name before is replaced)")
def save_mapping(name: str, body: Mapping, service: Service, actor: Actor, today: Today
                 ) -> dict[str, str]:
    service.save_tracker_mapping(name, body.columns, actor=actor, on=today)
    return service.tracker_mappings()[name.strip()]


@router.delete("/mappings/{name}", status_code=204, responses=ERRORS,
               summary="Remove a saved column mapping")
def remove_mapping(name: str, service: Service, actor: Actor, today: Today) -> None:
    service.remove_tracker_mapping(name, actor=actor, on=today)


def _columns(service: Any, columns: str | None, mapping: str | None) -> dict[str, str]:
    if columns and mapping:
        raise InvalidCommand("columns", "give the columns or a saved mapping's name, not both")
    if mapping:
        saved = service.tracker_mappings()
        if mapping not in saved:
            raise NotFound(f"There is no saved tracker mapping called {mapping!r}; saved: "
                           f"{', '.join(sorted(saved)) or 'none'}.")
        return dict(saved[mapping])
    if not columns:
        raise InvalidCommand("columns", "say which column holds what (columns), or name a "
                             "saved mapping (mapping)")
    return columns_from_json(columns)
