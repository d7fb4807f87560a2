"""Bulk progress updates: an officer or adviser downloads a sheet (CSV or Excel) of the open
recommendations and actions they report on, fills in progress, and uploads it (either kind).

Each changed row becomes a progress event attributed to the uploader. A sheet with any bad row is
refused whole, with every problem named by row and column, and nothing of it is applied.
Uploading the same sheet again changes nothing: a row whose update is already the item's latest
(same note, same RAG or status, same date) is skipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from application.service import ScrutinyService
from domain.access import Principal, Role
from domain.errors import InvalidCommand, InvalidLifecycleStep
from domain.values import ActionStatus, RAGStatus
from projections import queries
from projections.read_models import ReadModels
from reports.spreadsheets import UnreadableFile, csv_bytes, read_date, read_table, xlsx_bytes

READ_ONLY = ["item_id", "review", "kind", "label", "responsible", "status", "rag",
             "last_update_on", "last_update"]
TO_FILL = ["new_rag", "new_status", "update", "update_date"]
COLUMNS = READ_ONLY + TO_FILL
ACTION_STATUSES = {s.value for s in ActionStatus if s != ActionStatus.DUPLICATE}
RAG_RATINGS = [r.value for r in RAGStatus]
MAX_ROWS = 5000


@dataclass
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    problem: str


class SheetRefused(InvalidCommand):
    """Every problem of a sheet, by row and column; nothing of it was applied."""

    code = "invalid_sheet"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__("file", f"the sheet was not applied: row {first.row}, {first.column}: "
                         f"{first.problem}{more}. Correct every row listed and upload it again.")

    def details(self) -> dict[str, object]:
        return {"field": "file", "problems": [vars(p) for p in self.problems]}


@dataclass
class Applied:
    applied: list[dict[str, str]] = field(default_factory=list)
    unchanged: int = 0


def _names(principal: Principal) -> tuple[str, ...]:
    return (principal.name, *principal.acts_for)


def sheet_rows(read_models: ReadModels, principal: Principal, today: date,
               open_only: bool = True) -> list[dict[str, Any]]:
    """The items in implementation this person reports on: an adviser all, an officer their
    own (drafts and recommendations awaiting the Cabinet take no progress). With
    ``open_only`` false, closed ones too (to recognise a sheet uploaded a second time)."""
    filters = queries.TrackerFilter(open_only=open_only)
    if principal.role != Role.ADVISER:
        filters = queries.TrackerFilter(open_only=open_only, officers=_names(principal))
    found = queries.tracker(read_models.connection(), filters, today,
                            page_size=queries.EVERYTHING)
    return [{
        "item_id": row["item_id"], "review": row["review_reference"], "kind": row["item_kind"],
        "is_open": row["is_open"],
        "label": row["label"], "responsible": row["responsible_officer"] or "",
        "status": row["status"], "rag": row["rag"] or "",
        "last_update_on": row["last_update_on"] or "", "last_update": row["last_update_note"] or "",
        "new_rag": "", "new_status": "", "update": "", "update_date": "",
    } for row in found.items
        if row["monitoring_since"] or not row["is_open"]]  # in implementation, or closed


def sheet_csv(rows: list[dict[str, Any]]) -> bytes:
    return csv_bytes(COLUMNS, rows)


def sheet_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """The sheet as Excel: drop-downs for the new RAG rating and status; an update_date typed
    as a date is read back as that date."""
    return xlsx_bytes(COLUMNS, rows, title="Progress sheet", choices={
        "new_rag": RAG_RATINGS, "new_status": sorted(ACTION_STATUSES)})


def apply_sheet(service: ScrutinyService, read_models: ReadModels, principal: Principal,
                content: bytes) -> Applied:
    """Check every row, then record every change in one transaction, or nothing."""
    today = service.clock.today()
    try:
        table = read_table(content)
    except UnreadableFile as error:
        raise SheetRefused([Problem(1, "file", str(error))]) from None
    missing = [column for column in ("item_id", *TO_FILL) if column not in table.columns]
    if missing:
        raise SheetRefused([Problem(1, column, "this column is missing") for column in missing])
    rows = table.rows
    if len(rows) > MAX_ROWS:
        raise SheetRefused([Problem(1, "file", f"has more than {MAX_ROWS} rows")])
    problems: list[Problem] = []
    changes: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    allowed = {row["item_id"]: row for row in sheet_rows(read_models, principal, today,
                                                         open_only=False)}
    seen: set[str] = set()
    for number, row in rows:
        wanted = {key: row.get(key, "") for key in TO_FILL}
        # a rating or status is a word from a list; "Green" from a hand-typed cell means green
        wanted["new_rag"] = wanted["new_rag"].lower()
        wanted["new_status"] = wanted["new_status"].lower()
        if not any(wanted.values()):
            continue
        item_id = row.get("item_id", "")
        item = allowed.get(item_id)
        if item is None:
            problems.append(Problem(number, "item_id", f"{item_id or 'blank'} is not an open "
                                    "recommendation or action you report on"))
            continue
        if item_id in seen:
            problems.append(Problem(number, "item_id", "this item is on an earlier row too"))
            continue
        seen.add(item_id)
        if not item["is_open"]:
            # closed since the sheet was made: fine only if this row is what closed it
            on = _day(wanted["update_date"], today)
            if on is None or not _already_recorded(service, item, wanted, on):
                problems.append(Problem(number, "item_id", f"{item['review']} "
                                        f"{item['label']} is closed; no more progress is "
                                        "recorded on it"))
                continue
        problems += _check(number, item, wanted, today)
        changes.append((number, item, wanted))
    if problems:
        raise SheetRefused(problems)
    digest = hashlib.sha256(content).hexdigest()[:12]
    source = f"Progress sheet uploaded by {principal.name} (SHA-256 {digest})"
    result = Applied()
    refused: list[Problem] = []
    with service.unit_of_work():
        for number, item, wanted in changes:
            on = _day(wanted["update_date"], today) or today  # checked above
            if _already_recorded(service, item, wanted, on):
                result.unchanged += 1
                continue
            try:
                _record(service, item, wanted, on, principal.name, source)
            except InvalidCommand as error:  # a rule of the item's own, e.g. no progress
                # dated before the Cabinet's response
                refused.append(Problem(number, _COLUMN_OF.get(error.field, "item_id"),
                                       error.message.removeprefix(f"{error.field}: ")))
                continue
            except InvalidLifecycleStep as error:
                refused.append(Problem(number, "item_id", error.message))
                continue
            result.applied.append({"review": item["review"], "kind": item["kind"],
                                   "label": item["label"]})
        if refused:
            raise SheetRefused(refused)  # inside the unit of work: nothing of it is saved
    return result


_COLUMN_OF = {"business_date": "update_date", "note": "update", "rag": "new_rag",
              "status": "new_status"}
"""The sheet's column for a field the service names in a refusal."""


