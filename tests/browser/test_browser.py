"""The dashboard in a real browser: Debian's chromium driven by playwright, on both stores.

An adviser signs in and takes the Cultural Strategy review to Cabinet and records the Cabinet's
response, watching the s.9FE deadline go from open to met and the timeline gain the event; an
officer may update only their own items; the public never sees the exempt demo item; axe-core
(injected into each page) finds no violations on any page type; the Cabinet's response form is
completed with the keyboard alone. Screenshots of each page type go to
test-artifacts/screenshots/<store>/.

The clock stands at 20 June 2022, a fortnight after the (test's) submission to Cabinet, so the
two-month response deadline is open. The demo data ends at 3 May 2022.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from application.service import ScrutinyService
from demo import load_demo
from domain.clock import FixedClock
from domain.reminder import Recipient, ReminderKind
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import RunningServer, settle

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "api" / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
HMIP = "hmip-yot-inspection-action-plan"
EXEMPT_NOTE = "Youth Justice Practice Examples"
NOW = datetime(2022, 6, 20, 9, 0, tzinfo=UTC)
S9FE = "Executive response to a scrutiny report"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError("The browser tests need Debian's chromium at /usr/bin/chromium "
                           "(`make test` installs it; or apt-get install chromium).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def site(service: ScrutinyService, read_models: ReadModels, accounts: Accounts
         ) -> Iterator[RunningServer]:
    """The demo data, an adviser and an officer (for "CYPS Training", owner of HMIP action
    2.3), served on loopback. Cookies stay Secure, as `make run` serves them: chromium keeps
    Secure cookies for http://127.0.0.1."""
    load_demo(service)
    settle(read_models)
    accounts.add("katherine.harclerode", "katherine@rotherham.example", "adviser", NOW,
                 created_by="tests", password=PASSWORD)
    accounts.add("cyps.trainer", "trainer@rotherham.example", "officer", NOW,
                 created_by="tests", acts_for=("CYPS Training",), password=PASSWORD)
    with RunningServer(service, read_models) as running:
        yield running


@pytest.fixture
def page(browser: Browser, site: RunningServer) -> Iterator[Page]:
    # CSP allows only the site's own scripts; the test injects axe-core, so it bypasses CSP.
    context = browser.new_context(base_url=site.url, bypass_csp=True,
                                  viewport={"width": 1100, "height": 900})
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def store(database_url: str) -> str:
    return "postgres" if database_url.startswith("postgresql") else "sqlite"


def sign_in(page: Page, name: str) -> None:
    page.goto("/web/sign-in")
    page.get_by_label("Sign-in name or email address").fill(name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".app-header__account")).to_contain_text(f"Signed in as {name}")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands (every rule axe enables by default:
    WCAG 2.0–2.2 A and AA, and best practice)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [node["target"] for node in v["nodes"]][:5]}
            for v in result["violations"]]


def check_page(page: Page, store: str, name: str) -> None:
    """Screenshot the page for the artifacts, and assert axe-core finds nothing."""
    folder = SCREENSHOTS / store
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


def deadline_status(page: Page, name: str) -> str:
    row = page.locator("tr", has=page.locator("td", has_text=re.compile(f"^{name}$")))
    return str(row.locator(".govuk-tag").inner_text()).strip()


def fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day", exact=True).fill(str(day))
    group.get_by_label("Month", exact=True).fill(str(month))
    group.get_by_label("Year", exact=True).fill(str(year))


# --- journeys ------------------------------------------------------------------------------------

def test_an_adviser_records_the_cabinet_response_and_the_deadline_is_met(
    page: Page, store: str,
) -> None:
    sign_in(page, "katherine.harclerode")
    page.goto("/web/reviews/cultural-strategy")
    page.get_by_role("link", name="OSMB endorses the report").click()
    fill_date(page, "When did this happen?", 17, 5, 2022)
    page.get_by_label("Where is it recorded? (optional)").fill("OSMB 17 May 2022")
    page.get_by_role("button", name="Record the endorsement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Endorsed by OSMB")

    page.get_by_role("link", name="Submit the report to Cabinet and serve notice").click()
    fill_date(page, "When did this happen?", 6, 6, 2022)
    page.get_by_role("button", name="Submit to Cabinet").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted to Cabinet")
    assert deadline_status(page, S9FE) == "Open"
    timeline = page.locator("ol.app-timeline > li")
    events_before = timeline.count()

    page.get_by_role("link", name="Record the Cabinet's response").click()
    fill_date(page, "When did this happen?", 20, 6, 2022)
    page.get_by_label("Minute number (optional)").fill("C12")
    for label in "abcd":
        section = page.get_by_role("group", name=f"Recommendation {label}")
        section.get_by_label("Accepted", exact=True).check()
        section.get_by_label("Responsible officer (optional)").fill(
            "Head of Culture, Sport and Tourism")
    check_page(page, store, "form-cabinet-response")
    page.get_by_role("button", name="Record the response").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Cabinet's response recorded")
    assert deadline_status(page, S9FE) == "Met"
    expect(page.locator("ol.app-timeline > li")).to_have_count(events_before + 5)
    latest = page.locator("ol.app-timeline > li").filter(has_text="Cabinet responded").last
    expect(latest).to_contain_text("by katherine.harclerode")
    expect(latest).to_contain_text("Happened 20 June 2022")
    check_page(page, store, "review-after-cabinet-response")


