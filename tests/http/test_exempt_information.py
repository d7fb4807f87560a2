"""Exempt information (LGA 1972 Sch 12A): members see it, the public never does (issue 5)."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest

from application.service import DraftRecommendation, ScrutinyService
from demo import load_demo
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, RAGStatus, ReportedTo, ReviewKind
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import RunningServer, bearer, settle, token_for

HMIP = "hmip-yot-inspection-action-plan"
CANARY = "CANARY-7f3a9"
ADVISER = "katherine.harclerode"


def test_the_demo_practice_examples_are_for_members_not_the_public(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    load_demo(service)
    settle(read_models)
    member = token_for(accounts, "cllr.pitchley", role="member")
    adviser = token_for(accounts, ADVISER)
    with httpx.Client(base_url=server.url, headers=bearer(member), timeout=30) as councillor:
        action = councillor.get(f"/reviews/{HMIP}/actions/2.3").json()
        last = action["progress_updates"][-1]
        assert last["note"].startswith("Youth Justice Practice Examples")
        exemption = action["exempt_notes"][str(len(action["progress_updates"]))]
        assert exemption["paragraphs"] == [1, 2]
        assert exemption["citation"] == "Local Government Act 1972, Schedule 12A, paragraphs 1, 2"
        assert "youth justice system" in exemption["reason"]
    with httpx.Client(base_url=server.url, timeout=30) as public:
        action = public.get(f"/reviews/{HMIP}/actions/2.3").json()
        last = action["progress_updates"][-1]
        assert last["note"] == ("Exempt information, not for publication (Local Government Act "
                                "1972, Schedule 12A, paragraphs 1, 2).")
        assert "reason" not in str(action["exempt_notes"]) or all(
            e.get("reason") is None for e in action["exempt_notes"].values())
        tracker = public.get("/tracker", params={"review": HMIP, "kind": "action"}).json()
        row = next(r for r in tracker["items"] if r["label"] == "2.3")
        assert "Practice Examples" not in (row["last_update_note"] or "")
        assert public.get("/exemptions").status_code == 401
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=30) as governance:
        due = governance.get("/exemptions", params={"past_review_date": True}).json()
        assert due["total"] == 1
        (row,) = due["items"]
        assert (row["review_reference"], row["label"], row["note_number"]) == (HMIP, "2.3", 2)
        assert row["review_by"] == "2023-05-03"
        assert row["days_past_review"] == (date(2026, 11, 23) - date(2023, 5, 3)).days
        assert governance.get("/exemptions", headers=bearer(member)).status_code == 403


def _two_reviews(service: ScrutinyService) -> None:
    """A review exempt as a whole, and a public one with an exempt recommendation and an exempt
    progress note; the canary is planted in every field that can hold exempt information."""
    actor, on = ADVISER, date(2026, 1, 12)
    service.propose_review(reference="secret-review", title=f"Children missing {CANARY}",
                           commission="Improving Lives Select Commission",
                           kind=ReviewKind.SPOTLIGHT, members=[f"Cllr {CANARY}"], actor=actor,
                           on=on)
    service.scope_review("secret-review", f"Terms {CANARY}", actor=actor, on=on)
    service.record_evidence_session("secret-review", title=f"Session {CANARY}",
                                    witnesses=[f"Witness {CANARY}"], notes=f"Notes {CANARY}",
                                    actor=actor, on=on)
    service.agree_findings(
        "secret-review", findings=f"Findings {CANARY}",
        recommendations=[DraftRecommendation(label="1", text=f"Recommendation {CANARY}")],
        actor=actor, on=on,
    )
    service.propose_review(reference="open-review", title="Support for care leavers",
                           commission="Improving Lives Select Commission",
                           kind=ReviewKind.FULL, actor=actor, on=on)
    service.scope_review("open-review", "Support for care leavers", actor=actor, on=on)
    service.record_evidence_session("open-review", title="Care leavers' forum", actor=actor, on=on)
    service.agree_findings(
        "open-review", findings="Care leavers need a named worker",
        recommendations=[
            DraftRecommendation(label="1", text=f"Exempt recommendation {CANARY}"),
            DraftRecommendation(label="2", text="That every care leaver has a named worker"),
        ],
        actor=actor, on=on,
    )
    service.refer_to_osmb("open-review", actor=actor, on=on)
    service.endorse_by_osmb("open-review", actor=actor, on=on)
    service.submit_to_cabinet("open-review", actor=actor, on=date(2026, 2, 2))
    service.record_cabinet_response(
        "open-review",
        responses={
            "1": CabinetResponse(decision=CabinetDecision.ACCEPTED,
                                 response=f"Response {CANARY}",
                                 responsible_officer=f"Officer {CANARY}", target_date="2026-09"),
            "2": CabinetResponse(decision=CabinetDecision.ACCEPTED, response="Agreed",
                                 responsible_officer="Head of Service LAC",
                                 target_date="2026-10"),
        },
        minute_number="C12", actor=actor, on=date(2026, 3, 16),
    )
    service.report_response_back("open-review", reported_to=ReportedTo.COMMISSION, actor=actor,
                                 on=date(2026, 4, 14))
    service.record_progress("open-review", "1", rag=RAGStatus.AMBER, note=f"Note {CANARY}",
                            actor=actor, on=date(2026, 5, 1))
    service.record_progress("open-review", "2", rag=RAGStatus.GREEN,
                            note=f"Named worker for child {CANARY}", actor=actor,
                            on=date(2026, 5, 1))
    service.record_progress("open-review", "2", rag=RAGStatus.GREEN,
                            note="Named workers in post for all care leavers", actor=actor,
                            on=date(2026, 6, 1))


def plant_exempt_records(service: ScrutinyService, accounts: Accounts) -> None:
    """The two reviews, with their exemptions marked (an exempt review, an exempt
    recommendation and an exempt progress note)."""
    _two_reviews(service)
    marks = {"paragraphs": [1, 2], "reason": f"Reason {CANARY}", "review_by": date(2027, 1, 12),
             "actor": ADVISER, "on": date(2026, 11, 23)}
    service.mark_exempt("secret-review", **marks)  # type: ignore[arg-type]
    service.mark_exempt("open-review", recommendation="1", **marks)  # type: ignore[arg-type]
    service.mark_exempt("open-review", recommendation="2", note=1,
                        **marks)  # type: ignore[arg-type]


def _public_urls(client: httpx.Client, reviews: tuple[str, ...] = ("secret-review", "open-review"),
                 labels: tuple[str, ...] = ("1", "2")) -> list[str]:
    """Every GET route of the API with its path filled in, and each list as CSV."""
    values = {"review": list(reviews), "label": list(labels),
              "number": ["1.1"], "token_id": ["none"],
              "commission": ["improving-lives-select-commission"], "key": ["cal_none_none"],
              "commission_slug": ["improving-lives-select-commission"], "reference": ["none"]}
    urls: list[str] = []
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        combinations: list[dict[str, str]] = [{}]
        for name in names:
            combinations = [{**c, name: v} for c in combinations for v in values[name]]
        for combination in combinations:
            url = path
            for name, value in combination.items():
                url = url.replace("{" + name + "}", value)
            urls.append(url)
            parameters = [p["name"] for p in operations["get"].get("parameters", [])]
            if "format" in parameters:
                urls.append(f"{url}?format=csv")
                urls.append(f"{url}?page_size=500")
            if "review" in parameters:
                urls += [f"{url}?review={reviews[0]}", f"{url}?review={reviews[-1]}&format=csv"]
    return urls


def test_no_exempt_content_reaches_the_public_anywhere(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    _two_reviews(service)
    adviser = token_for(accounts, ADVISER)
    member = token_for(accounts, "cllr.pitchley", role="member")
    marks = {"paragraphs": [1, 2], "reason": f"Reason {CANARY}", "review_by": "2027-01-12"}
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=30) as governance:
        for path, body in [
            ("/reviews/secret-review/exemption", marks),
            ("/reviews/open-review/recommendations/1/exemption", marks),
            ("/reviews/open-review/recommendations/2/exemption", {**marks, "note": 1}),
        ]:
            response = governance.post(path, json=body)
            assert response.status_code == 200, response.text
        refused = governance.post("/reviews/open-review/recommendations/2/exemption",
                                  json={**marks, "paragraphs": [9]})
        assert refused.status_code == 422
        assert "paragraphs 1–7" in refused.json()["message"]
        too_soon = governance.post("/reviews/open-review/exemption",
                                   json={**marks, "review_by": "2020-01-01"})
        assert too_soon.status_code == 422
        assert too_soon.json()["field"] == "review_by"

    with httpx.Client(base_url=server.url, timeout=30) as public:
        urls = _public_urls(public)
        assert len(urls) > 30
        for url in urls:
            response = public.get(url)
            assert response.status_code < 500, url
            assert CANARY not in response.text, f"exempt content in public {url}"
        assert public.get("/reviews/secret-review").status_code == 404
        page = public.get("/reviews/open-review").json()
        assert [r["label"] for r in page["recommendations"]] == ["2"]
        notes = [u["note"] for u in page["recommendations"][0]["progress_updates"]]
        assert notes[0].startswith("Exempt information") and notes[1].startswith("Named workers")

    # The sweep would have caught a leak: a member sees every canary.
    with httpx.Client(base_url=server.url, headers=bearer(member), timeout=30) as councillor:
        seen = "".join(councillor.get(url).text for url in urls
                       if not url.startswith(("/exemptions", "/tokens")))
        assert seen.count(CANARY) > 10
        assert CANARY in councillor.get("/reviews/secret-review").text

    # Lifting an exemption publishes the information again, and is itself on the record.
    with httpx.Client(base_url=server.url, headers=bearer(adviser), timeout=30) as governance:
        lifted = governance.post("/reviews/open-review/recommendations/1/exemption/lifting",
                                 json={"reason": "Cabinet agreed to publish"})
        assert lifted.status_code == 200
        assert lifted.json()["history"][-1]["event"] == "ExemptionLifted"
        assert lifted.json()["history"][-1]["actor"] == ADVISER
        again = governance.post("/reviews/open-review/recommendations/1/exemption/lifting",
                                json={"reason": "twice"})
        assert again.status_code == 422
    with httpx.Client(base_url=server.url, timeout=30) as public:
        assert CANARY in public.get("/reviews/open-review/recommendations/1").text


@pytest.mark.parametrize("role", ["member", "officer"])
def test_only_advisers_mark_exemptions(
    role: str, service: ScrutinyService, read_models: ReadModels, server: RunningServer,
    accounts: Accounts,
) -> None:
    load_demo(service)
    settle(read_models)
    token = token_for(accounts, f"someone.{role}", role=role)
    with httpx.Client(base_url=server.url, headers=bearer(token), timeout=30) as client:
        response = client.post(f"/reviews/{HMIP}/exemption",
                               json={"paragraphs": [1], "reason": "x", "review_by": "2027-01-01"})
        assert response.status_code == 403


TRACE_LABEL = "zq7"
"""The exempt recommendation's label: distinctive, so a sweep finds any trace of it."""
NOTE_DAY = date(2026, 5, 13)
"""The day of the exempt progress note, given to nothing else."""
NOTE_DAY_WRITTEN = ("2026-05-13", "13 May 2026", "13/05/2026")


