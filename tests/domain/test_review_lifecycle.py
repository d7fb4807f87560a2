"""The review's journey, told as the minutes tell it (README, "The domain"), on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from application.service import DraftRecommendation, ScrutinyService
from domain.errors import ConcurrencyConflict, InvalidCommand, InvalidLifecycleStep, NotFound
from domain.events import Stamp, recording
from domain.recommendation import CabinetResponse
from domain.values import (
    CabinetDecision,
    RAGStatus,
    RecommendationStatus,
    ReportedTo,
    ReviewKind,
    ReviewStatus,
)

ADVISER = "katherine.harclerode"
OFFICER = "co-ordinator.governor.services"
REF = "scrutiny-of-cse-plans"


def propose_and_refer(service: ScrutinyService) -> None:
    """OSMB's scrutiny of Rotherham's plans to address CSE, December 2014 (seed 003)."""
    service.propose_review(
        reference=REF, title="Scrutiny of Rotherham's Plans to address Child Sexual Exploitation",
        commission="Overview and Scrutiny Management Board", kind=ReviewKind.FULL,
        members=["Councillor Parker", "Councillor Wyatt", "Councillor Sims"],
        actor=ADVISER, on=date(2014, 11, 1),
    )
    service.scope_review(
        REF, "Rotherham's plans to tackle child sexual exploitation, over two full days.",
        actor=ADVISER, on=date(2014, 11, 20),
    )
    service.record_evidence_session(
        REF, title="Day one: the Local Government sector, performance and criminal justice",
        actor=ADVISER, on=date(2014, 12, 12),
    )
    service.record_evidence_session(
        REF, title="Day two: support to survivors and academic witnesses on the Jay Report",
        actor=ADVISER, on=date(2014, 12, 18),
    )
    service.agree_findings(
        REF, findings="A summary of key issues was given at the end of each day.",
        recommendations=[
            DraftRecommendation(
                label="a", text="That the council acknowledges the historic failures and ..."
            ),
            DraftRecommendation(label="b", text="That one action plan tackles CSE."),
        ],
        actor=ADVISER, on=date(2015, 1, 5),
    )
    service.refer_to_osmb(REF, actor=ADVISER, on=date(2015, 1, 9))


def test_osmb_returns_the_report_with_a_wording_amendment_then_endorses_it(
    service: ScrutinyService,
) -> None:
    propose_and_refer(service)

    # "Councillor Sims also asked that the word 'historic' in the first recommendation of (a)
    # be changed to 'historical'." Resolved: the comments be incorporated for resubmission.
    service.return_for_revision(
        REF, comments="Incorporate the comments raised; change 'historic' to 'historical'.",
        actor=ADVISER, on=date(2015, 1, 9), source="OSMB 9 January 2015",
    )
    service.amend_recommendation_wording(
        REF, "a", replace="historic", replacement="historical", reason="Councillor Sims",
        actor=ADVISER, on=date(2015, 1, 12),
    )
    service.resubmit_to_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))

    review = service.get_review(REF)
    assert review.status == ReviewStatus.ENDORSED_BY_OSMB
    assert review.osmb_comments == [
        "Incorporate the comments raised; change 'historic' to 'historical'."
    ]
    recommendation = service.get_recommendation(REF, "a")
    assert recommendation.text == "That the council acknowledges the historical failures and ..."
    amended = [h for h in service.history(recommendation.id) if h.event == "WordingAmended"]
    previous = amended[0].details["previous_text"]
    assert previous.startswith("That the council acknowledges the historic ")
    assert amended[0].details["replaced"] == "historic"
    assert amended[0].actor == ADVISER and amended[0].business_date == date(2015, 1, 12)


def test_wording_cannot_change_once_the_report_has_gone_to_cabinet(
    service: ScrutinyService,
) -> None:
    propose_and_refer(service)
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    service.submit_to_cabinet(REF, actor=ADVISER, on=date(2015, 1, 26))

    with pytest.raises(InvalidLifecycleStep) as refused:
        service.amend_recommendation_wording(
            REF, "a", text="New words", actor=ADVISER, on=date(2015, 1, 27)
        )
    assert refused.value.current_state == ReviewStatus.SUBMITTED_TO_CABINET
    assert refused.value.allowed_steps == ["record_cabinet_response"]
    assert "submitted to Cabinet" in refused.value.message


def test_submission_serves_notice_and_every_recommendation_awaits_cabinet(
    service: ScrutinyService,
) -> None:
    propose_and_refer(service)
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    service.submit_to_cabinet(
        REF, report_received_on=date(2015, 1, 26), notice_served_on=date(2015, 1, 28),
        actor=ADVISER, on=date(2015, 1, 26),
    )
    review = service.get_review(REF)
    assert (review.report_received_on, review.notice_served_on) == (
        date(2015, 1, 26), date(2015, 1, 28)
    )
    assert {r.status for r in service.recommendations_of(review)} == {
        RecommendationStatus.AWAITING_RESPONSE
    }


def test_notice_cannot_be_served_before_the_report_is_received(service: ScrutinyService) -> None:
    propose_and_refer(service)
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    with pytest.raises(InvalidCommand) as refused:
        service.submit_to_cabinet(
            REF, report_received_on=date(2015, 1, 26), notice_served_on=date(2015, 1, 25),
            actor=ADVISER, on=date(2015, 1, 26),
        )
    assert refused.value.field == "notice_served_on"
    assert service.get_review(REF).status == ReviewStatus.ENDORSED_BY_OSMB


def _to_cabinet(service: ScrutinyService) -> None:
    propose_and_refer(service)
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    service.submit_to_cabinet(REF, actor=ADVISER, on=date(2015, 1, 26))


def test_cabinet_must_give_reasons_for_a_rejection_and_nothing_is_half_recorded(
    service: ScrutinyService,
) -> None:
    _to_cabinet(service)
    version_before = service.get_review(REF).version

    with pytest.raises(InvalidCommand) as refused:
        service.record_cabinet_response(
            REF,
            responses={
                "a": CabinetResponse(decision=CabinetDecision.ACCEPTED),
                "b": CabinetResponse(decision=CabinetDecision.REJECTED),
            },
            minute_number="C97", actor=ADVISER, on=date(2015, 3, 11),
        )
    assert refused.value.field == "responses.b.reason"
    # Recommendation a's acceptance was not saved either: the command is recorded whole or not.
    assert service.get_recommendation(REF, "a").status == RecommendationStatus.AWAITING_RESPONSE
    assert service.get_review(REF).version == version_before


def test_a_deferred_recommendation_gets_its_final_response_later(service: ScrutinyService) -> None:
    _to_cabinet(service)
    service.record_cabinet_response(
        REF,
        responses={
            "a": CabinetResponse(
                decision=CabinetDecision.ACCEPTED, responsible_officer="Strategic Director CYPS",
                timeframe="March 2015", target_date="2015-03",
            ),
            "b": CabinetResponse(
                decision=CabinetDecision.DEFERRED, reason="Pending national guidance"
            ),
        },
        minute_number="C150", actor=ADVISER, on=date(2015, 3, 11),
    )
    review = service.get_review(REF)
    assert review.status == ReviewStatus.CABINET_RESPONDED
    assert service.get_recommendation(REF, "b").status == RecommendationStatus.DEFERRED

    service.record_cabinet_response(
        REF, responses={"b": CabinetResponse(decision=CabinetDecision.PARTIALLY_ACCEPTED,
                                             reason="Accepted except the timescale")},
        minute_number="C201", actor=ADVISER, on=date(2015, 5, 13),
    )
    b = service.get_recommendation(REF, "b")
    assert b.status == RecommendationStatus.IMPLEMENTING
    assert b.minute_number == "C201"
    assert [m.minute_number for m in service.get_review(REF).cabinet_meetings] == ["C150", "C201"]

    a = service.get_recommendation(REF, "a")
    assert (a.responsible_officer, a.target_date) == ("Strategic Director CYPS", "2015-03")

    with pytest.raises(InvalidLifecycleStep):
        service.record_cabinet_response(
            REF, responses={"a": CabinetResponse(decision=CabinetDecision.REJECTED, reason="x")},
            actor=ADVISER, on=date(2015, 5, 13),
        )


def test_implementation_is_monitored_until_the_review_can_close(service: ScrutinyService) -> None:
    _to_cabinet(service)
    service.record_cabinet_response(
        REF,
        responses={
            "a": CabinetResponse(decision=CabinetDecision.ACCEPTED, target_date="2015-09"),
            "b": CabinetResponse(decision=CabinetDecision.ACCEPTED),
        },
        minute_number="C150", actor=ADVISER, on=date(2015, 3, 11),
    )
    service.report_response_back(
        REF, reported_to=ReportedTo.COUNCIL, minute_number="12", actor=ADVISER,
        on=date(2015, 4, 1),
    )

    service.record_progress(REF, "a", rag=RAGStatus.AMBER, note="Postponed pending guidance.",
                            actor=OFFICER, on=date(2015, 6, 1))
    service.record_progress(REF, "a", rag=RAGStatus.GREEN, note="Guidance published; on track.",
                            actor=OFFICER, on=date(2015, 7, 1))
    with pytest.raises(InvalidCommand) as no_reason:
        service.revise_target_date(REF, "a", target_date="Dec-15", reason="  ", actor=OFFICER,
                                   on=date(2015, 7, 1))
    assert no_reason.value.field == "reason"
    service.revise_target_date(REF, "a", target_date="Dec-15", reason="Handbook delayed",
                               actor=OFFICER, on=date(2015, 7, 1))

    a = service.get_recommendation(REF, "a")
    assert [u.note for u in a.progress_updates] == [
        "Postponed pending guidance.", "Guidance published; on track."
    ]
    assert (a.original_target_date, a.target_date) == ("2015-09", "2015-12")

    with pytest.raises(InvalidCommand) as still_open:
        service.close_review(REF, actor=ADVISER, on=date(2015, 8, 1))
    assert "recommendation a (implementing)" in still_open.value.message

    service.propose_completion(REF, "a", evidence="Toolkit published online.", actor=OFFICER,
                               on=date(2015, 10, 1))
    service.refuse_completion(REF, "a", reasons="Only half the schools have it.", actor=ADVISER,
                              on=date(2015, 10, 7))
    assert service.get_recommendation(REF, "a").status == RecommendationStatus.IMPLEMENTING
    service.propose_completion(REF, "a", evidence="All schools now use it.", actor=OFFICER,
                               on=date(2015, 11, 1))
    service.confirm_completion(REF, "a", evidence="Checked at ILSC, minute 40.", actor=ADVISER,
                               on=date(2015, 11, 4))
    service.close_recommendation_as_superseded(
        REF, "b", reason="Superseded by the CYPS Improvement Plan.", actor=ADVISER,
        on=date(2015, 11, 4),
    )
    service.close_review(REF, note="All recommendations implemented or superseded.",
                         actor=ADVISER, on=date(2015, 11, 4))

    review = service.get_review(REF)
    assert review.status == ReviewStatus.CLOSED
    assert review.allowed_steps() == []


def test_an_invalid_step_names_the_current_state_and_the_allowed_steps(
    service: ScrutinyService,
) -> None:
    service.propose_review(reference=REF, title="T", commission="ILSC", kind=ReviewKind.FULL,
                           actor=ADVISER, on=date(2022, 1, 1))
    with pytest.raises(InvalidLifecycleStep) as refused:
        service.submit_to_cabinet(REF, actor=ADVISER, on=date(2022, 1, 2))
    error = refused.value
    assert error.current_state == ReviewStatus.PROPOSED
    # (a review entered from papers that begin later may leave the earlier steps unrecorded)
    assert error.allowed_steps == ["leave_steps_unrecorded", "scope", "withdraw"]
    assert error.message == (
        "Cannot submit to Cabinet: review 'scrutiny-of-cse-plans' is proposed. "
        "Allowed next steps: leave_steps_unrecorded, scope, withdraw."
    )


def test_a_stale_write_is_refused_and_nothing_is_lost(service: ScrutinyService) -> None:
    _to_cabinet(service)
    service.record_cabinet_response(
        REF, responses={"a": CabinetResponse(decision=CabinetDecision.ACCEPTED),
                        "b": CabinetResponse(decision=CabinetDecision.ACCEPTED)},
        actor=ADVISER, on=date(2015, 3, 11),
    )
    seen = service.get_recommendation(REF, "a").version
    service.record_progress(REF, "a", rag=RAGStatus.GREEN, note="First", actor=OFFICER,
                            on=date(2015, 4, 1), expected_version=seen)
    with pytest.raises(ConcurrencyConflict) as stale:
        service.record_progress(REF, "a", rag=RAGStatus.RED, note="Second", actor=ADVISER,
                                on=date(2015, 4, 1), expected_version=seen)
    assert stale.value.current_version == seen + 1
    assert [u.note for u in service.get_recommendation(REF, "a").progress_updates] == ["First"]


def test_two_writers_racing_on_one_recommendation_cannot_both_win(
    service: ScrutinyService,
) -> None:
    _to_cabinet(service)
    service.record_cabinet_response(
        REF, responses={"a": CabinetResponse(decision=CabinetDecision.ACCEPTED),
                        "b": CabinetResponse(decision=CabinetDecision.ACCEPTED)},
        actor=ADVISER, on=date(2015, 3, 11),
    )
    first = service.get_recommendation(REF, "a")
    second = service.get_recommendation(REF, "a")
    with recording(Stamp(OFFICER, date(2015, 4, 1))):
        first.record_progress(RAGStatus.GREEN, "One")
        second.record_progress(RAGStatus.RED, "Two")
    service._save(first)
    with pytest.raises(ConcurrencyConflict):
        service._save(second)
    assert [u.note for u in service.get_recommendation(REF, "a").progress_updates] == ["One"]


def test_business_dates_may_be_old_but_never_in_the_future(service: ScrutinyService) -> None:
    service.propose_review(reference=REF, title="T", commission="ILSC", kind=ReviewKind.FULL,
                           actor=ADVISER, on=date(2012, 11, 21))
    with pytest.raises(InvalidCommand) as refused:
        service.scope_review(REF, "Scope", actor=ADVISER, on=date(2026, 11, 24))
    assert refused.value.field == "business_date"
    assert "2026-11-24 is in the future (today is 2026-11-23)" in refused.value.message


def test_every_event_says_who_when_in_the_world_and_when_recorded(
    service: ScrutinyService,
) -> None:
    review_id = service.propose_review(
        reference=REF, title="T", commission="ILSC", kind=ReviewKind.FULL, actor=ADVISER,
        on=date(2012, 11, 21), source="Cabinet 21 November 2012, minute C97",
    )
    [entry] = service.history(review_id)
    assert entry.what == "Proposed"
    assert entry.actor == ADVISER
    assert entry.business_date == date(2012, 11, 21)
    assert entry.recorded_at.year >= 2026  # the library's own recording time, not the meeting's
    assert entry.source == "Cabinet 21 November 2012, minute C97"
    assert entry.details["title"] == "T"


def test_references_are_unique_and_unknown_ones_are_not_found(service: ScrutinyService) -> None:
    service.propose_review(reference=REF, title="T", commission="ILSC", kind=ReviewKind.FULL,
                           actor=ADVISER, on=date(2022, 1, 1))
    with pytest.raises(Exception) as duplicate:
        service.propose_review(reference=REF, title="Other", commission="ILSC",
                               kind=ReviewKind.FULL, actor=ADVISER, on=date(2022, 1, 1))
    assert "already exists" in str(duplicate.value)
    with pytest.raises(NotFound):
        service.get_review("no-such-review")
    with pytest.raises(NotFound):
        service.get_recommendation(REF, "z")


def test_bad_values_are_refused_naming_the_field(memory_service: ScrutinyService) -> None:
    with pytest.raises(InvalidCommand) as refused:
        memory_service.propose_review(reference="Bad Ref!", title="T", commission="ILSC",
                                      kind=ReviewKind.FULL, actor=ADVISER, on=date(2022, 1, 1))
    assert refused.value.field == "reference"
    with pytest.raises(InvalidCommand) as refused:
        memory_service.propose_review(reference="ok-ref", title="T\x00", commission="ILSC",
                                      kind=ReviewKind.FULL,
                                      actor=ADVISER, on=date(2022, 1, 1))
    assert refused.value.field == "title"
