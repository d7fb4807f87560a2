"""Every list downloaded as Excel and as CSV over HTTP, on both stores, and opened the way a
council officer's spreadsheet would open it (openpyxl; Python's csv): the header is the JSON's
keys in order and the rows are the JSON's items over every page, with the same filters; the
public's download leaves out the exempt information its JSON leaves out; a note that starts with
"=" stays text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from application.service import ScrutinyService
from demo import load_demo
from domain.values import RAGStatus
from identity.accounts import Accounts
from projections.read_models import ReadModels
from reports.spreadsheets import XLSX_MEDIA_TYPE
from tests.conftest import TODAY, RunningServer, bearer, settle, token_for

EXEMPT_NOTE = "Youth Justice Practice Examples"
HMIP = "hmip-yot-inspection-action-plan"
FORMULA = "=HYPERLINK(\"http://attacker.example\",\"click\") and -1 +1 @me"

LISTS = [  # (address, filters, the download's name, the sheet's title)
    ("/reviews", {}, "reviews", "Reviews"),
    ("/reviews", {"kind": "inspection_action_plan", "sort": "title"}, "reviews", "Reviews"),
    ("/tracker", {}, "tracker", "Tracker"),
    ("/tracker", {"review": HMIP, "kind": "action"}, "tracker", "Tracker"),
    ("/deadlines", {}, "deadlines", "Deadlines"),
    ("/deadlines", {"overdue": "true"}, "deadlines", "Deadlines"),
    ("/audit", {}, "audit-trail", "Audit trail"),
    ("/audit", {"review": "post-cse-support", "sort": "oldest"}, "audit-trail", "Audit trail"),
]


@pytest.fixture
def demo(service: ScrutinyService, read_models: ReadModels) -> ScrutinyService:
    load_demo(service)
    # a note a spreadsheet would run as a formula, were it not written as text
    service.record_progress("post-cse-support", "b", rag=RAGStatus.AMBER, note=FORMULA,
                            actor="katherine.harclerode", on=TODAY.date())
    settle(read_models)
    return service


@pytest.fixture
def clients(demo: ScrutinyService, server: RunningServer, accounts: Accounts
            ) -> Iterator[dict[str, httpx.Client]]:
    adviser = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=60) as signed_in, \
            httpx.Client(base_url=server.url, timeout=60) as public:
        yield {"adviser": signed_in, "public": public}


def every_item(client: httpx.Client, path: str, filters: dict[str, str]) -> list[dict[str, Any]]:
    """The list as JSON, page after page."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        response = client.get(path, params={**filters, "page": page, "page_size": 500})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            assert len(items) == body["total"]
            return items
        page += 1


