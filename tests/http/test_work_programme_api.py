"""The work programme over HTTP on both stores: meetings, items, resolutions, follow-ups."""

from __future__ import annotations

import io

import docx
import httpx

from application.service import ScrutinyService
from demo import load_demo
from projections.read_models import ReadModels
from tests.conftest import RunningServer, settle

ILSC = "Improving Lives Select Commission"
BASE = "/work-programme/improving-lives-select-commission"


def test_an_item_goes_from_the_programme_to_a_meeting_and_its_follow_up_is_tracked(
    api: httpx.Client, server: RunningServer,
) -> None:
    for day in ("2022-03-08", "2022-09-20"):
        made = api.post("/meetings", json={"commission": ILSC, "meets_on": day,
                                           "starts_at": "10:00", "venue": "Town Hall",
                                           "business_date": "2022-01-04"})
        assert made.status_code == 201, made.text
    # 7 working days before Tuesday 20 September 2022, Monday 19th (the state funeral of Queen
    # Elizabeth II) being a bank holiday: noon on Thursday 8 September
    assert made.json()["papers_due_at"] == "2022-09-08T12:00:00"
    assert api.post("/meetings", json={"commission": ILSC, "meets_on": "2022-03-08",
                                       "business_date": "2022-01-04"}).status_code == 409

    added = api.post("/work-programme", json={
        "commission": ILSC, "title": "Rotherham Children's Safeguarding Partnership – Annual "
        "Report", "reference": "rscp-annual-report", "purpose": "To receive and consider the "
        "annual report.", "origin": {"kind": "work_planning"}, "business_date": "2022-01-04"})
    assert added.status_code == 201, added.text
    assert added.headers["location"] == f"{BASE}/rscp-annual-report"
    scored = api.post(f"{BASE}/rscp-annual-report/scores", json={
        "scores": [{"criterion": "statutory_responsibility", "score": 5,
                    "note": "Working Together 2018"}],
        "business_date": "2022-01-04"})
    assert scored.json()["papers_total"] == 5
    shown = api.get(f"/web{BASE}/rscp-annual-report").text
    assert "PAPERS prioritisation: 5 out of 30" in shown and "Working Together 2018" in shown
    purpose = api.post(f"{BASE}/rscp-annual-report/purpose", json={
        "purpose": "To receive and consider the annual report for 2020/21.",
        "business_date": "2022-01-04"})
    assert purpose.json()["purpose"].endswith("for 2020/21.")
    scheduled = api.post(f"{BASE}/rscp-annual-report/schedule",
                         json={"meeting_on": "2022-03-08", "business_date": "2022-01-04",
                               "expected_version": 3})
    assert scheduled.json()["status"] == "scheduled"
    wrong_day = api.post(f"{BASE}/rscp-annual-report/taken", json={"business_date":
                                                                   "2022-03-09"})
    assert wrong_day.status_code == 422 and wrong_day.json()["field"] == "business_date"
    taken = api.post(f"{BASE}/rscp-annual-report/taken", json={
        "business_date": "2022-03-08", "minute_number": "67", "resolutions": [
            {"number": "1", "text": "That the report be noted."},
            {"number": "2", "text": "That a progress report on the activity of the Rotherham "
             "Safeguarding Children's Partnership during 2021/22 be presented at the September "
             "2022 meeting of the Improving Lives Select Commission.",
             "follow_up": {"kind": "report", "due_meeting_on": "2022-09-20",
                           "wording": "the September 2022 meeting"},
             "follow_up_title": "Rotherham Safeguarding Children's Partnership"}]})
    assert taken.status_code == 200, taken.text
    reference = taken.json()["resolutions"][1]["follow_up_reference"]
    assert reference == "rotherham-safeguarding-children-s-partnership-2022-03-08-2"

    follow_up = api.get(f"{BASE}/{reference}").json()
    assert follow_up["follow_up_due"] == "2022-09-20"
    assert follow_up["origin"] == {"kind": "resolution", "meeting_on": "2022-03-08",
                                   "minute_number": "67", "body": None,
                                   "detail": "Resolved at the meeting of 8 March 2022"}
    register = api.get("/deadlines", params={"rule": "follow-up-report"}).json()["items"]
    assert [(d["review_reference"], d["due"], d["subject_kind"]) for d in register] == [
        (reference, "2022-09-20", "programme_item")]
    only = api.get("/deadlines", params={"subject_kind": "programme_item"}).json()
    assert [d["review_reference"] for d in only["items"]] == [reference]

    year = api.get(BASE, params={"year": "2021/22"}).json()
    assert [m["meets_on"] for m in year["meetings"]] == ["2022-03-08"]
    assert [i["reference"] for i in year["meetings"][0]["items"]] == ["rscp-annual-report"]
    assert [i["reference"] for i in year["waiting"]] == [reference]

    # the public reads; only an adviser records
    with httpx.Client(base_url=server.url, timeout=30) as public:
        assert public.get(BASE).status_code == 200
        assert public.post(f"{BASE}/{reference}/removal",
                           json={"reason": "x"}).status_code == 401
    assert api.get(f"{BASE}/no-such-item").status_code == 404
    assert api.get("/work-programme/no-such-commission").status_code == 404
    moved = api.post("/meetings/improving-lives-select-commission/2022-09-20/change",
                     json={"starts_at": "14:00", "venue": "Town Hall, Moorgate Street",
                           "reason": "Room unavailable", "business_date": "2022-06-01"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["starts_at"], moved.json()["changes"]) == ("14:00:00",
                                                                    ["Room unavailable"])
    cancelled = api.post("/meetings/improving-lives-select-commission/2022-09-20/cancellation",
                         json={"reason": "Inquorate", "business_date": "2022-09-20"})
    assert cancelled.json()["status"] == "cancelled"
    refused = api.post(f"{BASE}/{reference}/schedule", json={"meeting_on": "2022-09-20"})
    assert refused.status_code == 422 and "cancelled" in refused.json()["message"]


def test_the_programme_document_downloads_as_word(api: httpx.Client, service: ScrutinyService,
                                                   read_models: ReadModels) -> None:
    load_demo(service)
    settle(read_models)
    response = api.get(f"{BASE}/document.docx", params={"year": "2021/22"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "work-programme-improving-lives-select-commission-2021-22.docx" in response.headers[
        "content-disposition"]
    table = docx.Document(io.BytesIO(response.content)).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "Meeting Date", "Agenda Item", "Purpose/ Outcomes", "Recommendations"]
    assert len(table.rows) == 1 + 29
    # the span of the council's own table, which runs past the annual meeting to June 2022
    printed = api.get(f"{BASE}/document.docx", params={"from": "2021-06-15", "to": "2022-06-14"})
    assert len(docx.Document(io.BytesIO(printed.content)).tables[0].rows) == 1 + 33
    assert "2021-06-15-to-2022-06-14" in printed.headers["content-disposition"]
    for wrong in ({"from": "2021-06-15"}, {"from": "2022-06-14", "to": "2021-06-15"},
                  {"year": "2021/22", "from": "2021-06-15", "to": "2022-06-14"},
                  {"from": "2015-01-01", "to": "2022-06-14"}):
        assert api.get(f"{BASE}/document.docx", params=wrong).status_code == 422, wrong


def test_odd_input_to_the_work_programme_is_refused_clearly(api: httpx.Client,
                                                             service: ScrutinyService) -> None:
    events = service.recorder.max_notification_id() or 0
    ancient = api.post("/meetings", json={"commission": ILSC, "meets_on": "0001-01-05"})
    assert ancient.status_code == 422 and "1900 to 2200" in ancient.json()["message"]
    both = api.post("/work-programme", json={
        "commission": ILSC, "title": "Both dates", "origin": {"kind": "resolution"},
        "follow_up": {"kind": "report", "due_meeting_on": "2022-09-20",
                      "due_by": "2022-09-30"}})
    assert both.status_code == 422 and "not both" in both.json()["message"]
    assert (service.recorder.max_notification_id() or 0) == events  # nothing was saved
    for year in ("x", "€", "2021/22-x", 'a"b'):
        assert api.get(f"{BASE}/document.docx", params={"year": year}).status_code in (404, 422)


def test_one_commission_whatever_its_case_and_follow_ups_of_one_month_apart(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels,
) -> None:
    for day, spelling in (("2021-10-05", ILSC), ("2021-10-26", ILSC.upper())):
        assert api.post("/meetings", json={"commission": spelling, "meets_on": day,
                                           "business_date": "2021-06-15"}).status_code == 201
    assert [c["commission"] for c in api.get("/work-programme").json()] == [ILSC]
    for day, reference in (("2021-10-05", "adult-safeguarding"),
                           ("2021-10-26", "adult-safeguarding-follow-up")):
        api.post("/work-programme", json={"commission": ILSC, "title": "Adult Safeguarding",
                                          "reference": reference, "business_date": "2021-06-15",
                                          "origin": {"kind": "work_planning"}})
        api.post(f"{BASE}/{reference}/schedule", json={"meeting_on": day,
                                                       "business_date": "2021-06-15"})
        taken = api.post(f"{BASE}/{reference}/taken", json={
            "business_date": day, "resolutions": [
                {"number": "1", "text": "That the report be noted.",
                 "follow_up_reference": "no-such-item"},
                {"number": "2", "text": "That a further report be brought back.",
                 "follow_up": {"kind": "report", "due_by": "2022-04-30"}}]})
        assert taken.status_code == 200, taken.text
        first, second = taken.json()["resolutions"]
        assert first["follow_up_reference"] is None  # the caller's is not kept
        assert second["follow_up_reference"] == f"adult-safeguarding-{day}-2"
    twice = api.post("/work-programme", json={"commission": ILSC, "title": "Twice",
                                              "business_date": "2021-06-15",
                                              "origin": {"kind": "work_planning"}})
    assert twice.status_code == 201
    api.post(f"{BASE}/twice/schedule", json={"meeting_on": "2021-10-26",
                                             "business_date": "2021-06-15"})
    same = api.post(f"{BASE}/twice/taken", json={"business_date": "2021-10-26", "resolutions": [
        {"number": "A", "text": "That it be noted."},
        {"number": "a", "text": "That it be noted again."}]})
    assert same.status_code == 422 and same.json()["field"] == "resolutions"
    # an item is not scheduled for a meeting held before it was added
    late = api.post("/work-programme", json={"commission": ILSC, "title": "Late",
                                             "business_date": "2021-11-01",
                                             "origin": {"kind": "work_planning"}})
    assert late.status_code == 201
    assert api.post(f"{BASE}/late/schedule", json={"meeting_on": "2021-10-26"}
                    ).status_code == 422
    # a deferred item waits to be scheduled again, and is not shown at its old meeting
    api.post(f"{BASE}/twice/deferral", json={"reason": "Report not ready",
                                             "business_date": "2021-10-20"})
    year = api.get(BASE, params={"year": "2021/22"}).json()
    shown = [i["reference"] for m in year["meetings"] for i in m["items"]]
    assert "twice" not in shown and "twice" in [i["reference"] for i in year["waiting"]]
