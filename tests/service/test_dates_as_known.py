"""Dates as known through the whole path: the step, the stored event, the deadline register, the
API and the demo's inspection action plan (issue 19)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import httpx

from application.service import ScrutinyService
from demo import load_demo
from domain.deadlines import DeadlineStatus, Timeliness
from domain.known_dates import DateKnown, KnownDate
from projections.read_models import ReadModels
from tests.conftest import settle

HMIP = "hmip-yot-inspection-action-plan"


def test_the_hmip_plan_claims_no_completion_late_that_the_papers_do_not_prove(
    service: ScrutinyService,
) -> None:
    """Plan version 0.9 (15 July 2021) shows 45 actions completed. Where its row prints when
    (1.1: the Board of 20 January 2021; 2.4: sessions 16 to 19 March 2021; 20.2: agreed at the
    Board of 15 March 2021) that is the completion; every other was completed on or before 15
    July 2021. None is late by the record; those due before then are met, timeliness not
    known."""
    load_demo(service)
    review = service.get_review(HMIP)
    verdicts = Counter((d.status, d.timeliness) for action in service.actions_of(review)
                       for d in service.deadlines_of(action))
    assert verdicts[(DeadlineStatus.MET, Timeliness.LATE)] == 0
    assert verdicts[(DeadlineStatus.MET, Timeliness.NOT_KNOWN)] == 37
    assert verdicts[(DeadlineStatus.MET, Timeliness.ON_TIME)] == 5
    on_time = {action.number for action in service.actions_of(review)
               for d in service.deadlines_of(action) if d.timeliness == Timeliness.ON_TIME}
    assert {"1.1", "2.4", "20.2"} <= on_time
    assert service.get_action(HMIP, "1.1").completed_on == date(2021, 1, 20)
    completed = service.get_action(HMIP, "2.1").completed_on
    assert isinstance(completed, KnownDate) and completed.words() == "on or before 15 July 2021"
    [event] = [e for e in service.events.get(service.get_action(HMIP, "2.1").id)
               if type(e).__name__ == "ProgressReported"]
    assert event.date_known == DateKnown.ON_OR_BEFORE  # kept in the stored event, and read back


def test_a_step_recorded_on_or_before_a_day_is_shown_as_such(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    settle(read_models)
    action = api.get(f"/reviews/{HMIP}/actions/2.1").json()
    [deadline] = action["deadlines"]
    assert (deadline["status"], deadline["timeliness"], deadline["on_time"],
            deadline["met_known"], deadline["met_words"], deadline["days_late"]) == (
        "met", "not_known", None, "on_or_before", "on or before 15 July 2021", None)
    [completed] = [e for e in action["history"] if e["event"] == "ProgressReported"]
    assert (completed["business_date"], completed["date_known"]) == ("2021-07-15", "on_or_before")
    tracker = {r["label"]: r for r in api.get(
        "/tracker", params={"review": HMIP, "page_size": 100}).json()["items"]}
    assert (tracker["2.1"]["last_update_on"], tracker["2.1"]["last_update_known"]) == (
        "2021-07-15", "on_or_before")
    assert (tracker["1.1"]["last_update_on"], tracker["1.1"]["last_update_known"]) == (
        "2021-01-20", None)
    register = api.get("/deadlines", params={"review": HMIP, "page_size": 200}).json()["items"]
    assert not [d for d in register if d["timeliness"] == "late"]
    # A step says how much of its date is known; the record keeps it.
    recorded = api.post("/reviews/post-cse-support/recommendations/b/progress",
                        json={"note": "Survivors' forum met", "business_date": "2022-06-01",
                              "date_known": "on_or_before",
                              "source": "ILSC 5 July 2022 (reported as done by then)"})
    assert recorded.status_code == 200, recorded.text
    update = service.get_recommendation("post-cse-support", "b").progress_updates[-1]
    assert isinstance(update.reported_on, KnownDate) and update.reported_on.known == "on_or_before"
    refused = api.post("/reviews/post-cse-support/recommendations/b/progress",
                       json={"note": "x", "date_known": "roughly"})
    assert refused.status_code == 422 and "date_known" in refused.text


def test_school_governors_is_entered_at_the_stage_its_papers_show(
    service: ScrutinyService,
) -> None:
    """The papers begin with the Cabinet's response of 21 November 2012: no scope, evidence,
    OSMB or submission is recorded, so no s.9FE deadline is worked out (it was "met" by
    construction before)."""
    load_demo(service)
    review = service.get_review("role-of-school-governors")
    events = [type(e).__name__ for e in service.events.get(review.id)]
    assert not {"Scoped", "EvidenceSessionHeld", "ReferredToOSMB", "EndorsedByOSMB",
                "SubmittedToCabinet"} & set(events)
    assert events.count("StepsNotRecorded") == 2
    assert review.unrecorded_steps == ["scope", "record_evidence_session", "refer_to_osmb",
                                       "endorse", "submit_to_cabinet"]
    assert review.proposed_on.words() == "on or before 21 November 2012"  # type: ignore[attr-defined]
    assert service.deadlines_of(review) == []
    first = service.get_recommendation(review, "1")
    assert first.submitted_on is None and first.responded_on == date(2012, 11, 21)


def test_a_review_whose_papers_begin_at_the_cabinets_response(
    api: httpx.Client, service: ScrutinyService,
) -> None:
    assert api.post("/reviews", json={
        "title": "Young carers", "commission": "Improving Lives Select Commission",
        "kind": "sub_group", "business_date": "2022-02-14", "date_known": "on_or_before",
    }).status_code == 201
    wrong = api.post("/reviews/young-carers/steps-not-recorded",
                     json={"until": "record_cabinet_response", "reason": "x"})
    assert wrong.status_code == 422 and "until" in wrong.text
    assert api.post("/reviews/young-carers/steps-not-recorded", json={
        "until": "agree_findings", "reason": "The papers begin with the findings",
    }).json()["unrecorded_steps"] == ["scope", "record_evidence_session"]
    assert api.post("/reviews/young-carers/findings", json={
        "findings": "Respite is scarce", "recommendations": [{"label": "a", "text": "Expand"}],
        "business_date": "2021-12-22"}).status_code == 200
    skipped = api.post("/reviews/young-carers/steps-not-recorded", json={
        "until": "record_cabinet_response", "reason": "No OSMB or submission in the papers"})
    assert skipped.status_code == 200, skipped.text
    answered = api.post("/reviews/young-carers/cabinet/response", json={
        "responses": {"a": {"decision": "accepted"}}, "business_date": "2022-02-14"}).json()
    assert answered["status"] == "cabinet_responded"
    assert [d["rule"] for d in answered["deadlines"]] == []  # no s.9FE start is known
    assert service.get_recommendation("young-carers", "a").status == "implementing"