def _a_review_with_an_exempt_recommendation_and_note(service: ScrutinyService) -> None:
    actor, on = ADVISER, date(2026, 1, 12)
    service.propose_review(reference="youth-hubs", title="Youth hubs",
                           commission="Improving Lives Select Commission", kind=ReviewKind.FULL,
                           actor=actor, on=on)
    service.scope_review("youth-hubs", "Open access youth provision", actor=actor, on=on)
    service.record_evidence_session("youth-hubs", title="Hub visits", actor=actor, on=on)
    service.agree_findings("youth-hubs", findings="Hubs close too early", recommendations=[
        DraftRecommendation(label="a", text="That hubs open until 9pm"),
        DraftRecommendation(label="b", text="That every ward has a hub"),
        DraftRecommendation(label=TRACE_LABEL, text="That the named young person is supported"),
    ], actor=actor, on=on)
    service.refer_to_osmb("youth-hubs", actor=actor, on=on)
    service.endorse_by_osmb("youth-hubs", actor=actor, on=on)
    service.submit_to_cabinet("youth-hubs", actor=actor, on=date(2026, 1, 19))
    accepted = CabinetResponse(decision=CabinetDecision.ACCEPTED, target_date="2026-12",
                               responsible_officer="Head of Youth Services")
    service.record_cabinet_response("youth-hubs", responses={"a": accepted, "b": accepted},
                                    minute_number="C40", actor=actor, on=date(2026, 2, 16))
    # Cabinet answered the exempt one alone, at a meeting of its own.
    service.record_cabinet_response("youth-hubs", responses={TRACE_LABEL: accepted},
                                    minute_number="C51", actor=actor, on=date(2026, 3, 16))
    service.report_response_back("youth-hubs", reported_to=ReportedTo.COMMISSION, actor=actor,
                                 on=date(2026, 3, 24))
    service.record_progress("youth-hubs", "b", rag=RAGStatus.GREEN, note="Six hubs open",
                            actor=actor, on=date(2026, 4, 2))
    service.record_progress("youth-hubs", "b", rag=RAGStatus.RED,
                            note="The hub a named child attends has closed", actor=actor,
                            on=NOTE_DAY)
    marks = {"paragraphs": [1], "reason": "About a child", "review_by": date(2027, 6, 1),
             "actor": ADVISER, "on": date(2026, 11, 23)}
    service.mark_exempt("youth-hubs", recommendation=TRACE_LABEL,
                        **marks)  # type: ignore[arg-type]
    service.mark_exempt("youth-hubs", recommendation="b", note=2,
                        **marks)  # type: ignore[arg-type]


