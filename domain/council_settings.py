"""A council's own numbers from its constitution: how it reads "clear days", its call-in window,
its closure days, and who is reminded of a deadline and when. Loaded from a TOML file by the
delivery layer."""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.values import Name


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


class Contact(BaseModel):
    """A person reminders are sent to: a name as the papers print it, and an address."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    # ASCII only: SMTP without the SMTPUTF8 extension carries nothing else.
    email: str | None = Field(None, pattern=r"^[!-?A-~]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")


class CommissionContacts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chair: Contact | None = None
    adviser: Contact | None = Field(
        None, description="The commission's governance adviser, who chases Cabinet's response."
    )


Audience = Literal["responsible", "adviser", "chair", "statutory-scrutiny-officer"]
_BEFORE_TO: tuple[Audience, ...] = ("responsible",)
_OVERDUE_TO: tuple[Audience, ...] = ("responsible", "statutory-scrutiny-officer", "chair")


class ReminderPolicy(BaseModel):
    """When a deadline's reminders go out, and to whom."""

    model_config = ConfigDict(extra="forbid")

    before_working_days: list[int] = Field(
        default_factory=lambda: [10, 5, 1],
        description="Working days before the due date on which a reminder goes out.",
    )
    on_due_day: bool = True
    overdue_every_days: int = Field(
        7, ge=0, le=90,
        description="Once missed, escalate on the next working day and then every this many "
        "days until met (0: escalate once).",
    )
    before_to: list[Audience] = Field(default_factory=lambda: list(_BEFORE_TO))
    overdue_to: list[Audience] = Field(default_factory=lambda: list(_OVERDUE_TO))

    @model_validator(mode="after")
    def _leads(self) -> ReminderPolicy:
        if any(days < 1 or days > 60 for days in self.before_working_days):
            raise ValueError("before_working_days: each lead time must be 1 to 60 working days")
        if not self.before_to or not self.overdue_to:
            raise ValueError("before_to and overdue_to must each name at least one audience")
        return self


class ReminderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default: ReminderPolicy = Field(default_factory=ReminderPolicy)
    rules: dict[str, ReminderPolicy] = Field(
        default_factory=dict,
        description="A policy per deadline rule id (e.g. executive-response), replacing the "
        "default for that rule.",
    )
    digest_weekday: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"
    stale_after_days: int = Field(
        90, ge=7, le=730,
        description="A recommendation in implementation with no progress update for this many "
        "days is listed in the advisers' weekly digest.",
    )

    @model_validator(mode="after")
    def _known_rules(self) -> ReminderSettings:
        from domain.deadline_rules import RULES  # the catalogue imports these settings

        unknown = sorted(set(self.rules) - set(RULES))
        if unknown:
            raise ValueError(
                f"reminders.rules: no deadline rule {', '.join(map(repr, unknown))}; the rules "
                f"are {', '.join(RULES)}"
            )
        return self

    def policy(self, rule: str) -> ReminderPolicy:
        return self.rules.get(rule, self.default)


class CouncilSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Rotherham Metropolitan Borough Council"
    clear_days: Literal["working", "calendar"] = Field(
        "working",
        description="Whether the clear days before a meeting (LGA 1972 s.100B(3)) are working "
        "days or calendar days.",
    )
    agenda_clear_days: int = Field(5, ge=1, le=30)
    papers_working_days: int = Field(
        7, ge=1, le=30,
        description="Reports for a meeting are due this many working days before it (ILSC "
        "2019/20: noon on the Friday seven working days before a Tuesday meeting).",
    )
    papers_cut_off: time = time(12, 0)
    call_in_working_days: int = Field(5, ge=1, le=30)
    call_in_cut_off: time = time(17, 0)
    report_to_council_months: int = Field(2, ge=1, le=12)
    report_to_council_by_default: bool = Field(
        False,
        description="Whether every report to Cabinet carries a deadline for reporting Cabinet's "
        "response to Council (otherwise only where the commission resolves so).",
    )
    closures: list[ClosurePeriod] = Field(default_factory=list)
    statutory_scrutiny_officer: Contact | None = Field(
        None,
        description="The Statutory Scrutiny Officer (LGA 2000 s.9FB), copied into overdue "
        "escalations.",
    )
    commissions: dict[str, CommissionContacts] = Field(
        default_factory=dict,
        description="Per commission (by its full name): its chair and governance adviser.",
    )
    reminders: ReminderSettings = Field(default_factory=lambda: ReminderSettings())

    def views_fingerprint(self) -> str:
        """A digest of the settings that deadlines and reminder days are worked out from: when
        it changes, the views built with the old settings are rebuilt."""
        counted = self.model_dump_json(
            exclude={"name": True, "statutory_scrutiny_officer": True, "commissions": True,
                     "reminders": {"digest_weekday", "stale_after_days"}}
        )
        return hashlib.sha256(counted.encode("utf-8")).hexdigest()

    def all_closure_days(self) -> set[date]:
        return {day for closure in self.closures for day in closure.days()}
