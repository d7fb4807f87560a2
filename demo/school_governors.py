"""The Role of School Governors: a full review of the Improving Lives Select Commission.

Cabinet accepted the review's outcomes on 21 November 2012 (minute C97) and rejected
recommendation 12; the Co-ordinator of Governor Services reported progress on all sixteen to the
ILSC on 10 July 2013 (minute 15). Source: ILSC minutes of 10 July 2013.
"""

from __future__ import annotations

from datetime import date

from application.service import DraftRecommendation, ScrutinyService
from domain.known_dates import DateKnown, KnownDate
from domain.recommendation import CabinetResponse
from domain.values import CabinetDecision, ReportedTo, ReviewKind

REFERENCE = "role-of-school-governors"
COMMISSION = "Improving Lives Select Commission"
CABINET = date(2012, 11, 21)
CABINET_SOURCE = (
    "Cabinet 21 November 2012, minute C97 (Response to Scrutiny Review: The Role of School "
    "Governors)"
)
UPDATE = date(2013, 7, 10)
UPDATE_SOURCE = "ILSC 10 July 2013, minute 15"
BY_CABINET = KnownDate(CABINET, known=DateKnown.ON_OR_BEFORE)
"""The review, its work and its findings came before the Cabinet's response; the papers give no
earlier date."""
NOT_GIVEN = (
    "The seed papers begin with the Cabinet's response of 21 November 2012 (minute C97, as the "
    "ILSC minutes of 10 July 2013 report it): they give no scope, evidence sessions, OSMB "
    "consideration or date of submission to the Cabinet"
)

RECOMMENDATIONS = {
    "1": "School Governors' Taskforce",
    "2": "Recruitment – development of a generic person specification",
    "3": "Each School be encouraged to develop a more specific role description",
    "4": "Local Authority Officers to be encouraged to become Governors",
    "5": "Payment of expenses",
    "6": "The Cabinet Member for Children, Young People and Families clarifies what expectations "
    "the Local Authority has of its appointees, including attendance at learning and development "
    "events",
    "7": "Prior to recruitment, LA appointed Governors complete an expression of interest form "
    "and undergo a recruitment process that clearly outlines the roles and responsibilities of "
    "LA Governors",
    "8": "Induction and Training",
    "9": "Programme for Continued Professional Development be developed, including the greater "
    "use of e-learning and resources from the National College. This programme should include "
    "learning resources to support any specific roles or responsibilities (eg performance "
    "management, HR, chairing skills",
    "10": "Headteachers to receive training or guidance in working with Governing Bodies",
    "11": "Training in Self Evaluation techniques should be undertaken by all Governing Bodies "
    "with a view to undertaking this exercise every two years in line with National Governors "
    "Association criteria",
    "12": "A Personal Development Review (PDR) to be undertaken (by appropriate staff/governor in "
    "school or through peer arrangements) ideally every two years with each Governor",
    "13": "Greater use should be made of online training by all school governors through the NGA "
    "and Modern Governor",
    "14": "Further work should be undertaken by the Governor Development Service, with the "
    "Rotherham Schools' Forum, to look at options to provide enhanced support to clerks. The "
    "review group suggest that this role could be undertaken across a cluster of schools by one "
    "'adviser', whilst each body retained its clerk to undertake administrative tasks.",
    "15": "The review supports the continuation and strengthening of the Governor Development "
    "Service within the current learning communities and other partnership arrangements.",
    "16": "That the web pages hosted on the Council's own and associated websites (e.g. Rotherham "
    "Connected Learning) are updated to ensure that relevant resources (such as role "
    "descriptions, guidance and links to other sites) are available online",
}

