"""The ILSC work programmes, loaded as events: 2021/22 as updated 8 March 2022 (seed 004), and
the draft for 2019/20 (seed 002).

Each meeting is scheduled; each row of the programme becomes an item scheduled for its meeting
and, for meetings up to 8 March 2022, taken with the resolutions the programme prints. A
resolution that asks for something back becomes a follow-up item (``take_item`` makes it), so
the later rows and the "items to be scheduled during 2022/23" that are those follow-ups are not
added a second time: ``FOLLOWED_UP`` says which they are, and they are scheduled or left to be
scheduled as the programme shows. The other pending items are added as the programme lists
them. Rows from 3 May 2022 were future meetings when the programme was updated: they are
scheduled, not taken (the seeds do not say what happened at them).

Business dates: the meetings and items are recorded at the 15 June 2021 meeting, which noted the
programme ("That the Work Programme be noted and updated as discussed"); what the 8 March 2022
update shows is recorded on that day.
"""

from __future__ import annotations

from datetime import date

from application.service import ScrutinyService
from demo import ilsc_work_programme_data as data
from domain.values import slug
from domain.work_programme import (
    FollowUp,
    FollowUpKind,
    ItemOrigin,
    Origin,
    Resolution,
    meeting_id,
)

COMMISSION = "Improving Lives Select Commission"
ACTOR = "demo-loader"
AGREED = date(2021, 6, 15)
UPDATED = date(2022, 3, 8)
SOURCE = "ILSC work programme, updated 8 March 2022 (agenda pack for 3 May 2022)"

# Rows and pending items that are follow-ups of an earlier resolution:
# (meeting, item as printed) -> (meeting resolved at, item resolved on, resolution number).
FOLLOWED_UP: dict[tuple[date | None, str], tuple[date, str, str]] = {
    (date(2022, 3, 8), "SEND Sufficiency"): (date(2021, 10, 26), "SEN Strategy/Sufficiency", "2"),
    (date(2022, 5, 3), "Adult Safeguarding"): (date(2021, 10, 5), "Adult Safeguarding", "2"),
    (date(2022, 5, 3), "YOT Improvement Plan"): (date(2021, 9, 21), "YOT Improvement Plan", "2"),
    (None, "Rotherham Adult Safeguarding Board – Performance against strategic priorities"): (
        date(2022, 1, 25), "Adult Safeguarding Annual Report", "4"),
    (None, "One Adoption South Yorkshire"): (
        date(2021, 9, 21), "One Adoption South Yorkshire", "2"),
    (None, "Rotherham Safeguarding Children's Partnership"): (
        date(2022, 3, 8), "Rotherham Children's Safeguarding Partnership – Annual Report", "2"),
    (None, "SEND Sufficiency"): (date(2022, 3, 8), "SEND Sufficiency", "3"),
    (None, "SEND inspection WSoA."): (date(2022, 3, 8), "SEND Sufficiency", "2"),
    (None, "Adult Safeguarding"): (date(2022, 1, 25), "Adult Safeguarding Annual Report", "3"),
}

_KINDS = {"report": FollowUpKind.REPORT, "written update": FollowUpKind.WRITTEN_UPDATE,
          "briefing": FollowUpKind.BRIEFING, "attendance": FollowUpKind.ATTENDANCE,
          "information": FollowUpKind.INFORMATION}


def present(service: ScrutinyService) -> bool:
    return meeting_id(COMMISSION, AGREED) in service.repository


def row_reference(meeting: date, item: str) -> str:
    return slug(f"{item[:60]} {meeting.isoformat()}")


def follow_up_reference(service: ScrutinyService, meeting: date, item: str, number: str) -> str:
    """The reference ``take_item`` gave the follow-up of resolution ``number``."""
    taken = service.get_programme_item(COMMISSION, row_reference(meeting, item))
    found = next(r for r in taken.resolutions if r.number == number)
    assert found.follow_up_reference is not None, (meeting, item, number)
    return found.follow_up_reference


