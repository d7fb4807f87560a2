"""Exempt information: what the public may not see (Local Government Act 1972, Schedule 12A).

A review, a recommendation, an action, or one progress note on a recommendation or action can be
marked exempt, citing the paragraphs of Schedule 12A Part 1 that apply and a date by which the
exemption is to be reviewed. Marking and lifting are events, so who decided, when and why is kept.
An exempt review makes everything under it exempt too.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidCommand
from domain.events import Event, ScrutinyAggregate, current_stamp
from domain.values import Text

SCHEDULE_12A: dict[int, str] = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter arising "
    "between the authority or a Minister of the Crown and employees of, or office holders "
    "under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment a "
    "notice under or by virtue of which requirements are imposed on a person; or (b) to make an "
    "order or direction under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime.",
}


def citation(paragraphs: tuple[int, ...] | list[int]) -> str:
    numbers = ", ".join(str(p) for p in sorted(paragraphs))
    word = "paragraph" if len(paragraphs) == 1 else "paragraphs"
    return f"Local Government Act 1972, Schedule 12A, {word} {numbers}"


def neutral_wording(paragraphs: tuple[int, ...] | list[int]) -> str:
    """What an email subject or a calendar entry says instead of an exempt record's title:
    subjects and summaries are shown where anyone may glance (a phone's lock screen, a shared
    calendar), so they carry no exempt text."""
    numbers = ", ".join(str(p) for p in sorted(paragraphs))
    word = "paragraph" if len(paragraphs) == 1 else "paragraphs"
    return f"Exempt item, Schedule 12A {word} {numbers}"


class Exemption(BaseModel):
    model_config = ConfigDict(frozen=True)

    paragraphs: tuple[int, ...]
    reason: str
    review_by: date
    marked_by: str
    marked_on: date

    @property
    def citation(self) -> str:
        return citation(self.paragraphs)


def _paragraphs(paragraphs: list[int] | tuple[int, ...]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(paragraphs)))
    if not chosen:
        raise InvalidCommand("paragraphs", "cite at least one paragraph of Schedule 12A (1–7)")
    wrong = [p for p in chosen if p not in SCHEDULE_12A]
    if wrong:
        raise InvalidCommand(
            "paragraphs",
            f"Schedule 12A Part 1 has paragraphs 1–7; {', '.join(map(str, wrong))} is not one",
        )
    return chosen


class CanHoldExemptInformation(ScrutinyAggregate):
    """Reviews, recommendations and actions: each can be exempt, as can each progress note."""

    NOTES: ClassVar[bool] = False
    _exemption: Exemption | None  # set by the events below
    _exempt_notes: dict[int, Exemption]

    # Kept out of the aggregates' constructors (and so out of their creation events): set only
    # by the events below.
    @property
    def exemption(self) -> Exemption | None:
        found: Exemption | None = self.__dict__.get("_exemption")
        return found

    @property
    def exempt_notes(self) -> dict[int, Exemption]:
        """Exempt progress notes, by their number (1 = the first note recorded)."""
        found: dict[int, Exemption] = self.__dict__.get("_exempt_notes", {})
        return found

    def mark_exempt(self, paragraphs: list[int], reason: str, review_by: date, *,
            note: int | None = None) -> None:
        on = current_stamp().on
        chosen = _paragraphs(paragraphs)
        if not reason.strip():
            raise InvalidCommand("reason", "say why the information is exempt")
        if review_by <= on:
            raise InvalidCommand(
                "review_by", "the date by which the exemption is reviewed must be after the "
                f"day it is marked ({on.isoformat()})",
            )
        if note is None:
            self.trigger_event(self.MarkedExempt, paragraphs=list(chosen), reason=reason,
                review_by=review_by)
            return
        self._require_note(note)
        self.trigger_event(self.ProgressNoteMarkedExempt, note=note, paragraphs=list(chosen),
            reason=reason, review_by=review_by)

    def lift_exemption(self, reason: str, *, note: int | None = None) -> None:
        if not reason.strip():
            raise InvalidCommand("reason", "say why the information may now be published")
        if note is None:
            if self.exemption is None:
                raise InvalidCommand("exemption", f"{self.describe()} is not exempt")
            self.trigger_event(self.ExemptionLifted, reason=reason)
            return
        self._require_note(note)
        if note not in self.exempt_notes:
            raise InvalidCommand("note", f"progress note {note} of {self.describe()} is not exempt")
        self.trigger_event(self.ProgressNoteExemptionLifted, note=note, reason=reason)

    def _require_note(self, note: int) -> None:
        if not self.NOTES:
            raise InvalidCommand("note", f"{self.describe()} has no progress notes")
        count = len(self.progress_updates)  # type: ignore[attr-defined]
        if not 1 <= note <= count:
            raise InvalidCommand(
                "note", f"{self.describe()} has {count} progress note(s); there is no note {note}"
            )

    def exemption_document(self) -> dict[str, Any]:
        return {
            "exemption": _shown(self.exemption),
            "exempt_notes": {str(n): _shown(e) for n, e in sorted(self.exempt_notes.items())},
        }

    class MarkedExempt(Event):
        paragraphs: list[int]
        reason: Text
        review_by: date

        def apply(self, record: CanHoldExemptInformation) -> None:
            record._exemption = Exemption(
                paragraphs=tuple(self.paragraphs), reason=self.reason, review_by=self.review_by,
                marked_by=self.actor, marked_on=self.business_date)

    class ExemptionLifted(Event):
        reason: Text

        def apply(self, record: CanHoldExemptInformation) -> None:
            record._exemption = None

    class ProgressNoteMarkedExempt(Event):
        note: int
        paragraphs: list[int]
        reason: Text
        review_by: date

        def apply(self, record: CanHoldExemptInformation) -> None:
            record._exempt_notes = {**record.exempt_notes, self.note: Exemption(
                paragraphs=tuple(self.paragraphs), reason=self.reason, review_by=self.review_by,
                marked_by=self.actor, marked_on=self.business_date,
            )}

    class ProgressNoteExemptionLifted(Event):
        note: int
        reason: Text

        def apply(self, record: CanHoldExemptInformation) -> None:
            record._exempt_notes = {n: e for n, e in record.exempt_notes.items() if n != self.note}


def _shown(exemption: Exemption | None) -> dict[str, Any] | None:
    if exemption is None:
        return None
    return {**exemption.model_dump(mode="json"), "citation": exemption.citation}
