"""Who may do what (the README's "Access" and "Exempt information").

- ``adviser`` — governance advisers record every lifecycle step;
- ``officer`` — responsible officers report progress (and propose completion) only on the
  recommendations and actions assigned to them, and see exempt information only about those
  (need to know);
- ``member`` — councillors read everything, exempt information included;
- ``public`` — anyone not signed in reads what is not exempt (LGA 1972 Sch 12A).

The rules live here so the API, the command line and the dashboard all refuse the same things
with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain.errors import Forbidden, NotAuthenticated


class Role(StrEnum):
    ADVISER = "adviser"
    OFFICER = "officer"
    MEMBER = "member"
    PUBLIC = "public"


# Roles an account can be given; ``public`` is whoever is not signed in.
ACCOUNT_ROLES = (Role.ADVISER, Role.OFFICER, Role.MEMBER)

_DOES = {
    Role.ADVISER: "records lifecycle steps",
    Role.OFFICER: "reports progress on the recommendations and actions assigned to them",
    Role.MEMBER: "reads everything, exempt information included",
    Role.PUBLIC: "reads what is not exempt",
}


def officer_key(name: str) -> str:
    """How a responsible officer's name or title is compared: case and outer spaces aside (the
    views compare LOWER(TRIM(…)) the same way)."""
    return name.strip().lower()


@dataclass(frozen=True)
class ExemptAccess:
    """Which exempt information (LGA 1972 Sch 12A) a reader may see, on a need-to-know basis:
    everything (advisers and members), nothing (the public), or only what concerns the
    recommendations and actions whose responsible officer or owner is one of ``answers_for``
    (an officer: their own name and the titles they act for). Those items are shown whole,
    exempt notes included, and so is an exempt review that holds one of them (it is their
    context); everything else exempt is left out, as for the public."""

    everything: bool = False
    answers_for: tuple[str, ...] = ()
    """Officer names and titles as ``officer_key`` gives them."""

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.answers_for

    def sees_item(self, officer: str | None) -> bool:
        """May this reader see the exempt parts of an item with this officer or owner?"""
        return self.everything or (officer is not None
                                   and officer_key(officer) in self.answers_for)


SEES_EVERYTHING = ExemptAccess(everything=True)
SEES_NOTHING = ExemptAccess()


@dataclass(frozen=True)
class Principal:
    """Whoever is making a request: a signed-in account, or the public."""

    name: str
    role: Role
    # The responsible-officer names and titles an officer reports for ("Head of Service …").
    acts_for: tuple[str, ...] = field(default=())

    @property
    def signed_in(self) -> bool:
        return self.role != Role.PUBLIC

    @property
    def exempt_access(self) -> ExemptAccess:
        """Advisers and members see all exempt information; an officer only what concerns the
        items they answer for; the public none."""
        if self.role in (Role.ADVISER, Role.MEMBER):
            return SEES_EVERYTHING
        if self.role == Role.OFFICER:
            return ExemptAccess(answers_for=tuple(dict.fromkeys(
                officer_key(name) for name in (self.name, *self.acts_for))))
        return SEES_NOTHING

    def answers_for(self, officer: str | None) -> bool:
        if officer is None:
            return False
        wanted = officer_key(officer)
        return any(wanted == officer_key(name) for name in (self.name, *self.acts_for))


PUBLIC = Principal(name="public", role=Role.PUBLIC)


def require_role(principal: Principal, allowed: tuple[Role, ...], doing: str) -> None:
    """Refuse unless ``principal`` has one of the ``allowed`` roles: 401 for the public."""
    if principal.role in allowed:
        return
    needed = " or ".join(role.value for role in allowed)
    if not principal.signed_in:
        raise NotAuthenticated(
            f"Sign in to {doing}: send 'Authorization: Bearer <token>' or use a signed-in "
            f"session. It needs the {needed} role."
        )
    raise Forbidden(
        f"Cannot {doing}: that needs the {needed} role, and {principal.name} is "
        f"{_article(principal.role)} {principal.role.value} (who {_DOES[principal.role]}).",
        role=principal.role.value,
    )


def require_reporter(principal: Principal, officer: str | None, subject: str) -> None:
    """Progress may be reported by an adviser, or by the officer the item is assigned to."""
    require_role(principal, (Role.ADVISER, Role.OFFICER), f"report progress on {subject}")
    if principal.role == Role.OFFICER and not principal.answers_for(officer):
        assigned = f"assigned to {officer}" if officer else "not assigned to anyone yet"
        raise Forbidden(
            f"Cannot report progress on {subject}: it is {assigned}, and {principal.name} "
            f"reports only for {', '.join((principal.name, *principal.acts_for))}.",
            role=principal.role.value,
        )


def require_owner_or_adviser(principal: Principal, owner: str, subject: str) -> None:
    """A credential (an API token, a calendar feed) is revoked by its owner or an adviser."""
    if owner != principal.name and principal.role != Role.ADVISER:
        raise Forbidden(
            f"{subject} belongs to another account; only its owner or an adviser may revoke it.",
            role=principal.role.value,
        )


def _article(role: Role) -> str:
    return "an" if role.value[0] in "aeiou" else "a"
