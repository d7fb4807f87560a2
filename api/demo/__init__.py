"""Demo data: real cases of Rotherham's Improving Lives Select Commission (../shared/seeds).

Each case is loaded in one transaction, under a fixed reference, so loading twice duplicates
nothing and a crash never leaves half a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.demo import (
    cultural_strategy,
    hmip_yot_action_plan,
    post_cse_support,
    school_governors,
)
from domain.service import ScrutinyService

CASES: list[tuple[str, Callable[[ScrutinyService], None]]] = [
    (school_governors.REFERENCE, school_governors.load),
    (post_cse_support.REFERENCE, post_cse_support.load),
    (cultural_strategy.REFERENCE, cultural_strategy.load),
    (hmip_yot_action_plan.REFERENCE, hmip_yot_action_plan.load),
]


@dataclass(frozen=True)
class DemoResult:
    loaded: list[str]
    already_present: list[str]


def load_demo(service: ScrutinyService) -> DemoResult:
    loaded: list[str] = []
    present: list[str] = []
    for reference, load in CASES:
        if service.review_id(reference) in service.repository:
            present.append(reference)
            continue
        with service.unit_of_work():
            load(service)
        loaded.append(reference)
    return DemoResult(loaded=loaded, already_present=present)
