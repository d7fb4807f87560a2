"""The monitoring report that goes into committee papers: for one review, each recommendation
(whether accepted or rejected, the Cabinet's response, the responsible officer, the timeframe,
the latest update and RAG) or each action of an action plan (owner, by when, latest progress,
status; a repeated action shown as the duplicate it is), the counts by status over the distinct
items ("Action completed 45, progressing and on track 1"), and how long the Cabinet took to
respond against the s.9FE due date. For a commission over a period: one such section for every
review monitored in the period, with the counts and the Cabinet's responses over them all.

Read from the views, as the pages are. The public version leaves exempt information out; the
full version says on every page that it holds exempt information, when it does. Written as Word
(python-docx), as a standalone HTML document, and as PDF drawn from that HTML by WeasyPrint.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Cm
from jinja2 import Environment, FileSystemLoader

from domain.access import ExemptAccess
from domain.values import slug
from domain.wording import ACTION_STATUS_WORDING, words
from projections import queries
from projections.read_models import ReadModels
from reports.committee_documents import add_row, as_bytes, grid_table, long_date, set_up

EXEMPT_WARNING = ("EXEMPT INFORMATION – NOT FOR PUBLICATION (Local Government Act 1972, "
                  "Schedule 12A)")
RECOMMENDATION_COLUMNS = ("Recommendation", "Accepted / rejected", "Cabinet's response",
                          "Responsible officer", "Timeframe", "Latest update", "RAG / status")
RECOMMENDATION_WIDTHS = (Cm(5.5), Cm(2.4), Cm(4.4), Cm(3.0), Cm(2.6), Cm(5.6), Cm(2.2))
ACTION_COLUMNS = ("No.", "Action", "Lead / owner", "By when", "Latest progress", "Status")
ACTION_WIDTHS = (Cm(1.4), Cm(8.0), Cm(3.6), Cm(2.2), Cm(7.2), Cm(3.3))
RESPONSE_COLUMNS = ("Review", "Submitted", "Response due (s.9FE)", "Responded", "Days taken",
                    "On time?")
RESPONSE_WIDTHS = (Cm(8.0), Cm(3.2), Cm(3.6), Cm(3.6), Cm(2.4), Cm(4.9))
TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "monitoring_report.css"
"""The document's print styles: inline in the files written, served as a stylesheet for the
HTML over HTTP (the dashboard's CSP allows no inline style)."""
EXEMPT_STYLESHEET = STYLESHEET.with_name("monitoring_report_exempt.css")
"""The exempt version's too: its warning at the head of every page a browser prints."""
SERVED_STYLESHEET = "/web/monitoring-report.css"
SERVED_EXEMPT_STYLESHEET = "/web/monitoring-report-exempt.css"
"""Where the dashboard serves them (api/web/report_pages.py), for the document it serves."""
DOCUMENTS = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                        lstrip_blocks=True)
"""The document's templates; the dashboard's page of the report imports the same tables."""
# Recommendations the Cabinet accepted are implemented from its response until they close;
# actions from the plan's agreement until they are completed.
_IMPLEMENTING = {"implementing", "completion_proposed", "planned_not_started",
                 "progressing_on_track", "may_exceed_target"}
_TAKEN_ON = {"accepted", "partially_accepted"}


@dataclass
class MonitoringReport:
    review: dict[str, Any]
    as_of: date
    public: bool
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    counts: list[tuple[str, int]]
    """(status as the papers word it, how many) over the distinct items."""
    distinct: int
    timeliness: str | None
    holds_exempt_information: bool
    activity: list[str] = field(default_factory=list)
    """In a commission's report: what happened in the period that puts the review in it."""

    @property
    def title(self) -> str:
        return f"Monitoring report – {self.review['title']}"


@dataclass
class CommissionReport:
    """Every review of a commission monitored between two dates (both included): one section
    each, and over them all the counts by status and the Cabinet's responses in the period."""

    commission: str
    first: date
    last: date
    as_of: date
    public: bool
    sections: list[MonitoringReport]
    counts: list[tuple[str, int]]
    distinct: int
    rows: int
    responses: list[tuple[str, ...]]
    """Rows of RESPONSE_COLUMNS: each Cabinet response given, or due and not given, in the
    period."""
    responses_summary: str
    holds_exempt_information: bool

    @property
    def title(self) -> str:
        return f"Monitoring report – {self.commission}"

    @property
    def period(self) -> str:
        return f"{long_date(self.first)} to {long_date(self.last)}"


