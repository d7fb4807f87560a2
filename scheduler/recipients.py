"""Who a reminder goes to: the council's settings name the chair, the governance adviser and the
Statutory Scrutiny Officer; the accounts say which people act for a responsible officer's title.

The scheduler does not know where accounts are kept: the delivery layer hands it a
``Directory``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from domain.council_settings import Audience, Contact, CouncilSettings
from domain.reminder import Recipient


@dataclass(frozen=True)
class Person:
    name: str
    email: str


class Directory(Protocol):
    def acting_for(self, responsible: str) -> list[Person]:
        """The people whose account is named ``responsible`` or acts for that title."""
        ...

    def advisers(self) -> list[Person]:
        """Every governance adviser with an account (the weekly digest goes to each)."""
        ...


@dataclass
class Addressed:
    to: list[Recipient] = field(default_factory=list)
    copy_to: list[Recipient] = field(default_factory=list)
    unreached: list[str] = field(default_factory=list)


class RecipientResolver:
    def __init__(self, settings: CouncilSettings, directory: Directory) -> None:
        """One resolver per sweep: who acts for whom is looked up once per name."""
        self.settings = settings
        self.directory = directory
        self._acting_for: dict[str, list[Person]] = {}

    def address(self, audiences: list[Audience], commission: str, owner: str | None
                ) -> Addressed:
        """The first audience is who the reminder is *to*; the rest are copied. When nobody in
        the first audience can be reached, the first reachable copy becomes the addressee, so
        a reminder never goes unsent because one address is missing; who could not be reached
        is recorded and said in the email."""
        found = Addressed()
        seen: set[str] = set()
        for index, audience in enumerate(audiences):
            people, missing = self._audience(audience, commission, owner)
            found.unreached.extend(missing)
            target = found.to if index == 0 else found.copy_to
            for recipient in people:
                if recipient.email.casefold() not in seen:
                    seen.add(recipient.email.casefold())
                    target.append(recipient)
        if not found.to and found.copy_to:
            found.to.append(found.copy_to.pop(0))
        if not found.to:
            # Nobody at all: the Statutory Scrutiny Officer is answerable for scrutiny working.
            people, _ = self._audience("statutory-scrutiny-officer", commission, owner)
            found.to.extend(people)
        return found

    def _audience(self, audience: Audience, commission: str, owner: str | None
                  ) -> tuple[list[Recipient], list[str]]:
        contacts = self.settings.commissions.get(commission)
        match audience:
            case "responsible" if owner:
                if owner not in self._acting_for:
                    self._acting_for[owner] = self.directory.acting_for(owner)
                people = self._acting_for[owner]
                if not people:
                    return [], [f"{owner} (responsible; no account with an email acts for them)"]
                return [Recipient(name=p.name, email=p.email, why=f"responsible: {owner}")
                        for p in people], []
            case "responsible" | "adviser":
                # Cabinet's response is chased by the commission's governance adviser.
                return _contact(contacts.adviser if contacts else None,
                                f"governance adviser, {commission}")
            case "chair":
                return _contact(contacts.chair if contacts else None, f"chair, {commission}")
            case "statutory-scrutiny-officer":
                return _contact(self.settings.statutory_scrutiny_officer,
                                "Statutory Scrutiny Officer")
        return [], []


def _contact(contact: Contact | None, why: str) -> tuple[list[Recipient], list[str]]:
    if contact is None:
        return [], [f"the {why} (not named in the council settings)"]
    if not contact.email:
        return [], [f"{contact.name}, {why} (no email address in the council settings)"]
    return [Recipient(name=contact.name, email=contact.email, why=why)], []
