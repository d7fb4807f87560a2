"""The scrutiny service: the write side's only door, one handler per thing a governance adviser or
officer records.

Each handler loads the aggregates it touches, lets them check the step against their lifecycle,
and saves every resulting event in one transaction, so a step is recorded whole or not at all. A
save that loses a race with another writer raises ``ConcurrencyConflict`` and records nothing.
The handlers live by context in the modules beside this one; what they share (loading, the unit
of work, the version and business-date checks) is application/base.py (ARCHITECTURE.md, A
command's path).
"""

from __future__ import annotations

from application.action_plans import ActionPlans
from application.base import DraftRecommendation, HistoryEntry, PlannedAction
from application.exemptions import Exemptions
from application.implementation import Implementation
from application.imports import TrackerImports
from application.reminders import Reminders
from application.reviews import ReviewsAndCabinet
from application.work_programme import WorkProgramme

__all__ = ["DraftRecommendation", "HistoryEntry", "PlannedAction", "ScrutinyService"]


class ScrutinyService(ReviewsAndCabinet, Implementation, ActionPlans, Exemptions, WorkProgramme,
                      TrackerImports, Reminders):
    name = "Scrutiny"