def origin_of(purpose: str, meeting: date) -> ItemOrigin:
    """Where a row came from, as its purpose says."""
    text = purpose.replace("\n", " ").strip() or None
    lowered = (text or "").lower()
    if "referred to ilsc from osmb" in lowered or "moved from osmb" in lowered:
        return ItemOrigin(kind=Origin.OSMB, detail=text)
    if "joint item with hsc" in lowered:
        return ItemOrigin(kind=Origin.JOINT, detail=text, body="Health Select Commission")
    if lowered.startswith("resolved") or " resolved " in f" {lowered}":
        return ItemOrigin(kind=Origin.RESOLUTION, detail=text)
    return ItemOrigin(kind=Origin.WORK_PLANNING, detail=text)


# Minute numbers, where the seeds print the minutes: the meeting of 8 March 2022 (seed 004,
# "77. ROTHERHAM CHILDREN'S SAFEGUARDING PARTNERSHIP - ANNUAL REPORT", "78. … SEND …",
# "79. WORK PROGRAMME").
MINUTES = {
    (date(2022, 3, 8), "Rotherham Children's Safeguarding Partnership – Annual Report"): "77",
    (date(2022, 3, 8), "SEND Sufficiency"): "78",
    (date(2022, 3, 8), "Work Programme"): "79",
}

# Resolutions that ask for something back but not of the commission's programme: Post-CSE's
# resolution 2 (the Cabinet's response reported to Council) is the Post-CSE review's own
# "report-to-council" deadline.
TRACKED_ELSEWHERE = {(date(2021, 12, 22), "Post-CSE Support", "2")}

# What the programme later calls each follow-up, by (meeting resolved at, item, resolution).
TITLES = {resolved: item for (_, item), resolved in FOLLOWED_UP.items()}


def resolutions_of(row: data.ProgrammeRow) -> list[Resolution]:
    resolutions = []
    for printed in row.resolutions:
        follow_up = None
        if printed.follow_up is not None and (
                (row.meeting, row.item, printed.number) not in TRACKED_ELSEWHERE):
            wanted = printed.follow_up
            follow_up = FollowUp(kind=_KINDS[wanted.kind], due_meeting_on=wanted.due_meeting,
                                 due_by=wanted.due_by, due_is_month=wanted.due_is_month,
                                 wording=wanted.wording or None)
        text = printed.text
        if row.sub_recommendations and printed.number == "1":
            text = "\n".join((text, *row.sub_recommendations))
        title = TITLES.get((row.meeting, row.item, printed.number)) if follow_up else None
        resolutions.append(Resolution(number=printed.number, text=text, follow_up=follow_up,
                                      follow_up_title=title))
    return resolutions


