"""Errors a person can act on: each names what was wrong and, where it applies, what is allowed."""

from __future__ import annotations

from collections.abc import Iterable

from domain.wording import words


class DomainError(Exception):
    """Base of every refusal the domain makes."""

    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> dict[str, object]:
        return {}


class InvalidLifecycleStep(DomainError):
    """A step that the current state of a review, recommendation or action does not allow."""

    code = "invalid_lifecycle_step"

    def __init__(
        self, subject: str, step: str, current_state: str, allowed_steps: Iterable[str]
    ) -> None:
        self.subject = subject
        self.step = step
        self.current_state = current_state
        self.allowed_steps = sorted(allowed_steps)
        allowed = ", ".join(self.allowed_steps) or "none: it is finished"
        super().__init__(
            f"Cannot {words(step, capitalised=False)}: {subject} is "
            f"{words(current_state, capitalised=False)}. "
            f"Allowed next steps: {allowed}."
        )

    def details(self) -> dict[str, object]:
        return {
            "step": self.step,
            "current_state": self.current_state,
            "allowed_steps": self.allowed_steps,
        }


class InvalidCommand(DomainError):
    """A command whose content breaks a rule: a rejection without a reason, a duplicate label."""

    code = "invalid_command"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")

    def details(self) -> dict[str, object]:
        return {"field": self.field}


class NotFound(DomainError):
    code = "not_found"


class AlreadyExists(DomainError):
    code = "already_exists"


class ConcurrencyConflict(DomainError):
    """Someone else changed the same record first; nothing of this command was saved."""

    code = "conflict"

    def __init__(self, message: str, current_version: int | None = None) -> None:
        self.current_version = current_version
        super().__init__(message)

    def details(self) -> dict[str, object]:
        return {} if self.current_version is None else {"current_version": self.current_version}


class NotAuthenticated(DomainError):
    """No credentials, or credentials that are not (or no longer) valid."""

    code = "not_authenticated"


class Forbidden(DomainError):
    """Signed in, but the account's role does not allow this."""

    code = "forbidden"

    def __init__(self, message: str, role: str) -> None:
        self.role = role
        super().__init__(message)

    def details(self) -> dict[str, object]:
        return {"role": self.role}


class TooManyAttempts(DomainError):
    """Sign-in is paused for an account after repeated failures."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(message)

    def details(self) -> dict[str, object]:
        return {"retry_after_seconds": self.retry_after_seconds}
