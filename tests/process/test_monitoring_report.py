"""`scrutiny report monitoring` on the demo data, both stores: the HMIP YOT action plan's
monitoring report as Word (opened with python-docx), PDF (read back with pypdf) and HTML,
checked against the seed (65 action rows, 19 shown as duplicates, 46 distinct: 45 completed,
1 progressing and on track), with and without exempt information; a commission's report over a
period, with the reviews monitored in it and the Cabinet's responses on time or late; the same
over HTTP and in the dashboard, and bad input refused with a message."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import httpx
import pypdf

from application.service import DraftRecommendation, ScrutinyService
from demo import load_demo
from domain.access import SEES_EVERYTHING
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, ReviewKind
from projections.read_models import ReadModels
from reports.monitoring_report import (
    EXEMPT_STYLESHEET,
    EXEMPT_WARNING,
    CommissionReport,
    commission_report,
    monitoring_docx,
    monitoring_pdf,
)
from tests.conftest import RunningServer, settle
from tests.domain.test_review_lifecycle import ADVISER, REF, propose_and_refer

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
EXEMPT_NOTE = "Youth Justice Practice Examples"


def run_report(database_url: str, folder: Path, *command: str) -> str:
    """`scrutiny COMMAND…` in ``folder``; what it printed (it must succeed)."""
    done = subprocess.run([SCRUTINY, *command], capture_output=True, text=True, cwd=folder,
                          env={**os.environ, "SCRUTINY_DATABASE_URL": database_url}, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def report(database_url: str, folder: Path, *arguments: str) -> tuple[str, docx.document.Document]:
    run_report(database_url, folder, "demo")
    out = folder / "report.docx"
    said = run_report(database_url, folder, "report", "monitoring",
                      "hmip-yot-inspection-action-plan", "--out", str(out), *arguments)
    return said, docx.Document(str(out))


def test_the_hmip_action_plan_report_has_every_row_and_the_seeds_counts(
    database_url: str, tmp_path: Path,
) -> None:
    said, document = report(database_url, tmp_path)
    assert "65 rows, 46 distinct" in said
    actions, summary = document.tables
    header, *rows = [[cell.text for cell in row.cells] for row in actions.rows]
    assert header == ["No.", "Action", "Lead / owner", "By when", "Latest progress", "Status"]
    assert len(rows) == 65
    duplicates = [row for row in rows if row[5].startswith("Duplicate of ")]
    assert len(duplicates) == 19
    counts = {row.cells[0].text: row.cells[1].text for row in summary.rows[1:]}
    assert counts["Action completed"] == "45"
    assert counts["Action progressing and on track"] == "1"
    assert counts["Total (46 distinct of 65 rows)"] == "46"
    row_2_3 = next(row for row in rows if row[0] == "2.3")
    assert row_2_3[2] == "CYPS Training" and EXEMPT_NOTE in row_2_3[4]
    # Where version 0.9 of the plan does not say when an action was completed: on or before
    # its date; 1.1's row prints the Board of 20 January 2021.
    row_2_1 = next(row for row in rows if row[0] == "2.1")
    assert row_2_1[4].startswith("On or before 15 July 2021: Complete")
    assert next(row for row in rows if row[0] == "1.1")[4].startswith("20 January 2021: ")
    # it holds exempt information, and says so at the top of every page
    assert document.sections[0].header.paragraphs[0].text == EXEMPT_WARNING


def test_the_public_version_leaves_exempt_information_out(database_url: str, tmp_path: Path
                                                          ) -> None:
    said, document = report(database_url, tmp_path, "--public")
    assert "public version" in said
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert EXEMPT_NOTE not in text
    assert "Exempt information, not for publication" in text
    assert document.sections[0].header.paragraphs[0].text == ""


def test_the_report_over_http_is_the_readers_version(
    api: httpx.Client, server: RunningServer, service: ScrutinyService,
    read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    path = "/reviews/hmip-yot-inspection-action-plan/monitoring-report.docx"
    full = api.get(path)
    assert full.status_code == 200
    assert 'filename="monitoring-report-hmip-yot-inspection-action-plan.docx"' in full.headers[
        "content-disposition"]
    document = docx.Document(io.BytesIO(full.content))
    assert document.sections[0].header.paragraphs[0].text == EXEMPT_WARNING
    assert len(document.tables[0].rows) == 1 + 65
    with httpx.Client(base_url=server.url, timeout=30) as public:
        published = docx.Document(io.BytesIO(public.get(path).content))
        text = "\n".join(cell.text for row in published.tables[0].rows for cell in row.cells)
        assert EXEMPT_NOTE not in text
        assert published.sections[0].header.paragraphs[0].text == ""
        assert public.get("/reviews/no-such-review/monitoring-report.docx").status_code == 404


# --- HTML and PDF --------------------------------------------------------------------------------

def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, its whitespace made single spaces (the PDF wraps lines as it likes)."""
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def test_the_pdf_has_every_row_the_seeds_counts_and_the_warning_on_every_page(
    database_url: str, tmp_path: Path,
) -> None:
    _, document = report(database_url, tmp_path)  # the Word file: the rows to look for
    numbers = [row.cells[0].text for row in document.tables[0].rows[1:]]
    run_report(database_url, tmp_path, "report", "monitoring", "hmip-yot-inspection-action-plan",
               "--out", "plan.pdf")
    pages = pdf_pages((tmp_path / "plan.pdf").read_bytes())
    assert len(pages) > 1
    text = " ".join(pages)
    assert "Rotherham Metropolitan Borough Council" in text
    assert "Monitoring report – HMIP Inspection of Rotherham Youth Offending Team" in text
    # The command runs on the machine's clock, as a committee clerk's would.
    today = date.today()
    assert f"as at {today.day} {today:%B %Y}" in text
    # every action's row, in the plan's order
    at = 0
    for number in numbers:
        at = text.index(f"{number} ", at)
    assert len(numbers) == 65
    assert "Action completed 45" in text and "Action progressing and on track 1" in text
    assert "Total (46 distinct of 65 rows) 46" in text
    assert text.count("Duplicate of ") == 19
    assert EXEMPT_NOTE in text
    for number, page in enumerate(pages, start=1):
        assert EXEMPT_WARNING in page, f"page {number} lacks the exempt warning"
        assert f"Page {number} of {len(pages)}" in page


