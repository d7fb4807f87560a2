"""The HMIP Youth Offending Team inspection action plan, version 0.9 of 15 July 2021.

Transcribed from the ILSC agenda pack of 3 May 2022 (Appendix 1). Wording, owners and
"by when" values are kept exactly as printed, typos included.
"""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    number: str  # "1" … "21"
    section: str  # "Recommendations", "Organisational delivery", "Court disposals", …
    text: str  # as printed, without the leading "N. "


class ActionRow(NamedTuple):
    number: str  # "1.1", "2.3", …
    text: str  # Action/Notes column as printed, "- SAME AS …" suffixes included
    owner: str  # Lead Action Owner ("" if empty)
    by_when: str  # By When as printed: "Jan-21", "To commence January 2021", "" if empty
    progress: str  # Progress Update ("" if empty)
    status: str  # completed, progressing_on_track, … or duplicate
    duplicate_of: str | None  # for duplicates: the action or finding number it repeats


FINDINGS: tuple[Finding, ...] = (
    Finding(
        "1",
        "Recommendations",
        (
            "Make sure that Board members understand the specific needs of children known to the "
            "YOT and advocate on their behalf in their own agencies."
        ),
    ),
    Finding(
        "2",
        "Recommendations",
        (
            "Ensure the partnership understands the reasons for the significant number of Looked "
            "After Children known to the YOT, and reviews the policies and practices of all "
            "agencies to minimise the possibility of children entering the criminal justice "
            "system unnecessarily"
        ),
    ),
    Finding(
        "3",
        "Recommendations",
        (
            "Undertake a comprehensive health needs analysis of YOT children to better "
            "understand the health provision being delivered and what needs to be developed"
        ),
    ),
    Finding(
        "4",
        "Recommendations",
        (
            "Review the quality and accessibility of education, training and employment "
            "provision for post-16-year-old children known to the service."
        ),
    ),
    Finding(
        "5",
        "Recommendations",
        (
            "Review the quality of risk of harm work and improve the effectiveness of management "
            "oversight in all cases."
        ),
    ),
    Finding(
        "6",
        "Organisational delivery",
        (
            "Although health provision is available through the Early Help Service, the "
            "arrangements do not recognise the specialised needs of children known to the YOT, "
            "including physical and emotional, mental health and wellbeing concerns."
        ),
    ),
    Finding(
        "7",
        "Organisational delivery",
        (
            "The pathways for YOT staff to access health services, for example speech, language "
            "and communication provision, lack clarity."
        ),
    ),
    Finding(
        "8",
        "Organisational delivery",
        (
            "Board members do not understand the specific needs of YOT children so cannot "
            "effectively advocate on their behalf in their own agencies."
        ),
    ),
    Finding(
        "9",
        "Organisational delivery",
        (
            "The Management Board and the partnership have not focused on why so many Looked "
            "After Children are known to the YOT."
        ),
    ),
    Finding(
        "10",
        "Organisational delivery",
        (
            "YOT figures for post-16-year-old children who are not in education, training and "
            "employment are high, and the partnership has not done enough work to review what "
            "provision is available in the locality for this cohort of children."
        ),
    ),
    Finding(
        "11",
        "Organisational delivery",
        (
            "Although YOT practitioners can access the interventions that are available as part "
            "of the wider Rotherham early help offer, there is little evidence that these "
            "services are regularly used for children known to the YOT."
        ),
    ),
    Finding(
        "12",
        "Organisational delivery",
        (
            "The inspection found that management oversight is poor both for post-court orders "
            "and out-of-court disposals."
        ),
    ),
    Finding(
        "13",
        "Court disposals",
        (
            "Assessing, delivering interventions and reviewing to keep other people safe were "
            "poor areas of practice that require improvement."
        ),
    ),
    Finding(
        "14",
        "Court disposals",
        (
            "The needs and wishes of victims were not always considered, and the potential "
            "impact on victims was not adequately assessed."
        ),
    ),
    Finding(
        "15",
        "Court disposals",
        "A lack of health input in relevant cases meant that some children's needs were not met.",
    ),
    Finding(
        "16",
        "Court disposals",
        (
            "When children were discussed at multiagency meetings it was not always evident in "
            "their cases what impact this had on their level of risk and the intervention"
        ),
    ),
    Finding(
        "17",
        "Court disposals",
        (
            "Although staff had received training on signs of safety and trauma-informed "
            "practice, there was limited evidence that these approaches were used with children"
        ),
    ),
    Finding(
        "18",
        "Out-of-court disposals",
        (
            "The lack of health provision in relevant cases hampered the work done to keep "
            "children safe"
        ),
    ),
    Finding(
        "19",
        "Out-of-court disposals",
        "Not all children were assessed before a disposal was delivered.",
    ),
    Finding(
        "20",
        "Out-of-court disposals",
        (
            "For out-of-court work generally, there was a capacity issue with the role of the "
            "seconded police officer, as there was insufficient resource to meet the work"
        ),
    ),
    Finding(
        "21",
        "Out-of-court disposals",
        (
            "Planning and the delivery of services for a child's safety and wellbeing and for "
            "keeping other people safe were poor"
        ),
    ),
)

