"""Exempt information (Local Government Act 1972, Schedule 12A): marking and lifting."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import ServiceBase, command
from domain.errors import InvalidCommand
from domain.exemptions import CanHoldExemptInformation


class Exemptions(ServiceBase):
    """Marking a review, recommendation, action or progress note exempt, and lifting it."""

    # --- exempt information (LGA 1972 Sch 12A) ------------------------------------------------

    def exempt_subject(
        self, review: str | UUID, recommendation: str | None = None, action: str | None = None
    ) -> CanHoldExemptInformation:
        """The review, or one of its recommendations or actions, that an exemption is about."""
        if recommendation is not None and action is not None:
            raise InvalidCommand("action", "name a recommendation or an action, not both")
        if recommendation is not None:
            return self.get_recommendation(review, recommendation)
        if action is not None:
            return self.get_action(review, action)
        return self.get_review(review)

    @command
    def mark_exempt(
        self, review: str | UUID, *, recommendation: str | None = None,
        action: str | None = None, note: int | None = None, paragraphs: list[int], reason: str,
        review_by: date, actor: str, on: date, source: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        """Mark a review, recommendation, action or one progress note as exempt information."""
        subject = self.exempt_subject(review, recommendation, action)
        self._check(subject, expected_version, on)
        subject.mark_exempt(paragraphs, reason, review_by, note=note)
        self._commit(subject)

    @command
    def lift_exemption(
        self, review: str | UUID, *, recommendation: str | None = None,
        action: str | None = None, note: int | None = None, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        subject = self.exempt_subject(review, recommendation, action)
        self._check(subject, expected_version, on)
        subject.lift_exemption(reason, note=note)
        self._commit(subject)
