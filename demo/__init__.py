"""Demo data: real cases of Rotherham's Improving Lives Select Commission, transcribed from
its minutes and reports (each record names its paper: the meeting, the item and the seed file).

Each case is loaded in one transaction, under a fixed reference, so loading twice duplicates
nothing and a crash never leaves half a case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.service import ScrutinyService
from demo import (
    cultural_strategy,
    hmip_yot_action_plan,
    ilsc_work_programme,
    post_cse_support,
    school_governors,
)


def _review_present(reference: str) -> Callable[[ScrutinyService], bool]:
    return lambda service: service.review_id(reference) in service.repository


CASES: list[tuple[str, Callable[[ScrutinyService], bool], Callable[[ScrutinyService], None]]] = [
    (school_governors.REFERENCE, _review_present(school_governors.REFERENCE),
     school_governors.load),
    (post_cse_support.REFERENCE, _review_present(post_cse_support.REFERENCE),
     post_cse_support.load),
    (cultural_strategy.REFERENCE, _review_present(cultural_strategy.REFERENCE),
     cultural_strategy.load),
    (hmip_yot_action_plan.REFERENCE, _review_present(hmip_yot_action_plan.REFERENCE),
     hmip_yot_action_plan.load),
    ("ilsc-work-programme-2019-20", ilsc_work_programme.draft_present,
     ilsc_work_programme.load_draft_2019_20),
    ("ilsc-work-programme-2021-22", ilsc_work_programme.present, ilsc_work_programme.load),
]


@dataclass(frozen=True)
class DemoResult:
    loaded: list[str]
    already_present: list[str]


def load_demo(service: ScrutinyService) -> DemoResult:
    loaded: list[str] = []
    already: list[str] = []
    for reference, is_present, load in CASES:
        if is_present(service):
            already.append(reference)
            continue
        with service.unit_of_work():
            load(service)
        loaded.append(reference)
    return DemoResult(loaded=loaded, already_present=already)
