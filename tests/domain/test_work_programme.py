"""The work programme in the domain: meetings and their deadlines, items and their history,
resolutions and the follow-ups they create (issue 8). Real ILSC dates and wording."""

from __future__ import annotations

from datetime import date, datetime, time

import httpx
import pytest
from bs4 import BeautifulSoup

from application.service import ScrutinyService
from demo import load_demo
from demo.ilsc_work_programme_data import PAPERS_DEADLINES_2019_20
from domain.deadline_rules import DeadlineEngine
from domain.deadlines import DeadlineStatus, follow_up_deadlines
from domain.errors import AlreadyExists, InvalidCommand, InvalidLifecycleStep, NotFound
from domain.work_programme import (
    FollowUp,
    FollowUpKind,
    ItemOrigin,
    ItemStatus,
    Origin,
    PapersScore,
    Resolution,
    municipal_year,
)
from projections import queries
from projections import work_programme as programmes
from projections.read_models import ReadModels
from tests.conftest import RunningServer, settle

ILSC = "Improving Lives Select Commission"
ADVISER = "katherine.harclerode"


@pytest.mark.parametrize("meeting", sorted(PAPERS_DEADLINES_2019_20))
def test_papers_deadlines_are_those_the_2019_20_programme_printed(meeting: date) -> None:
    printed, words = PAPERS_DEADLINES_2019_20[meeting]
    computed = DeadlineEngine().compute("papers-deadline", meeting)
    assert computed.due_at == datetime.combine(printed, time(12, 0)), words
    # and the agenda is published five clear working days before the meeting, after the papers
    assert DeadlineEngine().compute("agenda-publication", meeting).due > printed


def test_municipal_years_run_from_may() -> None:
    assert municipal_year(date(2021, 6, 15)) == "2021/22"
    assert municipal_year(date(2022, 3, 8)) == "2021/22"
    assert municipal_year(date(2022, 5, 3)) == "2021/22"  # before the annual meeting
    assert municipal_year(date(2022, 6, 14)) == "2022/23"


def meetings(service: ScrutinyService, *days: date) -> None:
    for day in days:
        service.schedule_meeting(commission=ILSC, meets_on=day, starts_at=time(10),
                                 venue="Town Hall, Rotherham", actor=ADVISER, on=day)


