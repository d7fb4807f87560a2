"""Inspection action plans: numbered findings and actions, duplicates, progress and closure."""

from __future__ import annotations

from datetime import date

import pytest

from application.service import PlannedAction, ScrutinyService
from domain.errors import InvalidCommand, InvalidLifecycleStep
from domain.review import InspectionFinding
from domain.values import ActionStatus, ReviewKind, ReviewStatus

ADVISER = "katherine.harclerode"
REF = "hmip-yot"


def agree_plan(service: ScrutinyService) -> None:
    service.propose_review(
        reference=REF, title="HMIP Inspection of Rotherham YOT", commission="ILSC",
        kind=ReviewKind.INSPECTION_ACTION_PLAN, actor=ADVISER, on=date(2020, 12, 17),
    )
    service.record_action_plan(
        REF,
        findings=[
            InspectionFinding(number="3", section="Recommendations",
                              text="Undertake a comprehensive health needs analysis"),
            InspectionFinding(number="6", section="Organisational delivery",
                              text="Health provision does not recognise specialised needs"),
        ],
        actions=[
            PlannedAction(number="3.1", text="Health needs analysis to be completed. - SAME AS 6.1",
                          owner="Management Board – CCG Manager", by_when="Feb-21"),
            PlannedAction(number="6.1", text="Health needs analysis to be completed. - SAME AS 3.1",
                          owner="Management Board Health representative", by_when="Feb-21",
                          duplicate_of="3.1"),
            PlannedAction(number="6.5", text="Partnership training",
                          owner="Management Board Health representative", by_when="Apr-21"),
        ],
        actor=ADVISER, on=date(2021, 1, 11),
    )


def test_an_action_plan_records_findings_actions_and_duplicates(service: ScrutinyService) -> None:
    agree_plan(service)
    review = service.get_review(REF)
    assert review.status == ReviewStatus.ACTION_PLAN_AGREED
    actions = {a.number: a for a in service.actions_of(review)}
    assert actions["3.1"].target_date == "2021-02"
    assert actions["3.1"].status == ActionStatus.PLANNED_NOT_STARTED
    assert actions["6.1"].status == ActionStatus.DUPLICATE
    assert actions["6.1"].duplicate_of == "3.1"
    assert actions["6.5"].finding_number == "6"


def test_an_inspection_plan_does_not_go_to_osmb(service: ScrutinyService) -> None:
    agree_plan(service)
    with pytest.raises(InvalidLifecycleStep) as refused:
        service.refer_to_osmb(REF, actor=ADVISER, on=date(2021, 2, 1))
    assert "inspection action plan" in refused.value.message
    assert refused.value.allowed_steps == ["add_action", "close"]


def test_actions_must_belong_to_a_finding_and_duplicates_to_the_plan(
    service: ScrutinyService,
) -> None:
    service.propose_review(reference=REF, title="T", commission="ILSC",
                           kind=ReviewKind.INSPECTION_ACTION_PLAN, actor=ADVISER,
                           on=date(2020, 12, 17))
    finding = InspectionFinding(number="1", section="Recommendations", text="Board members")
    with pytest.raises(InvalidCommand) as orphan:
        service.record_action_plan(
            REF, findings=[finding], actions=[PlannedAction(number="9.1", text="x")],
            actor=ADVISER, on=date(2021, 1, 11),
        )
    assert "no finding 9" in orphan.value.message
    with pytest.raises(InvalidCommand) as dangling:
        service.record_action_plan(
            REF, findings=[finding],
            actions=[PlannedAction(number="1.1", text="x", duplicate_of="7.7")],
            actor=ADVISER, on=date(2021, 1, 11),
        )
    assert dangling.value.field == "duplicate_of"
    assert service.get_review(REF).status == ReviewStatus.PROPOSED


def test_progress_moves_an_action_to_completed_and_the_plan_closes_when_all_are_done(
    service: ScrutinyService,
) -> None:
    agree_plan(service)
    service.record_action_progress(
        REF, "3.1", status=ActionStatus.PROGRESSING_ON_TRACK,
        note="Screening tools shared with CCG Manager 29/12/20", actor=ADVISER,
        on=date(2021, 2, 1),
    )
    service.revise_action_target_date(REF, "6.5", by_when="May-21", reason="Pandemic backlog",
                                      actor=ADVISER, on=date(2021, 3, 1))
    assert service.get_action(REF, "6.5").target_date == "2021-05"
    with pytest.raises(InvalidCommand) as still_open:
        service.close_review(REF, actor=ADVISER, on=date(2021, 7, 15))
    assert "action 3.1 (progressing on track)" in still_open.value.message
    assert "6.1" not in still_open.value.message  # a duplicate is not open work

    for number in ("3.1", "6.5"):
        service.record_action_progress(REF, number, status=ActionStatus.COMPLETED, note="Done",
                                       actor=ADVISER, on=date(2021, 7, 15))
    with pytest.raises(InvalidLifecycleStep):
        service.record_action_progress(REF, "3.1", status=ActionStatus.PROGRESSING_ON_TRACK,
                                       actor=ADVISER, on=date(2021, 7, 16))
    service.close_review(REF, actor=ADVISER, on=date(2022, 1, 12))
    assert service.get_review(REF).status == ReviewStatus.CLOSED


def test_an_action_can_be_marked_duplicate_later(service: ScrutinyService) -> None:
    agree_plan(service)
    service.add_action(
        REF, action=PlannedAction(number="6.6", text="Health needs analysis again"),
        actor=ADVISER, on=date(2021, 2, 1),
    )
    service.mark_action_duplicate(REF, "6.6", duplicate_of="3.1", note="Same as 3.1",
                                  actor=ADVISER, on=date(2021, 2, 2))
    assert service.get_action(REF, "6.6").status == ActionStatus.DUPLICATE
    with pytest.raises(InvalidCommand):
        service.mark_action_duplicate(REF, "6.5", duplicate_of="99", actor=ADVISER,
                                      on=date(2021, 2, 2))
