"""The read models: resumable, exactly once, equal to a fresh rebuild, read-your-writes."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from application.service import ScrutinyService
from bench.synthetic_history import make_history
from demo import load_demo
from domain.values import RAGStatus
from identity.accounts import Accounts
from projections import queries
from projections.database import VIEW_TABLES
from projections.projector import ProjectionConflict, Projector
from projections.read_models import ReadModels
from tests.conftest import RunningServer, bearer, settle, token_for

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
TODAY = date(2026, 11, 23)


def dump(read_models: ReadModels) -> dict[str, list[dict[str, Any]]]:
    connection = read_models.connection()
    order = {"review_list": "review_id", "tracker": "item_id",
             "deadline_register": "deadline_id", "exemptions": "exemption_id",
             "audit_trail": "position", "reminder_schedule": "deadline_id",
             "reminders": "reminder_id", "meetings": "meeting_id",
             "work_programme": "item_id"}
    return {table: connection.query(f"SELECT * FROM {table} ORDER BY {order[table]}")
            for table in VIEW_TABLES}


def test_after_the_demo_the_views_answer_the_advisers_questions(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    read_models.projector.catch_up()
    assert [s.lag for s in read_models.projector.status()] == [0, 0, 0, 0, 0]
    connection = read_models.connection()

    reviews = queries.review_list(connection, sort="reference")
    assert [r["reference"] for r in reviews.items] == [
        "cultural-strategy", "hmip-yot-inspection-action-plan", "post-cse-support",
        "role-of-school-governors",
    ]
    governors = next(r for r in reviews.items if r["reference"] == "role-of-school-governors")
    assert (governors["recommendation_count"], governors["open_count"]) == (16, 15)

    counts = queries.tracker_counts(connection, "review", "hmip-yot-inspection-action-plan")
    assert {(c["status"], c["count"]) for c in counts} == {
        ("completed", 45), ("progressing_on_track", 1), ("duplicate", 19)
    }

    overdue = queries.deadline_register(connection, queries.DeadlineFilter(overdue=True), TODAY)
    assert sorted((d["review_reference"], d["rule"], d["item_label"]) for d in overdue.items) == [
        ("adult-safeguarding-2021-10-05-2", "follow-up-report", None),
        ("hmip-yot-inspection-action-plan", "implementation-target", "2.3"),
        ("one-adoption-south-yorkshire-2021-09-21-2", "follow-up-report", None),
        ("post-cse-support", "report-to-council", None),
        ("rotherham-adult-safeguarding-board-performance-a-2022-01-25-4", "follow-up-report", None),
        ("rotherham-safeguarding-children-s-partnership-2022-03-08-2", "follow-up-report", None),
        ("sen-strategy-sufficiency-2021-10-26-3", "follow-up-report", None),
        ("send-inspection-wsoa-2022-03-08-2", "follow-up-report", None),
        ("send-sufficiency-2022-03-08-3", "follow-up-report", None),
        ("yot-improvement-plan-2021-09-21-2", "follow-up-report", None),
    ]
    # the work programme's follow-ups stand for themselves in the register
    assert {d["subject_kind"] for d in overdue.items if d["rule"] == "follow-up-report"} == {
        "programme_item"}
    action = next(d for d in overdue.items if d["item_label"] == "2.3")
    assert (action["due"], action["days_late"], action["owner"]) == (
        date(2021, 3, 31), (TODAY - date(2021, 3, 31)).days, "CYPS Training"
    )

    stale = queries.tracker(connection, queries.TrackerFilter(stale_days=90), TODAY,
                            page_size=100)
    assert stale.total == 24  # 15 governors' recommendations, 8 Post-CSE, HMIP action 2.3

    amended = queries.audit_trail(connection, queries.AuditFilter(
        review_id=str(service.review_id("post-cse-support")), item_label="a"))
    assert [line["what"] for line in reversed(amended.items)] == [
        "Drafted", "Submitted to Cabinet", "Cabinet response recorded"
    ]
    assert amended.items[0]["change"] == "status: awaiting response → implementing"
    by_date = queries.audit_trail(connection, queries.AuditFilter(
        business_from=date(2013, 7, 10), business_to=date(2013, 7, 10)))
    assert by_date.total == 14 + 1  # 14 progress updates and the report back, 10 July 2013
    assert {line["actor"] for line in by_date.items} == {"demo-loader"}


def test_a_rebuild_gives_identical_views(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    make_history(service, councils=1, years=1, reviews_per_year=3)
    read_models.projector.catch_up()
    before = dump(read_models)
    assert read_models.projector.rebuild() == service.recorder.max_notification_id()
    assert dump(read_models) == before


def test_a_second_projector_racing_on_the_same_views_changes_nothing(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    first = read_models.projector
    second = Projector(service, read_models.database, batch_size=50)
    stale = second.position()
    first.catch_up()
    # The second read the position before the first committed; its batch must not be written.
    second.position = lambda: stale  # type: ignore[method-assign]
    with pytest.raises(ProjectionConflict):
        second._project_next_batch()
    del second.position
    assert second.catch_up() == 0
    audit = read_models.connection().query("SELECT COUNT(*) AS n FROM audit_trail")
    assert audit[0]["n"] == service.recorder.max_notification_id()


def test_the_projector_survives_sigkill_mid_stream_and_equals_a_fresh_rebuild(
    service: ScrutinyService, read_models: ReadModels, database_url: str
) -> None:
    head = make_history(service, councils=2, years=2, reviews_per_year=4)
    assert head > 2000
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}
    kills = 0
    last_position = 0
    while kills < 5:
        follower = subprocess.Popen(
            [SCRUTINY, "projections", "run", "--batch-size", "37", "--interval", "0.05"],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        # Let it commit at least one batch past the last kill, then kill it without warning.
        moved = wait_until(lambda seen=last_position: read_models.position() > seen, timeout=60)
        follower.send_signal(signal.SIGKILL)
        follower.wait(timeout=30)
        assert moved, "the projector made no progress"
        last_position = read_models.position()
        assert last_position < head, "the projector finished before it could be killed"
        kills += 1
    read_models.projector.catch_up()
    assert read_models.position() == head
    survived = dump(read_models)
    read_models.projector.rebuild()
    assert dump(read_models) == survived
    assert len(survived["audit_trail"]) == head


def wait_until(condition: Any, timeout: float) -> bool:
    give_up = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        if time.monotonic() > give_up:
            return False
        pause.wait(0.01)
    return True


def test_a_command_returns_only_once_the_views_include_it(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    """No background projector: the request itself brings the views up to date."""
    load_demo(service)
    token = token_for(Accounts(read_models.database), "katherine.harclerode")
    with RunningServer(service, read_models, follow_log=False) as server, httpx.Client(
        base_url=server.url, headers=bearer(token), timeout=30
    ) as client:
        response = client.post(
            "/reviews/post-cse-support/recommendations/b/progress",
            json={"rag": "amber", "note": "Survivors' forum meets monthly",
                  "business_date": "2022-09-13"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["latest_update"]["note"] == "Survivors' forum meets monthly"
        assert response.json()["history"][-1]["actor"] == "katherine.harclerode"
        page = client.get("/tracker", params={"review": "post-cse-support"}).json()
        b = next(row for row in page["items"] if row["label"] == "b")
        assert (b["rag"], b["last_update_on"]) == (RAGStatus.AMBER, "2022-09-13")


def test_lists_download_as_csv(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    settle(read_models)
    for path, expected_rows in [("/reviews", 4), ("/tracker", 16 + 8 + 4 + 65),
                                ("/deadlines", None), ("/audit", None)]:
        response = api.get(path, params={"format": "csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        if expected_rows is not None:
            assert len(rows) == expected_rows
        assert rows
    audit = list(csv.DictReader(io.StringIO(api.get("/audit", params={"format": "csv"}).text)))
    assert len(audit) == service.recorder.max_notification_id()


def test_query_api_filters_sorts_and_pages(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    settle(read_models)
    first = api.get("/tracker", params={"review": "hmip-yot-inspection-action-plan",
                                        "page_size": 10}).json()
    second = api.get("/tracker", params={"review": "hmip-yot-inspection-action-plan",
                                         "page_size": 10, "page": 2}).json()
    assert first["total"] == 65
    assert [r["label"] for r in first["items"]][:3] == ["1.1", "2.1", "2.2"]
    assert not {r["label"] for r in first["items"]} & {r["label"] for r in second["items"]}
    overdue = api.get("/deadlines", params={"overdue": "true"}).json()
    assert overdue["total"] == 10  # 2 of reviews, 8 follow-ups of the ILSC work programme
    by_owner = api.get("/deadlines", params={"owner": "CYPS Training"}).json()
    assert {d["item_label"] for d in by_owner["items"]} == {"2.3", "2.4"}
    met = api.get("/deadlines", params={"status": "met", "rule": "executive-response"}).json()
    # The Role of School Governors' papers do not say when the Cabinet received its report, so
    # no s.9FE deadline is worked out for it (it was "met" by construction before).
    assert {d["review_reference"] for d in met["items"]} == {"post-cse-support"}
    soon = api.get("/deadlines", params={"due_within_days": 14}).json()
    assert soon["total"] == 0
    actor = api.get("/audit", params={"actor": "nobody"}).json()
    assert actor["total"] == 0
    counts = api.get("/tracker/counts", params={"by": "commission"}).json()
    assert sum(c["count"] for c in counts) == 16 + 8 + 4 + 65
    assert api.get("/deadlines", params={"page_size": 501}).status_code == 422
    assert api.get("/reviews", params={"status": "nonsense"}).status_code == 422


def test_the_register_is_answered_again_until_the_views_move(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    """A repeated read of the deadline register is answered from what was computed at the same
    log position; a recorded change is in the very next answer."""
    load_demo(service)
    settle(read_models)
    query = {"owner": "CYPS Training"}
    first = api.get("/deadlines", params=query)
    again = api.get("/deadlines", params=query)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert first.headers["content-type"] == "application/json"
    before = {d["item_label"]: d["status"] for d in first.json()["items"]}
    assert before == {"2.3": "missed", "2.4": "met"}
    done = api.post("/reviews/hmip-yot-inspection-action-plan/actions/2.3/progress",
                    json={"status": "completed", "note": "All staff trained"})
    assert done.status_code == 200, done.text
    after = api.get("/deadlines", params=query).json()["items"]
    assert {d["item_label"]: (d["status"], d["met_on"]) for d in after} == {
        "2.3": ("met", TODAY.isoformat()), "2.4": ("met", "2021-03-19")}  # 2.4: by 19 March
    # Other filters, pages and readers are answered for themselves.
    assert api.get("/deadlines", params={"owner": "nobody"}).json()["total"] == 0
    paged = api.get("/deadlines", params={**query, "page_size": 1}).json()
    assert (paged["total"], len(paged["items"])) == (2, 1)


def test_a_reader_left_waiting_by_a_silent_projector_catches_the_views_up_itself(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    """A web worker leaves projecting to the role's holder; if the views do not move (a holder
    cut off but still holding its lock), a waiting reader catches them up itself."""
    read_models.projects_here = lambda: False
    read_models.HOLDER_SILENT = 0.2  # type: ignore[misc]
    load_demo(service)
    head = service.recorder.max_notification_id() or 0
    assert read_models.position() < head
    assert read_models.wait_for(head, timeout=10)
    assert read_models.position() == head


def test_projection_status_and_rebuild_from_the_cli(database_url: str,
                                                    service: ScrutinyService) -> None:
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}
    assert subprocess.run([SCRUTINY, "demo"], env=environment, capture_output=True,
                          timeout=300, check=False).returncode == 0
    status = subprocess.run([SCRUTINY, "projections", "status", "--json"], env=environment,
                            capture_output=True, text=True, timeout=60, check=True)
    import json

    printed = json.loads(status.stdout)
    assert printed["lag"] == 0
    assert printed["head"] == service.recorder.max_notification_id()
    assert printed["views"]["audit_trail"]["position"] == printed["head"]
    rebuilt = subprocess.run([SCRUTINY, "projections", "rebuild"], env=environment,
                             capture_output=True, text=True, timeout=300, check=True)
    assert f"rebuilt every view from {printed['head']} events" in rebuilt.stdout
