"""The progress sheet page over HTTP, on both stores: an officer downloads their sheet from the
page's links (Excel and CSV, with their session), fills it in and uploads it through the form;
what was recorded is listed and the same sheet again records nothing. A sheet with a bad row is
refused whole with the GOV.UK error summary and a table of every problem; a form without the
session's CSRF token or without a file records nothing; the public is sent to sign in."""

from __future__ import annotations

import io

import httpx
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from application.service import ScrutinyService
from identity.accounts import Accounts
from tests.conftest import TODAY, RunningServer
from tests.http.test_web import HMIP, PASSWORD, errors, page, signed_in
from tests.http.test_web import site as site  # the demo, an adviser and an officer, served

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csrf(soup: BeautifulSoup) -> str:
    form = soup.find("form", {"enctype": "multipart/form-data"})
    return str(form.find("input", {"name": "csrf_token"})["value"])


def links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(" ", strip=True): str(a["href"]) for a in soup.find_all("a")}


def test_the_public_is_sent_to_sign_in_and_a_member_may_not_report(
    site: RunningServer, accounts: Accounts,
) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as public:
        response = public.get("/web/progress-sheet")
        assert response.status_code == 303
        assert response.headers["location"] == "/web/sign-in?next=%2Fweb%2Fprogress-sheet"
        assert public.post("/web/progress-sheet", files={"file": ("a.csv", b"x")}
                           ).status_code == 303
    accounts.add("cllr.pitchley", "pitchley@rotherham.example", "member", TODAY,
                 created_by="tests", password=PASSWORD)
    with signed_in(site, "cllr.pitchley") as member:
        response = member.get("/web/progress-sheet")
        assert response.status_code == 403
        assert "Progress sheet" not in [a.get_text(strip=True) for a in page(response).find_all(
            "a")]


def test_an_officer_downloads_fills_in_and_uploads_their_sheet(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "cyps.trainer") as client:
        mine = page(client.get("/web/my-items"))
        assert links(mine)["Progress sheet"] == "/web/progress-sheet"  # in the navigation
        assert "/web/progress-sheet" in [a["href"] for a in mine.select("main a")]
        soup = page(client.get("/web/progress-sheet"))
        assert soup.find("h1").get_text(strip=True) == "Progress sheet"
        assert "1 open recommendation and action" in soup.get_text(" ", strip=True)
        found = links(soup)
        excel = client.get(found["Download the progress sheet as Excel (.xlsx)"])
        assert excel.status_code == 200 and excel.headers["content-type"] == XLSX
        workbook = load_workbook(io.BytesIO(excel.content))
        sheet = workbook.worksheets[0]
        header = [cell.value for cell in sheet[1]]
        assert sheet.max_row == 2 and sheet.cell(2, header.index("label") + 1).value == "2.3"
        as_csv = client.get(found["Download the progress sheet as CSV"])
        assert as_csv.status_code == 200 and "2.3" in as_csv.text

        # a bad row: refused whole, every problem in the table, nothing recorded
        sheet.cell(2, header.index("new_status") + 1).value = "finished"
        sheet.cell(2, header.index("update_date") + 1).value = "tomorrow"
        before = service.recorder.max_notification_id()
        refused = upload(client, soup, workbook, "my-sheet.xlsx")
        assert refused.status_code == 422
        shown = page(refused)
        assert shown.title.get_text().startswith("Error: ")
        assert errors(shown) == ["my-sheet.xlsx was not applied: it has 2 problems, listed "
                                 "below by row and column; nothing was recorded"]
        assert shown.select_one(".govuk-error-summary a")["href"] == "#file"
        table = [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
                 for row in shown.select("#problems tbody tr")]
        assert table == [
            ["2", "new_status", "'finished' is not a status; use one of completed, "
             "may_exceed_target, planned_not_started, progressing_on_track"],
            ["2", "update_date", "'tomorrow' is not a date like 2022-05-03"]]
        assert service.recorder.max_notification_id() == before

        # corrected: recorded by the officer, and listed
        sheet.cell(2, header.index("new_status") + 1).value = "completed"
        sheet.cell(2, header.index("update_date") + 1).value = TODAY.date()
        sheet.cell(2, header.index("update") + 1).value = "Training delivered to all YOT staff"
        done = upload(client, soup, workbook, "my-sheet.xlsx")
        assert done.status_code == 200, done.text
        shown = page(done)
        banner = shown.select_one(".govuk-notification-banner--success").get_text(" ",
                                                                                   strip=True)
        assert "Progress recorded on 1 item from my-sheet.xlsx" in banner
        assert links(shown)["Action 2.3"] == f"/web/reviews/{HMIP}/actions/2.3"
        action = service.get_action(HMIP, "2.3")
        assert (action.status.value, action.progress_updates[-1].reported_by) == (
            "completed", "cyps.trainer")
        after = service.recorder.max_notification_id()

        again = page(upload(client, soup, workbook, "my-sheet.xlsx"))
        text = again.select_one(".govuk-notification-banner--success").get_text(" ", strip=True)
        assert "Nothing new to record in my-sheet.xlsx" in text
        assert "1 filled-in row was already recorded and left unchanged" in text
        assert service.recorder.max_notification_id() == after


def test_a_form_without_its_token_or_without_a_file_records_nothing(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        soup = page(client.get("/web/progress-sheet"))
        assert "Progress sheet" in links(soup)  # advisers have it in the navigation too
        before = service.recorder.max_notification_id()
        sheet = client.get("/progress-sheet").content
        forged = client.post("/web/progress-sheet", data={"csrf_token": "not-the-token"},
                             files={"file": ("sheet.csv", sheet, "text/csv")})
        assert forged.status_code == 403
        assert "did not carry this session's token" in page(forged).get_text()
        empty = client.post("/web/progress-sheet", data={"csrf_token": csrf(soup)},
                            files={"file": ("", b"", "application/octet-stream")})
        assert empty.status_code == 422
        assert errors(page(empty)) == [
            "Select the progress sheet to upload, as CSV or Excel (.xlsx)"]
        garbage = client.post("/web/progress-sheet", data={"csrf_token": csrf(soup)},
                              files={"file": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                              + b"\0" * 100, "application/vnd.ms-excel")})
        assert garbage.status_code == 422
        assert errors(page(garbage)) == [
            "old.xls was not applied: this is an old Excel .xls file; save it as .xlsx or CSV "
            "(row 1, file); nothing was recorded"]
        assert service.recorder.max_notification_id() == before


def upload(client: httpx.Client, soup: BeautifulSoup, workbook: object, name: str
           ) -> httpx.Response:
    buffer = io.BytesIO()
    workbook.save(buffer)  # type: ignore[attr-defined]
    return client.post("/web/progress-sheet", data={"csrf_token": csrf(soup)},
                       files={"file": (name, buffer.getvalue(), XLSX)})
