"""The web dashboard over HTTP (uvicorn on a loopback port), on both stores: every page type,
what the public may and may not see, and the step forms — their errors, and that a refused form
records nothing. The same journeys in a real browser are in test_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from application.bootstrap import reminder_cycle
from application.service import ScrutinyService
from demo import load_demo
from domain.work_programme import municipal_year
from identity.accounts import Accounts
from operations.settings import Settings
from projections.read_models import ReadModels
from scheduler.transports import MailFolderTransport
from tests.conftest import TODAY, RunningServer, settle

PASSWORD = "correct horse battery staple"
EXEMPT_NOTE = "Youth Justice Practice Examples"
HMIP = "hmip-yot-inspection-action-plan"


@pytest.fixture
def site(service: ScrutinyService, read_models: ReadModels, accounts: Accounts,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningServer]:
    monkeypatch.setenv("SCRUTINY_COOKIE_SECURE", "0")  # plain HTTP on loopback
    load_demo(service)
    settle(read_models)
    accounts.add("katherine.harclerode", "katherine@rotherham.example", "adviser", TODAY,
                 created_by="tests", password=PASSWORD)
    accounts.add("cyps.trainer", "trainer@rotherham.example", "officer", TODAY,
                 created_by="tests", acts_for=("CYPS Training",), password=PASSWORD)
    with RunningServer(service, read_models) as running:
        yield running


def page(response: httpx.Response) -> BeautifulSoup:
    assert response.headers["content-type"].startswith("text/html"), response.text[:300]
    return BeautifulSoup(response.text, "html.parser")


@contextmanager
def signed_in(site: RunningServer, name: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url, timeout=30, follow_redirects=True) as client:
        form = page(client.get("/web/sign-in"))
        token = form.find("input", {"name": "csrf_token"})["value"]
        response = client.post("/web/sign-in", data={"login": name, "password": PASSWORD,
                                                      "csrf_token": token, "next": "/"})
        assert response.status_code == 200 and "Signed in as" in response.text
        yield client


def form_fields(response: httpx.Response) -> dict[str, str]:
    """The hidden fields of the page's step form (CSRF token and the version it shows)."""
    form = page(response).find("form", {"novalidate": True})
    return {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}


def deadline_row(soup: BeautifulSoup, name: str) -> str:
    """The text of the deadline table's row for the rule of this name."""
    for row in soup.find_all("tr"):
        cells = row.find_all("td")
        if cells and cells[0].get_text(strip=True) == name:
            return str(row.get_text(" ", strip=True))
    raise AssertionError(f"no deadline {name!r} on the page")


def errors(soup: BeautifulSoup) -> list[str]:
    summary = soup.find(class_="govuk-error-summary")
    return [a.get_text(" ", strip=True) for a in summary.find_all("a")] if summary else []


# --- pages ---------------------------------------------------------------------------------------

PAGES = ["/", "/web/reviews", "/web/reviews/post-cse-support",
         "/web/reviews/post-cse-support/recommendations/b", f"/web/reviews/{HMIP}",
         f"/web/reviews/{HMIP}/actions/2.3", "/web/deadlines", "/web/deadlines?show=overdue",
         "/web/audit", "/web/charts", "/web/sign-in"]


