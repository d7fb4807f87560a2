"""Post-CSE Support: the report of an ILSC sub-group, recommendations a) to h).

ILSC resolved on 22 December 2021 to submit the recommendations to OSMB and Cabinet, and that
Cabinet's response be reported back to Council within two calendar months of its submission;
Cabinet approved them on 14 February 2022. Source: the ILSC work programme updated 8 March 2022.
"""

from __future__ import annotations

from datetime import date

from application.service import DraftRecommendation, ScrutinyService
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, ReviewKind

REFERENCE = "post-cse-support"
COMMISSION = "Improving Lives Select Commission"
ILSC = date(2021, 12, 22)
ILSC_SOURCE = "ILSC 22 December 2021, Post-CSE Support (work programme updated 8 March 2022)"
CABINET = date(2022, 2, 14)
CABINET_SOURCE = "Cabinet 14 February 2022: recommendations approved (ILSC work programme)"
EARLIER = (
    "Date not given in the seed papers; recorded on the date of the ILSC meeting that received "
    "the sub-group's report, 22 December 2021"
)
BETWEEN = (
    "Date not given in the seed papers; recorded on the date of Cabinet's approval, "
    "14 February 2022"
)

RECOMMENDATIONS = {
    "a": "That post-CSE services are transferred to the Adult Social Care, Housing and Public "
    "Health directorate to enable the greater integration and coordination of support pathways "
    "that are available to adult victims of trauma as children.",
    "b": "That further work is undertaken with relevant partners and survivors to improve the "
    "ways in which survivors' voices are captured to inform future reviews of post-abuse "
    "services (for example drawing on the research from Sheffield Hallam University, the "
    "development of voice and influence groups or other survivor's forums).",
    "c": "That consideration is given to appropriate governance arrangements to enable elected "
    "members to provide a steer on the activity that is taking place within the Borough to stop "
    "CSE/CCE and support survivors.",
    "d": "That the Improving Lives Select Commission continue to monitor the provision of "
    "post-abuse support to survivors of CSE.",
    "e": "In relation to recommendations c) and d), that consideration is given how survivors' "
    "voices to inform these processes.",
    "f": "To emphasise the shared responsibility of all elected members, that an annual training "
    "event/workshop is delivered. This is to ensure that all elected members are kept up to date "
    "with the activity within the Borough to protect young people from being at risk of harm "
    "from CSE/CCE and support adult survivors to move forwards in their lives.",
    "g": "That the relevant Strategic Directors explore options for sharing best practice with "
    "other local authorities in the Yorkshire and Humber Region.",
    "h": "Drawing on the good practice from Durham County Council, that consideration is given is "
    "given to the language used in the provision of post-CSE support to ensure that it is "
    "positive and inclusive of the needs of those accessing services.",
}

ACTOR = "demo-loader"


def load(service: ScrutinyService) -> None:
    service.propose_review(
        reference=REFERENCE, title="Post-CSE Support", commission=COMMISSION,
        kind=ReviewKind.SUB_GROUP, on=ILSC, source=EARLIER, actor=ACTOR,
    )
    service.scope_review(
        REFERENCE, "Post-abuse support to survivors of child sexual exploitation (CSE) in "
        "Rotherham.", on=ILSC, source=EARLIER, actor=ACTOR,
    )
    service.record_evidence_session(
        REFERENCE, title="Sub-group evidence gathering", on=ILSC, source=EARLIER, actor=ACTOR
    )
    service.agree_findings(
        REFERENCE,
        findings="To receive the report from the sub-group of ILSC on Post-CSE Support. "
        "Resolved: that the report be noted, and the recommendations be submitted to OSMB and "
        "Cabinet for approval.",
        recommendations=[DraftRecommendation(label=k, text=v) for k, v in RECOMMENDATIONS.items()],
        on=ILSC, source=ILSC_SOURCE, actor=ACTOR,
    )
    service.refer_to_osmb(REFERENCE, on=ILSC, source=ILSC_SOURCE, actor=ACTOR)
    service.endorse_by_osmb(REFERENCE, on=CABINET, source=BETWEEN, actor=ACTOR)
    # "2) That the response of Cabinet to the recommendations be reported back to Council within
    # two calendar months of its submission."
    service.submit_to_cabinet(
        REFERENCE, report_to_council=True, on=CABINET, source=BETWEEN, actor=ACTOR
    )
    service.record_cabinet_response(
        REFERENCE,
        responses={
            label: CabinetResponse(decision=CabinetDecision.ACCEPTED, response="Approved")
            for label in RECOMMENDATIONS
        },
        on=CABINET, source=CABINET_SOURCE, actor=ACTOR,
    )
