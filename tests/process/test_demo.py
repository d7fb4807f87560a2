"""The demo data holds the real ILSC cases, loads once, and is served by the real command."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest

from application.service import ScrutinyService
from demo import load_demo
from domain.values import ActionStatus, CabinetDecision, RecommendationStatus, ReviewStatus
from tests.conftest import _free_port

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))


@pytest.fixture
def demo(service: ScrutinyService) -> ScrutinyService:
    load_demo(service)
    return service


def test_loading_twice_duplicates_nothing(service: ScrutinyService) -> None:
    first = load_demo(service)
    assert len(first.loaded) == 6
    events = service.recorder.max_notification_id()
    second = load_demo(service)
    assert second.loaded == []
    assert len(second.already_present) == 6
    assert service.recorder.max_notification_id() == events


def test_post_cse_support(demo: ScrutinyService) -> None:
    review = demo.get_review("post-cse-support")
    assert review.status == ReviewStatus.CABINET_RESPONDED
    assert review.referred_to_osmb_on == date(2021, 12, 22)
    recommendations = demo.recommendations_of(review)
    assert [r.label for r in recommendations] == list("abcdefgh")
    assert recommendations[0].text.startswith("That post-CSE services are transferred to the Adult")
    assert {r.cabinet_response.decision for r in recommendations if r.cabinet_response} == {
        CabinetDecision.ACCEPTED
    }
    assert {r.responded_on for r in recommendations} == {date(2022, 2, 14)}


def test_the_role_of_school_governors(demo: ScrutinyService) -> None:
    review = demo.get_review("role-of-school-governors")
    assert review.status == ReviewStatus.RESPONSE_REPORTED
    assert [(m.met_on, m.minute_number) for m in review.cabinet_meetings] == [
        (date(2012, 11, 21), "C97")
    ]
    assert [(r.reported_on, r.minute_number) for r in review.reports_back] == [
        (date(2013, 7, 10), "15")
    ]
    recommendations = {r.label: r for r in demo.recommendations_of(review)}
    assert len(recommendations) == 16
    twelve = recommendations["12"]
    assert twelve.status == RecommendationStatus.REJECTED
    assert twelve.cabinet_response is not None
    assert "difficult to implement and monitor" in (twelve.cabinet_response.reason or "")
    updated = {label for label, r in recommendations.items() if r.progress_updates}
    assert updated == set(recommendations) - {"12", "15"}
    three = recommendations["3"].progress_updates[0]
    assert three.note.startswith("This had already been completed")
    assert recommendations["3"].progress_updates[0].reported_on == date(2013, 7, 10)


def test_cultural_strategy(demo: ScrutinyService) -> None:
    review = demo.get_review("cultural-strategy")
    assert review.status == ReviewStatus.REFERRED_TO_OSMB
    assert review.kind == "spotlight"
    assert [s.held_on for s in review.evidence_sessions] == [date(2022, 2, 2)]
    assert review.referred_to_osmb_on == date(2022, 5, 3)
    assert len(review.members) == 8
    assert [r.label for r in demo.recommendations_of(review)] == list("abcd")


def test_hmip_youth_offending_team_action_plan(demo: ScrutinyService) -> None:
    review = demo.get_review("hmip-yot-inspection-action-plan")
    assert review.status == ReviewStatus.ACTION_PLAN_AGREED
    assert len(review.inspection_findings) == 21
    assert [f.number for f in review.inspection_findings if f.section == "Recommendations"] == [
        "1", "2", "3", "4", "5"
    ]
    actions = demo.actions_of(review)
    assert len(actions) == 65
    statuses = Counter(a.status for a in actions)
    assert statuses[ActionStatus.DUPLICATE] == 19
    distinct = [a for a in actions if a.status != ActionStatus.DUPLICATE]
    assert len(distinct) == 46
    assert statuses[ActionStatus.COMPLETED] == 45
    assert [a.number for a in actions if a.status == ActionStatus.PROGRESSING_ON_TRACK] == ["2.3"]
    by_number = {a.number: a for a in actions}
    assert by_number["6.1"].duplicate_of == "3.1"
    assert by_number["2.3"].target_date == "2021-03"
    assert by_number["2.3"].owner == "CYPS Training"


def test_the_run_command_serves_post_cse_support_with_its_history(
    database_url: str, tmp_path: Path
) -> None:
    """What the README's run command does: `scrutiny demo`, then `scrutiny serve`."""
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}
    loaded = subprocess.run([SCRUTINY, "demo"], env=environment, capture_output=True,
                            text=True, timeout=300, check=False)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded  post-cse-support" in loaded.stdout
    again = subprocess.run([SCRUTINY, "demo"], env=environment, capture_output=True, text=True,
                           timeout=300, check=False)
    assert "present post-cse-support" in again.stdout

    port = _free_port()
    server = subprocess.Popen(
        [SCRUTINY, "serve", "--port", str(port)], env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_until_serving(client, server)
            review = client.get("/reviews/post-cse-support").json()
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert review["title"] == "Post-CSE Support"
    assert len(review["recommendations"]) == 8
    for recommendation in review["recommendations"]:
        history = recommendation["history"]
        assert [h["what"] for h in history] == [
            "Drafted", "Submitted to Cabinet", "Cabinet response recorded"
        ]
        for entry in history:
            assert entry["actor"] == "demo-loader"
            assert entry["business_date"] in {"2021-12-22", "2022-02-14"}
            assert entry["recorded_at"]
    assert review["history"][0]["what"] == "Proposed"


def wait_until_serving(client: httpx.Client, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start within 60 s"
        try:
            server.wait(timeout=0.1)  # returns at once if the server died
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"the server exited: {server.stdout.read() if server.stdout else ''}")
