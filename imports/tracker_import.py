"""Importing a council's existing tracker: a CSV or Excel spreadsheet of recommendations or
actions with their updates, RAG ratings or statuses, officers and target dates, read through a
column mapping the adviser chooses (or saved earlier), and recorded as the events it describes,
each on the date the tracker gives it (backdated), attributed to the adviser who imported it and
naming the file and row it came from.

The import itself is recorded on each review it touched (who, when, the file's SHA-256 digest,
the mapping), so the same file is never imported twice: importing it again changes nothing and
says when it was imported. A different file repeating rows already recorded changes nothing for
those rows either. A dry run checks every row against the records as they stand, exactly as the
import would, and shows what would change without recording anything. A file with any bad row
is refused whole, with every problem named by row and column.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from application.service import ScrutinyService
from domain.action_plan import Action
from domain.errors import DomainError, InvalidCommand, NotFound
from domain.recommendation import Recommendation
from domain.review import Review
from domain.tracker_mapping import check_columns
from domain.values import (
    ActionStatus,
    RAGStatus,
    normalise_target_date,
    on_one_line,
)
from domain.wording import ACTION_STATUS_WORDING
from imports.progress_sheet import Problem, SheetRefused
from reports.spreadsheets import Table, UnreadableFile, read_date, read_table


@dataclass
class Change:
    row: int
    review: str
    label: str
    what: list[str]


@dataclass
class ImportResult:
    dry_run: bool
    file_name: str
    digest: str
    rows: int
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    reviews: list[str] = field(default_factory=list)
    already_imported: dict[str, Any] | None = None
    superseded: list[Change] = field(default_factory=list)
    """Officers and target dates the tracker gives that are older than what the record holds,
    left out."""

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run, "file_name": self.file_name, "digest": self.digest,
            "rows": self.rows, "unchanged": self.unchanged, "reviews": self.reviews,
            "changes": [vars(change) for change in self.changes],
            "already_imported": self.already_imported,
            "superseded": [vars(change) for change in self.superseded],
        }


@dataclass
class _Row:
    number: int
    review: str
    label: str
    on: date
    update: str
    rag: RAGStatus | None
    status: ActionStatus | None
    officer: str
    target: str


class _NothingRecorded(Exception):
    """Leaves the unit of work without saving anything: the end of a dry run."""


def import_tracker(
    service: ScrutinyService, content: bytes, *, file_name: str, columns: dict[str, str],
    actor: str, review: str | None = None, as_at: date | None = None, dry_run: bool = False,
    save_mapping_as: str | None = None,
) -> ImportResult:
    """Check every row and record what the tracker says that the record lacks, all in one
    transaction (with the import's own record, and the mapping saved if asked), or nothing."""
    today = service.clock.today()
    as_at = as_at or today
    if as_at > today:
        raise InvalidCommand("as_at", f"{as_at} is in the future (today is {today})")
    columns = check_columns(columns)
    if "review" not in columns and not (review and review.strip()):
        raise InvalidCommand("review", "choose the review to import into, or map the column "
                             "that names each row's review")
    file_name = on_one_line(file_name or "tracker")[:200] or "tracker"
    digest = hashlib.sha256(content).hexdigest()
    try:
        table = read_table(content)
    except UnreadableFile as error:
        raise SheetRefused([Problem(1, "file", str(error))]) from None
    missing = [Problem(1, column, f"the mapping reads the {name} from this column, which the "
                       f"file does not have (its columns: {', '.join(table.columns)})")
               for name, column in columns.items() if column not in table.columns]
    if missing:
        raise SheetRefused(missing)
    result = ImportResult(dry_run=dry_run, file_name=file_name, digest=digest,
                          rows=len(table.rows))
    rows, problems = _read_rows(table, columns, review, as_at, today)
    for row in rows:  # one spelling per review: its own reference
        row.review = _reference(service, row.review)
    named = sorted({row.review for row in rows} | (
        {_reference(service, review)} if review and "review" not in columns else set()))
    earlier = _earlier_import(service, named, digest, columns)
    if earlier is not None:
        result.already_imported = earlier
        return result
    run = _Import(service, columns, actor,
                  f"Tracker {file_name} (SHA-256 {digest[:12]}) imported by {actor}", problems)
    try:
        with service.unit_of_work():
            if save_mapping_as and save_mapping_as.strip():
                service.save_tracker_mapping(save_mapping_as, columns, actor=actor, on=today)
            per_review: dict[str, int] = {}
            for row in sorted(rows, key=lambda r: (r.on, r.number)):
                what = run.apply(row)
                if what:
                    result.changes.append(Change(row.number, row.review, row.label, what))
                    per_review[row.review] = per_review.get(row.review, 0) + 1
                elif what is not None:
                    result.unchanged += 1
            if problems:
                raise SheetRefused(sorted(problems, key=lambda p: (p.row, p.column)))
            for reference in named:
                service.record_tracker_import(
                    reference, file_name=file_name, digest=digest, columns=columns,
                    rows=len(table.rows), changes=per_review.get(reference, 0), actor=actor,
                    on=today, source=run.source)
            result.reviews = named
            result.changes.sort(key=lambda change: change.row)
            result.superseded = sorted(run.superseded, key=lambda change: change.row)
            if dry_run:
                raise _NothingRecorded
    except _NothingRecorded:
        pass
    return result


def columns_from_json(text: str) -> dict[str, str]:
    """The column mapping as sent in a form field, JSON such as {"item": "Ref"}; refused,
    naming ``columns``, when it is not such an object (malformed, or nested past reading)."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        raise InvalidCommand("columns", 'is not JSON like {"item": "Ref"}') from None
    if not isinstance(parsed, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()):
        raise InvalidCommand("columns", "must be a JSON object of field names to column names")
    return parsed


def _reference(service: ScrutinyService, reference: str) -> str:
    try:
        return service.get_review(reference.strip()).reference
    except NotFound:
        return reference.strip()  # refused with its row when the row is applied


def _earlier_import(service: ScrutinyService, references: list[str], digest: str,
                    columns: dict[str, str]) -> dict[str, Any] | None:
    for reference in references:
        try:
            found = service.get_review(reference)
        except NotFound:
            continue
        record = found.tracker_import_of(digest, columns)
        if record is not None:
            return {"review": found.reference, "file_name": record.file_name,
                    "imported_by": record.imported_by,
                    "imported_on": record.imported_on.isoformat()}
    return None


def _read_rows(table: Table, columns: dict[str, str], review: str | None, as_at: date,
               today: date) -> tuple[list[_Row], list[Problem]]:
    rows: list[_Row] = []
    problems: list[Problem] = []

    def cell(cells: dict[str, str], name: str) -> str:
        return cells.get(columns[name], "").strip() if name in columns else ""

    for number, cells in table.rows:
        found: list[Problem] = []
        label = cell(cells, "item")
        if not label:
            found.append(Problem(number, columns["item"], "is blank; name the recommendation "
                                 "or action"))
        reference = cell(cells, "review") if "review" in columns else (review or "").strip()
        if not reference:
            found.append(Problem(number, columns["review"], "is blank; name the review"))
        on = as_at
        if cell(cells, "update_date"):
            parsed = read_date(cell(cells, "update_date"))
            if parsed is None:
                found.append(Problem(number, columns["update_date"],
                                     f"{cell(cells, 'update_date')!r} is not a date like "
                                     "2022-05-03 or 03/05/2022"))
            elif parsed > today:
                found.append(Problem(number, columns["update_date"], f"{parsed} is in the "
                                     "future"))
            else:
                on = parsed
        rag = None
        if cell(cells, "rag"):
            rag = parse_rag(cell(cells, "rag"))
            if rag is None:
                found.append(Problem(number, columns["rag"], f"{cell(cells, 'rag')!r} is not "
                                     "a RAG rating: red, amber, green or blue"))
        status = None
        if cell(cells, "status"):
            status = parse_status(cell(cells, "status"))
            if status is None:
                found.append(Problem(number, columns["status"], f"{cell(cells, 'status')!r} "
                                     "is not an action's status: "
                                     + "; ".join(ACTION_STATUS_WORDING[s] for s in ActionStatus
                                                 if s != ActionStatus.DUPLICATE)))
        if found:
            problems += found
            continue
        rows.append(_Row(number, reference, label, on, cell(cells, "update"), rag, status,
                         cell(cells, "officer"), cell(cells, "target_date")))
    return rows, problems


_COLUMN_OF_FIELD = {"business_date": "update_date", "note": "update", "rag": "rag",
                    "status": "status", "officer": "officer", "owner": "officer",
                    "target_date": "target_date", "by_when": "target_date"}
"""The tracker's field for a field the service names in a refusal."""


class _Import:
    """One import's rows applied in date order inside the unit of work."""

    def __init__(self, service: ScrutinyService, columns: dict[str, str], actor: str,
                 source: str, problems: list[Problem]) -> None:
        self.service = service
        self.columns = columns
        self.actor = actor
        self.source = source
        self.problems = problems
        self.superseded: list[Change] = []
        self._last_dated: dict[Any, date] = {}

    def apply(self, row: _Row) -> list[str] | None:
        """Record what the row says that is not recorded yet; what changed (empty: nothing),
        or None when the row is refused (its problems added)."""
        try:
            review = self.service.get_review(row.review)
        except NotFound:
            self._refuse(row, "review", f"there is no review {row.review!r}")
            return None
        if row.label in review.recommendation_labels:
            item: Recommendation | Action = self.service.get_recommendation(review, row.label)
            if row.status is not None:
                self._refuse(row, "status", "a recommendation takes a RAG rating, not an "
                             "action's status")
                return None
            if (row.update or row.rag) and not row.update:
                self._refuse(row, "update" if "update" in self.columns else "rag",
                             "a recommendation's progress needs the update's text")
                return None
        elif row.label in review.action_numbers:
            item = self.service.get_action(review, row.label)
            if row.rag is not None:
                self._refuse(row, "rag", "an action takes a status, not a RAG rating")
                return None
        else:
            self._refuse(row, "item", f"{review.reference} has no recommendation or action "
                         f"{row.label!r}")
            return None
        return self._steps(review, item, row)

    def _steps(self, review: Review, item: Recommendation | Action, row: _Row
               ) -> list[str] | None:
        source = f"{self.source}, row {row.number}"
        service, actor, reason = self.service, self.actor, "as the tracker records"
        steps: list[tuple[str, Callable[[], None]]] = []
        # An officer or target date older than the newest entry on the record is history the
        # record has moved on from: it is left out (and said so), never put back.
        newer = self._last_date(item) > row.on
        if isinstance(item, Recommendation):
            officer, target = item.responsible_officer, item.target_date
            if row.officer and row.officer != officer:
                steps.append(("officer", lambda: service.assign_responsible_officer(
                    review.reference, row.label, officer=row.officer, reason=reason,
                    actor=actor, on=row.on, source=source)))
            if row.target and _month_or_day(row.target) != target:
                steps.append(("target_date", lambda: service.revise_target_date(
                    review.reference, row.label, target_date=row.target, reason=reason,
                    actor=actor, on=row.on, source=source)))
            if row.update and not _recorded(item, row):
                steps.append(("update", lambda: service.record_progress(
                    review.reference, row.label, rag=row.rag, note=row.update, actor=actor,
                    on=row.on, source=source)))
        else:
            if row.officer and row.officer != item.owner:
                steps.append(("officer", lambda: service.reassign_action_owner(
                    review.reference, row.label, owner=row.officer, reason=reason,
                    actor=actor, on=row.on, source=source)))
            if row.target and row.target != item.by_when:
                steps.append(("target_date", lambda: service.revise_action_target_date(
                    review.reference, row.label, by_when=row.target, reason=reason,
                    actor=actor, on=row.on, source=source)))
            if (row.update or row.status) and not _recorded(item, row):
                status = ActionStatus(row.status or item.status)
                steps.append(("status" if row.status else "update",
                              lambda: service.record_action_progress(
                                  review.reference, row.label, status=status,
                                  note=row.update or None, actor=actor, on=row.on,
                                  source=source)))
        done: list[str] = []
        left_out: list[str] = []
        refused = False
        for name, step in steps:
            if newer and name in ("officer", "target_date"):
                left_out.append(_described(name, row))
                continue
            try:
                step()
            except DomainError as error:
                field = getattr(error, "field", "")
                self._refuse(row, _COLUMN_OF_FIELD.get(field, name), error.message)
                refused = True
                continue
            done.append(_described(name, row))
            self._last_dated[item.id] = max(row.on, self._last_date(item))
        if left_out:
            self.superseded.append(Change(row.number, row.review, row.label, left_out))
        return None if refused else done

    def _last_date(self, item: Recommendation | Action) -> date:
        """The business date of the newest entry on the item's record (this import's too)."""
        if item.id not in self._last_dated:
            events: list[Any] = list(self.service.events.get(item.id))
            self._last_dated[item.id] = max((event.business_date for event in events),
                                            default=date.min)
        return self._last_dated[item.id]

    def _refuse(self, row: _Row, field: str, problem: str) -> None:
        self.problems.append(Problem(row.number, self.columns.get(field, self.columns["item"]),
                                     problem))


def _month_or_day(target: str) -> str:
    """A recommendation's target as it is kept ("September 2022" is kept as 2022-09)."""
    try:
        return normalise_target_date(target)
    except ValueError:
        return target  # the domain refuses it, naming why


def _described(name: str, row: _Row) -> str:
    if name == "officer":
        return f"responsible officer: {row.officer}"
    if name == "target_date":
        return f"target date: {row.target}"
    rating = row.rag.value if row.rag else (
        ACTION_STATUS_WORDING[row.status] if row.status else None)
    return f"update of {row.on}" + (f" ({rating})" if rating else "") + (
        f": {row.update}" if row.update else "")


def _recorded(item: Recommendation | Action, row: _Row) -> bool:
    """This row's update is on the record already (the same tracker, or another with it)."""
    if isinstance(item, Recommendation):
        return any((u.reported_on, u.note, u.rag) == (row.on, row.update, row.rag)
                   for u in item.progress_updates)
    return any((u.reported_on, u.note or "", u.status) == (row.on, row.update,
                                                           row.status or u.status)
               for u in item.progress_updates)


def parse_rag(text: str) -> RAGStatus | None:
    word = text.strip().lower()
    short = {"r": "red", "a": "amber", "g": "green", "b": "blue", "complete": "blue",
             "completed": "blue"}
    word = short.get(word, word)
    first = re.split(r"[^a-z]+", word)[0] if word else ""
    return RAGStatus(first) if first in {r.value for r in RAGStatus} else None


def parse_status(text: str) -> ActionStatus | None:
    wanted = " ".join(text.strip().lower().replace("_", " ").split())
    for status, wording in ACTION_STATUS_WORDING.items():
        if status == ActionStatus.DUPLICATE:
            continue
        words = wording.lower()
        if wanted in (status.value.replace("_", " "), words, words.removeprefix("action ")):
            return status
    return None