def test_the_public_pdf_and_html_hold_no_exempt_information(database_url: str, tmp_path: Path
                                                           ) -> None:
    run_report(database_url, tmp_path, "demo")
    said = run_report(database_url, tmp_path, "report", "monitoring",
                      "hmip-yot-inspection-action-plan", "--format", "pdf", "--public")
    assert "public version" in said and "holds exempt information" not in said
    text = " ".join(pdf_pages(
        (tmp_path / "monitoring-report-hmip-yot-inspection-action-plan.pdf").read_bytes()))
    assert EXEMPT_NOTE not in text and EXEMPT_WARNING not in text
    assert "Exempt information, not for publication" in text
    assert "Action completed 45" in text
    run_report(database_url, tmp_path, "report", "monitoring", "hmip-yot-inspection-action-plan",
               "--out", "plan.html", "--public")
    html = (tmp_path / "plan.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html  # a file stands alone
    assert EXEMPT_NOTE not in html and EXEMPT_WARNING not in html


def test_the_command_says_what_is_wrong_without_a_traceback(database_url: str, tmp_path: Path
                                                          ) -> None:
    for arguments, message in [
        ((), "Name a review"),
        (("hmip-yot-inspection-action-plan", "--commission", "ILSC"), "not both"),
        (("no-such-review",), "There is no review 'no-such-review'"),
        (("hmip-yot-inspection-action-plan", "--out", "report.txt"), "--format: 'txt'"),
        (("hmip-yot-inspection-action-plan", "--out", "x.pdf", "--format", "docx"),
         "--out x.pdf ends in .pdf but --format is docx"),
        (("hmip-yot-inspection-action-plan", "--out", "x.HTM", "--format", "pdf"),
         "--out x.HTM ends in .htm but --format is pdf"),
        (("--commission", "improving-lives-select-commission", "--from", "2022-01-01"),
         "needs the period"),
        (("--commission", "improving-lives-select-commission", "--from", "2022-02-30",
          "--to", "2022-06-30"), "'2022-02-30' is not a date"),
        (("--commission", "improving-lives-select-commission", "--from", "2022-06-30",
          "--to", "2022-01-01"), "--to 2022-01-01 is before --from 2022-06-30"),
        (("--commission", "no-such-commission", "--from", "2022-01-01", "--to", "2022-06-30"),
         "There is no commission 'no-such-commission'"),
    ]:
        done = subprocess.run([SCRUTINY, "report", "monitoring", *arguments], cwd=tmp_path,
                              env={**os.environ, "SCRUTINY_DATABASE_URL": database_url},
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, (arguments, done.stdout, done.stderr)
        assert message in " ".join(done.stdout.split()), (arguments, done.stdout)
        assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "x.pdf").exists()  # nothing written under a name that lies


def printed_by_chromium(html: str) -> list[str]:
    """What a reader gets printing the HTML document from Chromium (A4 landscape), page by page:
    the browser, not WeasyPrint, lays out these pages."""
    from playwright.sync_api import sync_playwright

    from tests.browser.test_browser import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.set_content(html)
            return pdf_pages(page.pdf(format="A4", landscape=True))
        finally:
            browser.close()


def test_the_html_printed_from_a_browser_carries_the_warning_on_every_page(
    database_url: str, tmp_path: Path,
) -> None:
    css = EXEMPT_STYLESHEET.read_text(encoding="utf-8")
    assert f'content: "{EXEMPT_WARNING}"' in css  # the margin box says what the code says
    run_report(database_url, tmp_path, "demo")
    plan = "hmip-yot-inspection-action-plan"
    run_report(database_url, tmp_path, "report", "monitoring", plan, "--out", "plan.html")
    html = (tmp_path / "plan.html").read_text()
    pages = printed_by_chromium(html)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert EXEMPT_WARNING in page, f"printed page {number} lacks the exempt warning"
    assert "Total (46 distinct of 65 rows) 46" in " ".join(pages)
    run_report(database_url, tmp_path, "report", "monitoring", plan, "--out", "public.html",
               "--public")
    published = (tmp_path / "public.html").read_text()
    assert EXEMPT_WARNING not in published
    assert not any(EXEMPT_WARNING in page for page in printed_by_chromium(published))


def test_html_and_pdf_over_http_are_the_readers_versions(
    api: httpx.Client, server: RunningServer, service: ScrutinyService,
    read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    path = "/reviews/hmip-yot-inspection-action-plan/monitoring-report"
    html = api.get(path + ".html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    # served under the dashboard's content security policy: its styles are linked, not inline
    assert "<style" not in html.text and 'href="/web/monitoring-report.css"' in html.text
    assert "style-src 'self'" in html.headers["content-security-policy"]
    assert EXEMPT_WARNING in html.text and EXEMPT_NOTE in html.text
    assert html.text.count("<tr>") == 1 + 65 + 3  # header and rows; status, status, total
    assert api.get("/web/monitoring-report.css").headers["content-type"].startswith("text/css")
    # the exempt version's own styles put the warning at the head of every printed page
    assert 'href="/web/monitoring-report-exempt.css"' in html.text
    exempt_css = api.get("/web/monitoring-report-exempt.css")
    assert exempt_css.headers["content-type"] == "text/css; charset=utf-8"
    assert EXEMPT_WARNING in exempt_css.text
    pdf = api.get(path + ".pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert all(EXEMPT_WARNING in page for page in pdf_pages(pdf.content))
    with httpx.Client(base_url=server.url, timeout=60) as public:
        published = public.get(path + ".html").text
        assert EXEMPT_NOTE not in published and EXEMPT_WARNING not in published
        assert "monitoring-report-exempt.css" not in published
        text = " ".join(pdf_pages(public.get(path + ".pdf").content))
        assert EXEMPT_NOTE not in text and EXEMPT_WARNING not in text
        assert "Total (46 distinct of 65 rows) 46" in text
        assert public.get(path + ".docx").status_code == 200  # the first address still answers
        assert public.get(path + ".txt").status_code == 404  # docx, html and pdf only
        assert public.get("/reviews/no-such-review/monitoring-report.pdf").status_code == 404


# --- a commission over a period ------------------------------------------------------------------

def commission(read_models: ReadModels, name: str, first: str, last: str) -> CommissionReport:
    found = commission_report(read_models, name, date.fromisoformat(first),
                              date.fromisoformat(last), date(2026, 11, 23), SEES_EVERYTHING)
    assert found is not None
    return found


def references(found: CommissionReport) -> list[str]:
    return [section.review["reference"] for section in found.sections]


def test_a_commission_over_a_period_has_the_reviews_monitored_in_it(
    service: ScrutinyService, read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    ilsc = "improving-lives-select-commission"
    # 2013: only the school governors review, its recommendations in implementation since the
    # Cabinet's response of November 2012 (C97), progress reported in July 2013
    year_2013 = commission(read_models, ilsc, "2013-01-01", "2013-12-31")
    assert references(year_2013) == ["role-of-school-governors"]
    assert dict(year_2013.counts) == {"Implementing": 15, "Rejected": 1}
    assert "14 progress updates reported" in year_2013.sections[0].activity
    assert year_2013.responses == []  # the response was given in 2012
    # 2021/22 to March: the YOT action plan (updated in July 2021) joins it; Post-CSE support
    # went to the Cabinet only in February 2022, and the cultural strategy never has
    later = commission(read_models, ilsc, "2021-03-01", "2021-12-31")
    assert references(later) == ["hmip-yot-inspection-action-plan", "role-of-school-governors"]
    assert dict(later.counts)["Action completed"] == 45
    assert later.distinct == 46 + 16 and later.rows == 65 + 16
    spring_2022 = commission(read_models, "Improving Lives Select Commission", "2022-01-01",
                             "2022-06-30")
    assert references(spring_2022) == ["hmip-yot-inspection-action-plan", "post-cse-support",
                                       "role-of-school-governors"]
    assert spring_2022.responses == [("Post-CSE Support", "14 February 2022", "13 April 2022",
                                      "14 February 2022", "0", "On time")]
    assert spring_2022.responses_summary.startswith(
        "Cabinet responses given in the period: 1 (1 on time, 0 late)")
    assert commission_report(read_models, "no such commission", date(2022, 1, 1),
                             date(2022, 6, 30), date(2026, 11, 23), SEES_EVERYTHING) is None


def test_a_late_response_and_an_overdue_one_are_counted_in_their_periods(
    service: ScrutinyService, read_models: ReadModels,
) -> None:
    propose_and_refer(service)  # OSMB's CSE review (seed 003): to the Cabinet on 26 January 2015
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2015, 1, 23))
    service.submit_to_cabinet(REF, actor=ADVISER, on=date(2015, 1, 26))
    settle(read_models)
    osmb = "Overview and Scrutiny Management Board"
    march = commission(read_models, osmb, "2015-03-01", "2015-03-31")
    assert references(march) == [REF]
    assert march.responses[0][2:] == ("25 March 2015", "Not by 31 March 2015", "",
                                      "Overdue by 6 days at 31 March 2015")
    assert "overdue at 31 March 2015: 1" in march.responses_summary
    service.record_cabinet_response(
        REF, responses={"a": CabinetResponse(decision=CabinetDecision.ACCEPTED),
                        "b": CabinetResponse(decision=CabinetDecision.REJECTED,
                                             reason="One plan exists already.")},
        minute_number="C97", actor=ADVISER, on=date(2015, 4, 8))
    settle(read_models)
    april = commission(read_models, osmb, "2015-04-01", "2015-04-30")
    assert april.responses == [(
        "Scrutiny of Rotherham's Plans to address Child Sexual Exploitation", "26 January 2015",
        "25 March 2015", "8 April 2015", "72", "14 days late")]
    assert "1 (0 on time, 1 late)" in april.responses_summary
    assert dict(april.counts) == {"Implementing": 1, "Rejected": 1}
    # before it went to the Cabinet nothing was monitored
    assert commission(read_models, osmb, "2014-01-01", "2014-12-31").sections == []
    # and the documents say the same
    council = "Rotherham Metropolitan Borough Council"
    text = " ".join(pdf_pages(monitoring_pdf(april, council)))
    assert "Reviews monitored from 1 April 2015 to 30 April 2015" in text
    assert "8 April 2015 72 14 days late" in text
    word = docx.Document(io.BytesIO(monitoring_docx(april, council)))
    counts, responses, items, _ = word.tables
    assert counts.rows[-1].cells[0].text == "Total (2 distinct of 2 rows, 1 review)"
    assert [cell.text for cell in responses.rows[1].cells][-1] == "14 days late"
    assert len(items.rows) == 1 + 2


def submit_ilsc_review(service: ScrutinyService, reference: str, submitted: date) -> None:
    """A review of the Improving Lives Select Commission, to the Cabinet on ``submitted``."""
    service.propose_review(
        reference=reference, title="Support for Young Carers", kind=ReviewKind.FULL,
        commission="Improving Lives Select Commission", members=["Councillor Clark"],
        actor=ADVISER, on=date(2023, 9, 1))
    service.scope_review(reference, "How schools and services find and support young carers.",
                         actor=ADVISER, on=date(2023, 9, 15))
    service.record_evidence_session(reference, title="Young carers and their families",
                                    actor=ADVISER, on=date(2023, 10, 12))
    service.agree_findings(
        reference, findings="Young carers are found late.",
        recommendations=[DraftRecommendation(label="1", text="That every school names a lead "
                                             "for young carers.")],
        actor=ADVISER, on=date(2023, 11, 20))
    service.refer_to_osmb(reference, actor=ADVISER, on=date(2023, 12, 1))
    service.endorse_by_osmb(reference, actor=ADVISER, on=date(2023, 12, 13))
    service.submit_to_cabinet(reference, actor=ADVISER, on=submitted)


def test_a_response_due_before_the_period_and_not_given_is_overdue_in_it(
    service: ScrutinyService, read_models: ReadModels, database_url: str, tmp_path: Path,
) -> None:
    carers = "support-for-young-carers"
    submit_ilsc_review(service, carers, date(2024, 1, 8))  # s.9FE: due by 7 March 2024
    settle(read_models)
    ilsc = "improving-lives-select-commission"
    year_2025 = commission(read_models, ilsc, "2025-01-01", "2025-12-31")
    assert references(year_2025) == [carers]
    assert year_2025.sections[0].activity == [
        "the Cabinet's response, due by 7 March 2024, was still not given"]
    assert year_2025.responses == [("Support for Young Carers", "8 January 2024", "7 March 2024",
                                    "Not by 31 December 2025", "",
                                    "Overdue by 664 days at 31 December 2025")]
    assert year_2025.responses_summary.startswith(
        "Cabinet responses given in the period: 0; overdue at 31 December 2025: 1")
    # the command says the same
    said = run_report(database_url, tmp_path, "report", "monitoring", "--commission", ilsc,
                      "--from", "2025-01-01", "--to", "2025-12-31", "--out", "ilsc.pdf")
    assert "1 review, 1 rows" in said
    text = " ".join(pdf_pages((tmp_path / "ilsc.pdf").read_bytes()))
    assert "Support for Young Carers" in text and "Overdue by 664 days at 31" in text
    assert "overdue at 31 December 2025: 1" in text
    # given late in 2026, it is in 2026's report as late, and no longer in a later one
    service.record_cabinet_response(
        carers, responses={"1": CabinetResponse(decision=CabinetDecision.REJECTED,
                                                reason="Schools decide their own leads.")},
        minute_number="C12", actor=ADVISER, on=date(2026, 3, 2))
    settle(read_models)
    year_2026 = commission(read_models, ilsc, "2026-01-01", "2026-06-30")
    assert year_2026.responses == [("Support for Young Carers", "8 January 2024", "7 March 2024",
                                    "2 March 2026", "784", "725 days late")]
    assert "1 (0 on time, 1 late)" in year_2026.responses_summary
    assert year_2026.sections[0].activity == ["the Cabinet responded on 2 March 2026"]
    assert commission(read_models, ilsc, "2026-07-01", "2026-09-30").sections == []
    # before the response fell due, it is awaited
    early_2024 = commission(read_models, ilsc, "2024-01-01", "2024-01-31")
    assert early_2024.responses[0][-1] == "Not yet due at the end of the period"
    assert early_2024.sections[0].activity == ["submitted to the Cabinet on 8 January 2024",
                                               "the Cabinet's response was awaited"]


def test_the_commission_report_over_http_and_its_refusals(
    api: httpx.Client, server: RunningServer, service: ScrutinyService,
    read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    path = "/commissions/improving-lives-select-commission/monitoring-report"
    period = {"from": "2022-01-01", "to": "2022-06-30"}
    pdf = api.get(path + ".pdf", params=period)
    assert pdf.status_code == 200
    assert ('filename="monitoring-report-improving-lives-select-commission-2022-01-01-to-'
            '2022-06-30.pdf"') in pdf.headers["content-disposition"]
    text = " ".join(pdf_pages(pdf.content))
    for title in ("Post-CSE Support", "The Role of School Governors", "HMIP Inspection"):
        assert title in text
    assert "Cultural Strategy" not in text
    word = docx.Document(io.BytesIO(api.get(path + ".docx", params=period).content))
    assert word.sections[0].header.paragraphs[0].text == EXEMPT_WARNING
    for query, status, message in [
        ({"from": "2022-06-30", "to": "2022-01-01"}, 422, "before from"),
        ({"from": "2022-02-30", "to": "2022-06-30"}, 422, "query.from"),
        ({"from": "2022-01-01"}, 422, "query.to"),
    ]:
        refused = api.get(path + ".html", params=query)
        assert refused.status_code == status and message in refused.json()["message"]
    unknown = api.get("/commissions/no-such-commission/monitoring-report.pdf", params=period)
    assert unknown.status_code == 404 and "no-such-commission" in unknown.json()["message"]
    with httpx.Client(base_url=server.url, timeout=60) as public:
        published = public.get(path + ".html", params=period)
        assert published.status_code == 200
        assert EXEMPT_NOTE not in published.text and EXEMPT_WARNING not in published.text


def test_the_dashboard_shows_the_reports_and_asks_again_when_the_period_is_wrong(
    server: RunningServer, service: ScrutinyService, read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    with httpx.Client(base_url=server.url, timeout=60) as public:
        review = public.get("/web/reviews/hmip-yot-inspection-action-plan")
        assert "/web/reviews/hmip-yot-inspection-action-plan/monitoring-report" in review.text
        page = public.get("/web/reviews/hmip-yot-inspection-action-plan/monitoring-report")
        assert page.status_code == 200
        assert "Action progressing and on track" in page.text and EXEMPT_NOTE not in page.text
        assert "/reviews/hmip-yot-inspection-action-plan/monitoring-report.pdf" in page.text
        form = public.get("/web/monitoring-report",
                          params={"commission": "improving-lives-select-commission"})
        assert form.status_code == 200 and "There is a problem" not in form.text
        chosen = {"commission": "improving-lives-select-commission", "from-day": "1",
                  "from-month": "1", "from-year": "2022", "to-day": "30", "to-month": "6",
                  "to-year": "2022"}
        shown = public.get("/web/monitoring-report", params=chosen)
        assert shown.status_code == 200 and "Post-CSE Support" in shown.text
        assert "Cultural Strategy" not in shown.text
        assert ("/commissions/improving-lives-select-commission/monitoring-report.docx?"
                "from=2022-01-01&amp;to=2022-06-30") in shown.text
        wrong = public.get("/web/monitoring-report", params={
            **chosen, "from-day": "31", "from-month": "2", "to-year": "2021"})
        assert wrong.status_code == 422 and "There is a problem" in wrong.text
        assert "The first day of the period must be a real date" in wrong.text
        backwards = public.get("/web/monitoring-report", params={**chosen, "to-year": "2021"})
        assert backwards.status_code == 422
        assert "must be the same as or after the first day" in backwards.text
        # the spellings the API and the command line accept: as written, any case, or the slug
        for spelling in ("improving lives select commission",
                         " Improving Lives Select Commission", "IMPROVING-LIVES-SELECT-COMMISSION"):
            typed = public.get("/web/monitoring-report", params={**chosen, "commission": spelling})
            assert typed.status_code == 200, (spelling, typed.text)
            assert "Post-CSE Support" in typed.text and "There is a problem" not in typed.text
            assert ('<option value="improving-lives-select-commission" selected>'
                    in typed.text), spelling
        nobody = public.get("/web/monitoring-report", params={**chosen, "commission": "x"})
        assert nobody.status_code == 422 and "There is no commission" in nobody.text