def load(service: ScrutinyService) -> None:
    meetings = sorted({row.meeting for row in data.PROGRAMME_2021_22})
    for meeting in meetings:
        service.schedule_meeting(commission=COMMISSION, meets_on=meeting, actor=ACTOR,
                                 on=min(meeting, AGREED), source=SOURCE)
    placed: dict[date, int] = {}
    for row in data.PROGRAMME_2021_22:
        recorded_on = min(row.meeting, AGREED) if row.meeting <= UPDATED else UPDATED
        number = placed[row.meeting] = placed.get(row.meeting, 0) + 1  # its place on the agenda
        linked = FOLLOWED_UP.get((row.meeting, row.item))
        if linked is None:
            reference = row_reference(row.meeting, row.item)
            service.add_programme_item(
                commission=COMMISSION, reference=reference, title=row.item,
                purpose=row.purpose or None, origin=origin_of(row.purpose, row.meeting),
                actor=ACTOR, on=recorded_on, source=SOURCE)
            service.schedule_item(COMMISSION, reference, meeting_on=row.meeting,
                                  agenda_number=number, actor=ACTOR, on=recorded_on,
                                  source=SOURCE)
        else:
            reference = follow_up_reference(service, *linked)
            item = service.get_programme_item(COMMISSION, reference)
            asked_for = item.follow_up.due_meeting_on if item.follow_up else None
            if asked_for in meetings and asked_for != row.meeting:
                # asked for at one meeting, shown at a later one: a rescheduling
                service.schedule_item(COMMISSION, reference, meeting_on=asked_for, actor=ACTOR,
                                      on=item.added_on, source=SOURCE)
                service.reschedule_item(COMMISSION, reference, meeting_on=row.meeting,
                                        reason=f"Shown at the meeting of {row.meeting:%-d %B %Y} "
                                        "in the programme updated 8 March 2022 (the papers "
                                        "give no reason)",
                                        agenda_number=number, actor=ACTOR, on=UPDATED,
                                        source=SOURCE)
            else:
                service.schedule_item(COMMISSION, reference, meeting_on=row.meeting,
                                      agenda_number=number, actor=ACTOR,
                                      on=max(item.added_on, recorded_on), source=SOURCE)
            # The follow-up's purpose was the resolution's words; the programme says what the
            # item is for at its meeting.
            service.amend_item_purpose(COMMISSION, reference, purpose=row.purpose,
                                       reason="As the work programme describes it",
                                       actor=ACTOR, on=max(item.added_on, recorded_on),
                                       source=SOURCE)
        if row.meeting <= UPDATED:
            service.take_item(COMMISSION, reference, resolutions=resolutions_of(row),
                              minute_number=MINUTES.get((row.meeting, row.item)),
                              actor=ACTOR, on=row.meeting,
                              source=f"ILSC {row.meeting:%-d %B %Y}: {row.item}")
    for pending in (*data.PENDING_2021_22, *data.TO_SCHEDULE_2022_23):
        if (None, pending.item) in FOLLOWED_UP:
            continue  # made by its resolution; still to be scheduled, as the programme says
        service.add_programme_item(
            commission=COMMISSION, reference=slug(pending.item[:70]), title=pending.item,
            purpose="\n".join(filter(None, (pending.details, f"Status: {pending.status}"))),
            origin=origin_of(pending.details, UPDATED), actor=ACTOR, on=UPDATED,
            source=SOURCE)


# --- the draft programme for 2019/20 (seed 002) ---------------------------------------------------

DRAFTED = date(2019, 6, 11)
DRAFT_SOURCE = ("ILSC draft work programme 2019/20, Appendix 1 (report to the meeting of "
                "9 July 2019)")


def draft_present(service: ScrutinyService) -> bool:
    return meeting_id(COMMISSION, DRAFTED) in service.repository


def load_draft_2019_20(service: ScrutinyService) -> None:
    """The draft 2019/20 programme as the commission considered it on 9 July 2019: meetings,
    and their items scheduled in the printed order. The seeds do not say how each meeting went,
    so nothing is recorded as taken. Its "To Schedule" list (``PENDING_2019_20``) is not
    loaded: the seeds do not say what became of it (its "CSE post abuse support" became the
    Post-CSE Support review), and the 2021/22 programme's own lists supersede it."""
    meetings = sorted({row.meeting for row in data.DRAFT_PROGRAMME_2019_20})
    for meeting in meetings:
        service.schedule_meeting(commission=COMMISSION, meets_on=meeting, actor=ACTOR,
                                 on=min(meeting, DRAFTED), source=DRAFT_SOURCE)
    placed: dict[date, int] = {}
    for row in data.DRAFT_PROGRAMME_2019_20:
        number = placed[row.meeting] = placed.get(row.meeting, 0) + 1
        reference = row_reference(row.meeting, row.item)
        recorded_on = min(row.meeting, DRAFTED)
        service.add_programme_item(
            commission=COMMISSION, reference=reference, title=row.item,
            purpose=row.purpose or None, origin=origin_of(row.purpose, row.meeting),
            actor=ACTOR, on=recorded_on, source=DRAFT_SOURCE)
        service.schedule_item(COMMISSION, reference, meeting_on=row.meeting,
                              agenda_number=number, actor=ACTOR, on=recorded_on,
                              source=DRAFT_SOURCE)
