"""Documents as HTTP answers: the monitoring report as a download or a page to print."""

from __future__ import annotations

from starlette.responses import Response

from reports.monitoring_report import (
    CommissionReport,
    MonitoringReport,
    monitoring_docx,
    monitoring_html,
    monitoring_pdf,
)

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def monitoring_response(report: MonitoringReport | CommissionReport, council: str, form: str,
                        name: str) -> Response:
    """The report as a download (Word, PDF) or a page to read and print (HTML), named
    monitoring-report-NAME.FORM."""
    if form == "html":
        content: bytes = monitoring_html(report, council, served=True).encode()
    else:
        content = (monitoring_pdf if form == "pdf" else monitoring_docx)(report, council)
    disposition = "inline" if form == "html" else "attachment"
    return Response(content, media_type=MEDIA_TYPES[form], headers={
        "Content-Disposition": f'{disposition}; filename="monitoring-report-{name}.{form}"'})
