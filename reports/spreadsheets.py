"""Spreadsheets in and out: one way to write a table as CSV or Excel (.xlsx), and one way to
read an uploaded CSV or .xlsx back as rows numbered the way a spreadsheet numbers them (the
header is row 1).

Every list the product exports, the progress sheets officers fill in and the trackers advisers
import go through here, so a file written by one can be read by the other.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_WIDEST = 60  # characters; longer text wraps
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell; longer text is cut, and says so


class UnreadableFile(ValueError):
    """The upload is neither UTF-8 CSV nor an Excel workbook we can read; says why."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    """(row number as the spreadsheet shows it, cells by column name, stripped text)."""
    kind: str  # "csv" or "xlsx"


# --- writing --------------------------------------------------------------------------------


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel opens accented names as written."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _csv_cell(row.get(column)) for column in columns})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]], title: str,
               choices: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """One worksheet: a bold, frozen header row and a filter on it; dates as dates (times in
    UTC); text is always text (a cell starting with "=" is never run as a formula). ``choices``
    gives a column a drop-down of the values it may take (a blank is still allowed)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column) for column in columns]
    for row in rows:
        values = [_xlsx_cell(row.get(column)) for column in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(_WIDEST, len(str(value or ""))))
    for cell in (cell for line in sheet.iter_rows(min_row=2) for cell in line):
        if isinstance(cell.value, str):
            cell.data_type = "s"  # stored as text even if it starts with "="
            if len(cell.value) > _WIDEST:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(cell.value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    last_row = max(2, sheet.max_row)
    for column, allowed in (choices or {}).items():
        if column in columns:
            letter = get_column_letter(list(columns).index(column) + 1)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                showErrorMessage=True, errorTitle=column,
                error=f"Choose one of: {', '.join(allowed)}")
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet must not run a cell as a formula
    return value


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        # Excel has no time zones: times are written in UTC
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, bool | int | float | date):
        return value
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    # control characters (other than tab and line breaks) cannot be stored in a worksheet
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    if len(text) > EXCEL_CELL_LIMIT:
        cut = (f" [cut: {len(text):,} characters, more than Excel holds in a cell; the CSV "
               "has it all]")
        text = text[:EXCEL_CELL_LIMIT - len(cut)] + cut
    return text


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Sheet")[:31]


# --- reading --------------------------------------------------------------------------------


def read_table(content: bytes) -> Table:
    """Read an uploaded CSV (UTF-8) or .xlsx (its first worksheet): header on row 1, a row per
    line after it; blank rows are left out. Raises UnreadableFile naming what is wrong."""
    if not content:
        raise UnreadableFile("the file is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content)
    if content[:5] == b"%PDF-":
        raise UnreadableFile("this is a PDF; upload the sheet as .xlsx or CSV")
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile("this is an old Excel .xls file; save it as .xlsx or CSV")
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("the file is not UTF-8 text or an Excel .xlsx workbook (in Excel, "
                             "save it as 'CSV UTF-8' or as .xlsx)") from None
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise UnreadableFile(f"the CSV cannot be read: {error}") from None
    return _table(lines, "csv")


def _read_xlsx(content: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile("the file looks like an Excel workbook but is damaged or cut "
                             "short; save it again as .xlsx") from None
    if "xl/workbook.xml" not in names:
        what = ("a Word document" if "word/document.xml" in names else
                "an OpenDocument file" if "content.xml" in names else "a zip file")
        raise UnreadableFile(f"this is {what}, not an Excel workbook; save the sheet as .xlsx "
                             "or CSV")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # any failure of a parser fed an upload is the file's
        raise UnreadableFile(f"the Excel workbook cannot be read ({error.__class__.__name__}); "
                             "save it again as .xlsx") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile("the workbook has no worksheet")
        # some programs record the used range wrongly; read every row there is
        sheet.reset_dimensions()
        lines: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            lines.append([_text(value) for value in values])
            if len(lines) > MAX_ROWS + 1:
                break
    except UnreadableFile:
        raise
    except Exception as error:  # a worksheet damaged inside an otherwise sound workbook
        raise UnreadableFile(f"the worksheet cannot be read ({error.__class__.__name__}); "
                             "save it again as .xlsx") from None
    finally:
        workbook.close()
    return _table(lines, "xlsx")


def _table(lines: list[list[str]], kind: str) -> Table:
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise UnreadableFile("the first row must name the columns, and it is blank")
    header = [cell.strip() for cell in lines[0]]
    while header and not header[-1]:
        header.pop()
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        raise UnreadableFile(f"the first row names the column {', '.join(map(repr, twice))} "
                             "more than once; give each column its own heading")
    if len(lines) - 1 > MAX_ROWS:
        raise UnreadableFile(f"the file has more than {MAX_ROWS} rows")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        cells = {column: (line[index].strip() if index < len(line) else "")
                 for index, column in enumerate(header) if column}
        rows.append((number, cells))
    return Table(columns=[column for column in header if column], rows=rows, kind=kind)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else (
            value.isoformat(sep=" "))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_UK_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?")


def read_date(text: str) -> date | None:
    """A date as a cell holds it or a person writes it: 2022-05-03 (with a time of day, as an
    Excel date-and-time cell is read), 03/05/2022 (day first, as UK councils write it) or
    3 May 2022. None if it is not one of those, or no such day."""
    text = text.strip()
    day, rest = text[:10], text[10:]
    if len(day) == 10 and day[4] == "-" and day[7] == "-" and (
            not rest or _TIME_OF_DAY.fullmatch(rest)):
        try:
            return date.fromisoformat(day)
        except ValueError:
            return None
    match = _UK_DATE.fullmatch(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    for layout in ("%d %B %Y", "%d %b %Y", "%A %d %B %Y"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None
