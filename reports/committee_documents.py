"""The layout of the committee documents the product writes as Word files (python-docx): A4
landscape, Arial (no theme fonts), the council's name in the footer, "Table Grid" tables whose
bold header row repeats on every page."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import Table, _Cell

from domain.known_dates import in_words

FONT = "Arial"
A4_LONG, A4_SHORT = Cm(29.7), Cm(21.0)


def long_date(day: str | date | None, known: str | None = None) -> str:
    """"15 June 2021" (no leading zero), from a date or an ISO date string; "" for none;
    "on or before 15 July 2021" where ``known`` (or the date itself) says so."""
    if not day:
        return ""
    return in_words(date.fromisoformat(day) if isinstance(day, str) else day, known)


def as_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def set_up(document: Any, title: str, council: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.footer.paragraphs[0].text = council
    for name in ("Normal", "Heading 1", "Heading 2"):
        _use_font(document.styles[name])
    document.core_properties.title = title
    document.core_properties.author = council


def _use_font(style: CharacterStyle) -> None:
    """Arial for every script, in black; the template's theme fonts (Calibri, Cambria) would
    otherwise win over the font's name."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in [name for name in fonts.attrib if name.lower().endswith("theme")]:
        del fonts.attrib[theme]  # asciiTheme, hAnsiTheme, eastAsiaTheme, cstheme
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
    style.font.color.rgb = RGBColor(0, 0, 0)


def grid_table(document: Any, headings: Sequence[str], widths: Sequence[Any]) -> Table:
    """A "Table Grid" table with its bold header row, repeated at the top of each page."""
    table = document.add_table(rows=0, cols=len(headings))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = add_row(table, [[heading] for heading in headings], bold=True)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    return table


def add_row(table: Table, cells: Sequence[Sequence[str]], bold: bool = False) -> Any:
    row = table.add_row()
    for cell, lines, column in zip(row.cells, cells, table.columns, strict=True):
        cell.width = column.width
        _fill(cell, lines, bold)
    return row


def _fill(cell: _Cell, lines: Iterable[str], bold: bool) -> None:
    """One paragraph a line; the cell's own (empty) paragraph takes the first."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.add_run(line).bold = bold or None
