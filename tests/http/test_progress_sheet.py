"""Bulk progress updates over HTTP on both stores: a sheet with one bad row is refused whole with
that row named and nothing applied; corrected, every changed row is recorded once, by the
uploader; uploaded again, nothing changes; an officer's sheet holds only their own items. The
same as Excel: downloaded with openpyxl, filled in (a date typed as a date), uploaded; and a file
that is not a sheet at all (empty, garbage, .xls, Word, PDF, a damaged workbook) refused with a
clear 422, never a 500."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import httpx
from docx import Document
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from application.service import ScrutinyService
from demo import load_demo
from domain.values import RAGStatus
from identity.accounts import Accounts
from imports.progress_sheet import COLUMNS
from projections.read_models import ReadModels
from reports.spreadsheets import XLSX_MEDIA_TYPE
from tests.conftest import RunningServer, bearer, settle, token_for

HMIP = "hmip-yot-inspection-action-plan"


def sheet(client: httpx.Client) -> list[dict[str, str]]:
    response = client.get("/progress-sheet")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    # UTF-8 with a byte-order mark, so that Excel shows accented names as written
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


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


# --- the sheet as Excel ------------------------------------------------------------------------

def xlsx_sheet(client: httpx.Client) -> Workbook:
    response = client.get("/progress-sheet", params={"format": "xlsx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"] == (
        'attachment; filename="progress-sheet.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def upload_xlsx(client: httpx.Client, workbook: Workbook) -> httpx.Response:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload_bytes(client, buffer.getvalue(), "progress.xlsx", XLSX_MEDIA_TYPE)


def upload_bytes(client: httpx.Client, content: bytes, name: str, media_type: str
                 ) -> httpx.Response:
    return client.post("/progress-sheet", files={"file": (name, content, media_type)})


def row_of(sheet: Worksheet, review: str, label: str) -> dict[str, Cell]:
    header = [cell.value for cell in sheet[1]]
    for line in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, line, strict=False))
        if (cells["review"].value, cells["label"].value) == (review, label):
            return cells  # type: ignore[return-value]
    raise AssertionError(f"no row for {review} {label}")


def test_an_excel_sheet_filled_in_with_a_typed_date_is_recorded_once_by_the_uploader(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    adviser = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as client:
        workbook = xlsx_sheet(client)
        worksheet = workbook.worksheets[0]
        assert worksheet.title == "Progress sheet"
        assert [cell.value for cell in worksheet[1]] == COLUMNS
        assert worksheet.max_row == 1 + 24
        # drop-downs for the rating and the status, as Excel shows them
        lists = {str(v.sqref): v.formula1 for v in worksheet.data_validations.dataValidation}
        assert '"red,amber,green,blue"' in lists.values()
        governors = row_of(worksheet, "role-of-school-governors", "1")
        action = row_of(worksheet, HMIP, "2.3")
        governors["new_rag"].value = "Green"  # typed by hand, capital and all
        governors["update"].value = "Training offer published"
        governors["update_date"].value = datetime(2026, 11, 20)  # a date cell, as Excel keeps it
        governors["update_date"].number_format = "dd/mm/yyyy"
        action["new_status"].value = "may_exceed_target"
        action["update"].value = "Trainer on leave; sessions moved to January"
        action["update_date"].value = date(2026, 11, 19)

        before = service.recorder.max_notification_id()
        applied = upload_xlsx(client, workbook)
        assert applied.status_code == 200, applied.text
        assert sorted((a["review"], a["kind"], a["label"]) for a in applied.json()["applied"]
                      ) == [(HMIP, "action", "2.3"),
                            ("role-of-school-governors", "recommendation", "1")]
        assert service.recorder.max_notification_id() == before + 2
        latest = service.get_recommendation("role-of-school-governors", "1").progress_updates[-1]
        assert (latest.reported_by, latest.reported_on, latest.rag, latest.note) == (
            "katherine.harclerode", date(2026, 11, 20), RAGStatus.GREEN,
            "Training offer published")
        update = service.get_action(HMIP, "2.3").progress_updates[-1]
        assert (update.reported_by, update.reported_on, update.status.value) == (
            "katherine.harclerode", date(2026, 11, 19), "may_exceed_target")

        again = upload_xlsx(client, workbook)
        assert again.status_code == 200 and again.json() == {"applied": [], "unchanged": 2}
        assert service.recorder.max_notification_id() == before + 2
        # the CSV sheet shows the update on the day typed in Excel
        fresh = {(r["review"], r["label"]): r for r in sheet(client)}
        assert fresh[("role-of-school-governors", "1")]["last_update_on"] == "2026-11-20"


def test_an_excel_sheet_with_one_bad_row_is_refused_naming_it_and_nothing_is_applied(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client,
) -> None:
    load_demo(service)
    settle(read_models)
    workbook = xlsx_sheet(api)
    sheet = workbook.worksheets[0]
    good = row_of(sheet, "post-cse-support", "b")
    good["new_rag"].value = "amber"
    good["update"].value = "Survivors forum meets monthly"
    bad = row_of(sheet, "role-of-school-governors", "2")
    bad["update"].value = "Clerks briefed"
    bad["update_date"].value = "next week"
    before = service.recorder.max_notification_id()
    refused = upload_xlsx(api, workbook)
    assert refused.status_code == 422
    assert refused.json()["problems"] == [{
        "row": bad["update_date"].row, "column": "update_date",
        "problem": "'next week' is not a date like 2022-05-03"}]
    assert f"row {bad['update_date'].row}, update_date" in refused.json()["message"]
    assert service.recorder.max_notification_id() == before
    # a real date, but before the Cabinet responded: the item's own rule, named on its row,
    # and the good row before it is not saved either
    bad["update_date"].value = date(2010, 1, 4)
    refused = upload_xlsx(api, workbook)
    assert refused.status_code == 422, refused.text
    [problem] = refused.json()["problems"]
    assert (problem["row"], problem["column"]) == (bad["update_date"].row, "update_date")
    assert problem["problem"].startswith("2010-01-04 is before Cabinet responded")
    assert service.recorder.max_notification_id() == before


def test_a_file_that_is_not_a_sheet_gets_a_clear_refusal(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    settle(read_models)
    adviser = token_for(accounts, "katherine.harclerode")
    document = io.BytesIO()
    Document().save(document)
    workbook = io.BytesIO()
    Workbook().save(workbook)
    cases = {
        "empty.csv": (b"", "the file is empty"),
        "garbage.bin": (bytes(range(256)) * 4, "not UTF-8 text or an Excel .xlsx workbook"),
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Excel .xls file"),
        "cut-short.xlsx": (workbook.getvalue()[:300], "damaged or cut short"),
        "letter.docx": (document.getvalue(), "this is a Word document"),
        "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is a PDF"),
        "blank.xlsx": (workbook.getvalue(), "the first row must name the columns"),
        "other.csv": (b"name,score\nA,1\n", "this column is missing"),
    }
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as client:
        for name, (content, problem) in cases.items():
            response = upload_bytes(client, content, name, "application/octet-stream")
            assert response.status_code == 422, (name, response.text)
            body = response.json()
            assert body["error"] == "invalid_sheet", name
            assert body["problems"][0]["row"] == 1, name
            assert problem in body["problems"][0]["problem"], (name, body)
        missing = client.post("/progress-sheet", files={"other": ("x.csv", b"a", "text/csv")})
        assert missing.status_code == 422 and "file" in missing.json()["message"]


def test_a_sheet_uploaded_again_after_later_updates_records_nothing_twice(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    adviser = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as client:
        rows = sheet(client)
        row = next(r for r in rows if r["review"] == "post-cse-support" and r["label"] == "a")
        row.update(new_rag="green", update="Sheet update A", update_date="2024-03-01 10:30:00")
        assert upload(client, [row]).status_code == 200  # a date with a time, as Excel gives
        service.record_progress("post-cse-support", "a", rag=RAGStatus.AMBER,
                                note="Recorded since", actor="katherine.harclerode",
                                on=date(2024, 4, 1))
        settle(read_models)
        before = service.recorder.max_notification_id()
        again = upload(client, [row])
        assert again.status_code == 200, again.text
        assert again.json() == {"applied": [], "unchanged": 1}
        assert service.recorder.max_notification_id() == before
        latest = service.get_recommendation("post-cse-support", "a").progress_updates[-1]
        assert latest.note == "Recorded since"

        row.update(update="Older news", update_date="2024-02-01")
        older = upload(client, [row])
        assert older.status_code == 422
        assert [(p["row"], p["column"]) for p in older.json()["problems"]] == [(2, "update_date")]
        assert "before the latest progress update" in older.json()["problems"][0]["problem"]
        assert service.recorder.max_notification_id() == before
