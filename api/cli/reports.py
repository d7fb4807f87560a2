"""``scrutiny report``: committee papers made from the record (reports/)."""

from __future__ import annotations

import typer

from api.cli.common import (
    _fail,
    _parse_date,
    _read_models,
    _service,
    _settings,
)

report = typer.Typer(help="Committee papers made from the record.")


@report.command("monitoring")
def report_monitoring(
    review: str = typer.Argument(None, help="The review's reference, e.g. "
                                 "hmip-yot-inspection-action-plan (or use --commission)."),
    commission: str = typer.Option(None, "--commission", help="A commission's name or slug, "
                                   "for its report over a period (with --from and --to)."),
    first: str = typer.Option(None, "--from", help="The period's first day (YYYY-MM-DD)."),
    last: str = typer.Option(None, "--to", help="The period's last day (YYYY-MM-DD)."),
    out: str = typer.Option(None, "--out", help="The file to write (default: "
                            "monitoring-report-REVIEW.FORMAT here)."),
    form: str = typer.Option(None, "--format", help="docx, html or pdf (default: from the "
                             "--out suffix, else docx)."),
    public: bool = typer.Option(False, "--public", help="Leave exempt information out (for "
                                "publication)."),
) -> None:
    """The monitoring report for committee papers, as Word, HTML or PDF: every recommendation or
    action with its latest update and status, counts by status, and response timeliness; for
    one review, or for every review a commission monitored between two dates."""
    from pathlib import Path

    from domain.access import SEES_EVERYTHING, SEES_NOTHING
    from domain.values import slug
    from reports.monitoring_report import (
        CommissionReport,
        MonitoringReport,
        commission_report,
        monitoring_docx,
        monitoring_html,
        monitoring_pdf,
        monitoring_report,
    )

    if (review is None) == (commission is None):
        _fail("Name a review (e.g. hmip-yot-inspection-action-plan) or give --commission NAME "
              "--from DATE --to DATE, not both.")
    if review is not None and (first or last):
        _fail("--from and --to are for a commission's report (--commission NAME).")
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    suffix_form = {"htm": "html"}.get(suffix, suffix)
    chosen = (form or suffix_form or "docx").lower()
    if chosen not in {"docx", "html", "pdf"}:
        _fail(f"--format: {form or suffix!r} is not a format of the report; give docx, html "
              "or pdf (or an --out file ending so).")
    if form and suffix_form in {"docx", "html", "pdf"} and suffix_form != chosen:
        # a Word file named .pdf opens in nothing that trusts the name
        _fail(f"--out {out} ends in .{suffix} but --format is {chosen}; name the file "
              f".{chosen}, or leave --format out to write {suffix_form}.")
    if commission is not None:
        if not first or not last:
            _fail("--commission needs the period: --from YYYY-MM-DD --to YYYY-MM-DD.")
        start, end = _parse_date(first, "--from"), _parse_date(last, "--to")
        if end < start:
            _fail(f"--to {last} is before --from {first}; the period must end on or after "
                  "the day it begins.")
    settings = _settings()
    service = _service(settings)
    read_models = _read_models(service)
    read_models.projector.catch_up()
    today = service.clock.today()
    found: MonitoringReport | CommissionReport | None
    if commission is not None:
        found = commission_report(read_models, commission, start, end, today,
                                  SEES_NOTHING if public else SEES_EVERYTHING)
        if found is None:
            _fail(f"There is no commission {commission!r} with reviews"
                  + (" the public may see." if public else "."))
        name = f"{slug(found.commission)}-{start}-to-{end}"
    else:
        found = monitoring_report(read_models, str(service.review_id(review)), today,
                                  SEES_NOTHING if public else SEES_EVERYTHING)
        if found is None:
            _fail(f"There is no review {review!r}.")
        name = review
    council = service.deadline_engine.settings.name
    target = Path(out or f"monitoring-report-{name}.{chosen}")
    written = {"docx": monitoring_docx, "pdf": monitoring_pdf}.get(chosen)
    try:
        if written is not None:
            target.write_bytes(written(found, council))
        else:
            target.write_text(monitoring_html(found, council), encoding="utf-8")
    except OSError as error:
        _fail(f"--out: cannot write {target}: {error.strerror or error}.")
    rows = found.rows if isinstance(found, CommissionReport) else len(found.rows)
    reviews = len(found.sections) if isinstance(found, CommissionReport) else None
    extent = f"{reviews} review{'s' if reviews != 1 else ''}, " if reviews is not None else ""
    typer.echo(f"wrote {target} ({extent}{rows} rows, {found.distinct} distinct; "
               + ", ".join(f"{status} {count}" for status, count in found.counts)
               + ("; public version" if public else "")
               + ("; holds exempt information" if found.holds_exempt_information else "") + ")")