def test_every_page_type_answers_in_html_for_the_public(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 200, path
            soup = page(response)
            assert soup.find("h1"), path
            # the council's own header: no crown, no GOV.UK name
            assert "Rotherham Metropolitan Borough Council" in soup.find("header").get_text()
            assert "GOV.UK" not in response.text
            assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_stylesheet_is_built_without_gds_transport(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        css = client.get("/static/app.css")
        assert css.status_code == 200
        assert "GDS Transport" not in css.text
        assert "font-family:arial,sans-serif" in css.text
        assert client.get("/static/app.js").status_code == 200


def test_home_shows_overdue_deadlines_with_days_late_and_stale_items(site: RunningServer
                                                                      ) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        soup = page(client.get("/"))
    text = soup.get_text(" ", strip=True)
    # Post-CSE: Cabinet's response reported to Council within two calendar months of its
    # submission (14 February 2022), so by 14 April 2022.
    late = (TODAY.date() - date(2022, 4, 14)).days
    assert "Overdue (10)" in text  # 2 of reviews, 8 follow-ups of the work programme
    assert f"14 Apr 2022 Missed {late} days late" in text
    assert "No progress reported for 90 days or more" in text
    assert "What changed in the last 7 days" in text
    links = [a["href"] for a in soup.find_all("a")]
    assert "/web/reviews/post-cse-support" in links
    # each change links to its review or item
    changes = soup.find("ol", class_="app-timeline").find_all("li")
    assert len(changes) == 20
    assert all(li.find("a", href=re.compile("^/web/(reviews|work-programme)")) for li in changes)


def test_a_review_page_has_its_recommendations_and_whole_timeline(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        soup = page(client.get("/web/reviews/post-cse-support"))
    table = soup.find("table", id="recommendations")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert headers == ["Recommendation", "Status", "RAG", "Responsible officer", "Target date",
                       "Last update"]
    timeline = soup.find("ol", class_="app-timeline")
    entries = timeline.find_all("li")
    assert len(entries) >= 10
    first = entries[0].get_text(" ", strip=True)
    assert "Happened" in first and "recorded" in first and "by demo-loader" in first


def test_the_public_never_sees_exempt_information(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as public:
        for path in [f"/web/reviews/{HMIP}", f"/web/reviews/{HMIP}/actions/2.3", "/",
                     "/web/audit", f"/web/audit?review={HMIP}"]:
            response = public.get(path)
            assert response.status_code == 200
            assert EXEMPT_NOTE not in response.text, path
        action = page(public.get(f"/web/reviews/{HMIP}/actions/2.3")).get_text(" ", strip=True)
        assert "Exempt information, not for publication" in action
    with signed_in(site, "katherine.harclerode") as adviser:
        assert EXEMPT_NOTE in adviser.get(f"/web/reviews/{HMIP}/actions/2.3").text


def test_charts_are_svg_images_with_a_table_of_the_same_figures(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        soup = page(client.get("/web/charts"))
    charts = soup.find_all("svg", class_="app-chart")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img"
        assert chart.find("title") and chart.find("desc")
    tables = soup.find_all("table")
    timeliness = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])]
                  for row in tables[0].find("tbody").find_all("tr")]
    header = [c.get_text(strip=True) for c in tables[0].find("thead").find_all("th")]
    assert header == ["Municipal year", "On time", "Late", "Given; on time or late not known",
                      "Not yet responded", "Total"]
    # Role of School Governors: Cabinet responded on time in 2012/13; Post-CSE in 2021/22.
    assert ["2021/22", "1", "0", "0", "0", "1"] in timeliness
    assert municipal_year(date(2022, 5, 3)) == "2021/22"  # before the annual meeting
    assert municipal_year(date(2022, 6, 14)) == "2022/23"


def test_bad_addresses_get_html_errors_not_500(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        assert client.get("/web/reviews/no-such-review").status_code == 404
        assert "There is no review" in client.get("/web/reviews/no-such-review").text
        bad = client.get("/web/reviews?status=nonsense")
        assert bad.status_code == 422
        assert errors(page(bad)) == ["There is no review status 'nonsense'; choose one listed."]
        dates = client.get("/web/audit?recorded_from=31-02-2022")
        assert dates.status_code == 422
        assert errors(page(dates)) == ["Recorded from must be a real date, like 2022-05-03"]
        assert client.get("/web/reviews?page=0").status_code == 422
        # a form needs a signed-in adviser: the public is sent to sign in
        response = client.get("/web/reviews/cultural-strategy/steps/osmb-endorsement",
                              follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/web/sign-in?next=")


# --- signing in ----------------------------------------------------------------------------------

def test_a_wrong_password_is_an_error_on_the_sign_in_form(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30, follow_redirects=True) as client:
        token = page(client.get("/web/sign-in")).find("input", {"name": "csrf_token"})["value"]
        response = client.post("/web/sign-in", data={"login": "katherine.harclerode",
                                                     "password": "wrong", "csrf_token": token})
        assert response.status_code == 401
        assert errors(page(response)) == ["The sign-in name or password is not right"]
        # a sign-in form from elsewhere (no matching cookie) signs nobody in
        other = httpx.post(f"{site.url}/web/sign-in", data={
            "login": "katherine.harclerode", "password": PASSWORD, "csrf_token": token})
        assert other.status_code == 403 and "scrutiny_session" not in other.cookies


def test_after_signing_in_the_visitor_returns_to_the_page_asked_for(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        token = page(client.get("/web/sign-in")).find("input", {"name": "csrf_token"})["value"]
        response = client.post("/web/sign-in", follow_redirects=False, data={
            "login": "katherine.harclerode", "password": PASSWORD, "csrf_token": token,
            "next": "https://evil.example/"})
        assert response.headers["location"] == "/"


# --- the step forms ------------------------------------------------------------------------------

def test_an_adviser_takes_cultural_strategy_to_cabinet_and_records_its_response(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        review = client.get("/web/reviews/cultural-strategy")
        links = [a.get_text(strip=True) for a in page(review).find_all("a")]
        assert "OSMB endorses the report" in links
        base = "/web/reviews/cultural-strategy/steps"
        hidden = form_fields(client.get(f"{base}/osmb-endorsement"))
        done = client.post(f"{base}/osmb-endorsement", data={
            **hidden, "business_date-day": "17", "business_date-month": "5",
            "business_date-year": "2022", "source": "OSMB 17 May 2022"})
        assert done.status_code == 200
        assert "Endorsed by OSMB" in page(done).find(class_="govuk-notification-banner").text
        hidden = form_fields(client.get(f"{base}/cabinet-submission"))
        client.post(f"{base}/cabinet-submission", data={
            **hidden, "business_date-day": "5", "business_date-month": "6",
            "business_date-year": "2022"})
        deadline = service.get_review("cultural-strategy")
        assert deadline.status.value == "submitted_to_cabinet"
        soup = page(client.get("/web/reviews/cultural-strategy"))
        row = deadline_row(soup, "Executive response to a scrutiny report")
        assert "Missed" in row  # due 5 August 2022, long past on 23 November 2026

        form = client.get(f"{base}/cabinet-response")
        hidden = form_fields(form)
        fieldsets = page(form).find_all("fieldset", class_="govuk-fieldset")
        assert [f.find("h2").get_text(strip=True) for f in fieldsets
                if f.find("h2")] == [f"Recommendation {x}" for x in "abcd"]
        answers = {**hidden, "business_date-day": "19", "business_date-month": "7",
                   "business_date-year": "2022", "minute_number": "C34"}
        for label in "abcd":
            answers[f"r-{label}-decision"] = "accepted"
            answers[f"r-{label}-responsible_officer"] = "Head of Culture, Sport and Tourism"
        done = client.post(f"{base}/cabinet-response", data=answers)
        assert done.status_code == 200
        soup = page(done)
        assert "Cabinet's response recorded" in soup.find(
            class_="govuk-notification-banner").text
        row = deadline_row(soup, "Executive response to a scrutiny report")
        assert "Met" in row and "met 19 Jul 2022" in row and "s.9FE" in row
        timeline = soup.find("ol", class_="app-timeline").get_text(" ", strip=True)
        assert "Cabinet responded" in timeline
        assert "by katherine.harclerode" in timeline


def test_a_form_with_bad_input_lists_every_problem_and_records_nothing(
    site: RunningServer, service: ScrutinyService,
) -> None:
    before = service.get_review("cultural-strategy").version
    with signed_in(site, "katherine.harclerode") as client:
        url = "/web/reviews/cultural-strategy/steps/osmb-return"
        hidden = form_fields(client.get(url))
        response = client.post(url, data={**hidden, "comments": "   ",
                                          "business_date-day": "31",
                                          "business_date-month": "2",
                                          "business_date-year": "2022"})
        assert response.status_code == 422
        soup = page(response)
        assert soup.title.get_text().startswith("Error: ")
        assert errors(soup) == ["When did this happen must be a real date"]
        # the date fixed, the missing comments are named
        response = client.post(url, data={**hidden, "comments": "",
                                          "business_date-day": "17",
                                          "business_date-month": "5",
                                          "business_date-year": "2022"})
        soup = page(response)
        assert errors(soup) == ["Enter OSMB's comments"]
        inline = soup.find(id="comments-error")
        assert inline is not None and "comments" in inline.get_text().lower()
        assert soup.find(id="business_date-day")["value"] == "17"
        # a date in the future is the domain's refusal, shown on the form
        response = client.post(url, data={**hidden, "comments": "Tighten b",
                                          "business_date-day": "1",
                                          "business_date-month": "1",
                                          "business_date-year": "2030"})
        assert response.status_code == 422
        assert errors(page(response))
    assert service.get_review("cultural-strategy").version == before


def test_a_form_without_the_session_token_records_nothing(
    site: RunningServer, service: ScrutinyService,
) -> None:
    before = service.get_review("cultural-strategy").version
    with signed_in(site, "katherine.harclerode") as client:
        url = "/web/reviews/cultural-strategy/steps/osmb-endorsement"
        hidden = form_fields(client.get(url))
        response = client.post(url, data={**hidden, "csrf_token": "forged"})
        assert response.status_code == 403
        assert "This form has expired" in response.text
    assert service.get_review("cultural-strategy").version == before


def test_a_step_recorded_meanwhile_by_someone_else_is_not_overtaken(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        url = "/web/reviews/cultural-strategy/steps/osmb-return"
        hidden = form_fields(client.get(url))
        service.mark_exempt("cultural-strategy", paragraphs=[3], reason="Commercial terms",
                            review_by=date(2023, 5, 3), actor="someone.else",
                            on=date(2022, 5, 10))
        response = client.post(url, data={**hidden, "comments": "Please revise"})
        assert response.status_code == 409
        assert "Someone else recorded a step" in " ".join(errors(page(response)))
    assert service.get_review("cultural-strategy").status.value == "referred_to_osmb"


def test_an_officer_reports_progress_on_their_own_items_only(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "cyps.trainer") as client:
        mine = page(client.get("/web/my-items"))
        rows = mine.find("tbody").find_all("tr")
        assert len(rows) == 1 and "Action 2.3" in rows[0].get_text()
        # no step links on a review for an officer, and no adviser form
        review = page(client.get("/web/reviews/cultural-strategy"))
        assert not review.find(string="Record the next step")
        assert client.get("/web/reviews/cultural-strategy/steps/osmb-endorsement"
                          ).status_code == 403
        # someone else's action: the form is refused
        other = client.get(f"/web/reviews/{HMIP}/actions/1.1/steps/progress")
        assert other.status_code == 403
        assert "reports only for" in other.text
        # their own: recorded, attributed to them
        url = f"/web/reviews/{HMIP}/actions/2.3/steps/progress"
        hidden = form_fields(client.get(url))
        response = client.post(url, data={**hidden, "status": "completed",
                                          "note": "Training delivered to all YOT staff"})
        assert response.status_code == 200
        assert "Progress recorded" in response.text
    action = service.get_action(HMIP, "2.3")
    assert action.progress_updates[-1].reported_by == "cyps.trainer"
    assert action.status.value == "completed"


def test_a_form_for_a_step_the_record_cannot_take_now_says_so(site: RunningServer) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        # Post-CSE has had its Cabinet response: it cannot be referred to OSMB again
        response = client.get("/web/reviews/post-cse-support/steps/refer-to-osmb")
        assert response.status_code == 409
        assert "cannot take this step now" in response.text
        assert client.get("/web/reviews/post-cse-support/steps/no-such-form").status_code == 404
        missing = client.get("/web/reviews/post-cse-support/recommendations/zz/steps/progress")
        assert missing.status_code == 404
        assert "There is no recommendation 'zz'" in page(missing).get_text()


def test_an_adviser_sees_the_reminders_sent_about_a_review(
    site: RunningServer, service: ScrutinyService, read_models: ReadModels, accounts: Accounts,
    tmp_path: Path,
) -> None:
    cycle = reminder_cycle(service, read_models, accounts, Settings(),
                           transport=MailFolderTransport(tmp_path))
    assert cycle.run().dispatch.sent
    settle(read_models)
    with signed_in(site, "katherine.harclerode") as client:
        soup = page(client.get(f"/web/reviews/{HMIP}"))
    heading = soup.find("h2", id="reminders")
    assert heading is not None
    rows = heading.find_next("table").find("tbody").find_all("tr")
    assert rows and "Sent" in rows[0].get_text()
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells[1].startswith("Overdue by")
    assert "cyps.trainer" in cells[2]  # the officer who reports for CYPS Training
    with httpx.Client(base_url=site.url, timeout=30) as public:
        assert 'id="reminders"' not in public.get(f"/web/reviews/{HMIP}").text


# --- odd input never gets a 500, and nothing is recorded from a refused form --------------------

def test_odd_addresses_and_posts_get_clear_answers(site: RunningServer,
                                                    service: ScrutinyService) -> None:
    before = service.get_recommendation("post-cse-support", "b").version
    with httpx.Client(base_url=site.url, timeout=30) as public:
        for path in ["/web/audit?path=x", "/web/deadlines?path=x&page=2", "/web/reviews?path=/"]:
            assert public.get(path).status_code == 200, path
        # a sign-in token that is not ASCII is just a wrong token
        assert public.post("/web/sign-in", data={"login": "x", "password": "y",
                                                 "csrf_token": "é"}).status_code == 403
        assert public.post("/session", data={"login": "x", "password": "y",
                                             "csrf_token": "é"}).status_code == 403
        nul = public.post("/web/sign-in", data={"login": "a\x00b", "password": "y",
                                                "csrf_token": "é"})
        assert nul.status_code == 403
    with signed_in(site, "katherine.harclerode") as client:
        url = "/web/reviews/post-cse-support/recommendations/b/steps/target-date"
        hidden = form_fields(client.get(url))
        braces = client.post(url, data={**hidden, "target_date": "{x}", "reason": "r"})
        assert braces.status_code == 422
        assert errors(page(braces))[0].startswith("New target date: ")
        empty = client.post(url, data=hidden)
        assert errors(page(empty)) == ["Enter new target date", "Enter the reason"]
        huge = client.post(url, data={**hidden, "target_date": "2023-03", "reason": "r",
                                      "business_date-day": "1", "business_date-month": "1",
                                      "business_date-year": "99999999999999999999"})
        assert errors(page(huge)) == ["When did this happen must be a real date"]
        for version in ["²", "", "abc"]:
            stale = client.post(url, data={**hidden, "expected_version": version,
                                           "target_date": "2023-03", "reason": "r"})
            assert stale.status_code == 409, version
            assert "which version of the record" in " ".join(errors(page(stale)))
        forged = client.post(url, data={**hidden, "csrf_token": "é", "target_date": "2023-03",
                                        "reason": "r"})
        assert forged.status_code == 403
        big = client.post(url, data={**hidden, "reason": "x" * 300_000,
                                     "target_date": "2023-03"})
        assert big.status_code == 413
        # the API's header token, not ASCII either: refused, not a 500
        api_forged = client.post("/reviews/post-cse-support/recommendations/b/progress",
                                 json={"note": "n"},
                                 headers={"X-CSRF-Token": "é".encode("latin-1")})
        assert api_forged.status_code == 403
    assert service.get_recommendation("post-cse-support", "b").version == before


def test_the_review_summary_names_the_cabinet_meeting_and_report_back(site: RunningServer
                                                                      ) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        soup = page(client.get("/web/reviews/post-cse-support"))
    facts = {row.find("dt").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
             for row in soup.find_all("div", class_="govuk-summary-list__row")}
    assert facts["Cabinet responded"].startswith("14 February 2022")
    assert "recommendations a, b, c, d, e, f, g, h" in facts["Cabinet responded"]


def test_forms_are_offered_only_when_the_step_is_possible(site: RunningServer) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        review = page(client.get("/web/reviews/post-cse-support")).get_text()
        assert "Record the Cabinet's response" not in review
        assert client.get("/web/reviews/post-cse-support/steps/cabinet-response"
                          ).status_code == 409
        action = page(client.get(f"/web/reviews/{HMIP}/actions/2.3")).get_text()
        assert "Lift the exemption" in action  # its note is exempt
        assert "Lift the exemption" not in page(client.get(
            f"/web/reviews/{HMIP}/actions/1.1")).get_text()


def test_signing_out_works_from_any_page(site: RunningServer) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        soup = page(client.get("/web/sign-in"))
        token = soup.find("form", class_="app-sign-out").find("input")["value"]
        out = client.post("/web/sign-out", data={"csrf_token": token})
        assert out.status_code == 200
        assert "You are viewing the public record" in out.text


def test_the_audit_search_lists_event_names_to_choose_from(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        # Post-CSE Support's and Cultural Strategy's; the Role of School Governors' papers
        # give no referral to OSMB, so none is recorded.
        found = page(client.get("/web/audit?event=ReferredToOSMB"))
        assert "2 events" in found.find("h1").get_text()
        options = [o["value"] for o in found.find("select", id="event").find_all("option")]
        assert "ReferredToOSMB" in options and "CabinetResponded" in options
        bad = client.get("/web/audit?event=Review.ReferredToOsmb")
        assert bad.status_code == 422


def test_the_public_sees_neither_exempt_counts_nor_an_exempt_notes_source(
    site: RunningServer, service: ScrutinyService, read_models: ReadModels,
) -> None:
    service.mark_exempt("post-cse-support", recommendation="c", paragraphs=[1],
                        reason="Names a survivor", review_by=date(2027, 1, 1),
                        actor="katherine.harclerode", on=date(2026, 11, 20))
    settle(read_models)
    with httpx.Client(base_url=site.url, timeout=30) as public:
        soup = page(public.get("/web/reviews"))
        row = soup.find("a", string="Post-CSE Support").find_parent("tr")
        counts = [td.get_text(strip=True) for td in row.find_all("td")][4:6]
        assert counts == ["7", "7"]
        listed = public.get("/reviews").json()["items"]
        assert next(r for r in listed if r["reference"] == "post-cse-support"
                    )["recommendation_count"] == 7
        for path in ["/", f"/web/reviews/{HMIP}", f"/web/reviews/{HMIP}/actions/2.3",
                     f"/web/audit?review={HMIP}"]:
            assert "(exempt appendix)" not in public.get(path).text, path
    with signed_in(site, "katherine.harclerode") as adviser:
        assert "(exempt appendix)" in adviser.get(f"/web/reviews/{HMIP}/actions/2.3").text


def test_an_adviser_proposes_a_review_and_takes_it_to_findings(
    site: RunningServer, service: ScrutinyService,
) -> None:
    with signed_in(site, "katherine.harclerode") as client:
        form = client.get("/web/reviews/new")
        token = form_fields(form)["csrf_token"]
        refused = client.post("/web/reviews/new", data={"csrf_token": token, "title": ""})
        assert errors(page(refused)) == ["Enter title", "Enter commission",
                                         "Select kind of review"]
        made = client.post("/web/reviews/new", data={
            "csrf_token": token, "title": "Home to school transport",
            "commission": "Improving Lives Select Commission", "kind": "spotlight",
            "members": "Councillor Pitchley\nCouncillor Atkin", "reference": "transport",
            "business_date-day": "2", "business_date-month": "11",
            "business_date-year": "2026"})
        assert "Review proposed" in made.text
        base = "/web/reviews/transport/steps"
        client.post(f"{base}/scope", data={**form_fields(client.get(f"{base}/scope")),
                                          "terms_of_reference": "Eligibility and cost"})
        client.post(f"{base}/evidence-session", data={
            **form_fields(client.get(f"{base}/evidence-session")),
            "title": "Parents' panel", "witnesses": "Head of Transport\nParent carers"})
        wrong = client.post(f"{base}/findings", data={
            **form_fields(client.get(f"{base}/findings")), "findings": "Routes are long",
            "recommendations": "a. That routes be reviewed\nno label here"})
        assert errors(page(wrong)) == [
            "Line 2 of draft recommendations must start with its label, like “a. That …”"]
        done = client.post(f"{base}/findings", data={
            **form_fields(client.get(f"{base}/findings")), "findings": "Routes are long",
            "recommendations": "a. That routes be reviewed\n(b) That parents be consulted"})
        assert "Findings agreed" in done.text
    review = service.get_review("transport")
    assert review.status.value == "findings_agreed"
    assert review.members == ["Councillor Pitchley", "Councillor Atkin"]
    assert service.get_recommendation("transport", "b").text == "That parents be consulted"


def test_the_audit_search_finds_work_programme_events(site: RunningServer) -> None:
    with httpx.Client(base_url=site.url, timeout=30) as client:
        taken = client.get("/web/audit?event=Taken")
        assert taken.status_code == 200
        line = page(taken).find("tbody").find("tr")
        assert line.find("a")["href"].startswith("/web/work-programme/")
