"""The HMIP inspection of Rotherham Youth Offending Team: its action plan and progress.

HMIP published its report on 17 December 2020 with five recommendations; the action plan was
submitted to the Youth Justice Board on 11 January 2021. Statuses and progress are those of
version 0.9 of the plan, 15 July 2021, as presented to the ILSC on 3 May 2022: 65 action rows,
19 of them duplicates of another, leaving 46 distinct actions (45 completed, 1 progressing).
"""

from __future__ import annotations

from datetime import date

from api.demo.hmip_yot_action_plan_data import ACTIONS, FINDINGS
from domain.review import InspectionFinding
from domain.service import PlannedAction, ScrutinyService
from domain.values import ActionStatus, ReviewKind

REFERENCE = "hmip-yot-inspection-action-plan"
COMMISSION = "Improving Lives Select Commission"
PUBLISHED = date(2020, 12, 17)
SUBMITTED = date(2021, 1, 11)
VERSION_0_9 = date(2021, 7, 15)
REPORT = (
    "An inspection of youth offending services in Rotherham, HM Inspectorate of Probation, "
    "December 2020"
)
PLAN = "Inspection Action Plan submitted to the Youth Justice Board, 11 January 2021"
PROGRESS = "Inspection Action Plan 2021, version 0.9, 15 July 2021 (ILSC 3 May 2022, Appendix 1)"

ACTOR = "demo-loader"


def load(service: ScrutinyService) -> None:
    service.propose_review(
        reference=REFERENCE,
        title="HMIP Inspection of Rotherham Youth Offending Team: Inspection Action Plan",
        commission=COMMISSION, kind=ReviewKind.INSPECTION_ACTION_PLAN, on=PUBLISHED,
        source=REPORT, actor=ACTOR,
    )
    service.record_action_plan(
        REFERENCE,
        findings=[
            InspectionFinding(number=f.number, section=f.section, text=f.text) for f in FINDINGS
        ],
        actions=[
            PlannedAction(
                number=row.number, text=row.text, owner=row.owner or None,
                by_when=row.by_when or None, duplicate_of=row.duplicate_of,
            )
            for row in ACTIONS
        ],
        on=SUBMITTED, source=PLAN, actor=ACTOR,
    )
    for row in ACTIONS:
        if row.status == ActionStatus.DUPLICATE:
            continue
        service.record_action_progress(
            REFERENCE, row.number, status=ActionStatus(row.status), note=row.progress or None,
            on=VERSION_0_9, source=PROGRESS, actor=ACTOR,
        )
