"""The HTTP API, over real HTTP to uvicorn, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from application.service import ScrutinyService
from demo import load_demo
from projections.read_models import ReadModels
from tests.conftest import settle

REF = "cultural-strategy"


def propose(api: httpx.Client) -> httpx.Response:
    return api.post("/reviews", json={
        "reference": REF, "title": "Cultural Strategy",
        "commission": "Improving Lives Select Commission", "kind": "spotlight",
        "members": ["Councillor Pitchley", "Councillor Cooksey"], "business_date": "2022-02-02",
    })


def to_osmb(api: httpx.Client) -> None:
    assert propose(api).status_code == 201
    steps = [
        ("scope", {"terms_of_reference": "Inclusive access to cultural activities",
                   "business_date": "2022-02-02"}),
        ("evidence-sessions", {"title": "Spotlight review meeting", "business_date": "2022-02-02"}),
        ("findings", {"findings": "Swimming, young carers, venues", "business_date": "2022-05-03",
                      "recommendations": [
                          {"label": "a", "text": "That the range of available activities ..."},
                          {"label": "b", "text": "That consideration be given to swimming ..."},
                      ]}),
        ("osmb/referral", {"business_date": "2022-05-03",
                           "source": "ILSC 3 May 2022, item 9"}),
    ]
    for path, body in steps:
        response = api.post(f"/reviews/{REF}/{path}", json=body)
        assert response.status_code == 200, response.text


def test_a_review_is_proposed_and_found_by_its_reference(api: httpx.Client) -> None:
    created = propose(api)
    assert created.status_code == 201
    assert created.headers["location"] == f"/reviews/{REF}"
    body = created.json()
    assert body["status"] == "proposed"
    assert body["allowed_steps"] == ["leave_steps_unrecorded", "scope", "withdraw"]
    assert body["history"][0]["actor"] == "katherine.harclerode"
    assert body["history"][0]["business_date"] == "2022-02-02"

    listed = api.get("/reviews").json()["items"]
    assert [r["reference"] for r in listed] == [REF]
    assert api.get(f"/reviews/{body['id']}").json()["reference"] == REF


def test_the_whole_journey_to_cabinet_and_back(api: httpx.Client) -> None:
    to_osmb(api)
    for path, body in [
        ("osmb/endorsement", {"business_date": "2022-06-07"}),
        ("cabinet/submission", {"business_date": "2022-06-20", "notice_served_on": "2022-06-21"}),
        ("cabinet/response", {"business_date": "2022-07-18", "minute_number": "C30", "responses": {
            "a": {"decision": "accepted", "responsible_officer": "Head of Culture",
                  "target_date": "Mar-23"},
            "b": {"decision": "rejected", "reason": "Open water swimming is too hazardous"},
        }}),
        ("report-back", {"business_date": "2022-09-13", "reported_to": "council"}),
    ]:
        response = api.post(f"/reviews/{REF}/{path}", json=body)
        assert response.status_code == 200, response.text
    review = response.json()
    assert review["status"] == "response_reported"
    assert review["notice_served_on"] == "2022-06-21"
    assert [r["status"] for r in review["recommendations"]] == ["implementing", "rejected"]

    progress = api.post(f"/reviews/{REF}/recommendations/a/progress", json={
        "rag": "green", "note": "Summer programme agreed", "business_date": "2022-10-01",
    })
    assert progress.status_code == 200
    recommendation = progress.json()
    assert recommendation["latest_update"]["note"] == "Summer programme agreed"
    assert recommendation["target_date"] == "2023-03"
    assert [h["what"] for h in recommendation["history"]] == [
        "Drafted", "Submitted to Cabinet", "Cabinet response recorded", "Progress reported"
    ]


def test_unknown_review_is_404(api: httpx.Client) -> None:
    response = api.get("/reviews/no-such-review")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert api.post("/reviews/no-such-review/osmb/referral", json={}).status_code == 404
    propose(api)
    assert api.get(f"/reviews/{REF}/recommendations/z").status_code == 404
    assert api.get(f"/reviews/{REF}/actions/1.1").status_code == 404


def test_an_invalid_step_is_409_with_state_and_allowed_steps(api: httpx.Client) -> None:
    propose(api)
    response = api.post(f"/reviews/{REF}/cabinet/submission", json={})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "invalid_lifecycle_step"
    assert body["current_state"] == "proposed"
    assert body["allowed_steps"] == ["leave_steps_unrecorded", "scope", "withdraw"]
    assert "Cannot submit to Cabinet" in body["message"]


def test_a_stale_write_is_409_and_the_other_write_survives(api: httpx.Client) -> None:
    to_osmb(api)
    version = api.get(f"/reviews/{REF}").json()["version"]
    first = api.post(f"/reviews/{REF}/osmb/return",
                     json={"comments": "Tighten b", "expected_version": version})
    assert first.status_code == 200
    second = api.post(f"/reviews/{REF}/osmb/endorsement", json={"expected_version": version})
    assert second.status_code == 409
    assert second.json()["error"] == "conflict"
    assert second.json()["current_version"] == version + 1
    assert api.get(f"/reviews/{REF}").json()["status"] == "returned_for_revision"


def test_malformed_input_is_422_naming_the_field(api: httpx.Client) -> None:
    response = api.post("/reviews", json={"title": "T", "commission": "ILSC", "kind": "grand"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_input"
    assert body["problems"][0]["field"] == "kind"
    assert "kind:" in body["message"]

    to_osmb(api)
    missing_reason = api.post(f"/reviews/{REF}/osmb/endorsement", json={"actor": "someone"})
    assert missing_reason.status_code == 422
    assert missing_reason.json()["problems"][0]["field"] == "actor"  # never taken from the body

    future = api.post(f"/reviews/{REF}/osmb/endorsement", json={"business_date": "2030-01-01"})
    assert future.status_code == 422
    assert future.json()["field"] == "business_date"


LINE_BREAKS = ["\n", "\r", "\u2028", "\u2029", "\u0085", "\t", "\x1b"]


def test_single_line_fields_refuse_line_breaks_naming_the_field(api: httpx.Client) -> None:
    """A title, a name, a source or a minute number with a line break would break an email's
    Subject or a calendar's SUMMARY later: it is refused when it comes in, naming the field."""
    proposal = {"title": "Cultural Strategy", "commission": "Improving Lives Select Commission",
                "kind": "spotlight", "members": ["Councillor Pitchley"],
                "source": "ILSC 2 February 2022"}
    for breaking in LINE_BREAKS:
        for field, value in (("title", f"Cultural{breaking}Strategy"),
                             ("commission", f"Improving Lives{breaking}"
                                            "Select Commission"),
                             ("source", f"ILSC{breaking}2 February 2022"),
                             ("members", ["Councillor Pitchley", f"Councillor{breaking}Cooksey"])):
            refused = api.post("/reviews", json={**proposal, field: value})
            assert refused.status_code == 422, (field, breaking, refused.text)
            problem = refused.json()["problems"][0]
            assert problem["field"].split(".")[0] == field
            assert "one line" in problem["problem"] or "control characters" in problem["problem"]
    # Line breaks stay welcome where text runs to paragraphs.
    to_osmb(api)
    scoped = api.post(f"/reviews/{REF}/recommendations/a/wording",
                      json={"text": "That the range of activities\nbe published\u2028online",
                            "reason": "OSMB asked\nfor it"})
    assert scoped.status_code == 200, scoped.text
    minute = api.post(f"/reviews/{REF}/osmb/endorsement",
                      json={"source": "OSMB 1 June 2022\nminute 5"})
    assert minute.status_code == 422 and minute.json()["problems"][0]["field"] == "source"
    assert api.post("/tokens", json={"label": "laptop\nat home"}).status_code == 422


