"""Bulk progress updates over HTTP on both stores: a sheet with one bad row is refused whole with
that row named and nothing applied; corrected, every changed row is recorded once, by the
uploader; uploaded again, nothing changes; an officer's sheet holds only their own items."""

from __future__ import annotations

import csv
import io

import httpx

from api.accounts import Accounts
from api.demo import load_demo
from domain.service import ScrutinyService
from projections.read_models import ReadModels
from tests.conftest import RunningServer, bearer, settle, token_for


def sheet(client: httpx.Client) -> list[dict[str, str]]:
    response = client.get("/progress-sheet")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def upload(client: httpx.Client, rows: list[dict[str, str]]) -> httpx.Response:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return client.post("/progress-sheet",
                       files={"file": ("progress.csv", buffer.getvalue().encode(), "text/csv")})


def test_a_sheet_with_one_bad_row_is_refused_whole_then_applied_once(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    adviser = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as client:
        rows = sheet(client)
        assert len(rows) == 24  # 15 governors' recommendations, 8 Post-CSE, HMIP action 2.3
        governors = next(r for r in rows if r["review"] == "role-of-school-governors"
                         and r["label"] == "1")
        post_cse = next(r for r in rows if r["review"] == "post-cse-support"
                        and r["label"] == "b")
        governors.update(new_rag="green", update="Training offer published",
                         update_date="2026-11-20")
        post_cse.update(new_rag="purple", update="Survivors forum meets monthly")
        before = service.recorder.max_notification_id()
        refused = upload(client, rows)
        assert refused.status_code == 422
        body = refused.json()
        row_number = rows.index(post_cse) + 2  # the header is row 1
        assert body["problems"] == [{"row": row_number, "column": "new_rag",
                                     "problem": "'purple' is not red, amber, green or blue"}]
        assert f"row {row_number}, new_rag" in body["message"]
        assert service.recorder.max_notification_id() == before  # nothing of it applied

        post_cse["new_rag"] = "amber"
        applied = upload(client, rows)
        assert applied.status_code == 200, applied.text
        assert {(a["review"], a["label"]) for a in applied.json()["applied"]} == {
            ("role-of-school-governors", "1"), ("post-cse-support", "b")}
        latest = service.get_recommendation("post-cse-support", "b").progress_updates[-1]
        assert (latest.reported_by, latest.note) == ("katherine.harclerode",
                                                     "Survivors forum meets monthly")
        again = upload(client, rows)
        assert again.json() == {"applied": [], "unchanged": 2}


def test_an_officers_sheet_has_only_their_items(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    officer = token_for(accounts, "cyps.trainer", role="officer", acts_for=("CYPS Training",))
    with httpx.Client(base_url=server.url, headers=bearer(officer), timeout=60) as client:
        rows = sheet(client)
        assert [(r["review"], r["label"]) for r in rows] == [
            ("hmip-yot-inspection-action-plan", "2.3")]
        rows[0].update(new_status="completed", update="Training delivered to all YOT staff")
        someone_elses = {**rows[0], "item_id": str(service.get_recommendation(
            "post-cse-support", "b").id)}
        refused = upload(client, [rows[0], someone_elses])
        assert refused.status_code == 422
        assert refused.json()["problems"][0]["row"] == 3
        assert refused.json()["problems"][0]["column"] == "item_id"
        assert upload(client, rows).status_code == 200
        # the same sheet again: the action it completed is closed now, and nothing changes
        again = upload(client, rows)
        assert again.status_code == 200 and again.json() == {"applied": [], "unchanged": 1}
        assert sheet(client) == []  # nothing of theirs is open any more
    action = service.get_action("hmip-yot-inspection-action-plan", "2.3")
    assert (action.status.value, action.progress_updates[-1].reported_by) == (
        "completed", "cyps.trainer")
    with httpx.Client(base_url=server.url, timeout=30) as public:
        assert public.get("/progress-sheet").status_code == 401