# Progress on each, as the Co-ordinator of Governor Services reported it on 10 July 2013. The
# minutes give no RAG ratings, so none is invented. Recommendation 15: "No update provided."
PROGRESS_10_JULY_2013 = {
    "1": "One overarching Taskforce had not been created, but aspects had been selected and "
    "groups of Governors had been tasked with certain areas and identifying and developing areas "
    "of good practice. This approach had responded to the development of the school-on-school "
    "support model that Learners First Ltd. were working towards, including the use of peer "
    "mentoring and training opportunities. A toolkit had been developed to identify good "
    "practice which would be available on the internet for Governing Bodies in September, 2013. "
    "Relevant areas where this was taking place included safeguarding issues. It was noted that "
    "national legislation and guidance was due to be published in the area.",
    "2": "Production of this had been postponed whilst the Department for Education was updating "
    "the 'Handbook for Governors'. The handbook was delayed from the expected date of "
    "publication in May, 2013. It was envisaged that the updated material would be available "
    "from September, 2013. Work would then commence and the template person specification would "
    "be published.",
    "3": "This had already been completed and had been published in January, 2013. The guidance "
    "would be reviewed in September, 2013, following publication of the 'Handbook'.",
    "4": "This would be an on-going communication to Rotherham MBC employees.",
    "5": "National government guidance had recently been published relating to this area. A "
    "review of Rotherham's policy would take place in light of the revised guidance and any "
    "changes would be published in the Autumn Term, 2013.",
    "6": "Actioning of this had been postponed pending receipt of the National Government's "
    "guidance.",
    "7": "Actioning of this had been postponed pending receipt of the National Government's "
    "guidance.",
    "8": "The Local Authority was continuing to publish opportunities available to Governors, "
    "ensuring that updated training programmes and e-learning modules were available. Learners "
    "First Ltd. were also developing and communicating a programme of training opportunities. "
    "Usually at their autumn term meeting, governing bodies reviewed their training and "
    "development needs and how these would impact on the school.",
    "9": "See update in relation to Recommendation 8.",
    "10": "This work would be led by Learners First Ltd. This would intend to support Governors "
    "to assess strengths and weaknesses and ask challenging questions of Headteachers.",
    "11": "Guidance on self-evaluation would be provided to Governors to help them to challenge "
    "and assess their own performance.",
    "13": "The training resources available through Modern Governor were raised at a recent "
    "Chairs and Vice Chairs meeting. Clerks to Governing Bodies would also be asked to circulate "
    "the information in their September Briefing.",
    "14": "Learners First Ltd. were developing this offer. This was already taking place in some "
    "Learning Communities.",
    "16": "This issue was ongoing and continual monitoring would take place.",
}

ACTOR = "demo-loader"


def load(service: ScrutinyService) -> None:
    service.propose_review(
        reference=REFERENCE, title="The Role of School Governors", commission=COMMISSION,
        kind=ReviewKind.FULL, on=BY_CABINET, source=CABINET_SOURCE, actor=ACTOR,
    )
    service.leave_steps_unrecorded(REFERENCE, until="agree_findings", reason=NOT_GIVEN,
                                   on=BY_CABINET, source=CABINET_SOURCE, actor=ACTOR)
    service.agree_findings(
        REFERENCE,
        findings="The review made sixteen recommendations on the recruitment, development and "
        "support of school governors.",
        recommendations=[DraftRecommendation(label=k, text=v) for k, v in RECOMMENDATIONS.items()],
        on=BY_CABINET, source=CABINET_SOURCE, actor=ACTOR,
    )
    service.leave_steps_unrecorded(REFERENCE, until="record_cabinet_response", reason=NOT_GIVEN,
                                   on=BY_CABINET, source=CABINET_SOURCE, actor=ACTOR)
    responses = {
        label: CabinetResponse(decision=CabinetDecision.ACCEPTED, response="Accepted")
        for label in RECOMMENDATIONS
    }
    responses["12"] = CabinetResponse(
        decision=CabinetDecision.REJECTED,
        reason="This recommendation had been rejected as it would be difficult to implement and "
        "monitor.",
    )
    service.record_cabinet_response(
        REFERENCE, responses=responses, minute_number="C97", on=CABINET, source=CABINET_SOURCE,
        actor=ACTOR,
    )
    service.report_response_back(
        REFERENCE, reported_to=ReportedTo.COMMISSION, minute_number="15", on=UPDATE,
        source=UPDATE_SOURCE, actor=ACTOR,
    )
    for label, note in PROGRESS_10_JULY_2013.items():
        service.record_progress(
            REFERENCE, label, rag=None, note=note, on=UPDATE, source=UPDATE_SOURCE, actor=ACTOR
        )
