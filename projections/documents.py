"""What each view stores about a review, recommendation, action, meeting or work programme item
as a document (JSON), worked out from its state; the rows around them are in projections/rows.py.

The projector keeps the aggregates it is following up to date by applying each event to them
(the domain's own code), then writes these rows; the views therefore say exactly what the domain
says. Deadline rows keep due, met and cancelled; whether one is open, extended or missed depends
on the day it is read, so that is assessed at query time.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pydantic_core

from domain.action_plan import Action
from domain.deadline_rules import DeadlineEngine
from domain.known_dates import how_inexact
from domain.recommendation import Recommendation
from domain.review import Review
from domain.wording import ACTION_STATUS_WORDING
from domain.work_programme import Meeting, ProgrammeItem

# Deadlines are stored with their dates only; any "today" gives the same dates.
_ANY_DAY = date(1900, 1, 1)


def to_json(value: Any) -> str:
    return pydantic_core.to_json(value).decode("utf-8")


def with_dates_known(document: dict[str, Any]) -> dict[str, Any]:
    """The document with ``dates_known``: which of its dates the papers give only as a month or
    a bound, and how ({"proposed_on": "on_or_before"}), since JSON keeps only the day."""
    document["dates_known"] = {key: how for key, value in document.items()
                               if isinstance(value, date) and (how := how_inexact(value))}
    return document


def review_document(review: Review) -> dict[str, Any]:
    return with_dates_known({
        "id": review.id,
        "reference": review.reference,
        "title": review.title,
        "commission": review.commission,
        "kind": review.kind,
        "status": review.status,
        "proposed_on": review.proposed_on,
        "recommendation_count": len(review.recommendation_labels),
        "action_count": len(review.action_numbers),
        "version": review.version,
        "members": review.members,
        "allowed_steps": review.allowed_steps(),
        "terms_of_reference": review.terms_of_reference,
        "evidence_sessions": review.evidence_sessions,
        "findings": review.findings,
        "osmb_comments": review.osmb_comments,
        "referred_to_osmb_on": review.referred_to_osmb_on,
        "endorsed_on": review.endorsed_on,
        "submitted_to_cabinet_on": review.submitted_to_cabinet_on,
        "cabinet_responded_on": review.cabinet_responded_on,
        "report_received_on": review.report_received_on,
        "notice_served_on": review.notice_served_on,
        "report_to_council": review.report_to_council,
        "cabinet_meetings": review.cabinet_meetings,
        "reports_back": review.reports_back,
        "closed_on": review.closed_on,
        "closing_note": review.closing_note,
        "inspection_findings": review.inspection_findings,
        "unrecorded_steps": review.unrecorded_steps,
        **review.exemption_document(),
    })


def recommendation_document(item: Recommendation) -> dict[str, Any]:
    response = item.cabinet_response
    updates = item.progress_updates
    return {
        "id": item.id,
        "review_id": item.review_id,
        "label": item.label,
        "text": item.text,
        "status": item.status,
        "version": item.version,
        "allowed_steps": item.allowed_steps(),
        "cabinet_decision": response.decision if response else None,
        "cabinet_reason": response.reason if response else None,
        "cabinet_response": response.response if response else None,
        "responded_on": item.responded_on,
        "minute_number": item.minute_number,
        "responsible_officer": item.responsible_officer,
        "timeframe": response.timeframe if response else None,
        "target_date": item.target_date,
        "original_target_date": item.original_target_date,
        "rag": updates[-1].rag if updates else None,
        "latest_update": updates[-1] if updates else None,
        "progress_updates": updates,
        "completion_evidence": item.completion_evidence,
        "completed_on": item.completed_on,
        "closing_reason": item.closing_reason,
        **item.exemption_document(),
    }


def action_document(item: Action) -> dict[str, Any]:
    return {
        "id": item.id,
        "review_id": item.review_id,
        "number": item.number,
        "finding_number": item.finding_number,
        "text": item.text,
        "owner": item.owner,
        "by_when": item.by_when,
        "target_date": item.target_date,
        "status": item.status,
        "status_wording": ACTION_STATUS_WORDING[item.status],
        "duplicate_of": item.duplicate_of,
        "version": item.version,
        "allowed_steps": item.allowed_steps(),
        "progress_updates": item.progress_updates,
        **item.exemption_document(),
    }


def sort_key(label: str) -> str:
    """Orders "2" before "10" and "2.3" before "2.10", as the papers do."""
    return ".".join(part.zfill(6) if part.isdigit() else part for part in label.split("."))


def meeting_document(meeting: Meeting, engine: DeadlineEngine) -> dict[str, Any]:
    papers = engine.compute("papers-deadline", meeting.meets_on)
    agenda = engine.compute("agenda-publication", meeting.meets_on)
    return {
        "id": meeting.id, "commission": meeting.commission, "meets_on": meeting.meets_on,
        "starts_at": meeting.starts_at, "venue": meeting.venue, "status": meeting.status,
        "municipal_year": meeting.municipal_year, "changes": meeting.changes,
        "cancel_reason": getattr(meeting, "cancel_reason", None),
        "papers_due_at": papers.due_at, "papers_citation": papers.citation,
        "agenda_due": agenda.due, "agenda_citation": agenda.citation,
        "version": meeting.version,
    }


def programme_item_document(item: ProgrammeItem) -> dict[str, Any]:
    follow_up = item.follow_up
    return {
        "id": item.id, "commission": item.commission, "reference": item.reference,
        "title": item.title, "purpose": item.purpose, "origin": item.origin,
        "follow_up": follow_up, "follow_up_due": follow_up.due if follow_up else None,
        "status": item.status, "added_on": item.added_on, "scores": item.scores,
        "papers_total": item.papers_total, "meeting_on": item.meeting_on,
        "agenda_number": item.agenda_number,
        "moves": item.moves, "deferrals": [{"deferred_on": on, "reason": reason}
                                           for on, reason in item.deferrals],
        "taken_on": item.taken_on, "minute_number": item.minute_number,
        "resolutions": item.resolutions, "updated_on": item.updated_on,
        "update_note": item.update_note, "completed_on": item.completed_on,
        "completion_note": item.completion_note,
        "removed_on": item.removed_on, "removal_reason": item.removal_reason,
        "version": item.version,
    }


def subject(item: Review | Recommendation | Action | Meeting | ProgrammeItem
            ) -> tuple[str, str | None, UUID]:
    """What kind of record ``item`` is, its label in its review, and that review's id (a
    meeting or a work programme item stands on its own: its own id)."""
    if isinstance(item, Review):
        return "review", None, item.id
    if isinstance(item, Meeting):
        return "meeting", item.meets_on.isoformat(), item.id
    if isinstance(item, ProgrammeItem):
        return "programme_item", item.reference, item.id
    if isinstance(item, Recommendation):
        return "recommendation", item.label, item.review_id
    return "action", item.number, item.review_id
