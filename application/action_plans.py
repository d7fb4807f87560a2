"""The actions of an inspection action plan: progress, target dates, owners and duplicates."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import ServiceBase, command
from domain.access import Principal, require_reporter
from domain.action_plan import Action
from domain.errors import InvalidCommand
from domain.review import Review
from domain.values import ActionStatus


class ActionPlans(ServiceBase):
    """Steps on one action of an agreed inspection action plan."""

    # --- inspection actions -------------------------------------------------------------------

    def _action_for_update(
        self, review: str | UUID | Review, number: str, expected_version: int | None, on: date,
        reporter: Principal | None = None,
    ) -> Action:
        action = self.get_action(review, number)
        if reporter is not None:
            require_reporter(reporter, action.owner, f"action {number}")
        self._check(action, expected_version, on)
        return action

    @command
    def record_action_progress(
        self, review: str | UUID, number: str, *, status: ActionStatus, note: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        """``reporter``, if given, must be an adviser or the action's owner."""
        action = self._action_for_update(review, number, expected_version, on, reporter)
        action.record_progress(status, note)
        self._commit(action)

    @command
    def revise_action_target_date(
        self, review: str | UUID, number: str, *, by_when: str, reason: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        action = self._action_for_update(review, number, expected_version, on)
        action.revise_target_date(by_when, reason)
        self._commit(action)

    @command
    def reassign_action_owner(
        self, review: str | UUID, number: str, *, owner: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        action = self._action_for_update(review, number, expected_version, on)
        action.reassign_owner(owner, reason)
        self._commit(action)

    @command
    def mark_action_duplicate(
        self, review: str | UUID, number: str, *, duplicate_of: str, note: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        found = self.get_review(review)
        action = self._action_for_update(found, number, expected_version, on)
        known = set(found.action_numbers) | {f.number for f in found.inspection_findings}
        if duplicate_of not in known:
            raise InvalidCommand(
                "duplicate_of", f"{duplicate_of!r} is neither an action nor a finding of this plan"
            )
        action.mark_duplicate(duplicate_of, note)
        self._commit(action)