def test_an_item_is_scheduled_deferred_rescheduled_and_taken(memory_service: ScrutinyService
                                                             ) -> None:
    service = memory_service
    meetings(service, date(2021, 9, 21), date(2021, 10, 26), date(2022, 3, 8))
    service.add_programme_item(
        commission=ILSC, title="SEN Strategy/Sufficiency", reference="sen-sufficiency",
        purpose="Resolved December 2020 to request an update",
        origin=ItemOrigin(kind=Origin.WORK_PLANNING, detail="Agreed as an area of focus in "
                          "July 2021 Work Programming session."),
        actor=ADVISER, on=date(2021, 7, 27))
    service.prioritise_item(ILSC, "sen-sufficiency", scores=[
        PapersScore(criterion="public_interest", score=4, note="Parents and carers"),
        PapersScore(criterion="statutory_responsibility", score=5)],
        actor=ADVISER, on=date(2021, 7, 27))
    service.schedule_item(ILSC, "sen-sufficiency", meeting_on=date(2021, 9, 21),
                          actor=ADVISER, on=date(2021, 7, 27))
    service.defer_item(ILSC, "sen-sufficiency", reason="Report not ready",
                       actor=ADVISER, on=date(2021, 9, 1))
    service.reschedule_item(ILSC, "sen-sufficiency", meeting_on=date(2021, 10, 26),
                            reason="Report ready for October", actor=ADVISER,
                            on=date(2021, 9, 2))
    item = service.get_programme_item(ILSC, "sen-sufficiency")
    assert item.status == ItemStatus.SCHEDULED
    assert item.papers_total == 9
    assert [(m.from_meeting_on, m.to_meeting_on) for m in item.moves] == [
        (None, date(2021, 9, 21)), (date(2021, 9, 21), date(2021, 10, 26))]
    assert item.deferrals == [(date(2021, 9, 1), "Report not ready")]

    # taken on another day than its meeting: refused
    with pytest.raises(InvalidCommand, match="scheduled for the meeting of 2021-10-26"):
        service.take_item(ILSC, "sen-sufficiency", actor=ADVISER, on=date(2021, 9, 21))

    follow_ups = service.take_item(
        ILSC, "sen-sufficiency", minute_number="45", actor=ADVISER, on=date(2021, 10, 26),
        resolutions=[
            Resolution(number="1", text="That the report be noted."),
            Resolution(number="2", text="That a further progress report on the implementation "
                       "of Phase Three of the SEND Sufficiency and other activity surrounding "
                       "SEND Sufficiency in Rotherham be brought to the March 2021 meeting of "
                       "the Improving Lives Select Commission.",
                       follow_up=FollowUp(kind=FollowUpKind.REPORT,
                                          due_meeting_on=date(2022, 3, 8),
                                          wording="the March 2021 meeting")),
            Resolution(number="3", text="That a written update regarding the opening of the "
                       "Newman Special School at the Dinnington SEND Campus be circulated to "
                       "members of the Improving Lives Select Commission by the end of 2021.",
                       follow_up=FollowUp(kind=FollowUpKind.WRITTEN_UPDATE,
                                          due_by=date(2021, 12, 31),
                                          wording="by the end of 2021")),
        ])
    assert len(follow_ups) == 2
    taken = service.get_programme_item(ILSC, "sen-sufficiency")
    assert taken.status == ItemStatus.TAKEN and taken.minute_number == "45"
    references = [r.follow_up_reference for r in taken.resolutions]
    assert references == [None, "sen-strategy-sufficiency-2021-10-26-2",
                          "sen-strategy-sufficiency-2021-10-26-3"]

    report = service.get_programme_item(ILSC, "sen-strategy-sufficiency-2021-10-26-2")
    assert report.origin.kind == Origin.RESOLUTION
    assert report.origin.meeting_on == date(2021, 10, 26)
    assert report.origin.minute_number == "45"
    deadline = follow_up_deadlines(report, date(2022, 1, 1))[0]
    assert (deadline.rule, deadline.due, deadline.status) == (
        "follow-up-report", date(2022, 3, 8), DeadlineStatus.OPEN)

    # the report is taken at the March 2022 meeting: the follow-up is met
    service.schedule_item(ILSC, report.reference, meeting_on=date(2022, 3, 8), actor=ADVISER,
                          on=date(2022, 1, 10))
    service.take_item(ILSC, report.reference, actor=ADVISER, on=date(2022, 3, 8),
                      resolutions=[Resolution(number="1", text="That the report be noted.")])
    met = follow_up_deadlines(service.get_programme_item(ILSC, report.reference),
                              date(2022, 3, 9))[0]
    assert (met.status, met.met_on, met.on_time) == (DeadlineStatus.MET, date(2022, 3, 8), True)

    # the written update is late: missed, then met late when it is recorded
    written = service.get_programme_item(ILSC, "sen-strategy-sufficiency-2021-10-26-3")
    assert follow_up_deadlines(written, date(2022, 1, 5))[0].status == DeadlineStatus.MISSED
    service.record_programme_update(ILSC, written.reference, note="Update circulated by email",
                                    actor=ADVISER, on=date(2022, 1, 12))
    late = follow_up_deadlines(service.get_programme_item(ILSC, written.reference),
                               date(2022, 2, 1))[0]
    assert (late.status, late.on_time, late.days_late) == (DeadlineStatus.MET, False, 12)


def test_a_removed_follow_up_is_cancelled_and_its_steps_are_refused(
    memory_service: ScrutinyService,
) -> None:
    service = memory_service
    service.add_programme_item(
        commission=ILSC, title="One Adoption South Yorkshire", reference="oasy-performance",
        origin=ItemOrigin(kind=Origin.RESOLUTION, meeting_on=date(2021, 9, 21)),
        follow_up=FollowUp(kind=FollowUpKind.REPORT, due_meeting_on=date(2022, 9, 1),
                           due_is_month=True, wording="the September 2022 meeting"),
        actor=ADVISER, on=date(2021, 9, 21))
    item = service.get_programme_item(ILSC, "oasy-performance")
    assert item.follow_up is not None and item.follow_up.due == date(2022, 9, 30)
    service.remove_item(ILSC, "oasy-performance", reason="Covered by the regional report",
                        actor=ADVISER, on=date(2022, 6, 1))
    removed = service.get_programme_item(ILSC, "oasy-performance")
    assert follow_up_deadlines(removed, date(2022, 10, 1))[0].status == DeadlineStatus.CANCELLED
    with pytest.raises(InvalidLifecycleStep) as refused:
        service.schedule_item(ILSC, "oasy-performance", meeting_on=date(2022, 9, 20),
                              actor=ADVISER, on=date(2022, 6, 2))
    assert refused.value.details()["current_state"] == "removed"


