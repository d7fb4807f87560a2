"""Any sequence of commands is either applied or refused with a domain error, never corrupts an
aggregate, and what is stored reloads to the same state (hypothesis stateful testing)."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from application.service import DraftRecommendation, ScrutinyService
from domain.clock import FixedClock
from domain.errors import DomainError
from domain.events import ScrutinyAggregate
from domain.recommendation import OPEN_STATUSES, CabinetResponse
from domain.values import (
    CabinetDecision,
    RAGStatus,
    RecommendationStatus,
    ReportedTo,
    ReviewKind,
    ReviewStatus,
)
from operations.settings import store_environment
from tests.conftest import TODAY

LABELS = ["1", "2", "3"]
ACTORS = st.sampled_from(["adviser", "officer", "chair"])
DAYS = st.integers(min_value=0, max_value=4000)
START = date(2012, 1, 1)
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=30
)
LABEL = st.sampled_from([*LABELS, "4", "x"])


def state_of(aggregate: ScrutinyAggregate) -> dict[str, Any]:
    state = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    state["version"] = aggregate.version
    return state


class ReviewCommands(RuleBasedStateMachine):
    database_url = "memory://"

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(TODAY)
        self.env = store_environment(self.database_url)
        self.service = ScrutinyService(env=self.env, clock=self.clock)
        self.reference = f"prop-{uuid.uuid4().hex[:12]}"
        self.service.propose_review(
            reference=self.reference, title="Property review", commission="ILSC",
            kind=ReviewKind.FULL, actor="adviser", on=START,
        )

    def teardown(self) -> None:
        self.service.close()

    def aggregates(self) -> list[ScrutinyAggregate]:
        review = self.service.get_review(self.reference)
        found: list[ScrutinyAggregate] = [review]
        for label in [*LABELS, "4", "x"]:
            with contextlib.suppress(DomainError):
                found.append(self.service.get_recommendation(self.reference, label))
        return found

    def attempt(self, command: str, *args: Any, **kwargs: Any) -> None:
        before = [state_of(a) for a in self.aggregates()]
        try:
            getattr(self.service, command)(self.reference, *args, **kwargs)
        except DomainError as refusal:
            assert refusal.message
            after = [state_of(a) for a in self.aggregates()]
            assert after == before, f"{command} was refused but changed something"
            return
        after = [state_of(a) for a in self.aggregates()]
        assert after != before, f"{command} was applied but changed nothing"

    def when(self, days: int) -> date:
        return START + timedelta(days=days)

    @rule(text=TEXT, actor=ACTORS, days=DAYS)
    def scope(self, text: str, actor: str, days: int) -> None:
        self.attempt("scope_review", text, actor=actor, on=self.when(days))

    @rule(title=TEXT, actor=ACTORS, days=DAYS)
    def evidence(self, title: str, actor: str, days: int) -> None:
        self.attempt("record_evidence_session", title=title, actor=actor, on=self.when(days))

    @rule(actor=ACTORS, days=DAYS, count=st.integers(min_value=0, max_value=3))
    def agree_findings(self, actor: str, days: int, count: int) -> None:
        drafts = [DraftRecommendation(label=label, text=f"Recommendation {label} historic")
                  for label in LABELS[:count]]
        self.attempt("agree_findings", findings="Findings", recommendations=drafts, actor=actor,
                     on=self.when(days))

    @rule(label=LABEL, text=TEXT, days=DAYS)
    def add_draft(self, label: str, text: str, days: int) -> None:
        self.attempt("add_draft_recommendation", label=label, text=text, actor="adviser",
                     on=self.when(days))

    @rule(label=LABEL, days=DAYS)
    def amend(self, label: str, days: int) -> None:
        self.attempt("amend_recommendation_wording", label, replace="historic",
                     replacement="historical", actor="adviser", on=self.when(days))

    @rule(step=st.sampled_from(["refer_to_osmb", "resubmit_to_osmb", "endorse_by_osmb"]),
          days=DAYS)
    def osmb(self, step: str, days: int) -> None:
        self.attempt(step, actor="adviser", on=self.when(days))

    @rule(comments=TEXT, days=DAYS)
    def return_for_revision(self, comments: str, days: int) -> None:
        self.attempt("return_for_revision", comments=comments, actor="chair", on=self.when(days))

    @rule(days=DAYS, notice=st.integers(min_value=-5, max_value=5))
    def submit(self, days: int, notice: int) -> None:
        on = self.when(days)
        self.attempt("submit_to_cabinet", report_received_on=on,
                     notice_served_on=on + timedelta(days=notice), actor="adviser", on=on)

    @rule(
        answers=st.dictionaries(
            LABEL,
            st.builds(CabinetResponse, decision=st.sampled_from(list(CabinetDecision)),
                      reason=st.one_of(st.none(), st.just("Cabinet's reasons"))),
            max_size=3,
        ),
        days=DAYS,
    )
    def cabinet_response(self, answers: dict[str, CabinetResponse], days: int) -> None:
        self.attempt("record_cabinet_response", responses=answers, minute_number="C1",
                     actor="adviser", on=self.when(days))

    @rule(to=st.sampled_from(list(ReportedTo)), days=DAYS)
    def report_back(self, to: ReportedTo, days: int) -> None:
        self.attempt("report_response_back", reported_to=to, actor="adviser", on=self.when(days))

    @rule(label=LABEL, rag=st.one_of(st.none(), st.sampled_from(list(RAGStatus))), note=TEXT,
          days=DAYS)
    def progress(self, label: str, rag: RAGStatus | None, note: str, days: int) -> None:
        self.attempt("record_progress", label, rag=rag, note=note, actor="officer",
                     on=self.when(days))

    @rule(label=LABEL, new_target=st.sampled_from(["Mar-21", "2023-02-30", "2024-06", "soon"]),
          reason=TEXT, days=DAYS)
    def revise_target(self, label: str, new_target: str, reason: str, days: int) -> None:
        self.attempt("revise_target_date", label, target_date=new_target, reason=reason,
                     actor="officer", on=self.when(days))

    @rule(label=LABEL, step=st.sampled_from(
        ["propose_completion", "confirm_completion", "refuse_completion",
         "close_recommendation_as_superseded"]), days=DAYS)
    def completion(self, label: str, step: str, days: int) -> None:
        argument = {"refuse_completion": "reasons",
                    "close_recommendation_as_superseded": "reason"}.get(step, "evidence")
        self.attempt(step, label, **{argument: "Evidence"}, actor="adviser", on=self.when(days))

    @rule(days=DAYS)
    def close(self, days: int) -> None:
        self.attempt("close_review", actor="adviser", on=self.when(days))

    @rule(days=DAYS, chance=st.integers(min_value=0, max_value=9))
    def withdraw(self, days: int, chance: int) -> None:
        if chance == 0:  # rarely, or few sequences would get past a withdrawal
            self.attempt("withdraw_review", reason="No longer needed", actor="adviser",
                         on=self.when(days))

    # Taking an allowed step is four rules out of twenty, so sequences reach deep states.
    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        self.take_an_allowed_step(data)

    @rule(data=st.data())
    def advance_further(self, data: st.DataObject) -> None:
        self.take_an_allowed_step(data)

    @rule(data=st.data())
    def implement(self, data: st.DataObject) -> None:
        self.take_an_implementation_step(data)

    @rule(data=st.data())
    def implement_further(self, data: st.DataObject) -> None:
        self.take_an_implementation_step(data)

    def take_an_implementation_step(self, data: st.DataObject) -> None:
        review = self.service.get_review(self.reference)
        live = [r for r in self.service.recommendations_of(review) if r.allowed_steps()]
        if not live:
            self.take_an_allowed_step(data)
            return
        recommendation = live[data.draw(st.integers(min_value=0, max_value=len(live) - 1))]
        step = data.draw(st.sampled_from(recommendation.allowed_steps()))
        argument = {
            "record_progress": {"rag": RAGStatus.AMBER, "note": "Progress"},
            "revise_target_date": {"target_date": "Mar-23", "reason": "Slipped"},
            "propose_completion": {"evidence": "Done"},
            "confirm_completion": {"evidence": "Checked"},
            "refuse_completion": {"reasons": "Not yet"},
            "close_as_superseded": {"reason": "Superseded"},
            "assign_responsible_officer": {"officer": data.draw(st.sampled_from(["A", "B"]))},
        }.get(step)
        if argument is None:  # record_cabinet_response for a deferred one
            self.take_an_allowed_step(data)
            return
        command = {"close_as_superseded": "close_recommendation_as_superseded"}.get(step, step)
        self.attempt(command, recommendation.label, **argument, actor="officer",
                     on=self.when(4100))

    def take_an_allowed_step(self, data: st.DataObject) -> None:
        review = self.service.get_review(self.reference)
        steps = [s for s in review.allowed_steps() if s != "withdraw"]
        labels = review.recommendation_labels
        if not steps:
            return
        step = data.draw(st.sampled_from(steps))
        on = self.when(data.draw(st.integers(min_value=3000, max_value=4000)))
        common = {"actor": "adviser", "on": on}
        match step:
            case "scope":
                self.attempt("scope_review", "Scope", **common)
            case "record_evidence_session":
                self.attempt("record_evidence_session", title="Session", **common)
            case "agree_findings":
                self.agree_findings("adviser", 3000, 3)
            case "add_draft_recommendation" | "withdraw_draft_recommendation" | (
                "amend_recommendation_wording"
            ):
                self.amend(data.draw(st.sampled_from(labels or ["1"])), 3000)
            case "refer_to_osmb" | "resubmit_to_osmb":
                self.attempt(step, **common)
            case "endorse":
                self.attempt("endorse_by_osmb", **common)
            case "return_for_revision":
                self.attempt("return_for_revision", comments="Revise", **common)
            case "submit_to_cabinet":
                self.attempt("submit_to_cabinet", **common)
            case "record_cabinet_response":
                decision = data.draw(st.sampled_from(list(CabinetDecision)))
                self.attempt(
                    "record_cabinet_response",
                    responses={label: CabinetResponse(decision=decision, reason="Because")
                               for label in labels},
                    actor="adviser", on=self.when(4000),
                )
            case "report_response_back":
                self.attempt("report_response_back", reported_to=ReportedTo.COUNCIL,
                             actor="adviser", on=self.when(4000))
            case "close":
                self.close(4100)

    @invariant()
    def stored_state_reloads_identically(self) -> None:
        fresh = ScrutinyService(env=self.env, clock=self.clock)
        if self.env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
            fresh = self.service  # the in-memory store lives in this process only
        for aggregate in self.aggregates():
            reloaded = fresh.repository.get(aggregate.id)
            assert state_of(reloaded) == state_of(aggregate)

    @invariant()
    def review_and_recommendations_agree(self) -> None:
        review = self.service.get_review(self.reference)
        recommendations = self.service.recommendations_of(review)
        event(f"review reached {review.status}")
        for recommendation in recommendations:
            event(f"recommendation reached {recommendation.status}")
        assert len({r.label for r in recommendations}) == len(review.recommendation_labels)
        statuses = {r.status for r in recommendations}
        past_cabinet = {
            ReviewStatus.SUBMITTED_TO_CABINET, ReviewStatus.CABINET_RESPONDED,
            ReviewStatus.RESPONSE_REPORTED, ReviewStatus.CLOSED,
        }
        if review.status in past_cabinet:
            assert RecommendationStatus.DRAFT not in statuses
        if review.status in {ReviewStatus.CABINET_RESPONDED, ReviewStatus.RESPONSE_REPORTED}:
            assert RecommendationStatus.AWAITING_RESPONSE not in statuses
        if review.status == ReviewStatus.CLOSED:
            assert not statuses & OPEN_STATUSES
        for recommendation in recommendations:
            if recommendation.status in {RecommendationStatus.REJECTED,
                                         RecommendationStatus.DEFERRED}:
                assert recommendation.cabinet_response is not None
                assert recommendation.cabinet_response.reason


PROPERTY_SETTINGS = settings(
    max_examples=60, stateful_step_count=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_commands_in_any_order_on_the_in_memory_store() -> None:
    run_state_machine_as_test(ReviewCommands, settings=PROPERTY_SETTINGS)


def test_commands_in_any_order_reload_identically_from_the_store(database_url: str) -> None:
    class OnStore(ReviewCommands):
        pass

    OnStore.database_url = database_url
    run_state_machine_as_test(
        OnStore, settings=settings(PROPERTY_SETTINGS, max_examples=12, stateful_step_count=20)
    )
