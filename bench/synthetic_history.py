"""A synthetic but realistic scrutiny history: councils × years of reviews, made through the
service (so every event is one the domain would accept).

Each review has 4–20 recommendations, goes through OSMB to Cabinet, gets a response (about one in
six late), is reported back, and then has monthly progress updates on its accepted
recommendations for up to a year, some completed. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from application.service import DraftRecommendation, ScrutinyService
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, RAGStatus, ReportedTo, ReviewKind

KINDS = [ReviewKind.FULL, ReviewKind.SPOTLIGHT, ReviewKind.SUB_GROUP, ReviewKind.TASK_AND_FINISH]
COMMISSIONS = ["Improving Lives Select Commission", "Improving Places Select Commission",
               "Health Select Commission", "Overview and Scrutiny Management Board"]


def make_review(service: ScrutinyService, rng: random.Random, council: int, number: int,
                start: date) -> int:
    """Record one review's whole history in one transaction; returns how many events."""
    before = service.recorder.max_notification_id() or 0
    reference = f"c{council}-r{number}"
    actor = f"adviser-{council}"
    on = start
    with service.unit_of_work():
        service.propose_review(reference=reference, title=f"Review {number} of council {council}",
                               commission=rng.choice(COMMISSIONS), kind=rng.choice(KINDS),
                               actor=actor, on=on)
        on += timedelta(days=rng.randint(7, 30))
        service.scope_review(reference, "Terms of reference", actor=actor, on=on)
        on += timedelta(days=rng.randint(14, 60))
        service.record_evidence_session(reference, title="Evidence session", actor=actor, on=on)
        on += timedelta(days=rng.randint(14, 60))
        labels = [str(n) for n in range(1, rng.randint(4, 20) + 1)]
        service.agree_findings(
            reference, findings="Findings",
            recommendations=[DraftRecommendation(label=label, text=f"Recommendation {label}")
                             for label in labels],
            actor=actor, on=on,
        )
        service.refer_to_osmb(reference, actor=actor, on=on)
        on += timedelta(days=rng.randint(7, 30))
        service.endorse_by_osmb(reference, actor=actor, on=on)
        on += timedelta(days=rng.randint(1, 14))
        service.submit_to_cabinet(reference, actor=actor, on=on)
        late = rng.random() < 1 / 6
        on += timedelta(days=rng.randint(62, 120) if late else rng.randint(20, 58))
        decisions = {}
        for label in labels:
            decision = rng.choices(list(CabinetDecision), weights=[80, 8, 8, 4])[0]
            target = on + timedelta(days=rng.randint(90, 540))
            decisions[label] = CabinetResponse(
                decision=decision, reason=None if decision == "accepted" else "Reasons",
                responsible_officer=f"officer-{council}-{rng.randint(1, 12)}",
                target_date=target.strftime("%Y-%m"),
            )
        service.record_cabinet_response(reference, responses=decisions, minute_number="C1",
                                        actor=actor, on=on)
        on += timedelta(days=rng.randint(14, 45))
        service.report_response_back(reference, reported_to=ReportedTo.COMMISSION, actor=actor,
                                     on=on)
        accepted = [label for label, r in decisions.items()
                    if r.decision in ("accepted", "partially_accepted")]
        for month in range(1, rng.randint(2, 12) + 1):
            when = on + timedelta(days=30 * month)
            for label in accepted:
                if rng.random() < 0.8:
                    service.record_progress(reference, label, rag=rng.choice(list(RAGStatus)[:3]),
                                            note="Monthly update", actor=f"officer-{council}",
                                            on=when)
        finish = on + timedelta(days=400)
        for label in accepted:
            if rng.random() < 0.4:
                service.propose_completion(reference, label, evidence="Done",
                                           actor=f"officer-{council}", on=finish)
                service.confirm_completion(reference, label, evidence="Checked", actor=actor,
                                           on=finish + timedelta(days=7))
    return (service.recorder.max_notification_id() or 0) - before


def make_history(service: ScrutinyService, councils: int, years: int,
                 reviews_per_year: int = 5, seed: int = 2026) -> int:
    """Councils × years of reviews; returns the number of events recorded."""
    rng = random.Random(seed)
    events = 0
    for council in range(councils):
        for year in range(years):
            for number in range(reviews_per_year):
                start = date(2012 + year, 1, 1) + timedelta(days=rng.randint(0, 300))
                events += make_review(service, rng, council, year * reviews_per_year + number,
                                      start)
    return events