WEB_PAGES = ["/", "/web/reviews", "/web/reviews/youth-hubs",
             "/web/reviews/youth-hubs/recommendations/a",
             "/web/reviews/youth-hubs/recommendations/b", "/web/deadlines",
             "/web/deadlines?show=met", "/web/audit", "/web/audit?review=youth-hubs",
             "/web/charts", "/web/monitoring-report", "/web/reviews/youth-hubs/monitoring-report",
             "/web/reviews?commission=Improving+Lives+Select+Commission"]


def test_the_public_sees_no_count_label_date_or_rag_of_exempt_records(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    _a_review_with_an_exempt_recommendation_and_note(service)
    settle(read_models)
    with httpx.Client(base_url=server.url, timeout=30) as public:
        page = public.get("/reviews/youth-hubs").json()
        assert page["recommendation_count"] == 2
        assert [(m["minute_number"], m["labels"]) for m in page["cabinet_meetings"]] == [
            ("C40", ["a", "b"])]  # C51 answered the exempt one only
        listed = public.get("/reviews").json()["items"]
        assert [(r["recommendation_count"], r["open_count"]) for r in listed] == [(2, 2)]
        counts = public.get("/tracker/counts", params={"by": "review"}).json()
        assert sum(c["count"] for c in counts) == 2
        b = public.get("/reviews/youth-hubs/recommendations/b").json()
        assert b["rag"] is None and b["latest_update"] == {
            "reported_on": None, "date_known": None, "reported_by": None, "rag": None,
            "note": "Exempt information, not for publication (Local Government Act 1972, "
                    "Schedule 12A, paragraph 1)."}
        assert b["progress_updates"][0]["rag"] == "green"  # the note that is not exempt
        row = next(r for r in public.get("/tracker", params={"review": "youth-hubs"}).json()[
            "items"] if r["label"] == "b")
        assert (row["rag"], row["last_update_on"], row["last_update_withheld"],
                row["days_since_last_update"]) == (None, None, True, None)
        reported = [line for line in public.get("/audit", params={"review": "youth-hubs"}).json()[
            "items"] if line["event"] == "ProgressReported"]
        assert [line["business_date"] for line in reported] == ["2026-04-02"]

        urls = _public_urls(public, ("youth-hubs",), ("a", "b", TRACE_LABEL))
        for url in [*urls, *WEB_PAGES]:
            answer = public.get(url)
            assert answer.status_code < 500, url
            text = answer.text
            if TRACE_LABEL in url:  # asked for by name: refused as if there were none
                assert answer.status_code == 404 and "There is no recommendation" in text, url
            else:
                assert TRACE_LABEL not in text, f"the exempt label in public {url}"
            assert not any(day in text for day in NOTE_DAY_WRITTEN), f"the note's day in {url}"
            assert "named child" not in text and "named young person" not in text, url

    # Those entitled see it all: the counts, the meeting, the note with its day and RAG.
    member = token_for(accounts, "cllr.pitchley", role="member")
    with httpx.Client(base_url=server.url, headers=bearer(member), timeout=30) as councillor:
        page = councillor.get("/reviews/youth-hubs").json()
        assert page["recommendation_count"] == 3 and len(page["cabinet_meetings"]) == 2
        b = councillor.get("/reviews/youth-hubs/recommendations/b").json()
        assert (b["rag"], b["latest_update"]["reported_on"]) == ("red", "2026-05-13")


def test_an_officer_sees_exempt_information_only_about_what_they_answer_for(
    service: ScrutinyService, read_models: ReadModels, server: RunningServer, accounts: Accounts
) -> None:
    plant_exempt_records(service, accounts)
    settle(read_models)
    # Recommendation 1 (exempt) is Officer CANARY's; recommendation 2, whose first note is
    # exempt, is the Head of Service LAC's; the exempt review is nobody's.
    theirs = token_for(accounts, "canary.officer", role="officer",
                       acts_for=(f"officer {CANARY}",))
    lac = token_for(accounts, "lac.head", role="officer", acts_for=("Head of Service LAC",))
    other = token_for(accounts, "finance.head", role="officer", acts_for=("Head of Finance",))
    with httpx.Client(base_url=server.url, headers=bearer(other), timeout=30) as client:
        urls = _public_urls(client)
        for url in urls:
            answer = client.get(url)
            assert answer.status_code < 500, url
            assert CANARY not in answer.text, f"exempt content for another officer at {url}"
        assert client.get("/reviews/secret-review").status_code == 404
        assert [r["label"] for r in client.get("/reviews/open-review").json()[
            "recommendations"]] == ["2"]
    with httpx.Client(base_url=server.url, headers=bearer(lac), timeout=30) as client:
        page = client.get("/reviews/open-review").json()
        assert [r["label"] for r in page["recommendations"]] == ["2"]
        notes = [u["note"] for u in page["recommendations"][0]["progress_updates"]]
        assert notes[0] == f"Named worker for child {CANARY}"  # theirs: shown whole
        seen = "".join(client.get(url).text for url in urls)
        assert seen.count(CANARY) and "Exempt recommendation" not in seen
        assert f"Children missing {CANARY}" not in seen
    with httpx.Client(base_url=server.url, headers=bearer(theirs), timeout=30) as client:
        mine = client.get("/reviews/open-review/recommendations/1").json()
        assert mine["text"] == f"Exempt recommendation {CANARY}"
        assert mine["exemption"]["reason"] == f"Reason {CANARY}"
        page = client.get("/reviews/open-review").json()
        assert [r["label"] for r in page["recommendations"]] == ["1", "2"]
        assert page["recommendation_count"] == 2
        other_note = page["recommendations"][1]["progress_updates"][0]
        assert other_note["note"].startswith("Exempt information") and not other_note[
            "reported_on"]
        seen = "".join(client.get(url).text for url in urls)
        assert "Named worker for child" not in seen and "Children missing" not in seen
        assert client.get("/reviews/secret-review").status_code == 404
