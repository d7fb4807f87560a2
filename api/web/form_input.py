"""Reading a posted dashboard form: GOV.UK date inputs, lists, the Cabinet's response per
recommendation; and turning refusals (the request model's, the service's) into the error
summary's entries, each linked to its field and worded for the form."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.web import safe_id
from api.web.step_forms import CABINET_FIELDS, CABINET_MEETING, WHEN_AND_WHERE, StepForm
from application.commands import FormField
from domain.errors import InvalidCommand

_MESSAGES = {
    "missing": "Enter {what}", "string_too_short": "Enter {what}",
    "enum": "Select {what}", "literal_error": "Select {what}",
    "string_too_long": "{label} must be {max_length} characters or fewer",
    "too_short": "Select at least one of {what}",
    "bool_parsing": "Select {what}",
    "date_from_datetime_parsing": "{label} must be a real date",
    "date_parsing": "{label} must be a real date",
    "int_parsing": "{label} must be a whole number",
    "greater_than_equal": "{label} must be {ge} or more",
}


def _what(label: str) -> str:
    words = label.replace(" (optional)", "").rstrip("?")
    for prefix in ("Which ", "Why ", "When ", "Where ", "Must ", "Only one "):
        if words.startswith(prefix):
            return {"Which ": "the paragraphs that apply", "Why ": "the reason",
                    "When ": "the date", "Where ": "where it is recorded",
                    "Must ": "whether it must be reported to Council",
                    "Only one ": "the note's number"}[prefix]
    if words[1:2].isupper():  # an acronym: "OSMB's comments"
        return words
    return words[:1].lower() + words[1:]


def field_id(field: FormField) -> str:
    """The id an error links to: a date's day box, or a choice's first option."""
    return f"{field.name}-day" if field.kind == "date" else field.name


def read_date(form: FormData, name: str, label: str) -> tuple[str | None, str | None]:
    """A GOV.UK date input (day, month, year boxes) as an ISO date, or the problem with it."""
    parts = [str(form.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, None
    missing = [part for part, text in zip(("day", "month", "year"), parts, strict=True)
               if not text]
    if missing:
        return None, f"{_what(label)[:1].upper() + _what(label)[1:]} must include a " \
                     f"{' and '.join(missing)}"
    try:
        if not all(text.isascii() and text.isdecimal() for text in parts) or len(parts[2]) != 4:
            raise ValueError
        day, month, year = (int(text) for text in parts)
        if year < 1900:
            raise ValueError
        return date(year, month, day).isoformat(), None
    except (ValueError, OverflowError):
        return None, f"{label.replace(' (optional)', '').rstrip('?')} must be a real date"


_LABELLED = re.compile(r"^\(?([A-Za-z0-9]{1,8}(?:\.[0-9]{1,3})?)[.):]\s+(\S.*)$")
"""A draft recommendation on one line: "a. That …", "(b) That …", "3: That …"."""


def read_fields(form: FormData, fields: tuple[FormField, ...], prefix: str = ""
                ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for spec in fields:
        name = prefix + spec.name
        if spec.kind == "date":
            value, problem = read_date(form, name, spec.label)
            if problem:
                problems.append((f"{name}-day", problem))
            elif value:
                data[spec.name] = value
        elif spec.kind == "checkboxes":
            chosen = [str(v) for v in form.getlist(name) if str(v).strip()]
            if chosen:
                data[spec.name] = chosen
        elif spec.kind in ("lines", "recommendations"):
            lines = [line.strip() for line in str(form.get(name) or "").splitlines()
                     if line.strip()]
            if spec.kind == "lines":
                data[spec.name] = lines
                continue
            drafts = []
            for number, line in enumerate(lines, start=1):
                labelled = _LABELLED.match(line)
                if labelled is None:
                    problems.append((name, f"Line {number} of {_what(spec.label)} must start "
                                           "with its label, like “a. That …”"))
                    continue
                drafts.append({"label": labelled[1], "text": labelled[2]})
            if drafts:
                data[spec.name] = drafts
        else:
            text = str(form.get(name) or "").strip()
            if text:
                data[spec.name] = text
    return data, problems


def validation_problems(error: ValidationError, fields: dict[str, FormField],
                        ids: Callable[[tuple[Any, ...]], str | None]) -> list[tuple[str, str]]:
    """The request model's refusals as (field id, message) in the form's own words."""
    problems = []
    for problem in error.errors():
        location = tuple(problem["loc"])
        spec = fields.get(str(location[-1])) if location else None
        target = ids(location) or "main-content"
        # pydantic's own wording, without its "Value error, " prefix; never a format string,
        # since it may quote what was typed.
        said = str(problem["msg"]).removeprefix("Value error, ")
        if spec is None:
            problems.append((target, said))
            continue
        label = spec.label.replace(" (optional)", "").rstrip("?")
        template = _MESSAGES.get(problem["type"])
        if spec.kind in ("radios", "checkboxes") and problem["type"] == "missing":
            template = "Select {what}"
        if spec.missing and problem["type"] in ("missing", "string_too_short", "too_short"):
            template = spec.missing
        context = {str(k): v for k, v in (problem.get("ctx") or {}).items()
                   if isinstance(v, int | float)}
        try:
            message = (template.format(what=_what(spec.label), label=label, **context)
                       if template else f"{label}: {said}")
        except KeyError:
            message = f"{label}: {said}"
        problems.append((target, message))
    return problems


def domain_problem(error: InvalidCommand, fields: dict[str, FormField],
                   ids: Callable[[tuple[Any, ...]], str | None]) -> tuple[str, str]:
    """The service's refusal of a value, at the field it names, in the form's words."""
    location = tuple(error.field.split("."))
    target = ids(location)
    spec = fields.get(location[-1])
    said = error.message.removeprefix(f"{error.field}: ")
    if target is None or spec is None:
        return "main-content", error.message
    label = spec.label.replace(" (optional)", "").rstrip("?")
    return target, f"{label}: {said}"


def shown_values(posted: FormData, form: StepForm) -> dict[str, Any]:
    """What to put back in the form after a problem: what was typed (every box ticked; for
    any other field sent twice, the first)."""
    ticked = {spec.name for spec in form.fields if spec.kind == "checkboxes"}
    shown: dict[str, Any] = {}
    for key, value in posted.multi_items():
        if key in ("csrf_token", "expected_version") or not isinstance(value, str):
            continue
        if key in ticked:
            shown.setdefault(key, []).append(value)
        else:
            shown.setdefault(key, value)
    return shown


def read_cabinet_response(posted: FormData, review: Any) -> tuple[
        dict[str, Any], list[tuple[str, str]], Callable[[tuple[Any, ...]], str | None]]:
    data, problems = read_fields(posted, (*CABINET_MEETING, *WHEN_AND_WHERE))
    responses: dict[str, Any] = {}
    awaiting = [r.label for r in review.recommendations
                if "record_cabinet_response" in r.allowed_steps]
    for label in awaiting:
        answer, _ = read_fields(posted, CABINET_FIELDS, prefix=f"r-{safe_id(label)}-")
        if answer.get("decision"):
            responses[label] = answer
        elif len(answer) > 0:
            problems.append((f"r-{safe_id(label)}-decision",
                             f"Select the Cabinet's decision on recommendation {label}, or "
                             "clear its other answers"))
    if not responses and not problems and awaiting:
        problems.append((f"r-{safe_id(awaiting[0])}-decision",
                         "Select the Cabinet's decision on at least one recommendation"))
    data["responses"] = responses
    plain = {spec.name: spec for spec in (*CABINET_MEETING, *WHEN_AND_WHERE)}
    labels = {label: safe_id(label) for label in awaiting}

    def ids(location: tuple[Any, ...]) -> str | None:
        if len(location) >= 3 and location[0] == "responses" and str(location[1]) in labels:
            return f"r-{labels[str(location[1])]}-{location[2]}"
        spec = plain.get(str(location[0])) if location else None
        return field_id(spec) if spec else None

    return data, problems, ids
