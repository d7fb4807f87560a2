"""Builds the API's views of reviews, recommendations and actions from the service."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from api.schemas import (
    ActionView,
    CabinetMeetingView,
    DeadlineView,
    HistoryEntryView,
    RecommendationView,
    ReportBackView,
    ReviewDetail,
    ReviewSummary,
    Step,
)
from domain.service import ScrutinyService


def step_arguments(body: Step, actor: str, today: date) -> dict[str, Any]:
    """The who, when and where that every command takes, from a request."""
    return {
        "actor": actor,
        "on": body.business_date or today,
        "source": body.source,
        "expected_version": body.expected_version,
    }


def review_detail(service: ScrutinyService, review_ref: str | UUID) -> ReviewDetail:
    review = service.get_review(review_ref)
    summary = ReviewSummary.of(review)
    return ReviewDetail(
        **summary.model_dump(),
        members=review.members,
        allowed_steps=review.allowed_steps(),
        terms_of_reference=review.terms_of_reference,
        evidence_sessions=review.evidence_sessions,
        findings=review.findings,
        osmb_comments=review.osmb_comments,
        referred_to_osmb_on=review.referred_to_osmb_on,
        endorsed_on=review.endorsed_on,
        submitted_to_cabinet_on=review.submitted_to_cabinet_on,
        report_received_on=review.report_received_on,
        notice_served_on=review.notice_served_on,
        report_to_council=review.report_to_council,
        deadlines=[DeadlineView.of(d) for d in service.deadlines_of(review)],
        cabinet_meetings=[CabinetMeetingView(**m.model_dump()) for m in review.cabinet_meetings],
        reports_back=[ReportBackView(**r.model_dump()) for r in review.reports_back],
        closed_on=review.closed_on,
        closing_note=review.closing_note,
        inspection_findings=review.inspection_findings,
        recommendations=[
            RecommendationView.of(item, service.history(item.id), service.deadlines_of(item))
            for item in service.recommendations_of(review)
        ],
        actions=[
            ActionView.of(item, service.history(item.id), service.deadlines_of(item))
            for item in service.actions_of(review)
        ],
        history=[HistoryEntryView.of(entry) for entry in service.history(review.id)],
    )


def recommendation_view(service: ScrutinyService, review: str, label: str) -> RecommendationView:
    item = service.get_recommendation(review, label)
    return RecommendationView.of(item, service.history(item.id), service.deadlines_of(item))


def action_view(service: ScrutinyService, review: str, number: str) -> ActionView:
    item = service.get_action(review, number)
    return ActionView.of(item, service.history(item.id), service.deadlines_of(item))
