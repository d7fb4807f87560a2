"""The work programme document for a committee's agenda (.docx): the demo's ILSC 2021/22
programme, on both stores, checked against the programme it is made from and against the
council's own table it copies (seed 004, ``PROGRAMME_2021_22``)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from application.service import ScrutinyService
from demo import load_demo
from demo.ilsc_work_programme_data import PROGRAMME_2021_22, ProgrammeRow
from projections import work_programme as programmes
from projections.read_models import ReadModels
from projections.work_programme import MeetingProgramme, Programme
from reports.work_programme_document import (
    long_date,
    programme_docx,
    programme_rows,
    status_words,
)
from tests.conftest import settle

ILSC = "Improving Lives Select Commission"
COUNCIL = "Rotherham Metropolitan Borough Council"
HEADER = ["Meeting Date", "Agenda Item", "Purpose/ Outcomes", "Recommendations"]


@pytest.fixture
def programme(service: ScrutinyService, read_models: ReadModels) -> Programme:
    load_demo(service)
    settle(read_models)
    return programmes.programme(read_models.connection(), ILSC, "2021/22")


@pytest.fixture
def as_printed(programme: Programme, read_models: ReadModels) -> Programme:
    """The span of the council's own "2021/22" table: 15 June 2021 to 14 June 2022."""
    return programmes.programme_between(read_models.connection(), ILSC, date(2021, 6, 15),
                                        date(2022, 6, 14))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def expected_recommendations(row: ProgrammeRow) -> str:
    """The seed's Recommendations cell as numbered lines, the lettered ones after the first."""
    lines: list[str] = []
    for resolution in row.resolutions:
        lines.append(f"{resolution.number}. {resolution.text}")
        if resolution.number == "1":
            lines += row.sub_recommendations
    return "\n".join(lines)


def test_the_document_is_the_programme(programme: Programme) -> None:
    document = open_docx(programme_docx(programme, COUNCIL, updated=date(2022, 3, 8)))
    assert document.paragraphs[0].text == (
        "Work programme – Improving Lives Select Commission – 2021/22 – Updated 8 March 2022")
    main = document.tables[0]
    header, *rows = texts(main)
    assert header == HEADER
    assert len(rows) == sum(len(meeting.items) for meeting in programme.meetings) == 29
    assert [tuple(row) for row in rows] == programme_rows(programme)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    assert section.footer.paragraphs[0].text == COUNCIL
    assert {document.styles[name].font.name for name in ("Normal", "Heading 1", "Heading 2")
            } == {"Arial"}
    assert main.style is not None and main.style.name == "Table Grid"


def test_the_document_has_the_seeds_rows(as_printed: Programme) -> None:
    rows = [row for row in texts(open_docx(programme_docx(as_printed, COUNCIL)).tables[0])[1:]]
    seed = list(PROGRAMME_2021_22)
    assert len(rows) == len(seed) == 33
    # the meeting dates, in document order, are the seed's meetings in order
    assert [row[0] for row in rows if row[0]] == list(
        dict.fromkeys(long_date(row.meeting) for row in seed))
    # row for row, in the seed's order: the item, its purpose, the resolutions as printed
    assert [tuple(row[1:]) for row in rows] == [
        (row.item, row.purpose, expected_recommendations(row)) for row in seed]


def test_the_items_to_be_scheduled(programme: Programme) -> None:
    document = open_docx(programme_docx(programme, COUNCIL))
    headings = [p.text for p in document.paragraphs
                if p.style is not None and str(p.style.name).startswith("Heading")]
    assert headings[-1] == "Items to be scheduled"
    header, *rows = texts(document.tables[1])
    assert header == ["Item", "Details", "Status"]
    # the seed's 7 "pending scheduling or removal" and 11 "to be scheduled during 2022/23"
    assert len(rows) == len(programme.waiting) == 18
    assert [(row[0], row[2]) for row in rows] == [
        (item["title"], status_words(item)) for item in programme.waiting]
    assert ["Support for Young Carers", "To be scheduled"] in [[row[0], row[2]] for row in rows]
    assert ["SEND inspection WSoA.", "To be scheduled, due 30 September 2022"] in [
        [row[0], row[2]] for row in rows]


def test_the_header_rows_repeat_on_each_page(programme: Programme) -> None:
    document = open_docx(programme_docx(programme, COUNCIL))
    for table in document.tables:
        header, *rows = table.rows
        assert header._tr.trPr is not None
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
                   for row in rows)


# --- without a store: cancelled and empty meetings, resolutions of several lines -------------

def test_cancelled_meetings_lines_and_resolutions() -> None:
    taken = {"title": "Post-CSE Support", "purpose": "To receive the report.\nFrom the sub-group.",
             "status": "taken", "resolutions": [
                 {"number": "1", "text": "That the report be noted, and:\na) That …\nb) That …",
                  "follow_up_reference": None},
                 {"number": "2", "text": "That a report come back.",
                  "follow_up_reference": "post-cse-support-2021-12-2"}]}
    plain: dict[str, Any] = {"title": "Work Programme", "purpose": None, "status": "scheduled",
                             "resolutions": []}
    programme = Programme(ILSC, "2021/22", [
        MeetingProgramme({"meets_on": "2021-12-22", "status": "scheduled"}, [taken, plain]),
        MeetingProgramme({"meets_on": "2022-02-01", "status": "cancelled"}, [plain]),
        MeetingProgramme({"meets_on": "2022-03-08", "status": "cancelled"}, []),
    ], waiting=[{"title": "NHS Frailty Index", "purpose": "Joint item", "status": "deferred",
                 "follow_up_due": None}])
    expected = [
        ("22 December 2021", "Post-CSE Support", "To receive the report.\nFrom the sub-group.",
         "1. That the report be noted, and:\na) That …\nb) That …\n2. That a report come back."),
        ("", "Work Programme", "", ""),
        ("1 February 2022 (cancelled)", "Work Programme", "", ""),
        ("8 March 2022 (cancelled)", "", "", ""),  # a meeting with nothing on it still shows
    ]
    assert programme_rows(programme) == expected
    document = open_docx(programme_docx(programme, COUNCIL))
    assert [tuple(row) for row in texts(document.tables[0])[1:]] == expected
    resolutions = document.tables[0].rows[1].cells[3].paragraphs
    assert [p.text[:5] for p in resolutions] == ["1. Th", "a) Th", "b) Th", "2. Th"]
    assert texts(document.tables[1])[1] == ["NHS Frailty Index", "Joint item", "Deferred"]
    assert document.paragraphs[0].text == (
        "Work programme – Improving Lives Select Commission – 2021/22")