def _record(service: ScrutinyService, item: dict[str, Any], wanted: dict[str, str], on: date,
            actor: str, source: str) -> None:
    review = item["review"]
    if item["kind"] == "action":
        service.record_action_progress(
            review, item["label"], status=ActionStatus(wanted["new_status"] or item["status"]),
            note=wanted["update"] or None, actor=actor, on=on, source=source)
    else:
        service.record_progress(
            review, item["label"], rag=RAGStatus(wanted["new_rag"]) if wanted["new_rag"]
            else None, note=wanted["update"], actor=actor, on=on, source=source)


def _day(text: str, today: date) -> date | None:
    return read_date(text) if text else today


def _check(number: int, item: dict[str, Any], wanted: dict[str, str], today: date
           ) -> list[Problem]:
    found: list[Problem] = []
    if item["kind"] == "action":
        if wanted["new_rag"]:
            found.append(Problem(number, "new_rag", "actions take a status, not a RAG rating"))
        if wanted["new_status"] and wanted["new_status"] not in ACTION_STATUSES:
            found.append(Problem(number, "new_status", f"{wanted['new_status']!r} is not a "
                                 f"status; use one of {', '.join(sorted(ACTION_STATUSES))}"))
        if not wanted["update"] and not wanted["new_status"]:
            found.append(Problem(number, "update", "give an update or a new status"))
    else:
        if wanted["new_status"]:
            found.append(Problem(number, "new_status", "recommendations take a RAG rating; "
                                 "completion is proposed on its own page"))
        if wanted["new_rag"] and wanted["new_rag"] not in {r.value for r in RAGStatus}:
            found.append(Problem(number, "new_rag", f"{wanted['new_rag']!r} is not red, "
                                 "amber, green or blue"))
        if not wanted["update"]:
            found.append(Problem(number, "update", "write the progress update"))
    if wanted["update_date"]:
        on = read_date(wanted["update_date"])
        if on is None:
            found.append(Problem(number, "update_date", f"{wanted['update_date']!r} is not a "
                                 "date like 2022-05-03"))
        elif on > today:
            found.append(Problem(number, "update_date", f"{on} is in the future"))
    if len(wanted["update"]) > 10_000:
        found.append(Problem(number, "update", "is longer than 10,000 characters"))
    return found


def _already_recorded(service: ScrutinyService, item: dict[str, Any], wanted: dict[str, str],
                      on: date) -> bool:
    """This row's update is on the record already: the same sheet uploaded again, even after
    later updates were recorded (an update is never recorded twice)."""
    if item["kind"] == "action":
        action = service.get_action(item["review"], item["label"])
        return any(
            (update.reported_on, update.note or "") == (on, wanted["update"])
            and wanted["new_status"] in ("", update.status.value)
            for update in action.progress_updates)
    recommendation = service.get_recommendation(item["review"], item["label"])
    return any(
        (update.reported_on, update.note, update.rag.value if update.rag else "")
        == (on, wanted["update"], wanted["new_rag"])
        for update in recommendation.progress_updates)
