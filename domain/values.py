"""Value types of the scrutiny domain: the words councils use, as types.

They are shared by the events (which pydantic validates as they are created) and by the API's
request models, so a bad value is refused with the same message wherever it comes in.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints, ValidationInfo

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Besides those: tab, line feed, carriage return, the C1 controls (U+0085 NEL among them) and
# the Unicode line and paragraph separators, any of which breaks a line somewhere.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

STORED = {"stored": True}
"""Validation context for events read back from the store: they were valid under the rules of
the release that wrote them, and are read as they were written (never refused afterwards)."""


def _printable(value: str) -> str:
    # NUL and other control characters cannot be stored in PostgreSQL text columns and have no
    # place in council papers; tabs and line breaks are kept.
    if _CONTROL_CHARACTERS.search(value):
        raise ValueError("must not contain control characters")
    return value


def _one_line(value: str, info: ValidationInfo) -> str:
    # A name or title ends up in an email's Subject, a calendar's SUMMARY, a spreadsheet cell
    # and a page heading: a line break there loses a reminder or forges a header. Events stored
    # before this rule are read as written (STORED).
    if info.context is not None and info.context.get("stored"):
        return value
    if found := _LINE_BREAKING.search(value):
        raise ValueError(
            f"must be on one line: it holds {_character_name(found.group())}, which is not "
            "allowed here (no line breaks, tabs or control characters)"
        )
    return value


def _character_name(character: str) -> str:
    names = {"\n": "a line break (LF)", "\r": "a line break (CR)", "\t": "a tab",
             "\x85": "a line break (U+0085 NEL)", "\u2028": "a line separator (U+2028)",
             "\u2029": "a paragraph separator (U+2029)"}
    return names.get(character, f"the control character U+{ord(character):04X}")


_BREAKS_AND_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def on_one_line(value: str) -> str:
    """``value`` with every run of line breaks, tabs, control characters and spaces made one
    space: for text that must be one line but comes from somewhere we cannot refuse (an
    uploaded file's name, a title an older release accepted)."""
    return _BREAKS_AND_SPACES.sub(" ", value).strip()


def require_one_line(field: str, value: str) -> str:
    """For text checked outside a pydantic model (account titles, token labels): refused,
    naming ``field``, if it breaks the line."""
    if found := _LINE_BREAKING.search(value):
        from domain.errors import InvalidCommand

        raise InvalidCommand(field, f"must be on one line: it holds "
                             f"{_character_name(found.group())}")
    return value


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_printable), AfterValidator(_one_line),
]
"""A person, body or short title: "Councillor Pitchley", "Co-ordinator of Governor Services"."""

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_printable), AfterValidator(_one_line),
]
"""A title, heading, source or short phrase: one line."""

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(_printable),
]
"""Wording of a recommendation, a finding, a progress note or a reason."""

MinuteNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    AfterValidator(_printable), AfterValidator(_one_line),
]
"""A minute reference as printed in the minutes: "C97", "Minute 15", "79"."""

Reference = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, min_length=3, max_length=80,
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    ),
]
"""A review's short, unique, readable key, used in addresses: "post-cse-support"."""

Label = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+(\.[0-9]+)*$"
    ),
]
"""A recommendation's label ("1" … "16", "a" … "h") or an action's number ("2.3")."""


def slug(text: str) -> str:
    """The reference a review gets from its title when none is given."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:80].strip("-") or "review"


class ReviewKind(StrEnum):
    FULL = "full"
    SPOTLIGHT = "spotlight"
    SUB_GROUP = "sub_group"
    TASK_AND_FINISH = "task_and_finish"
    INSPECTION_ACTION_PLAN = "inspection_action_plan"


class ReviewStatus(StrEnum):
    PROPOSED = "proposed"
    SCOPED = "scoped"
    EVIDENCE_GATHERING = "evidence_gathering"
    FINDINGS_AGREED = "findings_agreed"
    REFERRED_TO_OSMB = "referred_to_osmb"
    RETURNED_FOR_REVISION = "returned_for_revision"
    ENDORSED_BY_OSMB = "endorsed_by_osmb"
    SUBMITTED_TO_CABINET = "submitted_to_cabinet"
    CABINET_RESPONDED = "cabinet_responded"
    RESPONSE_REPORTED = "response_reported"
    ACTION_PLAN_AGREED = "action_plan_agreed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class RecommendationStatus(StrEnum):
    DRAFT = "draft"
    WITHDRAWN = "withdrawn"
    AWAITING_RESPONSE = "awaiting_response"
    DEFERRED = "deferred"
    REJECTED = "rejected"
    IMPLEMENTING = "implementing"
    COMPLETION_PROPOSED = "completion_proposed"
    IMPLEMENTED = "implemented"
    CLOSED_BY_SCRUTINY = "closed_by_scrutiny"


class CabinetDecision(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    DEFERRED = "deferred"


class RAGStatus(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    """Blue: complete, as many councils' trackers mark it."""


class ActionStatus(StrEnum):
    """The statuses of an inspection action plan, as the HMIP YOT plan prints them."""

    PLANNED_NOT_STARTED = "planned_not_started"
    PROGRESSING_ON_TRACK = "progressing_on_track"
    MAY_EXCEED_TARGET = "may_exceed_target"
    COMPLETED = "completed"
    DUPLICATE = "duplicate"


class ReportedTo(StrEnum):
    COMMISSION = "commission"
    COUNCIL = "council"
    OSMB = "osmb"


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]*\.?[- ](\d{2}|\d{4})$")


def normalise_target_date(value: object) -> str:
    """Read a target or "by when" date to the day or, as action plans often give it, to the month.

    Accepts 2021-03-31, 2021-03, Mar-21 and March 2021 (and a date object); returns 2021-03-31 or
    2021-03. A month-precision target falls due on the last day of that month.
    """
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError("must be a date such as 2021-03-31, 2021-03 or Mar-21")
    text = value.strip()
    day: int | None
    if match := _ISO.match(text):
        year, month = int(match[1]), int(match[2])
        day = int(match[3]) if match[3] else None
    elif (match := _MONTH_YEAR.match(text)) and match[1].lower() in _MONTHS:
        month = _MONTHS[match[1].lower()]
        year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
        day = None
    else:
        raise ValueError(f"{text!r} is not a target date: use 2021-03-31, 2021-03 or Mar-21")
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise ValueError(f"{text!r} is not a real month")
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


TargetDate = Annotated[str, BeforeValidator(normalise_target_date)]
"""A target date as 2021-03-31, or to the month as 2021-03."""


def target_due_date(target: str) -> date:
    """The day a target falls due: the day itself, or the last day of a month-precision target."""
    parts = [int(part) for part in target.split("-")]
    if len(parts) == 2:
        year, month = parts
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(parts[0], parts[1], parts[2])
