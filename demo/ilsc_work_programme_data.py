"""Work programmes of Rotherham's Improving Lives Select Commission (ILSC), as printed.

Transcribed from two ILSC agenda packs (the seed files named here, as the README's "Demo data"
lists them):

- ``004_e3f99b5410b7c119.txt``: "Work programme – Improving Lives Select Commission – Updated
  8 March 2022" and its two following tables.

  - ``PROGRAMME_2021_22``: the main table (Meeting Date, Agenda Item, Purpose/ Outcomes,
    Recommendations), every row from 15 June 2021 to 14 June 2022; Recommendations split into
    numbered resolutions, with what each asks to come back as a ``FollowUp``.
  - ``PENDING_2021_22``: "Items pending scheduling or removal".
  - ``TO_SCHEDULE_2022_23``: "Items to be scheduled during 2022/23".

- ``002_2d5e7009abf3ce97.txt``: "Improving Lives Select Commission draft work programme
  2019/20" (report to the 9 July 2019 meeting), Appendix 1.

  - ``DRAFT_PROGRAMME_2019_20``: the draft table (Meeting Date, Agenda Item, Purpose/
    Outcomes); no recommendations.
  - ``PENDING_2019_20``: the "To Schedule:" list below it.

Wording is kept exactly as printed, the documents' own typos included; HTML is removed,
paragraphs are joined with newlines. Where the source contradicts itself or its layout is
garbled, a ``# note:`` comment says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FollowUp:
    """What a resolution asks to come back, as the resolution words it."""

    # "report" (to a meeting), "written update" (circulated), "briefing",
    # "attendance" (someone attends a meeting), "information" (information circulated)
    kind: str
    # the meeting named; when only a month is named, the ILSC meeting in that month if the
    # programme has one, else the 1st of that month with due_is_month=True
    due_meeting: date | None = None
    # a date named ("by the end of 2021" -> 2021-12-31)
    due_by: date | None = None
    due_is_month: bool = False
    # the phrase that says when, verbatim ("at the September 2022 meeting", "by the end of 2021")
    wording: str = ""


@dataclass(frozen=True)
class Resolution:
    number: str  # "1", "2", ... as printed ("1" for a single unnumbered resolution)
    text: str  # verbatim, without list markup, starting "That ..."
    # only for resolutions asking for something to come back (report, written update,
    # briefing, attendance, information)
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class ProgrammeRow:
    """One row of a work programme table: an item at a meeting."""

    meeting: date
    item: str  # the "Agenda Item" cell, verbatim (HTML removed)
    purpose: str  # the "Purpose/ Outcomes" cell, verbatim, paragraphs joined with a newline
    # the "Recommendations" cell, split into numbered resolutions
    resolutions: tuple[Resolution, ...] = ()
    # lettered recommendations listed by a resolution, each verbatim with its letter
    sub_recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PendingItem:
    """A row of "Items pending scheduling or removal" or "Items to be scheduled during 2022/23"."""

    item: str
    details: str  # paragraphs joined with newlines; bullets as "• ..." lines
    status: str  # verbatim


# Seed 004, table "Work programme – Improving Lives Select Commission – Updated 8 March
# 2022": every row from 15 June 2021 to 14 June 2022, in order.
PROGRAMME_2021_22: tuple[ProgrammeRow, ...] = (
    # 15 June 2021
    ProgrammeRow(
        meeting=date(2021, 6, 15),
        item="Pause Progress report",
        purpose="Resolved in March 2020 to bring a further report after May 2021.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 6, 15),
        item="Work Programme",
        purpose="To consider the committee’s work programme",
        resolutions=(
            Resolution(
                number="1",
                text="That the Work Programme be noted and updated as discussed.",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 6, 15),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
        ),
    ),
    # 27 July 2021
    ProgrammeRow(
        meeting=date(2021, 7, 27),
        item="Adult Safeguarding",
        purpose=(
            "Resolved at January 2021 meeting.\n"
            "1. That the Independent Chair of the Rotherham Safeguarding Adult's Board attends "
            "the July 2021 meeting of the Improving Lives Select Commission to present a report "
            "on how the Board is working to identify and support hidden female victims of "
            "violence.\n"
            "2. That the report presented at the July 2021 meeting of the Improving Lives Select "
            "Commission also includes an analysis of cases that resulted in no further action "
            "being taken."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That members of the Improving Lives Select Commission be further consulted "
                    "on the development of the revised Domestic Abuse Strategy."
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That further information on the number of incidents and their outcomes "
                    'related to female genital mutilation and so called "honour based" violence '
                    "be circulated to members of the Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="information",
                ),
            ),
            Resolution(
                number="4",
                text=(
                    "That further information on work conducted with perpetrators of domestic "
                    "abuse be circulated to members of the Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="information",
                ),
            ),
            Resolution(
                number="5",
                text=(
                    "That consideration be given to providing all elected members the opportunity "
                    "to access an appropriate training session on domestic abuse."
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 7, 27),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the work programme be approved",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 7, 27),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
        ),
    ),
    # 21 September 2021
    ProgrammeRow(
        meeting=date(2021, 9, 21),
        item="YOT Improvement Plan",
        purpose="Resolved at January 2021 meeting to receive a progress update.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            # note: the programme itself shows this further report at 3 May 2022, not 8 March 2022,
            #   and words it there as "in 6 months' time"; due_meeting follows the resolution
            Resolution(
                number="2",
                text=(
                    "That a further report be brought to the March 2022 meeting of the Improving "
                    "Lives Select Commission to provide a progress report on the implementation "
                    "of the YOT Inspection Action Plan."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 3, 8),
                    wording="to the March 2022 meeting",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That a briefing for members of the Improving Lives Select Commission be "
                    "arranged in order to provide an overview of the work of the YOT and to "
                    "detail how it has positively impacted on the lives of the children and young "
                    "people that it has worked with."
                ),
                follow_up=FollowUp(
                    kind="briefing",
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 9, 21),
        item="One Adoption South Yorkshire",
        purpose="To scrutinise how the new arrangements are working.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That a report on the performance of the One Adoption South Yorkshire "
                    "regional adoption agency be brought to the September 2022 meeting of the "
                    "Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 9, 1),
                    due_is_month=True,
                    wording="to the September 2022 meeting",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That consideration be given to how all elected members can be involved in "
                    "promoting the work of One Adoption South Yorkshire in their wards and in "
                    "encouraging potential adoptive parents to come forward."
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 9, 21),
        item="Food Poverty/Holiday Activity Programme",
        purpose="To receive a report on previous activities and plans for the future.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That the information collated regarding attendance and uptake around the "
                    "programme of activities delivered via the Holiday Activities Fund Grant be "
                    "circulated to the members of the Improving Lives Select Commission as soon "
                    "as it is available."
                ),
                follow_up=FollowUp(
                    kind="information",
                    wording="as soon as it is available",
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 9, 21),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the work programme be approved",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 9, 21),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
        ),
    ),
    # 5 October 2021
    # note: the table shows no Work Programme or Project group updates rows for 5 October 2021; a
    #   row of dashes follows this row in the extracted text (page break)
    ProgrammeRow(
        meeting=date(2021, 10, 5),
        item="Adult Safeguarding",
        purpose="Follow up report on Adult Safeguarding issues.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            # note: the programme has no April 2022 ILSC meeting; the item is shown at 3 May 2022,
            #   so due_meeting is 1 April 2022 with due_is_month=True
            Resolution(
                number="2",
                text=(
                    "That a further report regarding Adult Safeguarding, with a focus on the "
                    "approach and activity being carried out in Rotherham, be brought to the "
                    "April 2022 meeting of the Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 4, 1),
                    due_is_month=True,
                    wording="to the April 2022 meeting",
                ),
            ),
            # note: an all member seminar is not something coming back to ILSC, so no follow_up
            Resolution(
                number="3",
                text=(
                    "That an all member seminar be delivered in order to share information and "
                    "case studies on how Adult Safeguarding activity in Rotherham had impacted on "
                    "the lives of individuals."
                ),
            ),
            Resolution(
                number="4",
                text=(
                    "That the Strategic Director of Adult Care, Housing and Public Health, in "
                    "consultation with relevant delivery partners, give consideration to how "
                    "elected members can work to raise awareness of Adult Safeguarding issues "
                    "within their communities."
                ),
            ),
        ),
    ),
    # 26 October 2021
    ProgrammeRow(
        meeting=date(2021, 10, 26),
        item="SEN Strategy/Sufficiency",
        purpose=(
            "Resolved December 2020 to request an update\n"
            "Agreed as an area of focus in July 2021 Work Programming session."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            # note: "March 2021" is in the past on 26 October 2021; the programme shows SEND
            #   Sufficiency at 8 March 2022, so due_meeting is 8 March 2022
            Resolution(
                number="2",
                text=(
                    "That a further progress report on the implementation of Phase Three of the "
                    "SEND Sufficiency and other activity surrounding SEND Sufficiency in "
                    "Rotherham be brought to the March 2021 meeting of the Improving Lives Select "
                    "Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 3, 8),
                    wording="to the March 2021 meeting",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That a written update regarding the opening of the Newman Special School at "
                    "the Dinnington SEND Campus be circulated to members of the Improving Lives "
                    "Select Commission by the end of 2021."
                ),
                follow_up=FollowUp(
                    kind="written update",
                    due_by=date(2021, 12, 31),
                    wording="by the end of 2021",
                ),
            ),
            Resolution(
                number="4",
                text=(
                    "That the Assistant Director for Education and Inclusion liaises with Chair "
                    "of the Improving Lives Select Commission to arrange visits for members of "
                    "the Commission to the Newman Special School at the Dinnington SEND Campus."
                ),
            ),
            Resolution(
                number="5",
                text=(
                    "That a briefing be provided to the members of the Improving Lives Select "
                    "Commission on the written statement of action drafted in response to "
                    "Ofsted/CQC SEND Local Area Inspection once it is available."
                ),
                follow_up=FollowUp(
                    kind="briefing",
                    wording="once it is available",
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 10, 26),
        item="Children's Mental Health",
        purpose="Agreed as an area of focus in July 2021 Work Programming session.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That information on the Mental Health Trailblazer pilot scheme be circulated "
                    "to members of the Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="information",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That the Chair of the Improving Lives Select Commission liaises with the "
                    "Chair of the Health Select Commission regarding a joint piece of scrutiny "
                    "work regarding children and young people's mental health issues and services "
                    "in Rotherham."
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 10, 26),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the Work Programme be approved.",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2021, 10, 26),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the update be noted.",
            ),
        ),
    ),
    # 22 December 2021
    ProgrammeRow(
        meeting=date(2021, 12, 22),
        item="Education Recovery (including Elective Home Education)",
        purpose="Agreed as an area of focus in July 2021 Work Programming session.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That information detailing the results of the phonics testing carried out "
                    "with Year 2 children across the Borough be circulated to members of the "
                    "Improving Lives Select Commission once available."
                ),
                follow_up=FollowUp(
                    kind="information",
                    wording="once available",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That a briefing note be circulated to members of the Improving Lives Select "
                    "Commission on the impact of the revised Elective Home Education Policy."
                ),
                follow_up=FollowUp(
                    kind="briefing",
                ),
            ),
        ),
    ),
    # note: the Recommendations cell runs over a page break: f) continues, and g), h) and
    #   resolution 2 follow, on a line with the first three cells empty
    # note: e) reads as printed ("consideration is given how survivors' voices to inform"), words
    #   look missing; h) repeats "is given" as printed
    ProgrammeRow(
        meeting=date(2021, 12, 22),
        item="Post-CSE Support",
        purpose="To receive the report from the sub-group of ILSC on Post-CSE Support.",
        resolutions=(
            Resolution(
                number="1",
                text=(
                    "That the report be noted, and the following recommendations be submitted to "
                    "OSMB and Cabinet for approval: -"
                ),
            ),
            # note: this report goes back to Council, not to ILSC, and the submission date is not
            #   given, so no due date is set
            Resolution(
                number="2",
                text=(
                    "That the response of Cabinet to the recommendations be reported back to "
                    "Council within two calendar months of its submission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    wording="within two calendar months of its submission",
                ),
            ),
        ),
        sub_recommendations=(
            (
                "a) That post-CSE services are transferred to the Adult Social Care, Housing and "
                "Public Health directorate to enable the greater integration and coordination of "
                "support pathways that are available to adult victims of trauma as children."
            ),
            (
                "b) That further work is undertaken with relevant partners and survivors to "
                "improve the ways in which survivors' voices are captured to inform future "
                "reviews of post-abuse services (for example drawing on the research from "
                "Sheffield Hallam University, the development of voice and influence groups or "
                "other survivor's forums)."
            ),
            (
                "c) That consideration is given to appropriate governance arrangements to enable "
                "elected members to provide a steer on the activity that is taking place within "
                "the Borough to stop CSE/CCE and support survivors."
            ),
            (
                "d) That the Improving Lives Select Commission continue to monitor the provision "
                "of post-abuse support to survivors of CSE."
            ),
            (
                "e) In relation to recommendations c) and d), that consideration is given how "
                "survivors' voices to inform these processes."
            ),
            (
                "f) To emphasise the shared responsibility of all elected members, that an annual "
                "training event/workshop is delivered. This is to ensure that all elected members "
                "are kept up to date with the activity within the Borough to protect young people "
                "from being at risk of harm from CSE/CCE and support adult survivors to move "
                "forwards in their lives."
            ),
            (
                "g) That the relevant Strategic Directors explore options for sharing best "
                "practice with other local authorities in the Yorkshire and Humber Region."
            ),
            (
                "h) Drawing on the good practice from Durham County Council, that consideration "
                "is given is given to the language used in the provision of post-CSE support to "
                "ensure that it is positive and inclusive of the needs of those accessing "
                "services."
            ),
        ),
    ),
    # note: the table shows no Project group updates row for 22 December 2021
    ProgrammeRow(
        meeting=date(2021, 12, 22),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the Work Programme be approved.",
            ),
        ),
    ),
    # 25 January 2022
    ProgrammeRow(
        meeting=date(2022, 1, 25),
        item="Adult Safeguarding Annual Report",
        purpose="To receive and consider the annual report.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That the Acting Strategic Director – Adult Care, Housing and Public Health, "
                    "in consultation with the Chair of the Improving Lives Select Commission "
                    "considers how performance data with regard to Adult Safeguarding be shared "
                    "with members of the Improving Lives Select Commission."
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That the Independent Chair of Rotherham Safeguarding attends a future "
                    "meeting of the Improving Lives Select Commission to present a report "
                    "detailing the findings of the upcoming Peer Review of the Rotherham "
                    "Safeguarding Board."
                ),
                follow_up=FollowUp(
                    kind="attendance",
                    wording="a future meeting",
                ),
            ),
            Resolution(
                number="4",
                text=(
                    "That the Independent Chair of Rotherham Safeguarding attends the July 2022 "
                    "meeting of the Improving Lives Select Commission to present a progress "
                    "report on the progress being made in delivering the strategic objectives of "
                    "the Rotherham Safeguarding Adults Board."
                ),
                follow_up=FollowUp(
                    kind="attendance",
                    due_meeting=date(2022, 7, 1),
                    due_is_month=True,
                    wording="the July 2022 meeting",
                ),
            ),
            Resolution(
                number="5",
                text=(
                    "That it be recommended to the Chair of the Health Select Commission that "
                    "consideration be given to carrying out a joint piece of work on how the NHS "
                    "Frailty Index is used by health services in Rotherham."
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 1, 25),
        item="Work Programme",
        purpose="To consider the committee’s work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the Work Programme be approved.",
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 1, 25),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the update be noted.",
            ),
        ),
    ),
    # 8 March 2022
    # note: the purpose quotes the 26 October 2021 resolution with "March 2021" (meant March 2022,
    #   when it is shown here) and "Resolved at the 26 October 2021 that" as printed
    ProgrammeRow(
        meeting=date(2022, 3, 8),
        item="SEND Sufficiency",
        purpose=(
            "Resolved at the 26 October 2021 that\n"
            "That a further progress report on the implementation of Phase Three of the SEND "
            "Sufficiency and other activity surrounding SEND Sufficiency in Rotherham be brought "
            "to the March 2021 meeting of the Improving Lives Select Commission.\n"
            "To receive a report on the actions taken in response to the outcomes of the SEND "
            "inspection report.\n"
            "Representatives of the Parent and Carer's forum to be invited."
        ),
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That a progress report on the activity surrounding the delivery of the "
                    "objectives contained in the action plan relating to the Ofsted/ Care Quality "
                    "Commission SEND Local Area Inspection - Written Statement of Action, be "
                    "presented at the September 2022 meeting of the Improving Lives Select "
                    "Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 9, 1),
                    due_is_month=True,
                    wording="at the September 2022 meeting",
                ),
            ),
            Resolution(
                number="3",
                text=(
                    "That a progress report on the delivery of the SEND Sufficiency Strategy be "
                    "presented at the March 2023 meeting of the Improving Lives Select "
                    "Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2023, 3, 1),
                    due_is_month=True,
                    wording="at the March 2023 meeting",
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 3, 8),
        item="Rotherham Children's Safeguarding Partnership – Annual Report",
        purpose="To receive and consider the annual report.",
        resolutions=(
            Resolution(
                number="1",
                text="That the report be noted.",
            ),
            Resolution(
                number="2",
                text=(
                    "That a progress report on the activity of the Rotherham Safeguarding "
                    "Children's Partnership during 2021/22 be presented at the September 2022 "
                    "meeting of the Improving Lives Select Commission."
                ),
                follow_up=FollowUp(
                    kind="report",
                    due_meeting=date(2022, 9, 1),
                    due_is_month=True,
                    wording="at the September 2022 meeting",
                ),
            ),
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 3, 8),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
        resolutions=(
            Resolution(
                number="1",
                text="That the Work Programme be approved.",
            ),
        ),
    ),
    # 3 May 2022
    # note: rows from 3 May 2022 on were future meetings when the programme was updated on 8 March
    #   2022: the Recommendations cells are empty
    ProgrammeRow(
        meeting=date(2022, 5, 3),
        item="Adult Safeguarding",
        purpose=(
            "Resolved 5 October 2021:\n"
            "That a further report regarding Adult Safeguarding, with a focus on the approach and "
            "activity being carried out in Rotherham, be brought to the April 2022 meeting of the "
            "Improving Lives Select Commission."
        ),
    ),
    # note: the 21 September 2021 resolution says "to the March 2022 meeting"; the item is shown
    #   here at 3 May 2022
    ProgrammeRow(
        meeting=date(2022, 5, 3),
        item="YOT Improvement Plan",
        purpose=(
            "Resolved at the September 2021 meeting to bring a further report in 6 months' time."
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 5, 3),
        item="Work Programme",
        purpose="To consider the committee's work programme.",
    ),
    # note: printed as "Project group updates | Project group updates | For the Chair...": the item
    #   is repeated in the Purpose column and the purpose shifted into Recommendations
    ProgrammeRow(
        meeting=date(2022, 5, 3),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
    ),
    # 14 June 2022
    ProgrammeRow(
        meeting=date(2022, 6, 14),
        item="End of year performance report on Child Exploitation",
        purpose=(
            "To review the Council's activity over the past year with regard to Child Exploitation."
        ),
    ),
    # note: the two rows after Child Exploitation are printed shifted: "Work Programme | Project
    #   group updates | For the Chair..." and "Project group updates | ILSC Monitoring Report | To
    #   monitor...". Read as items Work Programme (no purpose printed), Project group updates and
    #   ILSC Monitoring Report, the last two with their purposes in the column to their right
    ProgrammeRow(
        meeting=date(2022, 6, 14),
        item="Work Programme",
        purpose="",
    ),
    ProgrammeRow(
        meeting=date(2022, 6, 14),
        item="Project group updates",
        purpose=(
            "For the Chair/project group leads to provide an update on the work of the project "
            "groups."
        ),
    ),
    ProgrammeRow(
        meeting=date(2022, 6, 14),
        item="ILSC Monitoring Report",
        purpose="To monitor the progress of recommendations made by ILSC.",
    ),
)


# Seed 004, table "Items pending scheduling or removal".
PENDING_2021_22: tuple[PendingItem, ...] = (
    PendingItem(
        item="Support for Young Carers",
        details="Raised as an area of interest by members following a report on Carers at HSC.",
        status="To be scheduled/considered for a sub-group project.",
    ),
    PendingItem(
        item="Counter extremism in schools/ Radicalisation of young people and extremism",
        details=(
            "Resolved in September 2019\n"
            "That a report be submitted to this Commission as part of 2020/21 work programme "
            "outlining how the local authority was meeting its Prevent duty.\n"
            "That an update on its counter extremism work be submitted to this Commission as part "
            "of 2020/21 work programme.\n"
            "That this update includes an evaluation of the work in schools and further details "
            "of the work with adults and neighbourhoods and any specific work with parents and "
            "carers.\n"
            "Focus to be on work being done in schools.\n"
            "Referred to ILSC from OSMB"
        ),
        status=(
            "To be scheduled\n"
            "July 2021 – Chair and Vice Chair will be receiving a briefing in order to consider "
            "the focus of the subsequent report to the committee."
        ),
    ),
    PendingItem(
        item="Youth Offending Team – Service Provision",
        details=(
            "To look at the processes and journey that young people go through who are accessing "
            "YOT services"
        ),
        status="Agreed September 2021 to provide a briefing for members.",
    ),
    PendingItem(
        item="CYPS Directorate workforce strategy",
        details="Progress report",
        status="Focus to be discussed before scheduling",
    ),
    PendingItem(
        item="Re-referrals and repeat child protection planning – Progress report",
        details=(
            "Resolved at June 2020 meeting to receive a progress report at December 2020 "
            "meeting.\n"
            "Nov 2020 – Rescheduled to March 2021\n"
            "Feb 2021 – Chair deferred item as data on this was not highlighting an areas of "
            "additional concern."
        ),
        status="To be scheduled",
    ),
    PendingItem(
        item="Mental Health and Digital Exclusion amongst young people.",
        details=(
            "Resolved at December 2020 HSC “That the Improving Lives Select Commission "
            "investigate young patients’ access to technology with a view to preventing their "
            "digital exclusion from accessing mental health services.”"
        ),
        status="To be scheduled",
    ),
    PendingItem(
        item="CYPS - High Needs Block Update and Recovery Plan",
        details=(
            "Scrutiny acknowledged that it was early days in the recovery plan process with steps "
            "outlined to reduce the deficit. Overall position.\n"
            "OSMB had other updates on this particular issue and other services within CYPS, but "
            "Chair confirmed continuation at work planning meeting on 27 May 2020.\n"
            "June 2021 – Strategic Director Children’s and Young Peoples Services/Assistant "
            "Director – Education/Chair and Vice-Chair to meet to discuss focus of the report.\n"
            "Moved from OSMB Work Programme December 2021"
        ),
        status="To be scheduled",
    ),
)


# Seed 004, table "Items to be scheduled during 2022/23".
TO_SCHEDULE_2022_23: tuple[PendingItem, ...] = (
    PendingItem(
        item="Rotherham Adult Safeguarding Board – Performance against strategic priorities",
        details=(
            "Resolved January 2022 to receive a report on performance against strategic priorities."
        ),
        status="To be scheduled for July 2022 meeting",
    ),
    # note: "approved by Cabinet 14 February" as printed, no year (2022)
    PendingItem(
        item="Post-CSE Support",
        details=(
            "To receive a report on the implementation of the ILSC Report recommendations "
            "approved by Cabinet 14 February"
        ),
        status="To schedule for September 2022 meeting",
    ),
    PendingItem(
        item="One Adoption South Yorkshire",
        details="Resolved September 2021 to bring a further report in 12 months' time.",
        status="To be scheduled for September 2022",
    ),
    PendingItem(
        item="Carers Strategy/Support for Carers",
        details="Joint item with HSC",
        status="To be considered at July 2022 HSC meeting.",
    ),
    PendingItem(
        item="Adult Mental Health Services",
        details="Joint item with HSC",
        status="To be considered as a joint item with HSC in 2022/23",
    ),
    PendingItem(
        item="Children's Mental Health Services",
        details="Joint item with HSC",
        status="To be considered as a joint item with HSC in 2022/23",
    ),
    PendingItem(
        item="NHS Frailty Index",
        details=(
            "Resolved January 2022 that it be recommended to the Chair of the Health Select "
            "Commission that consideration be given to carrying out a joint piece of work on how "
            "the NHS Frailty Index is used by health services in Rotherham."
        ),
        status="To be considered as a joint item with HSC in 2022/23",
    ),
    # note: "March 222" as printed: March 2022
    PendingItem(
        item="Rotherham Safeguarding Children's Partnership",
        details=(
            "Resolved March 222 to receive a report on in-year activity for the RSCP at the "
            "September 2022 meeting. Focus to be on:\n"
            "• The safety of vulnerable babies and young children.\n"
            "• The Front Door strategy and how well it is serving residents.\n"
            "• Operation Makesafe and the further work is being carried out with some "
            "hoteliers.\n"
            "• Cost of living crisis and its impact on Safeguarding."
        ),
        status="To be scheduled for September 2022 meeting.",
    ),
    PendingItem(
        item="SEND Sufficiency",
        details="Resolved March 2022 to receive a progress report at the March 2023 meeting.",
        status="To be scheduled for March 2023 meeting.",
    ),
    PendingItem(
        item="SEND inspection WSoA.",
        details=(
            "Resolved March 2022 to receive a progress report on the achievement of the "
            "objectives contained in the action plan at the September 2022 meeting."
        ),
        status="To be scheduled for September 2022 meeting.",
    ),
    PendingItem(
        item="Adult Safeguarding",
        details=(
            "Resolved January 2022 that the Independent Chair of Rotherham Safeguarding "
            "attends a future meeting of the Improving Lives Select Commission to present a "
            "report detailing the findings of the upcoming Peer Review of the Rotherham "
            "Safeguarding Board."
        ),
        status="To be scheduled once peer review has been completed",
    ),
)


# Seed 002, Appendix 1 "Draft work programme Improving Lives Select Committee" (report
# "Improving Lives Select Commission draft work programme 2019/20", 9 July 2019). The
# table has no Recommendations column, so resolutions are empty. Each meeting's
# "Deadline for papers" is kept as a comment, the schema has no field for it.
DRAFT_PROGRAMME_2019_20: tuple[ProgrammeRow, ...] = (
    # 11 June 2019
    # Deadline for papers: Friday 31 May (12 noon)
    # note: the three items and three purposes of 11 June 2019 are run together in one cell each in
    #   the extracted text; split by sense
    ProgrammeRow(
        meeting=date(2019, 6, 11),
        item=(
            "Mr John Edwards, Regional Schools Commissioner (East Midlands and the Humber Region)"
        ),
        purpose=(
            "To discuss with the Regional Schools Commissioner the key challenges for Education "
            "in Rotherham"
        ),
    ),
    # note: stray closing bracket as printed
    ProgrammeRow(
        meeting=date(2019, 6, 11),
        item="Rotherham Education Strategic Partnership (RESP) Update",
        purpose=(
            "To provide an overview and update of progress in respect of the key areas for action "
            "identified within the RESP strategic plan.)"
        ),
    ),
    ProgrammeRow(
        meeting=date(2019, 6, 11),
        item="Children & Young People's Services (CYPS) 2018/2019 Year End Performance",
        purpose=(
            "To provide a summary of performance under key themes for Children's and Young "
            "Peoples Service at the end of the 2018/19 reporting year."
        ),
    ),
    # 9 July 2019
    # Deadline for papers: 28 June at 12.00pm
    ProgrammeRow(
        meeting=date(2019, 7, 9),
        item="New Children's Safeguarding Partnerships",
        purpose=(
            "To seek assurance about the new safeguarding arrangement and readiness for "
            "implementation"
        ),
    ),
    ProgrammeRow(
        meeting=date(2019, 7, 9),
        item="Missing from Home/Education (Update from Strategic Missing Group)",
        purpose=(
            "To seek assurance that children missing (from Exclusions, Care, Home, Education) are "
            "being effectively safeguarded"
        ),
    ),
    # 17 September 2019
    # Deadline for papers: 6 September at 12.00pm
    ProgrammeRow(
        meeting=date(2019, 9, 17),
        item="Counter extremism in schools",
        purpose="To understand steps being taken in schools to address counter extremism",
    ),
    ProgrammeRow(
        meeting=date(2019, 9, 17),
        item="Elective Home Education",
        purpose=(
            "To seek assurance that children who are elective home educated are being effectively "
            "safeguarded/educated"
        ),
    ),
    ProgrammeRow(
        meeting=date(2019, 9, 17),
        item="Holiday hunger (Suggested review)",
        purpose="TO BEGIN SCOPE",
    ),
    # 29 October 2019
    # Deadline for papers: 18 October at 12.00pm
    # note: printed as one run, "Early Intervention Implementation of Early Help Strategy
    #   Sustainability EH – funding": probably a heading with two sub-items (one Early Help
    #   purpose follows), but the paper shows no line breaks, and a title is one line, so it is
    #   kept as printed
    ProgrammeRow(
        meeting=date(2019, 10, 29),
        item=(
            "Early Intervention Implementation of Early Help Strategy Sustainability EH – funding"
        ),
        purpose=(
            "To scrutinise the effectiveness of the Early Help offer and seek assurance that the "
            "implementation of the strategy is meeting milestones/measures"
        ),
    ),
    ProgrammeRow(
        meeting=date(2019, 10, 29),
        item="Youth Offending Service",
        purpose=(
            "To scrutinise the effectiveness of Youth Offending initiatives particularly in "
            "context of concerns about criminal exploitation of young people"
        ),
    ),
    # 3 December 2019
    # Deadline for papers: 22 November at 12.00pm
    ProgrammeRow(
        meeting=date(2019, 12, 3),
        item="Safeguarding children's annual report",
        purpose="To scrutinise the local safeguarding arrangements (Children and Adults)",
    ),
    # note: the Purpose cell is empty on this line; the purpose printed against the children's
    #   report names "(Children and Adults)", so it is taken to span both rows
    ProgrammeRow(
        meeting=date(2019, 12, 3),
        item="Safeguarding adults annual report",
        purpose="To scrutinise the local safeguarding arrangements (Children and Adults)",
    ),
    ProgrammeRow(
        meeting=date(2019, 12, 3),
        item="School performance",
        purpose="To scrutinise annual school performance (unverified)",
    ),
    ProgrammeRow(
        meeting=date(2019, 12, 3),
        item="Send inspection/ peer review",
        purpose="To scrutinise the outcomes from the SEND inspection and /or peer review",
    ),
    # 14 January 2020
    # Deadline for papers: Friday 3 January 2020 at 12.00pm
    ProgrammeRow(
        meeting=date(2020, 1, 14),
        item="LAC sufficiency",
        purpose="To scrutinise the implementation of the LAC sufficiency strategy",
    ),
    ProgrammeRow(
        meeting=date(2020, 1, 14),
        item="Directorate workforce strategy",
        purpose="To receive an update",
    ),
    # note: purpose wraps over two lines in the source ("follow on from" / "earlier work"), joined
    #   with a space
    ProgrammeRow(
        meeting=date(2020, 1, 14),
        item="Court Procedures (Sub-Group TBC)",
        purpose=(
            "To scrutinise if progress/milestones are being reached – follow on from earlier work"
        ),
    ),
    # 3 March 2020
    # Deadline for papers: 21 February 2020 at 12.00pm
    ProgrammeRow(
        meeting=date(2020, 3, 3),
        item="Send",
        purpose="To scrutinise the implementation of the SEND sufficiency strategy",
    ),
    ProgrammeRow(
        meeting=date(2020, 3, 3),
        item="Pause",
        purpose="To scrutinise outcomes from project to date",
    ),
    ProgrammeRow(
        meeting=date(2020, 3, 3),
        item="Early Help Social Care Pathways",
        purpose="To scrutinise progress/implementation",
    ),
)


# Seed 002, the "To Schedule:" list under the draft 2019/20 programme.
PENDING_2019_20: tuple[PendingItem, ...] = (
    # note: the "To Schedule:" list is bullets with no Details or Status columns: item is the text
    #   before the colon or bracket, details the rest, status the list heading
    PendingItem(
        item="Early Help social Care Pathways",
        details="initial sub-group to seek assurance re process (initially July/August)",
        status="To Schedule",
    ),
    PendingItem(
        item="Domestic Abuse",
        details="",
        status="To Schedule",
    ),
    # note: details printed in brackets after the item; brackets dropped
    PendingItem(
        item="CSE post abuse support",
        details="T&F review other authorities post abuse support to commence in June",
        status="To Schedule",
    ),
    PendingItem(
        item="Child friendly borough update",
        details="",
        status="To Schedule",
    ),
)


# The "Deadline for papers" printed above each 2019/20 meeting in the draft programme (seed 002),
# by meeting: the day, and the words as printed.
PAPERS_DEADLINES_2019_20: dict[date, tuple[date, str]] = {
    date(2019, 6, 11): (date(2019, 5, 31), "Friday 31 May (12 noon)"),
    date(2019, 7, 9): (date(2019, 6, 28), "28 June at 12.00pm"),
    date(2019, 9, 17): (date(2019, 9, 6), "6 September at 12.00pm"),
    date(2019, 10, 29): (date(2019, 10, 18), "18 October at 12.00pm"),
    date(2019, 12, 3): (date(2019, 11, 22), "22 November at 12.00pm"),
    date(2020, 1, 14): (date(2020, 1, 3), "Friday 3 January 2020 at 12.00pm"),
    date(2020, 3, 3): (date(2020, 2, 21), "21 February 2020 at 12.00pm"),
}