def monitoring_report(read_models: ReadModels, review_id: str, as_of: date,
                      access: ExemptAccess) -> MonitoringReport | None:
    """The review's report as this reader may see it (SEES_NOTHING: the public version)."""
    review = read_models.review_page(review_id, as_of, access)
    if review is None:
        return None
    return _report(review, as_of, access)


def _report(review: dict[str, Any], as_of: date, access: ExemptAccess) -> MonitoringReport:
    items = review["actions"] or review["recommendations"]
    columns: tuple[str, ...]
    if review["actions"]:
        columns, rows = ACTION_COLUMNS, [_action_row(a) for a in review["actions"]]
        distinct = [a for a in review["actions"] if not a["duplicate_of"]]
        counts = Counter(ACTION_STATUS_WORDING.get(a["status"], a["status"]) for a in distinct)
    else:
        columns = RECOMMENDATION_COLUMNS
        rows = [_recommendation_row(r) for r in review["recommendations"]]
        distinct = list(review["recommendations"])
        counts = Counter(words(r["status"]) for r in distinct)
    # Exempt content shown: an exempt record, or an exempt note the reader may see (those they
    # may not see come as a notice with the citation alone).
    exempt = bool(review.get("exemption")) or any(
        i.get("exemption") or any(n.get("reason") for n in (i.get("exempt_notes") or {}).values())
        for i in items)
    return MonitoringReport(
        review=review, as_of=as_of, public=access.nothing, columns=columns, rows=rows,
        counts=_ordered(counts), distinct=len(distinct), timeliness=_timeliness(review),
        holds_exempt_information=exempt,
    )


def _ordered(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda count: (-count[1], count[0]))


def commission_named(known: list[str], asked: str) -> str | None:
    """The commission among ``known`` that ``asked`` names: as written, in any case, or by its
    slug (the command line, the API and the dashboard accept the same spellings)."""
    wanted = asked.strip().lower()
    return next((name for name in known if wanted in {name.lower(), slug(name)}), None)


def commission_report(read_models: ReadModels, commission: str, first: date, last: date,
                      as_of: date, access: ExemptAccess) -> CommissionReport | None:
    """The report for ``commission`` (its name, any case, or its slug) over ``first``–``last``;
    None when there is no such commission (none with a review the reader may see).

    A review is in when, in the period, it went to the Cabinet, the Cabinet responded to it (or
    its response fell due, or was awaited: due earlier and still not given), progress was
    reported on it, or any of its recommendations or
    actions was being implemented (from the Cabinet's acceptance or the plan's agreement until
    it closed): the items a committee monitors, not only those that moved.
    """
    connection = read_models.connection()
    name = commission_named(queries.commissions(connection, access), commission)
    if name is None:
        return None
    listed = queries.review_list(connection, commission=name, sort="reference",
                                 page_size=queries.EVERYTHING, access=access).items
    sections: list[MonitoringReport] = []
    responses: list[tuple[str, ...]] = []
    verdicts: Counter[str] = Counter()
    for row in listed:
        review = read_models.review_page(row["id"], as_of, access)
        if review is None:
            continue
        response = _response_in(review, first, last)
        if response is not None:
            responses.append(response[0])
            verdicts[response[1]] += 1
        activity = _activity(review, first, last, response)
        if activity:
            section = _report(review, as_of, access)
            section.activity = activity
            sections.append(section)
    totals: Counter[str] = Counter()
    for section in sections:
        totals.update(dict(section.counts))
    return CommissionReport(
        commission=name, first=first, last=last, as_of=as_of, public=access.nothing,
        sections=sections,
        counts=_ordered(totals), distinct=sum(s.distinct for s in sections),
        rows=sum(len(s.rows) for s in sections), responses=responses,
        responses_summary=_responses_summary(verdicts, last),
        holds_exempt_information=any(s.holds_exempt_information for s in sections),
    )


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _activity(review: dict[str, Any], first: date, last: date,
              response: tuple[tuple[str, ...], str] | None) -> list[str]:
    """What puts a review in the period's report, in words; nothing when it is not in."""
    def within(value: Any) -> bool:
        day = _day(value)
        return day is not None and first <= day <= last

    said = []
    if within(review.get("submitted_to_cabinet_on")):
        said.append(f"submitted to the Cabinet on {long_date(review['submitted_to_cabinet_on'])}")
    responded = sorted({r["responded_on"] for r in review["recommendations"]
                        if within(r.get("responded_on"))})
    if responded:
        said.append("the Cabinet responded on " + ", ".join(long_date(d) for d in responded))
    elif response is not None:
        deadline = _executive_response(review)
        due = _day(deadline["due"]) if deadline else None
        if due is not None and due < first:
            said.append(f"the Cabinet's response, due by {long_date(due)}, was still not given")
        elif response[1] == "overdue":
            said.append("the Cabinet's response fell due")
        else:
            said.append("the Cabinet's response was awaited")
    items = review["actions"] or review["recommendations"]
    noun = "action" if review["actions"] else "recommendation"
    updates = sum(1 for item in items for update in item["progress_updates"]
                  if within(update["reported_on"]))
    if updates:
        said.append(f"{updates} progress update{'s' if updates != 1 else ''} reported")
    implementing = sum(1 for item in items if _implemented_during(item, first, last))
    if implementing:
        said.append(f"{implementing} {noun}{'s' if implementing != 1 else ''} in implementation")
    return said


