"""Deadlines as part of the lifecycle: opened, met on time or late, missed, extended."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from application.service import DraftRecommendation, ScrutinyService
from demo import load_demo
from domain.clock import FixedClock
from domain.deadlines import DeadlineStatus
from domain.errors import InvalidCommand
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, ReportedTo, ReviewKind
from operations.settings import ConfigurationError, load_council_settings
from projections.read_models import ReadModels
from tests.conftest import settle

ADVISER = "katherine.harclerode"
REF = "young-carers"
SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))


def submitted(service: ScrutinyService, on: date, report_to_council: bool = False) -> None:
    service.propose_review(reference=REF, title="Support for Young Carers", commission="ILSC",
                           kind=ReviewKind.SUB_GROUP, actor=ADVISER, on=date(2022, 1, 10))
    service.scope_review(REF, "Support for young carers", actor=ADVISER, on=date(2022, 1, 11))
    service.record_evidence_session(REF, title="Session", actor=ADVISER, on=date(2022, 2, 1))
    service.agree_findings(
        REF, findings="Findings", actor=ADVISER, on=date(2022, 3, 8),
        recommendations=[DraftRecommendation(label="a", text="Expand respite"),
                         DraftRecommendation(label="b", text="Simplify discounts")],
    )
    service.refer_to_osmb(REF, actor=ADVISER, on=date(2022, 3, 8))
    service.endorse_by_osmb(REF, actor=ADVISER, on=date(2022, 4, 6))
    service.submit_to_cabinet(REF, actor=ADVISER, on=on, report_to_council=report_to_council)


def executive_response(service: ScrutinyService):  # type: ignore[no-untyped-def]
    [deadline] = [d for d in service.deadlines_of(service.get_review(REF))
                  if d.rule == "executive-response"]
    return deadline


def respond(service: ScrutinyService, on: date) -> None:
    service.record_cabinet_response(
        REF, minute_number="C12", actor=ADVISER, on=on,
        responses={"a": CabinetResponse(decision=CabinetDecision.ACCEPTED, target_date="Mar-23"),
                   "b": CabinetResponse(decision=CabinetDecision.DEFERRED,
                                        reason="Pending the RotherCard review")},
    )


def test_submission_opens_the_executive_response_and_an_on_time_response_meets_it(
    service: ScrutinyService, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2022, 4, 20, 9, tzinfo=UTC))
    submitted(service, on=date(2022, 4, 11))
    deadline = executive_response(service)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.due == date(2022, 6, 10)
    assert deadline.days_remaining == 51
    assert deadline.citation == "Local Government Act 2000, s.9FE"

    clock.advance_to(datetime(2022, 6, 6, 15, tzinfo=UTC))
    respond(service, on=date(2022, 6, 6))
    deadline = executive_response(service)
    assert (deadline.status, deadline.met_on, deadline.days_late, deadline.on_time) == (
        DeadlineStatus.MET, date(2022, 6, 6), 0, True
    )


def test_an_unmet_deadline_is_missed_and_a_late_response_says_by_how_much(
    service: ScrutinyService, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2022, 6, 20, 9, tzinfo=UTC))
    submitted(service, on=date(2022, 4, 11))
    deadline = executive_response(service)
    assert (deadline.status, deadline.days_late) == (DeadlineStatus.MISSED, 10)

    respond(service, on=date(2022, 6, 20))
    deadline = executive_response(service)
    assert (deadline.status, deadline.days_late, deadline.on_time) == (
        DeadlineStatus.MET, 10, False
    )


def test_an_extension_needs_a_reason_and_a_later_date_and_is_recorded(
    service: ScrutinyService, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2022, 5, 1, 9, tzinfo=UTC))
    submitted(service, on=date(2022, 4, 11))
    with pytest.raises(InvalidCommand) as earlier:
        service.extend_deadline(REF, "executive-response", due=date(2022, 6, 1),
                                reason="x", actor=ADVISER, on=date(2022, 5, 1))
    assert earlier.value.field == "due"
    with pytest.raises(InvalidCommand) as no_reason:
        service.extend_deadline(REF, "executive-response", due=date(2022, 7, 15), reason=" ",
                                actor=ADVISER, on=date(2022, 5, 1))
    assert no_reason.value.field == "reason"
    service.extend_deadline(
        REF, "executive-response", due=date(2022, 7, 15),
        reason="Cabinet meeting moved; agreed with the Chair of OSMB", actor=ADVISER,
        on=date(2022, 5, 1),
    )
    deadline = executive_response(service)
    assert (deadline.status, deadline.original_due, deadline.due) == (
        DeadlineStatus.EXTENDED, date(2022, 6, 10), date(2022, 7, 15)
    )
    assert deadline.extensions[0].actor == ADVISER
    assert "Deadline extended" in [h.what for h in service.history(service.review_id(REF))]

    respond(service, on=date(2022, 5, 1))
    with pytest.raises(InvalidCommand) as met:
        service.extend_deadline(REF, "executive-response", due=date(2022, 8, 1), reason="x",
                                actor=ADVISER, on=date(2022, 5, 1))
    assert "no open 'executive-response' deadline" in met.value.message


def test_report_to_council_is_a_deadline_only_where_the_commission_resolved_it(
    service: ScrutinyService, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2022, 7, 1, 9, tzinfo=UTC))
    submitted(service, on=date(2022, 4, 11), report_to_council=True)
    respond(service, on=date(2022, 5, 9))
    service.report_response_back(REF, reported_to=ReportedTo.COUNCIL, minute_number="14",
                                 actor=ADVISER, on=date(2022, 6, 1))
    council = [d for d in service.deadlines_of(service.get_review(REF))
               if d.rule == "report-to-council"]
    assert [(d.due, d.status, d.met_on) for d in council] == [
        (date(2022, 6, 11), DeadlineStatus.MET, date(2022, 6, 1))  # 11 April + 2 months of
    ]


def test_a_revised_target_extends_the_implementation_deadline(
    service: ScrutinyService, clock: FixedClock
) -> None:
    clock.advance_to(datetime(2023, 4, 3, 9, tzinfo=UTC))
    submitted(service, on=date(2022, 4, 11))
    respond(service, on=date(2022, 5, 9))
    [target] = service.deadlines_of(service.get_recommendation(REF, "a"))
    assert (target.rule, target.due, target.status, target.days_late) == (
        "implementation-target", date(2023, 3, 31), DeadlineStatus.MISSED, 3
    )
    service.revise_target_date(REF, "a", target_date="Sep-23", reason="Funding delayed",
                               actor=ADVISER, on=date(2023, 4, 3))
    [target] = service.deadlines_of(service.get_recommendation(REF, "a"))
    assert (target.original_due, target.due, target.status) == (
        date(2023, 3, 31), date(2023, 9, 30), DeadlineStatus.EXTENDED
    )
    assert target.extensions[0].reason == "Funding delayed"
    assert service.deadlines_of(service.get_recommendation(REF, "b")) == []  # deferred, no target


def test_the_demo_shows_the_post_cse_response_met_on_time(service: ScrutinyService) -> None:
    load_demo(service)
    deadlines = {d.rule: d for d in service.deadlines_of(service.get_review("post-cse-support"))}
    response = deadlines["executive-response"]
    assert (response.starts, response.due, response.status, response.days_late) == (
        date(2022, 2, 14), date(2022, 4, 13), DeadlineStatus.MET, 0
    )
    # ILSC resolved that Cabinet's response be reported to Council within two calendar months;
    # the seed papers record no report, so it shows as missed.
    assert deadlines["report-to-council"].status == DeadlineStatus.MISSED


def test_the_api_shows_deadlines_and_computes_any_rule(api: httpx.Client) -> None:
    rules = api.get("/deadlines/rules").json()
    assert {r["id"] for r in rules} >= {"executive-response", "call-in"}
    computed = api.get("/deadlines/compute",
                       params={"rule": "executive-response", "date": "2021-12-22"}).json()
    assert (computed["due"], computed["citation"]) == (
        "2022-02-21", "Local Government Act 2000, s.9FE"
    )
    call_in = api.get("/deadlines/compute", params={"rule": "call-in", "date": "2022-09-14"})
    assert call_in.json()["due_at"] == "2022-09-22T17:00:00"
    assert api.get("/deadlines/compute", params={"rule": "nope", "date": "2022-01-01"}
                   ).status_code == 404
    assert api.get("/deadlines/compute", params={"rule": "call-in", "date": "2022-02-30"}
                   ).status_code == 422
    assert api.get("/deadlines/compute", params={"rule": "call-in", "date": "9999-12-31"}
                   ).status_code == 422
    assert api.get("/deadlines/compute", params={
        "rule": "call-in", "date": "2022-01-01", "notice": "2022-01-02"}).status_code == 422


def test_the_review_page_carries_its_deadlines(
    api: httpx.Client, service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    settle(read_models)
    review = api.get("/reviews/post-cse-support").json()
    response = next(d for d in review["deadlines"] if d["rule"] == "executive-response")
    assert (response["due"], response["status"], response["days_late"], response["on_time"]) == (
        "2022-04-13", "met", 0, True
    )
    plan = api.get("/reviews/hmip-yot-inspection-action-plan/actions/2.3").json()
    assert plan["deadlines"][0]["status"] == "missed"
    extended = api.post("/reviews/post-cse-support/deadlines/report-to-council/extension",
                        json={"due": "2022-05-31", "reason": "Council meeting moved",
                              "business_date": "2022-04-01"})
    assert extended.status_code == 200, extended.text
    council = next(d for d in extended.json()["deadlines"] if d["rule"] == "report-to-council")
    assert (council["original_due"], council["due"], council["status"]) == (
        "2022-04-14", "2022-05-31", "missed"
    )
    assert council["extensions"][0]["reason"] == "Council meeting moved"
    refused = api.post("/reviews/post-cse-support/deadlines/executive-response/extension",
                       json={"due": "2022-05-31", "reason": "Too late: it was met"})
    assert refused.status_code == 422


def run_cli(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRUTINY, *arguments], capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, **(env or {})})


def test_the_cli_computes_the_post_cse_due_date_with_its_citation() -> None:
    result = run_cli("deadlines", "compute", "executive-response", "2021-12-22", "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["rule"] == "executive-response"
    assert printed["due"] == "2022-02-21"
    assert printed["citation"] == "Local Government Act 2000, s.9FE"
    assert printed["explanation"]

    later_notice = run_cli("deadlines", "compute", "executive-response", "2021-12-22",
                           "--notice", "2022-01-04", "--json")
    assert json.loads(later_notice.stdout)["due"] == "2022-03-03"
    human = run_cli("deadlines", "compute", "agenda-publication", "2022-09-27")
    assert "Friday 16 September 2022" in human.stdout
    assert "State Funeral" in human.stdout
    assert "executive-response" in run_cli("deadlines", "rules").stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["deadlines", "compute", "response-time", "2021-12-22"], "Unknown rule 'response-time'"),
        (["deadlines", "compute", "call-in", "22/12/2021"], "is not a date"),
        (["deadlines", "compute", "call-in", "2021-02-30", "--json"], "is not a date"),
        (["deadlines", "compute", "call-in", "2021-12-22", "--notice", "2021-12-23"],
         "--notice applies to the executive-response rule only"),
    ],
)
def test_the_cli_refuses_bad_input_with_a_message_and_status_2(
    arguments: list[str], message: str
) -> None:
    result = run_cli(*arguments)
    assert result.returncode == 2
    assert message in result.stdout + result.stderr


def test_council_settings_come_from_toml_and_bad_values_are_named(tmp_path: Path) -> None:
    good = tmp_path / "council.toml"
    good.write_text('clear_days = "calendar"\ncall_in_working_days = 3\n'
                    '[[closures]]\nname = "Christmas"\nstart = 2022-12-28\nend = 2022-12-30\n')
    settings = load_council_settings(str(good))
    assert (settings.clear_days, settings.call_in_working_days) == ("calendar", 3)
    assert date(2022, 12, 29) in settings.all_closure_days()

    bad = tmp_path / "bad.toml"
    bad.write_text('call_in_working_days = "five"\nclear_days = "some"\n')
    with pytest.raises(ConfigurationError) as refused:
        load_council_settings(str(bad))
    assert "call_in_working_days" in str(refused.value)
    assert "clear_days" in str(refused.value)

    broken = tmp_path / "broken.toml"
    broken.write_text("clear_days = \n")
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        load_council_settings(str(broken))

    result = run_cli("deadlines", "compute", "call-in", "2022-12-23", "--json",
                     env={"SCRUTINY_COUNCIL_SETTINGS": str(good)})
    assert json.loads(result.stdout)["due"] == "2023-01-05"  # 3 working days after closures
    failed = run_cli("deadlines", "compute", "call-in", "2022-12-23",
                     env={"SCRUTINY_COUNCIL_SETTINGS": str(bad)})
    assert failed.returncode == 2 and "call_in_working_days" in failed.stdout
