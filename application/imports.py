"""Tracker imports: the column mappings a council keeps, and the record of each import."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import ServiceBase, command
from domain.errors import NotFound
from domain.tracker_mapping import TRACKER_MAPPINGS, TrackerMappings


class TrackerImports(ServiceBase):
    """A council's saved tracker mappings and the record of a tracker imported into a review."""

    # --- tracker imports ----------------------------------------------------------------------

    def tracker_mappings(self) -> dict[str, dict[str, str]]:
        """The column mappings advisers have saved, by name."""
        if not self._exists(TRACKER_MAPPINGS):
            return {}
        return dict(self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping").mappings)

    @command
    def save_tracker_mapping(
        self, name: str, columns: dict[str, str], *, actor: str, on: date,
        source: str | None = None,
    ) -> None:
        self._check_business_date(on)
        if self._exists(TRACKER_MAPPINGS):
            found = self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping")
        else:
            found = TrackerMappings()
        found.save(name, columns)
        self._commit(found)

    @command
    def remove_tracker_mapping(self, name: str, *, actor: str, on: date,
                               source: str | None = None) -> None:
        self._check_business_date(on)
        if not self._exists(TRACKER_MAPPINGS):
            raise NotFound(f"There is no saved tracker mapping called {name!r}.")
        found = self._load(TrackerMappings, TRACKER_MAPPINGS, "saved mapping")
        found.remove(name)
        self._commit(found)

    @command
    def record_tracker_import(
        self, review: str | UUID, *, file_name: str, digest: str, columns: dict[str, str],
        rows: int, changes: int, actor: str, on: date, source: str | None = None,
    ) -> None:
        found = self.get_review(review)
        self._check(found, None, on)
        found.record_tracker_import(file_name, digest, columns, rows, changes)
        self._commit(found)