def test_items_go_only_to_meetings_that_are_held(memory_service: ScrutinyService) -> None:
    service = memory_service
    meetings(service, date(2022, 5, 3))
    service.add_programme_item(commission=ILSC, title="YOT Improvement Plan",
                               origin=ItemOrigin(kind=Origin.RESOLUTION),
                               actor=ADVISER, on=date(2021, 9, 21))
    with pytest.raises(NotFound, match="meeting on 2022-04-12"):
        service.schedule_item(ILSC, "yot-improvement-plan", meeting_on=date(2022, 4, 12),
                              actor=ADVISER, on=date(2022, 1, 4))
    service.cancel_meeting(ILSC, date(2022, 5, 3), reason="Elections", actor=ADVISER,
                           on=date(2022, 3, 1))
    with pytest.raises(InvalidCommand, match="is cancelled"):
        service.schedule_item(ILSC, "yot-improvement-plan", meeting_on=date(2022, 5, 3),
                              actor=ADVISER, on=date(2022, 3, 2))
    with pytest.raises(AlreadyExists):
        meetings(service, date(2022, 5, 3))


def test_papers_scores_name_real_criteria_once(memory_service: ScrutinyService) -> None:
    service = memory_service
    service.add_programme_item(commission=ILSC, title="Support for Young Carers",
                               origin=ItemOrigin(kind=Origin.JOINT,
                                                 body="Health Select Commission"),
                               actor=ADVISER, on=date(2022, 3, 8))
    with pytest.raises(InvalidCommand, match="popularity is not a PAPERS criterion"):
        service.prioritise_item(ILSC, "support-for-young-carers",
                                scores=[PapersScore(criterion="popularity", score=3)],
                                actor=ADVISER, on=date(2022, 3, 8))
    with pytest.raises(InvalidCommand, match="each criterion is scored once"):
        service.prioritise_item(ILSC, "support-for-young-carers",
                                scores=[PapersScore(criterion="extent", score=3),
                                        PapersScore(criterion="extent", score=4)],
                                actor=ADVISER, on=date(2022, 3, 8))


# --- the demo's ILSC 2021/22 programme, projected, on both stores --------------------------------

