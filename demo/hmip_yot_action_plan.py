"""The HMIP inspection of Rotherham Youth Offending Team: its action plan and progress.

HMIP published its report on 17 December 2020 with five recommendations; the action plan was
submitted to the Youth Justice Board on 11 January 2021. Statuses and progress are those of
version 0.9 of the plan, 15 July 2021, as presented to the ILSC on 3 May 2022: 65 action rows,
19 of them duplicates of another, leaving 46 distinct actions (45 completed, 1 progressing).
The version does not say when each was completed: where a row prints it, that day (COMPLETED);
otherwise on or before 15 July 2021.
"""

from __future__ import annotations

from datetime import date

from application.service import PlannedAction, ScrutinyService
from demo.hmip_yot_action_plan_data import ACTIONS, FINDINGS
from domain.known_dates import DateKnown, KnownDate
from domain.review import InspectionFinding
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

COMPLETED = {
    # "Extraordinary Board Meeting took place on 20th January 2021 and information presented
    # to the board."
    "1.1": KnownDate(date(2021, 1, 20)),
    # "Foster Carer sessions were run on the 16th, 17th, 18th and 19th of March 2021": done by
    # the last of them.
    "2.4": KnownDate(date(2021, 3, 19), known=DateKnown.ON_OR_BEFORE),
    # "Agreed at 15th March 2021 Board."
    "20.2": KnownDate(date(2021, 3, 15)),
}
"""Completions whose row of version 0.9 prints when they happened; every other completion is
known only as on or before 15 July 2021, the version's date."""


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
        # Version 0.9 gives each action's status on 15 July 2021. An action it shows as
        # completed was completed on or before that day: the plan does not say when.
        status = ActionStatus(row.status)
        service.record_action_progress(
            REFERENCE, row.number, status=status, note=row.progress or None,
            on=COMPLETED.get(row.number, KnownDate(VERSION_0_9, known=DateKnown.ON_OR_BEFORE))
            if status == ActionStatus.COMPLETED else VERSION_0_9,
            source=PROGRESS, actor=ACTOR,
        )
    report_practice_examples(service)


ILSC = date(2022, 5, 3)
ILSC_ITEM = "ILSC 3 May 2022, item 8: HMIP Inspection Action Plan Progress Report"
# The report's exemption paragraph, as the agenda pack prints it.
EXEMPTION_REASON = (
    "This item contains sensitive information relating to individuals' involvement in the youth "
    "justice system which could disadvantage the individuals if the information was to be made "
    "public. The public interest in maintaining the exemption outweighs the public interest in "
    "disclosing the information as the parties' interests could be prejudiced by disclosure of "
    "this personal information."
)


def report_practice_examples(service: ScrutinyService) -> None:
    """The "Youth Justice Practice Examples" went to the ILSC with the progress report, exempt
    under Schedule 12A paragraphs 1 and 2. They are recorded as a progress note on the one action
    still in progress (2.3), and that note is marked exempt. The papers give no date for
    reviewing the exemption; the demo uses one year from the meeting."""
    service.record_action_progress(
        REFERENCE, "2.3", status=ActionStatus.PROGRESSING_ON_TRACK,
        note="Youth Justice Practice Examples: examples of current practice with individual "
        "children and young people, presented to the Commission with the progress report.",
        on=ILSC, source=f"{ILSC_ITEM} (exempt appendix)", actor=ACTOR,
    )
    notes = len(service.get_action(REFERENCE, "2.3").progress_updates)
    service.mark_exempt(
        REFERENCE, action="2.3", note=notes, paragraphs=[1, 2], reason=EXEMPTION_REASON,
        review_by=date(2023, 5, 3), on=ILSC,
        source=f"{ILSC_ITEM}; review-by date not in the papers (set for the demo)", actor=ACTOR,
    )