def test_an_officer_updates_only_their_own_items(page: Page, store: str) -> None:
    sign_in(page, "cyps.trainer")
    page.get_by_role("link", name="My items").first.click()
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Action 2.3")
    check_page(page, store, "my-items")

    page.goto(f"/web/reviews/{HMIP}/actions/1.1")
    expect(page.get_by_role("heading", name="Record the next step")).to_have_count(0)
    response = page.goto(f"/web/reviews/{HMIP}/actions/1.1/steps/progress")
    assert response is not None and response.status == 403
    expect(page.locator("main")).to_contain_text("reports only for")
    check_page(page, store, "error-forbidden")

    page.goto(f"/web/reviews/{HMIP}/actions/2.3")
    page.get_by_role("link", name="Report progress").click()
    page.get_by_label("Action completed").check()
    page.get_by_label("Note (optional)").fill("Training delivered to every YOT case worker.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress recorded")
    expect(page.locator("main table").last).to_contain_text("cyps.trainer")


def test_progress_is_reported_with_javascript_switched_off(
    browser: Browser, site: RunningServer, service: ScrutinyService,
) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "katherine.harclerode")
        page.goto("/web/reviews/post-cse-support/recommendations/b")
        page.get_by_role("link", name="Report progress").click()
        page.get_by_label("Green: on track").check()
        page.get_by_label("Progress update").fill("Survivors forum meets monthly.")
        page.get_by_role("button", name="Save the update").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Progress recorded")
    finally:
        context.close()
    update = service.get_recommendation("post-cse-support", "b").progress_updates[-1]
    assert (update.note, update.reported_by) == ("Survivors forum meets monthly.",
                                                 "katherine.harclerode")


def test_a_public_visitor_never_sees_the_exempt_item(page: Page, store: str) -> None:
    for path in ["/", f"/web/reviews/{HMIP}", f"/web/reviews/{HMIP}/actions/2.3",
                 "/web/audit", f"/web/audit?review={HMIP}", "/web/deadlines"]:
        page.goto(path)
        assert EXEMPT_NOTE not in page.content(), path
    page.goto(f"/web/reviews/{HMIP}/actions/2.3")
    expect(page.locator("main")).to_contain_text("Exempt information, not for publication")
    expect(page.locator(".app-header")).to_contain_text("You are viewing the public record")


