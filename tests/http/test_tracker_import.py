"""Importing an existing tracker over HTTP on both stores: a real .xlsx (written with openpyxl,
dates typed as dates) and a CSV, read through a column mapping; a dry run shows the changes and
records nothing; the import records each row's update on the tracker's own date, by the adviser,
naming the file and row, and records the import itself with the file's digest; the same file
again changes nothing; a file with bad rows is refused whole with every row and column named."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook

from application.service import ScrutinyService
from demo import load_demo
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import TODAY, RunningServer, bearer, settle, token_for

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
COLUMNS = {"item": "Rec", "officer": "Lead officer", "target_date": "Timescale",
           "update": "Progress update", "rag": "RAG", "update_date": "Date of update"}
HEADER = ["Rec", "Recommendation", "Lead officer", "Timescale", "Progress update", "RAG",
          "Date of update"]
ROWS: list[list[Any]] = [
    ["a", "Survivors' voices…", "Head of Early Help", "September 2022",
     "Survivors forum set up with Barnardo's", "Green", date(2022, 5, 3)],
    ["b", "Counselling…", "", "", "Waiting list reduced to 6 weeks", "amber", "14/06/2022"],
    ["a", "Survivors' voices…", "", "", "Forum meets monthly", "G", date(2022, 9, 1)],
]


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Post-CSE tracker"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def send(client: httpx.Client, content: bytes, name: str = "post-cse-tracker.xlsx",
         **form: Any) -> httpx.Response:
    data = {"review": "post-cse-support", "columns": json.dumps(COLUMNS), **form}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post("/tracker-imports", data=data, files={"file": (name, content)})


def test_a_tracker_is_previewed_imported_backdated_and_not_imported_twice(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    content = workbook(ROWS)
    adviser = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as client:
        before = service.recorder.max_notification_id()
        preview = send(client, content, dry_run="true")
        assert preview.status_code == 200, preview.text
        planned = preview.json()
        assert planned["dry_run"] is True and planned["rows"] == 3
        assert [(c["row"], c["label"]) for c in planned["changes"]] == [
            (2, "a"), (3, "b"), (4, "a")]
        assert planned["changes"][0]["what"] == [
            "responsible officer: Head of Early Help", "target date: September 2022",
            "update of 2022-05-03 (green): Survivors forum set up with Barnardo's"]
        assert service.recorder.max_notification_id() == before  # a dry run records nothing

        imported = send(client, content)
        assert imported.status_code == 200, imported.text
        assert imported.json()["changes"] == planned["changes"]
        assert imported.json()["reviews"] == ["post-cse-support"]

        a = service.get_recommendation("post-cse-support", "a")
        assert [(u.reported_on, u.rag, u.note, u.reported_by) for u in a.progress_updates] == [
            (date(2022, 5, 3), "green", "Survivors forum set up with Barnardo's",
             "katherine.harclerode"),
            (date(2022, 9, 1), "green", "Forum meets monthly", "katherine.harclerode")]
        assert (a.responsible_officer, a.target_date) == ("Head of Early Help", "2022-09")
        b = service.get_recommendation("post-cse-support", "b")
        assert b.progress_updates[-1].reported_on == date(2022, 6, 14)  # day first, as in the UK
        history = service.history(a.id)
        digest = hashlib.sha256(content).hexdigest()
        assert history[-1].source == (f"Tracker post-cse-tracker.xlsx (SHA-256 {digest[:12]}) "
                                      "imported by katherine.harclerode, row 4")
        assert history[-1].business_date == date(2022, 9, 1)  # backdated to the tracker's date

        review = service.get_review("post-cse-support")
        record = review.tracker_imports[-1]
        assert (record.file_name, record.digest, record.imported_by, record.rows,
                record.changes) == ("post-cse-tracker.xlsx", digest, "katherine.harclerode",
                                    3, 3)
        assert record.columns == COLUMNS
        trail = client.get("/audit", params={"review": "post-cse-support",
                                             "event": "TrackerImported"}).json()
        assert trail["total"] == 1 and trail["items"][0]["actor"] == "katherine.harclerode"

        after = service.recorder.max_notification_id()
        again = send(client, content)
        assert again.status_code == 200
        assert again.json()["already_imported"] == {
            "review": "post-cse-support", "file_name": "post-cse-tracker.xlsx",
            "imported_by": "katherine.harclerode", "imported_on": "2026-11-23"}
        assert again.json()["changes"] == []
        assert service.recorder.max_notification_id() == after

        # The same rows in another file (a CSV): nothing of them is recorded twice.
        csv_text = "Rec,Lead officer,Timescale,Progress update,RAG,Date of update\n" \
                   "a,Head of Early Help,September 2022,Forum meets monthly,G,2022-09-01\n"
        same_rows = send(client, csv_text.encode(), name="tracker.csv")
        assert same_rows.status_code == 200, same_rows.text
        assert same_rows.json()["changes"] == [] and same_rows.json()["unchanged"] == 1
        assert len(service.get_recommendation("post-cse-support", "a").progress_updates) == 2


def test_a_tracker_with_bad_rows_is_refused_whole(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    rows = [
        ROWS[0],
        ["z", "", "", "", "No such recommendation", "green", date(2022, 5, 3)],
        ["b", "", "", "", "Counselling waiting list", "purple", "31/02/2022"],
        ["c", "", "", "", "Before the Cabinet responded", "red", date(2022, 1, 5)],
    ]
    before = service.recorder.max_notification_id()
    refused = send(api, workbook(rows))
    assert refused.status_code == 422, refused.text
    problems = {(p["row"], p["column"]) for p in refused.json()["problems"]}
    assert problems == {(3, "Rec"), (4, "RAG"), (4, "Date of update"),
                        (5, "Date of update")}  # dated before the Cabinet's response
    assert service.recorder.max_notification_id() == before
    assert service.get_recommendation("post-cse-support", "a").progress_updates == []

    wrong_column = send(api, workbook(ROWS), columns=json.dumps(
        {**COLUMNS, "update": "Update"}))
    assert wrong_column.status_code == 422
    assert wrong_column.json()["problems"][0]["column"] == "Update"
    no_item = send(api, workbook(ROWS), columns=json.dumps({"update": "Progress update"}))
    assert no_item.status_code == 422 and "item" in no_item.json()["message"]
    # JSON nested past any reader's depth is unreadable input, not a crash.
    for columns in ("[" * 100_000 + "]" * 100_000, '{"item": ' * 50_000 + '"Ref"' + "}" * 50_000,
                    "{not json", '["item", "Ref"]'):
        unreadable = send(api, workbook(ROWS), columns=columns)
        assert unreadable.status_code == 422, unreadable.text
        assert unreadable.json()["field"] == "columns"
    nested_body = api.post("/reviews", content=b'{"title": ' + b"[" * 100_000 + b"]" * 100_000
                           + b"}", headers={"content-type": "application/json"})
    assert nested_body.status_code == 422 and nested_body.json()["field"] == "body"
    garbage = send(api, b"\x00\x01 not a spreadsheet \xff", name="x.csv")
    assert garbage.status_code == 422 and garbage.json()["problems"][0]["column"] == "file"
    no_review = send(api, workbook(ROWS), review="no-such-review")
    assert no_review.status_code == 422
    assert "no review 'no-such-review'" in no_review.json()["problems"][0]["problem"]
    assert service.recorder.max_notification_id() == before

    officer = token_for(accounts, "cyps.trainer", role="officer",
                        acts_for=("CYPS Training",))
    forbidden = api.post("/tracker-imports", headers=bearer(officer), data={
        "review": "post-cse-support", "columns": json.dumps(COLUMNS)},
        files={"file": ("t.xlsx", workbook(ROWS))})
    assert forbidden.status_code == 403


def test_a_saved_mapping_is_used_by_name(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client,
) -> None:
    load_demo(service)
    settle(read_models)
    saved = api.put("/tracker-imports/mappings/Children's services tracker",
                       json={"columns": COLUMNS})
    assert saved.status_code == 200, saved.text
    assert api.get("/tracker-imports/mappings").json() == {
        "Children's services tracker": COLUMNS}
    bad = api.put("/tracker-imports/mappings/x", json={"columns": {"colour": "C"}})
    assert bad.status_code == 422 and "colour" in bad.json()["message"]
    imported = send(api, workbook(ROWS[:1]), columns=None,
                    mapping="Children's services tracker")
    assert imported.status_code == 200, imported.text
    assert len(imported.json()["changes"]) == 1
    unknown = send(api, workbook(ROWS[:1]), columns=None, mapping="nope")
    assert unknown.status_code == 404
    assert api.delete("/tracker-imports/mappings/Children's services tracker"
                         ).status_code == 204
    assert api.get("/tracker-imports/mappings").json() == {}


def test_the_command_line_imports_a_tracker_once(
    service: ScrutinyService, database_url: str, tmp_path: Path, accounts: Accounts,
) -> None:
    load_demo(service)
    accounts.add("katherine.harclerode", "k@rotherham.example", "adviser", TODAY,
                 created_by="tests", password="correct horse battery staple")
    accounts.add("cyps.trainer", "t@rotherham.example", "officer", TODAY, created_by="tests",
                 acts_for=("CYPS Training",), password="correct horse battery staple")
    tracker = tmp_path / "post-cse.csv"
    tracker.write_text("Rec,Progress update,RAG,Date of update\n"
                       "c,Schools' CSE lessons in place,Green,05/09/2022\n", encoding="utf-8")
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}

    def scrutiny(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SCRUTINY, "import", "tracker", str(tracker), "--review",
                               "post-cse-support", "--column", "item=Rec", "--column",
                               "update=Progress update", "--column", "rag=RAG", "--column",
                               "update_date=Date of update", "--by", "katherine.harclerode",
                               *arguments], env=environment, capture_output=True, text=True,
                              timeout=120, check=False)

    officer = subprocess.run([SCRUTINY, "import", "tracker", str(tracker), "--review",
                              "post-cse-support", "--column", "item=Rec", "--column",
                              "update=Progress update", "--by", "cyps.trainer"],
                             env=environment, capture_output=True, text=True, timeout=120,
                             check=False)
    assert officer.returncode == 2 and "not an adviser" in officer.stdout
    preview = scrutiny("--dry-run", "--save-mapping", "not on a dry run")
    assert service.tracker_mappings() == {}
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "row 2  post-cse-support c: update of 2022-09-05 (green)" in preview.stdout
    assert "would record 1 row(s) of 1" in preview.stdout
    assert service.get_recommendation("post-cse-support", "c").progress_updates == []
    done = scrutiny("--save-mapping", "Post-CSE")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded 1 row(s) of 1" in done.stdout
    assert service.get_recommendation("post-cse-support", "c").progress_updates[0].note == (
        "Schools' CSE lessons in place")
    assert service.tracker_mappings()["Post-CSE"]["item"] == "Rec"
    again = scrutiny()
    assert "imported into post-cse-support already, by katherine.harclerode" in again.stdout

    tracker.write_text("Rec,Progress update,RAG,Date of update\nc,Later,Purple,2022-10-01\n",
                       encoding="utf-8")
    refused = scrutiny()
    assert refused.returncode == 2
    assert "row 2, RAG: 'Purple' is not a RAG rating" in refused.stdout
    assert "Nothing was imported" in refused.stdout


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_importing_again_never_records_twice_nor_puts_back_older_entries(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client,
) -> None:
    load_demo(service)
    settle(read_models)
    columns = {"item": "Rec", "update": "Update", "update_date": "Date", "officer": "Officer",
               "target_date": "Timeframe", "review": "Review"}
    def post(content: bytes, read: dict[str, str] = columns, **form: Any
             ) -> httpx.Response:
        return send(api, content, name="t.csv", review=None,
                    columns=json.dumps(read), **form)

    header = "Review,Rec,Update,Date,Officer,Timeframe"
    first = csv_file(header,
                     "post-cse-support,h,May update,2022-05-01,Officer X,",
                     "Post-CSE-Support,h,June update,2022-06-01,Officer Y,")
    done = post(first)
    assert done.status_code == 200, done.text
    assert done.json()["reviews"] == ["post-cse-support"]  # one review, however spelt
    h = service.get_recommendation("post-cse-support", "h")
    assert h.responsible_officer == "Officer Y" and len(h.progress_updates) == 2
    before = service.recorder.max_notification_id()

    # The same rows in another file: the May row's officer is older than the June
    # update, so Officer X is not put back; nothing else is new either.
    again = post(first + b"\n")
    assert again.status_code == 200, again.text
    assert again.json()["changes"] == [] and again.json()["unchanged"] == 2
    assert again.json()["superseded"] == [{"row": 2, "review": "post-cse-support",
                                           "label": "h",
                                           "what": ["responsible officer: Officer X"]}]
    assert service.get_recommendation("post-cse-support", "h").responsible_officer == (
        "Officer Y")
    assert service.recorder.max_notification_id() == before + 1  # the import's record

    # An update older than the latest on the record is refused under the date column.
    older = post(csv_file(header, "post-cse-support,h,April update,2022-04-01,,"))
    assert older.status_code == 422
    assert older.json()["problems"][0]["column"] == "Date"
    assert "before the latest progress update" in older.json()["problems"][0]["problem"]

    # The same file read with another column too is another import; saving its mapping
    # under a name too long refuses the whole import, and a dry run saves nothing.
    without_officer = {k: v for k, v in columns.items() if k != "officer"}
    bad_name = post(first, without_officer, save_mapping_as="x" * 600)
    assert bad_name.status_code == 422
    dry = post(first, without_officer, dry_run="true", save_mapping_as="Dry")
    assert dry.status_code == 200 and dry.json()["already_imported"] is None
    assert service.tracker_mappings() == {}
    assert service.recorder.max_notification_id() == before + 1


def test_files_that_cannot_be_read_plainly_are_refused(
    service: ScrutinyService, read_models: ReadModels, api: httpx.Client,
) -> None:
    load_demo(service)
    settle(read_models)
    twice = send(api, csv_file("Rec,Rec,Progress update", "a,b,Twice"), name="t.csv",
                 columns=json.dumps({"item": "Rec", "update": "Progress update"}))
    assert twice.status_code == 422
    assert "names the column 'Rec' more than once" in twice.json()["problems"][0]["problem"]
    unterminated = send(api, csv_file("Rec,Progress update", 'a,"unterminated'),
                        name="t.csv",
                        columns=json.dumps({"item": "Rec", "update": "Progress update"}))
    assert unterminated.status_code == 422
    assert "cannot be read" in unterminated.json()["problems"][0]["problem"]
