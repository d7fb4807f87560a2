"""Dates as known through the whole path: the step, the stored event, the deadline register, the
API and the demo's inspection action plan (issue 19)."""

from __future__ import annotations

from collections import Counter

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
    """Plan version 0.9 (15 July 2021) shows 45 actions completed without saying when: each was
    completed on or before that day, so none is late by the record; those due by then are met,
    on time or late not known."""
    load_demo(service)
    review = service.get_review(HMIP)
    verdicts = Counter((d.status, d.timeliness) for action in service.actions_of(review)
                       for d in service.deadlines_of(action))
    assert verdicts[(DeadlineStatus.MET, Timeliness.LATE)] == 0
    assert verdicts[(DeadlineStatus.MET, Timeliness.NOT_KNOWN)] == 40
    assert verdicts[(DeadlineStatus.MET, Timeliness.ON_TIME)] == 2
    completed = service.get_action(HMIP, "1.1").completed_on
    assert isinstance(completed, KnownDate) and completed.words() == "on or before 15 July 2021"
    [event] = [e for e in service.events.get(service.get_action(HMIP, "1.1").id)
               if type(e).__name__ == "ProgressReported"]
    assert event.date_known == DateKnown.ON_OR_BEFORE  # kept in the stored event, and read back


def test_a_step_recorded_on_or_before_a_day_is_shown_as_such(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    settle(read_models)
    action = api.get(f"/reviews/{HMIP}/actions/1.1").json()
    [deadline] = action["deadlines"]
    assert (deadline["status"], deadline["timeliness"], deadline["on_time"],
            deadline["met_known"], deadline["met_words"], deadline["days_late"]) == (
        "met", "not_known", None, "on_or_before", "on or before 15 July 2021", None)
    [completed] = [e for e in action["history"] if e["event"] == "ProgressReported"]
    assert (completed["business_date"], completed["date_known"]) == ("2021-07-15", "on_or_before")
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
