"""How the record's identifiers read to people: statuses, steps, kinds and event names.

One place for every page, document, email and error message: ``words("referred_to_osmb")`` is
"Referred to OSMB" and ``event_words("CabinetResponseRecorded")`` is "Cabinet response
recorded" wherever they are shown. Where the papers word a status their own way (the HMIP action
plan's "Action progressing and on track"), their wording is kept here too.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from domain.values import ActionStatus

STATUS_WORDING = {
    "partially_accepted": "Partially accepted", "progressing_on_track": "Progressing and on track",
    "may_exceed_target": "May exceed original target date",
    "planned_not_started": "Planned but not started", "blue": "Blue (complete)",
}
"""Identifiers whose words are not simply their parts."""

ACTION_STATUS_WORDING = {
    ActionStatus.PLANNED_NOT_STARTED: "Action planned but not started",
    ActionStatus.PROGRESSING_ON_TRACK: "Action progressing and on track",
    ActionStatus.MAY_EXCEED_TARGET: "Action may exceed original target date",
    ActionStatus.COMPLETED: "Action completed",
    ActionStatus.DUPLICATE: "Duplicate action",
}
"""An action's status as the inspection action plan prints it."""

STEP_NOUNS = {
    "scope": "the scope", "record_evidence_session": "evidence sessions",
    "refer_to_osmb": "the referral to OSMB", "endorse": "OSMB's endorsement",
    "submit_to_cabinet": "the submission to Cabinet",
}
"""Lifecycle steps as a sentence names them ("the papers do not give the scope")."""

KEPT = {"OSMB", "RAG", "Cabinet", "Council"}
"""Words written so inside a phrase, whatever case the identifier has them in."""
_KEPT = {word.lower(): word for word in KEPT}


def words(value: Any, capitalised: bool = True) -> str:
    """An identifier as words: ``awaiting_response`` → "Awaiting response",
    ``submitted_to_cabinet`` → "Submitted to Cabinet"; with ``capitalised=False`` the first
    word is in lower case unless it is a name or an acronym (inside a sentence: "is referred to
    OSMB", "Cabinet responded")."""
    if value is None:
        return ""
    text = str(getattr(value, "value", value))
    if text in STATUS_WORDING:
        phrase = STATUS_WORDING[text]
    else:
        phrase = "".join(" " if part in ("_", "-") else _KEPT.get(part, part)
                         for part in re.split(r"([_-])", text))
    first = phrase.split(" ", 1)[0]
    if first in KEPT or (len(first) > 1 and first.isupper()):
        return phrase
    return (phrase[:1].upper() if capitalised else phrase[:1].lower()) + phrase[1:]


@functools.lru_cache(maxsize=512)
def event_words(name: str) -> str:
    """An event's name as words: "CabinetResponseRecorded" → "Cabinet response recorded";
    "ReferredToOSMB" → "Referred to OSMB"."""
    found = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+", name)
    return " ".join(found[:1] + [word if word in KEPT or (len(word) > 1 and word.isupper())
                                 else word.lower() for word in found[1:]])