def test_axe_finds_no_violations_on_any_page_type(page: Page, store: str,
                                                   service: ScrutinyService) -> None:
    public = {
        "home-public": "/", "reviews": "/web/reviews",
        "review": "/web/reviews/post-cse-support",
        "recommendation": "/web/reviews/post-cse-support/recommendations/b",
        "inspection-action-plan": f"/web/reviews/{HMIP}",
        "action": f"/web/reviews/{HMIP}/actions/2.3",
        "deadlines": "/web/deadlines?show=overdue", "audit": "/web/audit",
        "charts": "/web/charts", "sign-in": "/web/sign-in", "not-found": "/web/reviews/nothing",
        "work-programme": "/web/work-programme?year=2021/22",
        "work-programme-item":
            "/web/work-programme/improving-lives-select-commission/yot-improvement-plan-2021-09-21-2",
        "follow-ups": "/web/work-programme/follow-ups",
        "work-programme-document": "/web/work-programme/document?commission="
                                   "improving-lives-select-commission&year=2021/22",
        "monitoring-report": f"/web/reviews/{HMIP}/monitoring-report",
        "monitoring-report-document": f"/reviews/{HMIP}/monitoring-report.html",
        "monitoring-report-commission": "/web/monitoring-report?commission=improving-lives-"
            "select-commission&from-day=1&from-month=1&from-year=2022&to-day=30&to-month=6"
            "&to-year=2022",
        "monitoring-report-errors": "/web/monitoring-report?commission=&from-day=31&from-month=2"
                                    "&from-year=2022",
    }
    for name, path in public.items():
        page.goto(path)
        check_page(page, store, name)
    page.goto("/web/audit?recorded_from=not-a-date")
    check_page(page, store, "audit-with-errors")

    # A reminder failed for good, for the reminders page and its form to put it back.
    failed = service.queue_reminder(
        key="deadline:axe:2022-06-17:overdue", kind=ReminderKind.DEADLINE,
        to=[Recipient(name="Katherine Harclerode", email="katherine@rotherham.example",
                      why="governance adviser")],
        subject_line="Overdue by 3 days: Cultural Strategy", content={}, actor="scheduler",
        on=NOW.date())
    assert failed is not None
    service.record_reminder_failure(failed, answer="554 5.7.1 Rejected by content policy",
                                    retry_at=None, actor="scheduler", on=NOW.date())
    sign_in(page, "katherine.harclerode")
    adviser = {
        "home-adviser": "/",
        "reminders": "/web/reminders",
        "review-adviser": "/web/reviews/cultural-strategy",
        "form-propose-review": "/web/reviews/new",
        "form-lift-exemption": f"/web/reviews/{HMIP}/actions/2.3/steps/lift-exemption",
        "form-return-for-revision": "/web/reviews/cultural-strategy/steps/osmb-return",
        "form-mark-exempt": "/web/reviews/cultural-strategy/steps/exempt",
        "form-progress": "/web/reviews/post-cse-support/recommendations/b/steps/progress",
        "form-target-date":
            "/web/reviews/post-cse-support/recommendations/b/steps/target-date",
        "form-report-back": "/web/reviews/post-cse-support/steps/report-back",
        "monitoring-report-exempt": f"/web/reviews/{HMIP}/monitoring-report",
    }
    for name, path in adviser.items():
        page.goto(path)
        check_page(page, store, name)
    # a form sent back with its errors: summary at the top, inline messages
    page.goto("/web/reviews/cultural-strategy/steps/osmb-return")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    check_page(page, store, "form-with-errors")
    page.goto("/web/reminders")
    page.get_by_role("button", name="Put back in the queue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_page(page, store, "reminders-with-errors")
    # the progress sheet page, and a sheet refused with every problem listed
    page.goto("/web/progress-sheet")
    check_page(page, store, "progress-sheet")
    page.get_by_label("The filled-in progress sheet").set_input_files(files=[{
        "name": "sheet.csv", "mimeType": "text/csv",
        "buffer": b"item_id,new_rag,new_status,update,update_date\nnone,purple,,x,\n"}])
    page.get_by_role("button", name="Upload and record progress").click()
    expect(page.locator("#problems")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    check_page(page, store, "progress-sheet-refused")


def test_the_cabinet_response_form_can_be_completed_with_the_keyboard_alone(
    page: Page, service: ScrutinyService, read_models: ReadModels, store: str,
) -> None:
    from datetime import date

    service.endorse_by_osmb("cultural-strategy", actor="tests", on=date(2022, 5, 17))
    service.submit_to_cabinet("cultural-strategy", actor="tests", on=date(2022, 6, 6))
    settle(read_models)
    sign_in(page, "katherine.harclerode")
    page.goto("/web/reviews/cultural-strategy/steps/cabinet-response")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#business_date-day")
    page.keyboard.type("20")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2022")
    tab_to("#minute_number")
    page.keyboard.type("C12")
    # recommendation a: arrow keys move the choice within the radio group
    tab_to("input[name='r-a-decision']")
    for _ in range(6):
        if page.evaluate("document.activeElement.value") == "accepted":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked")
    tab_to("#r-a-responsible_officer")
    page.keyboard.type("Head of Culture, Sport and Tourism")
    tab_to("button.govuk-button")
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Cabinet's response recorded")
    recommendation = service.get_recommendation("cultural-strategy", "a")
    assert recommendation.cabinet_response is not None
    assert recommendation.cabinet_response.decision.value == "accepted"
    assert recommendation.responsible_officer == "Head of Culture, Sport and Tourism"
    assert recommendation.responded_on == date(2022, 6, 20)
    assert service.get_recommendation("cultural-strategy", "b").cabinet_response is None
