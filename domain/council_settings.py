"""A council's own numbers from its constitution: how it reads "clear days", its call-in window,
its closure days and when reminders go out. Loaded from a TOML file by the delivery layer."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ClosurePeriod(BaseModel):
    """Days the council is closed, e.g. a Christmas shutdown (both days included)."""

    model_config = ConfigDict(extra="forbid")

    start: date
    end: date
    name: str = "closure"

    @model_validator(mode="after")
    def _ordered(self) -> ClosurePeriod:
        if self.end < self.start:
            raise ValueError(
                f"closure {self.name!r} ends ({self.end}) before it starts ({self.start})"
            )
        if (self.end - self.start).days > 60:
            raise ValueError(f"closure {self.name!r} is longer than 60 days; is a year wrong?")
        return self

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


class CouncilSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Rotherham Metropolitan Borough Council"
    clear_days: Literal["working", "calendar"] = Field(
        "working",
        description="Whether the clear days before a meeting (LGA 1972 s.100B(3)) are working "
        "days or calendar days.",
    )
    agenda_clear_days: int = Field(5, ge=1, le=30)
    call_in_working_days: int = Field(5, ge=1, le=30)
    call_in_cut_off: time = time(17, 0)
    report_to_council_months: int = Field(2, ge=1, le=12)
    report_to_council_by_default: bool = Field(
        False,
        description="Whether every report to Cabinet carries a deadline for reporting Cabinet's "
        "response to Council (otherwise only where the commission resolves so).",
    )
    closures: list[ClosurePeriod] = Field(default_factory=list)
    reminder_working_days_before: list[int] = Field(
        default_factory=lambda: [10, 5, 1],
        description="Working days before a due date on which reminders are sent.",
    )

    @model_validator(mode="after")
    def _reminders(self) -> CouncilSettings:
        if any(days < 1 or days > 60 for days in self.reminder_working_days_before):
            raise ValueError("reminder_working_days_before: each lead time must be 1 to 60 days")
        return self

    def all_closure_days(self) -> set[date]:
        return {day for closure in self.closures for day in closure.days()}