def test_the_demo_programme_by_meeting_and_its_follow_ups(
    service: ScrutinyService, read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    connection = read_models.connection()
    programme = programmes.programme(connection, ILSC, "2021/22")
    assert [m.meeting["meets_on"] for m in programme.meetings] == [
        "2021-06-15", "2021-07-27", "2021-09-21", "2021-10-05", "2021-10-26", "2021-12-22",
        "2022-01-25", "2022-03-08", "2022-05-03"]
    assert sum(len(m.items) for m in programme.meetings) == 29  # 33 rows, 4 on 14 June 2022
    march = programme.meetings[7]
    assert march.meeting["papers_due_at"] == "2022-02-25T12:00:00"
    send = next(i for i in march.items if i["title"] == "SEND Sufficiency")
    assert send["origin"]["kind"] == "resolution" and send["status"] == "taken"
    assert send["minute_number"] == "78"  # as the minutes of 8 March 2022 number it
    # the follow-ups it created, in the deadline register
    wsoa = next(r for r in send["resolutions"] if r["number"] == "2")
    assert wsoa["follow_up_reference"] == "send-inspection-wsoa-2022-03-08-2"
    register = queries.deadline_register(
        connection, queries.DeadlineFilter(subject_kind="programme_item"), date(2022, 6, 1))
    due = {d["review_reference"]: (d["due"], d["status"]) for d in register.items}
    assert due["send-inspection-wsoa-2022-03-08-2"] == (date(2022, 9, 30), DeadlineStatus.OPEN)
    # the 26 October resolution's report was taken on 8 March: met on the day
    assert due["send-sufficiency-2021-10-26-2"] == (date(2022, 3, 8), DeadlineStatus.MET)
    # the YOT report asked for in March was moved to 3 May, and is late
    yot = programmes.item(connection, ILSC, "yot-improvement-plan-2021-09-21-2")
    assert yot is not None and [m["to_meeting_on"] for m in yot["moves"]] == [
        "2022-03-08", "2022-05-03"]
    assert due["yot-improvement-plan-2021-09-21-2"] == (date(2022, 3, 8), DeadlineStatus.MISSED)
    # the pending lists: added as the programme lists them, less those that are follow-ups
    assert {i["title"] for i in programme.waiting} >= {
        "Support for Young Carers", "NHS Frailty Index", "SEND inspection WSoA."}
    # the seed's 7 pending + 11 to schedule in 2022/23: 12 added as listed, and 6 that are
    # follow-ups the resolutions made (written updates, briefings and information asked for are
    # followed up on the follow-ups page, not put on an agenda)
    assert len(programme.waiting) == 12 + 6
    # every step is in the audit trail, with who and when
    trail = queries.audit_trail(connection, queries.AuditFilter(event="Taken"), page_size=1)
    assert trail.total == 25  # the rows of the meetings up to 8 March 2022


def test_the_programme_pages(service: ScrutinyService, read_models: ReadModels) -> None:
    load_demo(service)
    settle(read_models)
    with RunningServer(service, read_models) as site, \
            httpx.Client(base_url=site.url, timeout=30) as client:
        page = BeautifulSoup(client.get("/web/work-programme").text, "html.parser")
        assert page.find("h1").get_text(strip=True) == "Work programme 2021/22"
        meetings = [h.get_text(strip=True) for h in page.find_all("h2", id=True)
                    if h["id"].startswith("meeting-")]
        assert meetings[0] == "15 June 2021" and meetings[-1] == "3 May 2022"
        document = BeautifulSoup(client.get(
            "/web/work-programme/document", params={
                "commission": "improving-lives-select-commission", "from": "2021-06-15",
                "to": "2022-06-14"}).text, "html.parser")
        rows = document.find("table").find("tbody").find_all("tr")
        assert len(rows) == 33
        assert rows[0].find("th").get_text(strip=True) == "15 June 2021"
        assert rows[1].find("th") is None  # the date only on a meeting's first row
        follow_ups = client.get("/web/work-programme/follow-ups").text
        assert "SEND inspection WSoA." in follow_ups
        item = client.get("/web/work-programme/improving-lives-select-commission/"
                          "send-inspection-wsoa-2022-03-08-2")
        assert item.status_code == 200
        text = BeautifulSoup(item.text, "html.parser").get_text(" ", strip=True)
        assert "the September 2022 meeting" in text and "30 September 2022" in text
        assert client.get("/web/work-programme/improving-lives-select-commission/none"
                          ).status_code == 404


def test_the_demo_draft_2019_20_programme_has_the_printed_papers_deadlines(
    service: ScrutinyService, read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    draft = programmes.programme(read_models.connection(), ILSC, "2019/20")
    assert len(draft.meetings) == 7
    assert sum(len(m.items) for m in draft.meetings) == 20
    assert {date.fromisoformat(m.meeting["meets_on"]):
            datetime.fromisoformat(m.meeting["papers_due_at"]).date()
            for m in draft.meetings} == {
        meeting: printed for meeting, (printed, _) in PAPERS_DEADLINES_2019_20.items()}
    first = draft.meetings[0]
    assert [i["agenda_number"] for i in first.items] == [1, 2, 3]
    assert first.items[1]["title"] == "Rotherham Education Strategic Partnership (RESP) Update"


def test_a_month_named_follow_up_falls_due_at_that_months_meeting_once_scheduled(
    memory_service: ScrutinyService,
) -> None:
    service = memory_service
    meetings(service, date(2022, 9, 20))
    service.add_programme_item(
        commission=ILSC, title="One Adoption South Yorkshire", reference="oasy",
        origin=ItemOrigin(kind=Origin.RESOLUTION, meeting_on=date(2021, 9, 21)),
        follow_up=FollowUp(kind=FollowUpKind.REPORT, due_meeting_on=date(2022, 9, 1),
                           due_is_month=True, wording="the September 2022 meeting"),
        actor=ADVISER, on=date(2021, 9, 21))
    assert follow_up_deadlines(service.get_programme_item(ILSC, "oasy"),
                               date(2022, 1, 1))[0].due == date(2022, 9, 30)
    service.schedule_item(ILSC, "oasy", meeting_on=date(2022, 9, 20), actor=ADVISER,
                          on=date(2022, 6, 1))
    deadline = follow_up_deadlines(service.get_programme_item(ILSC, "oasy"), date(2022, 9, 21))
    assert (deadline[0].due, deadline[0].status) == (date(2022, 9, 20), DeadlineStatus.MISSED)
