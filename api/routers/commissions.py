"""Commissions: the monitoring report over every review a commission monitored in a period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.dependencies import Access, Reads, Service, Today
from api.downloads import MEDIA_TYPES, monitoring_response
from api.routers import ERRORS
from domain.errors import InvalidCommand, NotFound
from domain.values import slug
from reports.monitoring_report import commission_report

router = APIRouter(prefix="/commissions", tags=["commissions"])


def _commission_report_in(form: str) -> Callable[..., Response]:
    def commission_monitoring_report(
        commission: str,
        first: Annotated[date, Query(alias="from", description="The period's first day")],
        last: Annotated[date, Query(alias="to", description="The period's last day (included)")],
        reads: Reads, service: Service, today: Today, access: Access,
    ) -> Response:
        """The commission is named as written ("Improving Lives Select Commission", any case)
        or by its slug ("improving-lives-select-commission")."""
        if last < first:
            raise InvalidCommand("to", f"{last} is before from ({first}); the period must end "
                                 "on or after the day it begins")
        found = commission_report(reads, commission, first, last, today, access)
        if found is None:
            raise NotFound(f"There is no commission {commission!r} with reviews"
                           + ("." if access.everything else " you may see."))
        return monitoring_response(found, service.deadline_engine.settings.name, form,
                                   f"{slug(found.commission)}-{first}-to-{last}")
    return commission_monitoring_report


# One address per format, as for a review's report (api/routers/reviews.py).
for _form, _words in (("docx", "Word"), ("html", "a printable HTML page"), ("pdf", "PDF")):
    router.add_api_route(
        f"/{{commission}}/monitoring-report.{_form}", _commission_report_in(_form),
        methods=["GET"], response_class=Response, name=f"commission_monitoring_report_{_form}",
        responses={**ERRORS, 200: {"description": f"The report as {_words}",
                                   "content": {MEDIA_TYPES[_form]: {}}}},
        summary=f"A commission's monitoring report over a period ({_words}): every review "
        "monitored in it, with counts and the Cabinet's responses; the public gets the version "
        "without exempt information")