ACTIONS: tuple[ActionRow, ...] = (
    ActionRow(
        "1.1",
        "Presentation on specific needs of YOT cohort to Board members",
        "Chair of the YOT Management Board",
        "Jan-21",
        (
            "Complete -Extraordinary Board Meeting took place on 20th January 2021 and "
            "information presented to the board. EVIDENCE REQUIRED: Minutes of meeting and "
            "powerpoint."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "2.1",
        (
            "Presentation to Board Members and Corporate Parenting Board regarding looked after "
            "children known to the YOT."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Mar-21",
        (
            "Complete - Extraordinary Board Meeting took place on 20th January 2021 and "
            "information presented to the board. Corporate parenting board on 2 March 2021 "
            "EVIDENCE REQUIRED: Minutes of meeting and powerpoint."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "2.2",
        "Review local Authority Policy – Looked after Children and Youth Justice",
        "Head of Service LAC",
        "Feb-21",
        "Policy has been revised and was agreed at Board on 21/06/2021.",
        "completed",
        None,
    ),
    ActionRow(
        "2.3",
        "Hold workshops for staff across CYPS and partnership to update knowledge and skills",
        "CYPS Training",
        "Mar-21",
        "Once the policy (2.2) has been agreed, training will be scheduled.",
        "progressing_on_track",
        None,
    ),
    ActionRow(
        "2.4",
        (
            "Provide bespoke training in Restorative Justice for staff in residential care homes "
            "and foster carers"
        ),
        "CYPS Training",
        "Mar-21",
        (
            "CYPS training to coordinate – agreed 5th January 2021. Training has now been "
            "commissioned. Currently working with LAC and Placements Team to arrange suitable "
            "delivery dates. Foster Carer sessions were run on the 16th , 17th , 18th and 19th "
            "of March 2021. 75 Foster Carers trained which is the equivalent of 52 households "
            "across the borough"
        ),
        "completed",
        None,
    ),
    ActionRow(
        "2.5",
        (
            "Review own agency policies and procedures to ensure that these are aligned with "
            "protocol for LAC."
        ),
        "Management Board",
        "Mar-21",
        (
            "Presented to the Board on 21/06/2021 and added to the Board's action log. To review "
            "at the next Board on 22/09/2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "3.1",
        "Health needs analysis to be completed. - SAME AS 6.1",
        "Management Board – CCG Manager",
        "Feb-21",
        (
            "Screening tools shared with CCG Manager 29/12/20 agreed to complete SALT, MH and PH "
            "Screening in January across current YOT cohort."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "3.2",
        "Review of Health Needs Analysis Findings - SAME AS 6.2",
        "Management Board – CCG Manager",
        "Mar-21",
        (
            "Information sharing arrangement currently being worked on. Paul Theaker updated "
            "Board on 15th March 2021. Report circulated to Board members."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "3.3",
        "Development of Health Pathways including: CAMHS, SALT, Q-19 - SAME AS 6.3",
        "Management Board – CCG Manager",
        "Mar-21",
        "All pathways are now completed and operational.",
        "completed",
        None,
    ),
    ActionRow(
        "3.4",
        "Implementation of pathways - SAME AS 6.4",
        "Management Board – CCG Manager",
        "Apr-21",
        "All pathways are now completed and operational.",
        "completed",
        None,
    ),
    ActionRow(
        "4.1",
        (
            "Meet with stakeholders across Sheffield City Region to ensure that provision is "
            "accessible, inclusive and sufficient to meet the needs of the cohort."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Apr-21",
        (
            "Met with post 16 providers in Rotherham regarding YOT cohort and contextual "
            "safeguarding <<insert date>>. Confirmed there is currently no stakeholder meeting "
            "within the region. Regular meetings with YOT heads of service across South "
            "Yorkshire to ensure consistent approach and identifying and resolving any shared "
            "barriers."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "4.2",
        "Meet with existing post 16 providers to develop pathways for YOT young people.",
        "Service Manager Evidence Based Hub",
        "May-21",
        "Variety of pathways and support in place for YOT cohort.",
        "completed",
        None,
    ),
    ActionRow(
        "4.3",
        (
            "To attend people and skills working group. Economic recovery group to ensure YOT "
            "cohort are considered in recovery planning."
        ),
        "Early Help ESF Lead",
        "Jan-21",
        (
            "Discussion with Jenny Lawless/ Rachel Jackson – RJ to take this action forward at "
            "next P&S Working Group. YOT cohort is considered in planning. EVIDENCE REQUIRED: "
            "Minutes from P&S Working Group."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "4.4",
        (
            "Provide opportunities via ESF pathway. - ESF Lead to attend YOT team meeting in "
            "January 2021"
        ),
        "Early Help ESF Lead",
        "Feb-21",
        "Invited to YOT Team meeting 14th January 2021",
        "completed",
        None,
    ),
    ActionRow(
        "4.5",
        (
            "Undertake skills audit to identify gaps in provision, accessibility and/or barriers "
            "to inclusion and ensure that commissioning arrangements are in place to meet these "
            "gaps."
        ),
        "YJ Operations Coordinator",
        "Mar-21",
        "Skills audit undertaken - to be included in Management Board report for 15th March 2021.",
        "completed",
        None,
    ),
    ActionRow(
        "5.1",
        (
            "Develop QA tool for Post court and out of court disposal to audit risk of Harm and "
            "Safety and wellbeing. - SAME AS 13.1 AND 21.1"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        (
            "Meeting arranged for 13th January to develop new QA tool. Training booked for March "
            "for YJ Coordinator and Snr Practitioners. Tool been developed and first audits took "
            "place in Jan-21, now need to analyse."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "5.2",
        (
            "Monthly Case audits to be undertaken and findings collated and presented to YOT "
            "management board quarterly - SAME AS 13.2 AND 21.2 BUT DIFFERENT ACTION OWNERS"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Mar-21",
        (
            "QA tool has been developed. 9 audits undertaken in February and will be 9 in March. "
            "Summary of findings to be presented to YOT Board on 21st June 2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "5.3",
        (
            "Themed multi agency Audit to be completed bi-annually to QA partnership working "
            "arrangements. - SAME AS 13.3 AND 21.3 BUT DIFFERENT ACTION OWNERS"
        ),
        "CYPS QPD team and Management Board",
        "Mar-22",
        "Meeting arranged for 13th January to schedule MA Audits and review current audit tools.",
        "completed",
        None,
    ),
    ActionRow(
        "5.4",
        (
            "Senior Practitioner and YOT Social Worker to undergo Management training provided "
            "by YJSIP - SAME AS 13.4"
        ),
        "YJ Operations Coordinator",
        "To commence January 2021",
        "Training booked and commencing in January 2021. (YOT Social Worker no longer doing).",
        "completed",
        None,
    ),
    ActionRow(
        "5.5",
        "Mentor to be requested for YJ Operations Co-ordinator via YJSIP - SAME AS 13.5",
        "Service Manager Evidence Based Hub",
        "Apr-21",
        "Request was signed off by YOT management board on 15th March 2021",
        "completed",
        None,
    ),
    ActionRow(
        "5.6",
        (
            "All YOT staff to complete refresher training on AssetPlus - SAME AS 13.6 BUT "
            "DIFFERENT COMPLETION DATE"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "May-21",
        (
            "Training booked through Silver Bullet training company and has commenced in March "
            "2021. Three sessions of this training have now been completed. Feedback so far is "
            "really positive"
        ),
        "completed",
        None,
    ),
    ActionRow(
        "5.7",
        "To commission a peer review through Youth Justice Sector Improvement Partnership.",
        "Management Board",
        "Dec-21",
        (
            "Request was signed off by YOT management board on 15th March 2021. However, "
            "unlikely due to pandemic backlog, that this will take place in 2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "6.1",
        "Health needs analysis to be completed. - SAME AS 3.1",
        "Management Board Health representative",
        "Feb-21",
        "See 3.1.",
        "duplicate",
        "3.1",
    ),
    ActionRow(
        "6.2",
        "Review of Health Needs Analysis Findings - SAME AS 3.2",
        "Management Board Health representative",
        "Mar-21",
        "See 3.2.",
        "duplicate",
        "3.2",
    ),
    ActionRow(
        "6.3",
        "Development of Health Pathways including: CAMHS, SALT, 0-19 - SAME AS 3.3",
        "Management Board Health representative",
        "Mar-21",
        "See 3.3.",
        "duplicate",
        "3.3",
    ),
    ActionRow(
        "6.4",
        "Implementation of pathways - SAME AS 3.4",
        "Management Board Health representative",
        "Apr-21",
        "See 3.4.",
        "duplicate",
        "3.4",
    ),
    ActionRow(
        "6.5",
        "Partnership training to be delivered to YOT and Health colleagues.",
        "Management Board Health representative",
        "Apr-21",
        (
            "CAMHS attended YOT team meeting on 25th March 2021 to deliver training on pathways "
            "and service offer. YOT are attending CAMHS team meeting on 21st April 2021 to "
            "deliver training around YOT."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "7.1",
        "Screening tools to be revised and pathways developed and communicated to all YOT staff.",
        "Management Board Health representative",
        "Apr-21",
        "Complete. SALT forms agreed at YOT Team Meeting on 15/07/2021.",
        "completed",
        None,
    ),
    ActionRow(
        "7.2",
        "Dip Sampling of cases bi monthly to QA referrals to health services.",
        "Service Manager Evidence Based Hub and YOT",
        "Apr-21",
        (
            "Information sharing arrangement currently being worked on. Agreed at Board on 15th "
            "March 2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "7.3",
        (
            "Management oversight of all assessments to ensure multi agency contribution to "
            "assessment and plan."
        ),
        "YJ Operations Coordinator",
        "Jan-21",
        "Completed in all cases and reinforced through Triage and Outcomes panel",
        "completed",
        None,
    ),
    ActionRow(
        "8.1",
        (
            "Quarterly presentation to YOT Board regarding current cohort status – including "
            "BAME, LAC, Health, SEND, ETE, Exclusions, re-offending"
        ),
        "YJ Operations Coordinator",
        "Extraordinary YOT Board Meeting took place on 20th",
        (
            "Analysis and data presented to YOT Management Board December 2020 and Extraordinary "
            "YOT board on 20th January 2021. EVIDENCE REQUIRED: Board reports."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "8.2",
        (
            "Individual Board Members to provide disproportionality analysis of own services in "
            "relation to BAME, LAC, Health, SEND, EET, Exclusions."
        ),
        "Management Board",
        "Mar-21",
        (
            "Work progressing, awaiting final summary report with recommendations to Board on "
            "22/09/2021. Wider conversations around disproportionality with VRU, LCJB and YOT "
            "heads of service. This is included in the delivery plan for reducing reoffending "
            "(LCJB). Will be working with the PCC's independent ethics panel to look at stop and "
            "search data."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "9.1",
        "See also Recommendation 1 above.",
        "Chair of the YOT Management Board",
        "Jan-21",
        "Complete - Extraordinary Board Meeting took place on 20th January 2021",
        "duplicate",
        "1",
    ),
    ActionRow(
        "9.2",
        (
            "Presentation to YOT Board in December and workshop in January. Presentation to "
            "Corporate Parenting Panel in March and ILSC January."
        ),
        "Chair of the YOT Management Board",
        "Mar-21",
        "",
        "completed",
        None,
    ),
    ActionRow(
        "10.1",
        "See also Recommendation 4 above.",
        "Management Board",
        "",
        "See also Recommendation 4 above.",
        "duplicate",
        "4",
    ),
    ActionRow(
        "10.2",
        (
            "Audit of YOT NEET cohort – findings presented to outreach and engagement "
            "coordinators and a specific strategy developed to meet the needs of the YOT cohort."
        ),
        "YJ Operations Coordinator",
        "Feb-21",
        (
            "Conversation has taken place re: inclusion of this in the Outreach and Engagement "
            "NEET Strategy. YOT NEET cohort audit complete."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "11.1",
        (
            "Focus group arranged for January 2021 to consult with staff in YOT, EBH and EH to "
            "agree how to share good practice and obtain best outcomes for Young people."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Jan-21",
        (
            "Fortnightly YOT team meetings take place to share learning and good practice from "
            "locality teams. Team meetings have, to date, included input from: - Outreach and "
            "Engagement teams re Children's Centre activities - Early Help Managers – "
            "Assessment, planning and TAF reviews - Evidence Based Hub – Parenting programmes - "
            "Evidence Based Hub – Young People programmes - ICON training - Participation, Voice "
            "and Influence - CCE Pathways Focus group took place."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "11.2",
        (
            "YOT workers to be 'matched' to a locality team to develop a better understanding of "
            "support and services in localities and communities."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        "",
        "completed",
        None,
    ),
    ActionRow(
        "11.3",
        "Future Planned Team meetings: ESF 14/1/21 SENDIASS 28/1/21",
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        "Rachel Jackson attended ESF meeting. Kerry Taylor attended SENDIASS meeting.",
        "completed",
        None,
    ),
    ActionRow(
        "12.1",
        "See also recommendation 5 above.",
        "Service Manager Evidence Based Hub",
        "",
        "See also recommendation 5 above.",
        "duplicate",
        "5",
    ),
    ActionRow(
        "12.2",
        (
            "Case managers to record individual discussions with Managers as management "
            "oversight to ensure this is clear in case records."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Jan-21",
        (
            "Communicated to staff via team meeting and daily check in – reinforced through "
            "supervision of cases. Will come out through audits. Monitor going forward."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "12.3",
        (
            "Service Manager to continue to Moderate case file Audits and review previous Audits "
            "to draw out key learning and ensure this is communicated to all staff"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Monthly activity – to be reviewed quarterly.",
        (
            "CYPS audit schedule in place, audit feedback is standing item on team meeting "
            "agenda and supervision. Audit findings to be presented quarterly to Management "
            "board. Now business as usual."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "13.1",
        (
            "Develop QA tool for Post court and out of court disposal to audit risk of Harm and "
            "Safety and wellbeing. - SAME AS 5.1 AND 21.1"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        "See 5.1.",
        "duplicate",
        "5.1",
    ),
    ActionRow(
        "13.2",
        (
            "Monthly Case audits to be undertaken and findings collated and presented to YOT "
            "management board quarterly - SAME AS 5.2 AND 21.2 BUT DIFFERENT ACTION OWNERS"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Monthly activity to be reviewed quarterly",
        "See 5.2.",
        "duplicate",
        "5.2",
    ),
    ActionRow(
        "13.3",
        (
            "Themed multi agency Audit to be completed bi-annually to QA partnership working "
            "arrangements. - SAME AS 5.3 AND 21.3 BUT DIFFERENT ACTION OWNERS"
        ),
        "CYPS QPD team and Management Board",
        "Mar-22",
        "See 5.3.",
        "duplicate",
        "5.3",
    ),
    ActionRow(
        "13.4",
        (
            "Senior Practitioner and YOT Social Worker to undergo Management training provided "
            "by YJSIP - SAME AS 5.4"
        ),
        "YJ Coordinator",
        "Jan-21",
        "See 5.4.",
        "duplicate",
        "5.4",
    ),
    ActionRow(
        "13.5",
        "Mentor to be requested for YJ Operations Co-ordinator via YJSIP - SAME AS 5.5",
        "Service Manager Evidence Based Hub",
        "Apr-21",
        "See 5.5",
        "duplicate",
        "5.5",
    ),
    ActionRow(
        "13.6",
        (
            "All YOT staff to complete refresher training on AssetPlus - SAME AS 5.6 BUT "
            "DIFFERENT COMPLETION DATE"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "May-21",
        "See 5.6.",
        "duplicate",
        "5.6",
    ),
    ActionRow(
        "14.1",
        "Develop QA tool for Post court and out of court disposal to audit victim involvement.",
        "Remedi manager",
        "Feb-21",
        "On target to be completed",
        "completed",
        None,
    ),
    ActionRow(
        "14.2",
        "Review victim engagement at quarterly contract reviews with Remedi.",
        "Remedi manager",
        "Mar-21",
        "Contract reviews are in place and take place quarterly",
        "completed",
        None,
    ),
    ActionRow(
        "14.3",
        "Remedi to liaise with SYP to encourage victims to give consent to engage with services.",
        "Remedi Manager",
        "Mar-21",
        (
            "Deep dive audits being completed by Remedi. Issue of time taken from offence to "
            "sentencing has been escalated to the Local Criminal Justice Board and will be "
            "discussed at the Complete Victim Care Meeting. Remedi are liaising with adult "
            "victim services to identify good practice in engaging victims in restorative "
            "justice."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "15.1",
        "See also recommendation 4 above.",
        "Board Members – Rotherham CCG Representative and TRFT Manager",
        "",
        "See also recommendation 4 above.",
        "duplicate",
        "4",
    ),
    ActionRow(
        "15.2",
        "Health services to be represented at YMARAC and Triage and Outcome Panel. - SAME AS 18.2",
        "Board Members – Rotherham CCG Representative and TRFT Manager",
        "Jan-21",
        "Complete - Liaison and diversion attending both meetings",
        "completed",
        None,
    ),
    ActionRow(
        "16.1",
        (
            "Monthly Dip sampling of case files to ensure case records reflect risk levels and "
            "intervention addresses risk identified."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        (
            "Dates for dip sampling scheduled for 2021 – findings to be reported to YOT "
            "management Board quarterly. Dip sampling commenced 25th January 2021, first report "
            "to Board in June 2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "17.1",
        "Refresher training TIP to be completed by all YOT staff and practice lead identified.",
        "CYPS training and development Service Manager Evidence Based Hub and YOT",
        "Mar-21",
        (
            "Agreed with CYPS Training and development. TIP has been offered and delivered by "
            "Violence Reduction Unit in line with CYPS workforce plan."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "17.2",
        "Refresher training in SoS to be completed by all YOT staff and practice lead identified.",
        "CYPS training and development Service Manager Evidence Based Hub and YOT",
        "May-21",
        (
            "SoS training was delivered to YOT team in April and May 2021. The advanced training "
            "for managers and senior practitioners now complete."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "18.1",
        "See also recommendation 4 above.",
        "Board representatives – CCG Manager and TRFT Manager",
        "",
        "See also recommendation 4 above.",
        "duplicate",
        "4",
    ),
    ActionRow(
        "18.2",
        "Health services to be represented at YMARAC and Triage and Outcome Panel. - SAME AS 15.2",
        "Board representatives – CCG Manager and TRFT Manager",
        "Jan-21",
        "See 15.2.",
        "duplicate",
        "15.2",
    ),
    ActionRow(
        "19.1",
        (
            "All children to be referred to the YOT for screening and initial assessment prior "
            "to outcome."
        ),
        "South Yorkshire Police",
        "Mar-21",
        (
            "Agreed with SYP District Commander to commence March 2021. New pathway has been "
            "agreed. Review of capacity in SYP and YOT agreed on all LAC (rather than all "
            "children), and any offences committed within a child's home in order to ensure "
            "early intervention. This was rolled out on 1st March 2021."
        ),
        "completed",
        None,
    ),
    ActionRow(
        "19.2",
        (
            "To establish a triage and outcomes panel to ensure Multi agency decision making "
            "regarding Domain 3 cases and PSR recommendations."
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        "Panel Established – TOR have been reviewed and agreed.",
        "completed",
        None,
    ),
    ActionRow(
        "20.1",
        (
            "YOT Police officer to produce new pathway and identify where additional capacity is "
            "required."
        ),
        "South Yorkshire Police",
        "Jan-21",
        "Completed – SYP YOT Police officer to broker support from wider police force.",
        "completed",
        None,
    ),
    ActionRow(
        "20.2",
        "Pathway to be presented and agreed at March YOT Management board.",
        "South Yorkshire Police",
        "Apr-21",
        "Agreed at 15th March 2021 Board.",
        "completed",
        None,
    ),
    ActionRow(
        "21.1",
        (
            "Develop QA tool for Post court and out of court disposal to audit risk of Harm and "
            "Safety and wellbeing. - SAME AS 5.1 AND 13.1"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Feb-21",
        "See 5.1.",
        "duplicate",
        "5.1",
    ),
    ActionRow(
        "21.2",
        (
            "Monthly Case audits to be undertaken and findings collated and presented to YOT "
            "management board quarterly - SAME AS 5.2 AND 13.2 BUT DIFFERENT ACTION OWNERS"
        ),
        "Service Manager Evidence Based Hub and YOT",
        "Mar-21",
        "See 5.2.",
        "duplicate",
        "5.2",
    ),
    ActionRow(
        "21.3",
        (
            "Themed multi agency Audit to be completed bi-annually to QA partnership working "
            "arrangements. - SAME AS 5.3 AND 13.3 BUT DIFFERENT ACTION OWNERS"
        ),
        "CYPS PQ Team and YOT Management Board",
        "Mar-22",
        "See 5.3.",
        "duplicate",
        "5.3",
    ),
)