def _implemented_during(item: dict[str, Any], first: date, last: date) -> bool:
    history = [day for day in (_day(entry.get("business_date"))
                               for entry in item.get("history") or []) if day]
    if "duplicate_of" in item:  # an action: from the plan's agreement
        began = None if item["duplicate_of"] else min(history, default=None)
    else:
        began = (_day(item.get("responded_on"))
                 if item.get("cabinet_decision") in _TAKEN_ON else None)
    if began is None or began > last:
        return False
    if item["status"] in _IMPLEMENTING:
        return True
    ended = max(history, default=began)  # closing is the last thing that happens to an item
    return ended >= first


def _response_in(review: dict[str, Any], first: date, last: date
                 ) -> tuple[tuple[str, ...], str] | None:
    """The review's line in the period's table of Cabinet responses (s.9FE), and its verdict:
    given in the period (on time or late, however long before it fell due), or not given by the
    period's end (overdue, whether it fell due in the period or before it; or not yet due)."""
    deadline = _executive_response(review)
    if deadline is None:
        return None
    starts, due, met = _day(deadline["starts"]), _day(deadline["due"]), _day(deadline["met_on"])
    assert starts is not None and due is not None
    if met is not None and first <= met <= last:
        verdict, words = _verdict(deadline)
        return ((review["title"], long_date(starts), long_date(due),
                 long_date(met, deadline["met_known"]),
                 str((met - starts).days) if _met_exactly(deadline) else "", words), verdict)
    # A response due before the period and still not given is as much the period's business
    # as one falling due in it: the committee monitors it until the Cabinet responds.
    if starts <= last and (met is None or met > last):
        if due < last:
            words, verdict = f"Overdue by {(last - due).days} days at {long_date(last)}", "overdue"
        else:
            words, verdict = "Not yet due at the end of the period", "awaited"
        return ((review["title"], long_date(starts), long_date(due),
                 f"Not by {long_date(last)}", "", words), verdict)
    return None


def _executive_response(review: dict[str, Any]) -> dict[str, Any] | None:
    """The review's s.9FE deadline (the Cabinet's response), if it went to the Cabinet."""
    return next((d for d in review["deadlines"] if d["rule"] == "executive-response"), None)


def _responses_summary(verdicts: Counter[str], last: date) -> str:
    given = verdicts["on time"] + verdicts["late"] + verdicts["not known"]
    unknown = (f", {verdicts['not known']} on time or late not known"
               if verdicts["not known"] else "")
    parts = [f"Cabinet responses given in the period: {given}"
             + (f" ({verdicts['on time']} on time, {verdicts['late']} late{unknown})"
                if given else "")]
    if verdicts["overdue"]:
        parts.append(f"overdue at {long_date(last)}: {verdicts['overdue']}")
    if verdicts["awaited"]:
        parts.append(f"awaited, not yet due: {verdicts['awaited']}")
    return "; ".join(parts) + " (two months, Local Government Act 2000 s.9FE)."


def _latest(updates: list[dict[str, Any]]) -> str:
    if not updates:
        return ""
    last = updates[-1]
    note = last.get("note") or ""
    if not last["reported_on"]:  # an exempt note the reader may not see: its notice alone
        return note
    when = long_date(last["reported_on"], last.get("date_known"))
    return f"{when[:1].upper()}{when[1:]}: {note}".strip()


