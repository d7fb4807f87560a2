"""One router per resource: reviews, recommendations, actions."""

from __future__ import annotations

from typing import Any

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such review, recommendation or action"},
    409: {
        "description": "The lifecycle does not allow this step now (the answer names the "
        "current state and the allowed steps), or the record changed since you loaded it"
    },
    422: {"description": "Bad input; the answer names the field"},
    503: {"description": "The event store cannot be reached just now; retry after Retry-After"},
}