def test_a_step_without_credentials_is_refused(api: httpx.Client) -> None:
    response = httpx.post(f"{api.base_url}/reviews", json={})
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert "Authorization: Bearer" in response.json()["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path", "content"),
    [
        ("POST", "/reviews", b"not json"),
        ("POST", "/reviews", b'{"title": 1e999999}'),
        ("POST", "/reviews", b'{"title": "\\u0000", "commission": "x", "kind": "full"}'),
        ("POST", "/reviews", b'{"title": "x", "commission": "x", "kind": "full", '
                             b'"business_date": "0000-00-00"}'),
        ("POST", "/reviews", b'{"title": "x", "commission": "x", "kind": "full", '
                             b'"business_date": "9999-12-31"}'),
        ("POST", "/reviews", b"[]"),
        ("POST", "/reviews", b'{"title": "' + b"x" * 100_000 + b'", "commission": "x", '
                             b'"kind": "full"}'),
        ("POST", "/reviews/%00/scope", b'{"terms_of_reference": "x"}'),
        ("GET", "/reviews/" + "a" * 5000, b""),
        ("POST", "/reviews/cultural-strategy/cabinet/response",
         b'{"responses": {"a": {"decision": "accepted"}}, "expected_version": 99999999999999}'),
        ("POST", "/reviews/cultural-strategy/recommendations/a/target-date",
         b'{"target_date": "2021-02-30", "reason": "x"}'),
    ],
)
def test_no_input_produces_a_500(
    api: httpx.Client, method: str, path: str, content: bytes
) -> None:
    to_osmb(api)
    response = api.request(method, path, content=content,
                           headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["message"]


def test_openapi_describes_every_command(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    assert "/reviews/{review}/cabinet/response" in paths
    assert "/reviews/{review}/recommendations/{label}/completion/confirmation" in paths
    assert "/reviews/{review}/actions/{number}/progress" in paths
    assert len(paths) >= 30


def test_writers_that_name_no_version_all_succeed_at_once(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    """Eight officers' systems saving progress on one recommendation at once: a request
    without expected_version asks for no conditional write, so none is refused as stale."""
    load_demo(service)
    settle(read_models)
    path = "/reviews/post-cse-support/recommendations/b/progress"
    before = len(service.get_recommendation("post-cse-support", "b").progress_updates)

    def write(writer: int) -> list[int]:
        with httpx.Client(base_url=api.base_url, headers=api.headers, timeout=60) as client:
            return [client.post(path, json={"note": f"Writer {writer}, update {n}"}).status_code
                    for n in range(25)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [code for codes in pool.map(write, range(8)) for code in codes]
    assert answers == [200] * 200
    notes = [u.note for u in service.get_recommendation("post-cse-support", "b").progress_updates]
    assert len(notes) == before + 200 and len(set(notes[before:])) == 200
    # Naming the version seen keeps the write conditional: a stale one is still refused.
    stale = api.post(path, json={"note": "On the page I loaded", "expected_version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] > 200