def _action_row(action: dict[str, Any]) -> tuple[str, ...]:
    status = (f"Duplicate of {action['duplicate_of']}" if action["duplicate_of"]
              else action["status_wording"])
    return (action["number"], action["text"], action["owner"] or "", action["by_when"] or "",
            _latest(action["progress_updates"]), status)


def _recommendation_row(item: dict[str, Any]) -> tuple[str, ...]:
    decision = words(item["cabinet_decision"]) if item["cabinet_decision"] else "Awaiting"
    response = "\n".join(filter(None, (item.get("cabinet_response"), item.get("cabinet_reason"))))
    target = item.get("target_date") or ""
    target_words = long_date(target) if len(target) == 10 else target  # a day, or "2013-09"
    timeframe = "\n".join(filter(None, (item.get("timeframe"), target_words)))
    rag = words(item["rag"]) if item.get("rag") else ""
    return (f"{item['label']}. {item['text']}", decision, response,
            item.get("responsible_officer") or "", timeframe, _latest(item["progress_updates"]),
            "\n".join(filter(None, (rag, words(item["status"])))))


def _timeliness(review: dict[str, Any]) -> str | None:
    """How long the Cabinet took, against the two months of s.9FE."""
    deadline = _executive_response(review)
    if deadline is None:
        return None
    starts = date.fromisoformat(str(deadline["starts"]))
    due = long_date(deadline["due"])
    if not deadline["met_on"]:
        return (f"Submitted {long_date(starts)}; the Cabinet's response was due by {due} "
                f"(Local Government Act 2000 s.9FE) and has not been recorded.")
    met = date.fromisoformat(str(deadline["met_on"]))
    words = _verdict(deadline)[1]
    when = (f"on {long_date(met)}, {(met - starts).days} days later" if _met_exactly(deadline)
            else long_date(met, deadline["met_known"]))
    return (f"Submitted {long_date(starts)}; the Cabinet responded {when}, "
            f"{words[:1].lower()}{words[1:]} (due by {due}, Local Government Act 2000 s.9FE).")


def _verdict(deadline: dict[str, Any]) -> tuple[str, str]:
    """A met deadline's verdict ("on time", "late", "not known") and its words."""
    if deadline["timeliness"] == "not_known":
        return "not known", "On time or late not known from the papers"
    if deadline["on_time"]:
        return "on time", "On time"
    at_least = "" if _met_exactly(deadline) else "at least "
    return "late", f"{at_least}{deadline['days_late']} days late"


def _met_exactly(deadline: dict[str, Any]) -> bool:
    """Whether the day a deadline was met is known to the day."""
    return deadline.get("met_known") in (None, "exact")


# --- Word ----------------------------------------------------------------------------------------

def monitoring_docx(report: MonitoringReport | CommissionReport, council: str) -> bytes:
    document = Document()
    set_up(document, report.title, council)
    if report.holds_exempt_information:
        header = document.sections[0].header.paragraphs[0]
        header.add_run(EXEMPT_WARNING).bold = True
    document.add_heading(report.title, level=1)
    if isinstance(report, CommissionReport):
        document.add_paragraph(f"Reviews monitored from {report.period} · as at "
                               f"{long_date(report.as_of)}" + _publicwords(report.public))
        _docx_summary(document, report)
        for section in report.sections:
            document.add_heading(section.review["title"], level=2)
            document.add_paragraph("In the period: " + "; ".join(section.activity) + ".")
            _docx_section(document, section, level=3)
        return as_bytes(document)
    document.add_paragraph(f"{report.review['commission']} · as at {long_date(report.as_of)}"
                           + _publicwords(report.public))
    _docx_section(document, report, level=2)
    return as_bytes(document)


def _publicwords(public: bool) -> str:
    return " · public version: exempt information is left out" if public else ""


def _docx_section(document: Any, report: MonitoringReport, level: int) -> None:
    if report.timeliness:
        document.add_paragraph(report.timeliness)
    widths = ACTION_WIDTHS if report.columns == ACTION_COLUMNS else RECOMMENDATION_WIDTHS
    table = grid_table(document, report.columns, widths)
    for row in report.rows:
        add_row(table, [cell.split("\n") if cell else [] for cell in row])
    document.add_heading("Summary", level=level)
    _docx_counts(document, report.counts,
                 f"Total ({report.distinct} distinct of {len(report.rows)} rows)", report.distinct)


