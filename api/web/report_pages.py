"""The monitoring report in the dashboard: a review's, and a commission's over a period (chosen
with a form), each with its Word, PDF and printable versions; and the printable version's
stylesheet (the content security policy allows no inline style)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.dependencies import get_read_models
from api.web import PREFIX, answers_for, render, review_url, viewer_of, with_query
from api.web.form_input import read_date
from domain.errors import NotFound
from domain.values import slug
from projections import queries
from reports.monitoring_report import (
    EXEMPT_STYLESHEET,
    SERVED_EXEMPT_STYLESHEET,
    SERVED_STYLESHEET,
    STYLESHEET,
    commission_named,
    commission_report,
    document_context,
    monitoring_report,
)

router = APIRouter(include_in_schema=False)


@router.get(SERVED_STYLESHEET)
def stylesheet() -> Response:
    return Response(STYLESHEET.read_text(encoding="utf-8"), media_type="text/css")


@router.get(SERVED_EXEMPT_STYLESHEET)
def exempt_stylesheet() -> Response:
    return Response(EXEMPT_STYLESHEET.read_text(encoding="utf-8"), media_type="text/css")


@router.get(PREFIX + "/reviews/{review}/monitoring-report", response_class=HTMLResponse)
def review_report(request: Request, review: str) -> Response:
    viewer = viewer_of(request)
    detail = answers_for(request, viewer).review(review)  # names the review if it is not there
    found = monitoring_report(get_read_models(request), str(detail.id),
                              request.app.state.clock.today(), viewer.access)
    if found is None:
        raise NotFound(f"There is no review {review!r}.")
    address = f"/reviews/{found.review['reference']}/monitoring-report"
    return render(request, "monitoring_report.html", viewer=viewer,
                  back=(review_url(detail.reference), detail.title),
                  downloads=_downloads(address, {}), **document_context(found))


@router.get(PREFIX + "/monitoring-report", response_class=HTMLResponse)
def commission_report_page(request: Request) -> Response:
    """The form (commission, from, to), and below it the report once the three are given."""
    viewer = viewer_of(request)
    read_models = get_read_models(request)
    known = queries.commissions(read_models.connection(), viewer.access)
    asked = FormData(list(request.query_params.multi_items()))
    chosen = str(asked.get("commission") or "")
    name = commission_named(known, chosen) if chosen else None
    form: dict[str, Any] = {"commissions": known, "chosen": name or chosen,
                            "values": dict(asked.items())}
    if all(key == "commission" for key in asked):  # not asked yet (or only which)
        return render(request, "monitoring_report.html", viewer=viewer,
                      title="Monitoring report for a commission", form=form, sections=None)
    problems: list[tuple[str, str]] = []
    if name is None:
        problems.append(("commission", "Select a commission" if not chosen else
                         f"There is no commission {chosen!r}; select one listed"))
    days: dict[str, date] = {}
    for field, label in (("from", "The first day of the period"),
                         ("to", "The last day of the period")):
        value, problem = read_date(asked, field, label)
        if value is None:
            problems.append((f"{field}-day", problem or f"Enter {label.lower()}"))
        else:
            days[field] = date.fromisoformat(value)
    if not problems and days["to"] < days["from"]:
        problems.append(("to-day", "The last day of the period must be the same as or after "
                                   "the first day"))
    if problems or name is None:
        return render(request, "monitoring_report.html", viewer=viewer, status_code=422,
                      title="Monitoring report for a commission", form=form, sections=None,
                      problems=problems, error_count=len(problems))
    found = commission_report(read_models, name, days["from"], days["to"],
                              request.app.state.clock.today(), viewer.access)
    assert found is not None  # the commission was chosen from those the reader may see
    period = {"from": days["from"].isoformat(), "to": days["to"].isoformat()}
    return render(request, "monitoring_report.html", viewer=viewer, form=form,
                  downloads=_downloads(f"/commissions/{slug(name)}/monitoring-report", period),
                  **document_context(found))


def _downloads(address: str, query: dict[str, str]) -> list[tuple[str, str]]:
    return [(with_query(f"{address}.{form}", **query), words) for form, words in (
        ("docx", "Download as a Word document"), ("pdf", "Download as a PDF"),
        ("html", "Open the printable version"))]
