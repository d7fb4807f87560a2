"""The work programme document: a commission's programme for a municipal year as the Word
document that goes in a committee's agenda pack, laid out as the council's own papers lay it out
("Work programme – Improving Lives Select Commission – Updated 8 March 2022", seed 004).

A table of Meeting Date | Agenda Item | Purpose/ Outcomes | Recommendations, one row per item,
the date only on the first row of each meeting; then the items still to be scheduled, as
Item | Details | Status. ``programme_rows`` gives the main table's cell texts, for the document
and for whoever needs to check it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from docx import Document
from docx.shared import Cm

from domain.wording import words
from projections.work_programme import MeetingProgramme, Programme
from reports.committee_documents import add_row, as_bytes, grid_table, long_date, set_up

PROGRAMME_COLUMNS = ("Meeting Date", "Agenda Item", "Purpose/ Outcomes", "Recommendations")
PROGRAMME_WIDTHS = (Cm(3.4), Cm(5.2), Cm(8.5), Cm(8.6))
WAITING_COLUMNS = ("Item", "Details", "Status")
WAITING_WIDTHS = (Cm(6.5), Cm(13.2), Cm(6.0))

Row = tuple[str, str, str, str]


def _lines(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def _meeting_date(meeting: dict[str, Any]) -> str:
    cancelled = " (cancelled)" if meeting.get("status") == "cancelled" else ""
    return long_date(meeting["meets_on"]) + cancelled


def _recommendations(item: dict[str, Any]) -> list[str]:
    """Each resolution as "1. That …"; a resolution of several lines keeps them as lines."""
    lines: list[str] = []
    for resolution in item.get("resolutions") or []:
        first, *rest = _lines(resolution["text"]) or [""]
        lines += [f"{resolution['number']}. {first}", *rest]
    return lines


def _meeting_cells(meeting: MeetingProgramme) -> list[tuple[str, list[str], list[str], list[str]]]:
    """A meeting's rows as the paragraphs of each cell; the date only on the first. A meeting
    with nothing on it keeps a row of its own, so that it (or its cancellation) still shows."""
    if not meeting.items:
        return [(_meeting_date(meeting.meeting), [], [], [])]
    return [(_meeting_date(meeting.meeting) if index == 0 else "", [item["title"]],
             _lines(item.get("purpose")), _recommendations(item))
            for index, item in enumerate(meeting.items)]


def programme_rows(programme: Programme) -> list[Row]:
    """The main table's rows: the four cells' texts, a cell's paragraphs joined with "\\n"."""
    return [(day, "\n".join(title), "\n".join(purpose), "\n".join(recommendations))
            for meeting in programme.meetings
            for day, title, purpose, recommendations in _meeting_cells(meeting)]


def status_words(item: dict[str, Any]) -> str:
    """"To be scheduled", "Deferred", with ", due 30 September 2022" when a follow-up is due."""
    wording = words(item["status"])
    due = item.get("follow_up_due")
    return f"{wording}, due {long_date(due)}" if due else wording


def programme_docx(programme: Programme, council: str, updated: date | None = None) -> bytes:
    """The work programme as a .docx: landscape A4, Arial, the council's name in the footer."""
    title = f"Work programme – {programme.commission} – {programme.year}"
    if updated is not None:
        title += f" – Updated {long_date(updated)}"
    document = Document()
    set_up(document, title, council)
    document.add_heading(title, level=1)
    table = grid_table(document, PROGRAMME_COLUMNS, PROGRAMME_WIDTHS)
    for meeting in programme.meetings:
        for day, *cells in _meeting_cells(meeting):
            add_row(table, [[day] if day else [], *cells])
    document.add_heading("Items to be scheduled", level=2)
    waiting = grid_table(document, WAITING_COLUMNS, WAITING_WIDTHS)
    for item in programme.waiting:
        add_row(waiting, [[item["title"]], _lines(item.get("purpose")), [status_words(item)]])
    return as_bytes(document)