def _docx_counts(document: Any, counts: list[tuple[str, int]], total: str, distinct: int
                 ) -> None:
    summary = grid_table(document, ("Status", "Number"), (Cm(10), Cm(3)))
    for status, count in counts:
        add_row(summary, [[status], [str(count)]])
    add_row(summary, [[total], [str(distinct)]], bold=True)


def _docx_summary(document: Any, report: CommissionReport) -> None:
    document.add_heading("Summary", level=2)
    if not report.sections:
        document.add_paragraph("No review of this commission was monitored in the period.")
    else:
        _docx_counts(document, report.counts, _commission_total(report), report.distinct)
    document.add_paragraph(report.responses_summary)
    if report.responses:
        table = grid_table(document, RESPONSE_COLUMNS, RESPONSE_WIDTHS)
        for row in report.responses:
            add_row(table, [[cell] if cell else [] for cell in row])


def _commission_total(report: CommissionReport) -> str:
    reviews = len(report.sections)
    return (f"Total ({report.distinct} distinct of {report.rows} rows, "
            f"{reviews} review{'s' if reviews != 1 else ''})")


# --- HTML and PDF --------------------------------------------------------------------------------

def document_context(report: MonitoringReport | CommissionReport) -> dict[str, Any]:
    """What the HTML document and the dashboard page show: the same words as the Word file."""
    def section(part: MonitoringReport, heading: str | None) -> dict[str, Any]:
        return {
            "heading": heading, "reference": part.review["reference"],
            "activity": ("In the period: " + "; ".join(part.activity) + ".")
            if part.activity else None,
            "timeliness": part.timeliness, "columns": part.columns,
            "rows": [[cell.split("\n") if cell else [] for cell in row] for row in part.rows],
            "counts": part.counts,
            "total": f"Total ({part.distinct} distinct of {len(part.rows)} rows)",
            "distinct": part.distinct,
        }
    context: dict[str, Any] = {
        "title": report.title, "as_of": long_date(report.as_of), "public": report.public,
        "exempt": report.holds_exempt_information, "exempt_warning": EXEMPT_WARNING,
    }
    if isinstance(report, CommissionReport):
        context.update(
            intro=f"Reviews monitored from {report.period} · as at {long_date(report.as_of)}"
                  + _publicwords(report.public),
            summary={"counts": report.counts, "total": _commission_total(report),
                     "distinct": report.distinct, "responses": report.responses,
                     "response_columns": RESPONSE_COLUMNS,
                     "responses_summary": report.responses_summary,
                     "reviews": len(report.sections)},
            sections=[section(s, s.review["title"]) for s in report.sections])
    else:
        context.update(
            intro=f"{report.review['commission']} · as at {long_date(report.as_of)}"
                  + _publicwords(report.public),
            summary=None, sections=[section(report, None)])
    return context


def monitoring_html(report: MonitoringReport | CommissionReport, council: str,
                    served: bool = False) -> str:
    """The standalone, printable document. ``served``, it links its styles, as a page served
    under the dashboard's content security policy must (no inline style); otherwise the styles
    are inline (a file opened from disk, and the PDF)."""
    sheets = [(STYLESHEET, SERVED_STYLESHEET)]
    if report.holds_exempt_information:
        sheets.append((EXEMPT_STYLESHEET, SERVED_EXEMPT_STYLESHEET))
    return DOCUMENTS.get_template("monitoring_report_document.html").render(
        council=council, stylesheets=[address for _, address in sheets] if served else [],
        css=None if served else "\n".join(path.read_text(encoding="utf-8")
                                          for path, _ in sheets),
        **document_context(report))


def monitoring_pdf(report: MonitoringReport | CommissionReport, council: str) -> bytes:
    """The HTML document as an A4 landscape PDF; the exempt version carries EXEMPT_WARNING in
    the top margin of every page (CSS paged media, in the stylesheet)."""
    # WeasyPrint takes a second to import: only the PDF needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing is fetched: the styles are inline, and no text of a record may make the
    # renderer reach out to an address (the templates escape it; this makes sure).
    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf: bytes = HTML(string=monitoring_html(report, council), base_url=str(STYLESHEET.parent),
                      url_fetcher=fetcher).write_pdf()
    return pdf