def workbook_rows(response: httpx.Response, name: str, title: str
                  ) -> tuple[list[str], list[list[Any]]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX_MEDIA_TYPE
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [title]
    sheet = workbook[title]
    assert sheet.freeze_panes == "A2"
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [str(cell) for cell in lines[0]], lines[1:]


def csv_rows(response: httpx.Response, name: str) -> tuple[list[str], list[list[str]]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    return lines[0], lines[1:]


def as_in_excel(value: Any) -> Any:
    """A JSON value as the Excel download holds it: dates and times typed (times in UTC, as
    Excel has no time zones), lists as JSON text, nothing for null."""
    if value is None or value == "":
        return None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        try:
            if len(value) == 10:
                day = date.fromisoformat(value)
                return datetime(day.year, day.month, day.day)
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return value


def same_cell(cell: Any, value: Any) -> bool:
    expected = as_in_excel(value)
    if isinstance(expected, datetime) and isinstance(cell, datetime):
        return abs(cell - expected) < timedelta(milliseconds=1)  # Excel keeps times as days
    return bool(cell == expected) and type(cell) is type(expected)


def as_in_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return str(value)


@pytest.mark.parametrize("who", ["adviser", "public"])
def test_every_list_downloads_as_excel_and_csv_with_the_rows_of_its_json(
    clients: dict[str, httpx.Client], who: str,
) -> None:
    client = clients[who]
    for path, filters, name, title in LISTS:
        items = every_item(client, path, filters)
        assert items, (path, filters)
        header, rows = workbook_rows(client.get(path, params={**filters, "format": "xlsx"}),
                                     name, title)
        assert header == list(items[0]), path
        assert len(rows) == len(items), (path, filters)
        for row, item in zip(rows, items, strict=True):
            mismatched = [(column, cell, item[column]) for column, cell in zip(header, row,
                                                                               strict=True)
                          if not same_cell(cell, item[column])]
            assert not mismatched, (path, filters, mismatched)

        csv_header, csv_lines = csv_rows(client.get(path, params={**filters, "format": "csv"}),
                                         name)
        assert csv_header == header
        assert csv_lines == [[as_in_csv(item[column]) for column in header] for item in items]


def test_the_publics_downloads_leave_out_exempt_information_as_its_json_does(
    clients: dict[str, httpx.Client],
) -> None:
    def cells(response: httpx.Response) -> str:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)

    for path in ("/tracker", "/audit"):
        adviser = clients["adviser"].get(path, params={"format": "xlsx"})
        public = clients["public"].get(path, params={"format": "xlsx"})
        assert EXEMPT_NOTE in cells(adviser), path
        assert EXEMPT_NOTE not in cells(public), path
        assert EXEMPT_NOTE not in clients["public"].get(path, params={"format": "csv"}).text
        assert EXEMPT_NOTE not in json.dumps(every_item(clients["public"], path, {}))
    # the advisers' own lists are theirs alone, in every format
    for fmt in ("json", "csv", "xlsx"):
        assert clients["public"].get("/exemptions", params={"format": fmt}).status_code == 401
    header, rows = workbook_rows(clients["adviser"].get("/exemptions",
                                                        params={"format": "xlsx"}),
                                 "exemptions", "Exemptions")
    assert len(rows) == len(every_item(clients["adviser"], "/exemptions", {})) >= 1
    assert "reason" in header


def test_a_note_starting_with_equals_stays_text_in_excel_and_csv(
    clients: dict[str, httpx.Client],
) -> None:
    client = clients["adviser"]
    filters = {"review": "post-cse-support", "format": "xlsx"}
    workbook = load_workbook(io.BytesIO(client.get("/tracker", params=filters).content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    notes = [row[header.index("last_update_note")] for row in sheet.iter_rows(min_row=2)]
    formula = [cell for cell in notes if cell.value == FORMULA]
    assert len(formula) == 1
    assert formula[0].data_type == "s"  # text, not a formula
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    # the audit trail's line for the same note, too
    audit = load_workbook(io.BytesIO(client.get("/audit", params={
        "review": "post-cse-support", "format": "xlsx"}).content)).worksheets[0]
    assert not any(cell.data_type == "f" for row in audit.iter_rows() for cell in row)
    assert "=HYPERLINK(" in "\n".join(str(cell.value) for row in audit.iter_rows()
                                      for cell in row)
    text = client.get("/tracker", params={**filters, "format": "csv"}).text
    assert f"'{FORMULA}" in text.replace('""', '"')


def test_a_list_with_no_rows_downloads_its_header_and_bad_formats_are_refused(
    clients: dict[str, httpx.Client],
) -> None:
    client = clients["adviser"]
    filters = {"review": "no-such-review"}
    header, rows = workbook_rows(client.get("/tracker", params={**filters, "format": "xlsx"}),
                                 "tracker", "Tracker")
    assert rows == [] and header[:3] == ["item_id", "review_id", "review_reference"]
    csv_header, csv_lines = csv_rows(client.get("/tracker", params={**filters, "format": "csv"}),
                                     "tracker")
    assert (csv_header, csv_lines) == (header, [])
    refused = client.get("/reviews", params={"format": "xls"})
    assert refused.status_code == 422
    assert "format" in refused.json()["message"]
    documented = client.get("/openapi.json").json()["paths"]["/deadlines"]["get"]
    assert XLSX_MEDIA_TYPE in documented["responses"]["200"]["content"]


def test_the_dashboards_list_pages_download_what_they_show(
    clients: dict[str, httpx.Client],
) -> None:
    """Each list page links to Excel and CSV downloads carrying its current filters (a filter
    the page refused is left out)."""
    client = clients["public"]
    for page_address, api_filters, name, title in [
        ("/web/reviews?kind=inspection_action_plan", {"kind": "inspection_action_plan"},
         "reviews", "Reviews"),
        ("/web/deadlines?show=overdue", {"overdue": "true"}, "deadlines", "Deadlines"),
        ("/web/deadlines?show=met", {"status": "met"}, "deadlines", "Deadlines"),
        ("/web/audit?review=post-cse-support&recorded_from=not-a-date",
         {"review": "post-cse-support"}, "audit-trail", "Audit trail"),
    ]:
        html = client.get(page_address).text
        hrefs = {text: href.replace("&amp;", "&") for href, text in re.findall(
            r'<a class="govuk-link" href="([^"]+)">(Download [^<]+)</a>', html)}
        excel = next(href for text, href in hrefs.items() if text.endswith("Excel (.xlsx)"))
        as_csv = next(href for text, href in hrefs.items() if text.endswith("as CSV"))
        assert dict(httpx.URL(excel).params) == {**api_filters, "format": "xlsx"}, page_address
        assert dict(httpx.URL(as_csv).params) == {**api_filters, "format": "csv"}, page_address
        items = every_item(client, excel.split("?")[0], api_filters)
        _header, rows = workbook_rows(client.get(excel), name, title)
        assert len(rows) == len(items) >= 1, page_address
        assert len(csv_rows(client.get(as_csv), name)[1]) == len(items)
