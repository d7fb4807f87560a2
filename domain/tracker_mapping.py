"""Column mappings for importing a council's existing trackers: which column of the spreadsheet
holds the recommendation or action, the update, its date, the RAG rating or status, the officer
and the target date. An adviser chooses one for each import, and may save it by name for the
next tracker laid out the same way.

All the council's saved mappings live on one record, so saving a name twice keeps the later one
and the history shows who changed it and when.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from domain.errors import InvalidCommand, NotFound
from domain.events import Created, Event, ScrutinyAggregate
from domain.values import Name

TRACKER_MAPPINGS = UUID("0b6a1f0e-52b4-4c0e-9a1d-7f3e8c2d4b55")

FIELDS: dict[str, str] = {
    "review": "the review's reference (leave unmapped to import into one chosen review)",
    "item": "the recommendation's label or the action's number (required)",
    "update": "the progress update's text",
    "update_date": "the date of the update (blank: the import's as-at date)",
    "rag": "the RAG rating of a recommendation (red, amber, green, blue)",
    "status": "the status of an action (e.g. 'Action completed')",
    "officer": "the responsible officer of a recommendation, or the owner of an action",
    "target_date": "the timeframe of a recommendation, or an action's 'by when'",
}
REQUIRED = ("item",)
CHANGES = ("update", "rag", "status", "officer", "target_date")


def check_columns(columns: dict[str, str]) -> dict[str, str]:
    """The mapping as kept: known fields only, each to a column name, the item always mapped,
    and at least one field that changes something."""
    cleaned = {field.strip(): column.strip() for field, column in columns.items()
               if column and column.strip()}
    unknown = sorted(set(cleaned) - set(FIELDS))
    if unknown:
        raise InvalidCommand("columns", f"{', '.join(unknown)} is not a field of a tracker; "
                             f"the fields are {', '.join(FIELDS)}")
    for field in REQUIRED:
        if field not in cleaned:
            raise InvalidCommand("columns", f"say which column holds the {field} "
                                 f"({FIELDS[field]})")
    if not any(field in cleaned for field in CHANGES):
        raise InvalidCommand("columns", "map at least one of " + ", ".join(CHANGES))
    return cleaned


class TrackerMappings(ScrutinyAggregate):
    subject: ClassVar[str] = "saved tracker mappings"

    @staticmethod
    def create_id() -> UUID:
        return TRACKER_MAPPINGS

    class Started(Created):
        """The council's saved mappings begun (made with the first one saved)."""

    @event(Started)
    def __init__(self) -> None:
        self.mappings: dict[str, dict[str, str]] = {}

    def describe(self) -> str:
        return "the saved tracker mappings"

    def save(self, name: str, columns: dict[str, str]) -> None:
        name = name.strip()
        if not name:
            raise InvalidCommand("name", "give the mapping a name")
        cleaned = check_columns(columns)
        if self.mappings.get(name) == cleaned:
            return  # saved already, exactly so
        self.trigger_event(self.MappingSaved, name=name, columns=cleaned)

    def remove(self, name: str) -> None:
        if name not in self.mappings:
            raise NotFound(f"There is no saved tracker mapping called {name!r}.")
        self.trigger_event(self.MappingRemoved, name=name)

    class MappingSaved(Event):
        name: Name
        columns: dict[str, str]

        def apply(self, mappings: TrackerMappings) -> None:
            mappings.mappings[self.name] = dict(self.columns)

    class MappingRemoved(Event):
        name: str

        def apply(self, mappings: TrackerMappings) -> None:
            mappings.mappings.pop(self.name, None)
