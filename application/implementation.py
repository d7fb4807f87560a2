"""Implementation of recommendations after Cabinet's response: officers, progress, target dates
and completion."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import ServiceBase, command
from domain.access import Principal, require_reporter
from domain.recommendation import Recommendation
from domain.values import RAGStatus


class Implementation(ServiceBase):
    """Steps on a recommendation that Cabinet has answered."""

    # --- implementation of recommendations ----------------------------------------------------

    def _recommendation_for_update(
        self, review: str | UUID, label: str, expected_version: int | None, on: date,
        reporter: Principal | None = None,
    ) -> Recommendation:
        recommendation = self.get_recommendation(review, label)
        if reporter is not None:
            require_reporter(reporter, recommendation.responsible_officer,
                             f"recommendation {label}")
        self._check(recommendation, expected_version, on)
        return recommendation

    @command
    def assign_responsible_officer(
        self, review: str | UUID, label: str, *, officer: str, reason: str | None = None,
        actor: str, on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.assign_responsible_officer(officer, reason)
        self._commit(recommendation)

    @command
    def record_progress(
        self, review: str | UUID, label: str, *, rag: RAGStatus | None, note: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        """``reporter``, if given, must be an adviser or the officer the recommendation is
        assigned to."""
        recommendation = self._recommendation_for_update(review, label, expected_version, on,
                                                         reporter)
        recommendation.record_progress(rag, note)
        self._commit(recommendation)

    @command
    def revise_target_date(
        self, review: str | UUID, label: str, *, target_date: str, reason: str, actor: str,
        on: date, source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.revise_target_date(target_date, reason)
        self._commit(recommendation)

    @command
    def propose_completion(
        self, review: str | UUID, label: str, *, evidence: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
        reporter: Principal | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on,
                                                         reporter)
        recommendation.propose_completion(evidence)
        self._commit(recommendation)

    @command
    def confirm_completion(
        self, review: str | UUID, label: str, *, evidence: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.confirm_completion(evidence)
        self._commit(recommendation)

    @command
    def refuse_completion(
        self, review: str | UUID, label: str, *, reasons: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.refuse_completion(reasons)
        self._commit(recommendation)

    @command
    def close_recommendation_as_superseded(
        self, review: str | UUID, label: str, *, reason: str, actor: str, on: date,
        source: str | None = None, expected_version: int | None = None,
    ) -> None:
        recommendation = self._recommendation_for_update(review, label, expected_version, on)
        recommendation.close_as_superseded(reason)
        self._commit(recommendation)
