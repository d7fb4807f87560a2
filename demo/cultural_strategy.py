"""Cultural Strategy: a spotlight review, recommendations a) to d).

The review met on 2 February 2022 (Members of the Improving Places and Improving Lives Select
Commissions with Culture, Sport and Tourism service leads and the Cabinet Member for Social
Inclusion); ILSC resolved on 3 May 2022 to submit its recommendations to OSMB. Source: the ILSC
agenda pack for 3 May 2022, report of Katherine Harclerode, Governance Advisor.
"""

from __future__ import annotations

from datetime import date

from application.service import DraftRecommendation, ScrutinyService
from domain.values import ReviewKind

REFERENCE = "cultural-strategy"
COMMISSION = "Improving Lives Select Commission"
REVIEW_MEETING = date(2022, 2, 2)
ILSC = date(2022, 5, 3)
ILSC_SOURCE = "ILSC 3 May 2022, item 9: Scrutiny Review Recommendations – Cultural Strategy"
EARLIER = (
    "Members agreed in 2021 to prioritise the strategy's implementation for a spotlight review; "
    "the exact date is not in the seed papers, so it is recorded on the review meeting's date"
)
MEMBERS = [
    "Councillor Pitchley", "Councillor Atkin", "Councillor Cooksey", "Councillor Keenan",
    "Councillor Griffin", "Councillor Havard", "Councillor McNeely", "Councillor Sansome",
]

RECOMMENDATIONS = {
    "a": "That the range of available activities tailored for young residents of the Borough be "
    "prioritised for expansion.",
    "b": "That consideration be given to how best to expand access, especially for young people, "
    "to recreational swimming in the Borough, whilst protecting against hazards.",
    "c": "That the service liaises with CYPS to develop a system to help young carers more easily "
    "access opportunities for leisure and culture-related respite.",
    "d": "With a view to expanding access, that consideration be given to hosting cultural events "
    "at alternating and varied locations and venues throughout the Borough where appropriate.",
}

ACTOR = "demo-loader"


def load(service: ScrutinyService) -> None:
    service.propose_review(
        reference=REFERENCE, title="Cultural Strategy", commission=COMMISSION,
        kind=ReviewKind.SPOTLIGHT, members=MEMBERS, on=REVIEW_MEETING, source=EARLIER, actor=ACTOR,
    )
    service.scope_review(
        REFERENCE,
        "To obtain assurances that the service was responsive to changing needs of communities "
        "and to ensure inclusive access to cultural activities in the Borough (Rotherham's "
        "Cultural Strategy 2019-2026, agreed by Cabinet on 10 June 2019).",
        on=REVIEW_MEETING, source=EARLIER, actor=ACTOR,
    )
    service.record_evidence_session(
        REFERENCE,
        title="Spotlight review meeting",
        witnesses=[
            "Culture, Sport and Tourism Service Leads", "Cabinet Member for Social Inclusion"
        ],
        notes="Members of Improving Places Select Commission and Improving Lives Select "
        "Commission met Culture, Sport and Tourism Service Leads and the Cabinet Member for "
        "Social Inclusion.",
        on=REVIEW_MEETING, source="Spotlight review meeting, 2 February 2022", actor=ACTOR,
    )
    service.agree_findings(
        REFERENCE,
        findings="Members discussed recreational swimming and its hazards, activities and events "
        "for young people (libraries remaining a powerful resource), an enhanced recreation offer "
        "for young carers, simplification of discounts (RotherCard) and hosting events at "
        "alternating venues with clear signage.",
        recommendations=[DraftRecommendation(label=k, text=v) for k, v in RECOMMENDATIONS.items()],
        on=ILSC, source=ILSC_SOURCE, actor=ACTOR,
    )
    service.refer_to_osmb(REFERENCE, on=ILSC, source=ILSC_SOURCE, actor=ACTOR)
