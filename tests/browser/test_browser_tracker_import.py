"""The tracker import in a real browser (Debian's chromium, as in test_browser.py), on both
stores: an adviser chooses an Excel tracker, names its columns, checks it and imports it; axe-core
finds no violations on the form, the form with a refused file, the check and the result."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from application.service import ScrutinyService
from tests.browser.test_browser import (  # noqa: F401 (browser, clock, page, site are fixtures)
    browser,
    check_page,
    clock,
    page,
    sign_in,
    site,
    store,
)
from tests.http.test_tracker_import import COLUMNS, ROWS, workbook

LABELS = {"item": "Recommendation or action number", "update": "Progress update",
          "update_date": "Date of the update", "rag": "RAG rating (recommendations)",
          "officer": "Responsible officer or owner", "target_date": "Target date or 'by when'"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fill_in(page: Page, rows: list[list[object]]) -> None:  # noqa: F811
    page.goto("/web/tracker-import")
    page.get_by_label("Tracker file").set_input_files(
        files=[{"name": "post-cse.xlsx", "mimeType": XLSX, "buffer": workbook(rows)}])
    page.get_by_label("Review to import into").select_option("post-cse-support")
    for field, label in LABELS.items():
        page.get_by_label(label, exact=True).fill(COLUMNS[field])


def test_an_adviser_imports_an_excel_tracker_in_the_browser(
        page: Page, store: str, service: ScrutinyService) -> None:  # noqa: F811
    sign_in(page, "katherine.harclerode")
    page.goto("/web/reviews")
    page.get_by_role("link", name="Import a tracker").click()
    check_page(page, store, "tracker-import-form")

    fill_in(page, [ROWS[0], ["z", "", "", "", "No such", "green", "2022-05-03"]])
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("row 3, Rec")
    check_page(page, store, "tracker-import-refused")

    fill_in(page, ROWS[:2])  # the clock stands at 20 June 2022: both rows are past
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    check_page(page, store, "tracker-import-check")
    assert service.get_recommendation("post-cse-support", "a").progress_updates == []

    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Tracker imported")
    check_page(page, store, "tracker-import-done")
    latest = service.get_recommendation("post-cse-support", "b").progress_updates[-1]
    assert (latest.note, latest.reported_by) == ("Waiting list reduced to 6 weeks",
                                                 "katherine.harclerode")
