"""The monitoring report that goes into committee papers: for one review, each recommendation
(whether accepted or rejected, the Cabinet's response, the responsible officer, the timeframe,
the latest update and RAG) or each action of an action plan (owner, by when, latest progress,
status; a repeated action shown as the duplicate it is), the counts by status over the distinct
items ("Action completed 45, progressing and on track 1"), and how long the Cabinet took to
respond against the s.9FE due date.

Read from the views, as the pages are. The public version leaves exempt information out; the
full version says on every page that it holds exempt information, when it does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.shared import Cm

from api.committee_documents import add_row, as_bytes, grid_table, long_date, set_up
from domain.values import ACTION_STATUS_WORDING
from projections.read_models import ReadModels

EXEMPT_WARNING = ("EXEMPT INFORMATION – NOT FOR PUBLICATION (Local Government Act 1972, "
                  "Schedule 12A)")
RECOMMENDATION_COLUMNS = ("Recommendation", "Accepted / rejected", "Cabinet's response",
                          "Responsible officer", "Timeframe", "Latest update", "RAG / status")
RECOMMENDATION_WIDTHS = (Cm(5.5), Cm(2.4), Cm(4.4), Cm(3.0), Cm(2.6), Cm(5.6), Cm(2.2))
ACTION_COLUMNS = ("No.", "Action", "Lead / owner", "By when", "Latest progress", "Status")
ACTION_WIDTHS = (Cm(1.4), Cm(8.0), Cm(3.6), Cm(2.2), Cm(7.2), Cm(3.3))


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

    @property
    def title(self) -> str:
        return f"Monitoring report – {self.review['title']}"


def monitoring_report(read_models: ReadModels, review_id: str, as_of: date, public: bool
                      ) -> MonitoringReport | None:
    review = read_models.review_page(review_id, as_of, public)
    if review is None:
        return None
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
        counts = Counter(_words(r["status"]) for r in distinct)
    exempt = bool(review.get("exemption")) or any(
        i.get("exemption") or i.get("exempt_notes") for i in items)
    return MonitoringReport(
        review=review, as_of=as_of, public=public, columns=columns, rows=rows,
        counts=sorted(counts.items(), key=lambda count: (-count[1], count[0])),
        distinct=len(distinct), timeliness=_timeliness(review),
        holds_exempt_information=exempt and not public,
    )


def _words(value: str) -> str:
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def _latest(updates: list[dict[str, Any]]) -> str:
    if not updates:
        return ""
    last = updates[-1]
    note = last.get("note") or ""
    return f"{long_date(last['reported_on'])}: {note}".strip()


def _action_row(action: dict[str, Any]) -> tuple[str, ...]:
    status = (f"Duplicate of {action['duplicate_of']}" if action["duplicate_of"]
              else action["status_wording"])
    return (action["number"], action["text"], action["owner"] or "", action["by_when"] or "",
            _latest(action["progress_updates"]), status)


def _recommendation_row(item: dict[str, Any]) -> tuple[str, ...]:
    decision = _words(item["cabinet_decision"]) if item["cabinet_decision"] else "Awaiting"
    response = "\n".join(filter(None, (item.get("cabinet_response"), item.get("cabinet_reason"))))
    target = item.get("target_date") or ""
    target_words = long_date(target) if len(target) == 10 else target  # a day, or "2013-09"
    timeframe = "\n".join(filter(None, (item.get("timeframe"), target_words)))
    rag = _words(item["rag"]) if item.get("rag") else ""
    return (f"{item['label']}. {item['text']}", decision, response,
            item.get("responsible_officer") or "", timeframe, _latest(item["progress_updates"]),
            "\n".join(filter(None, (rag, _words(item["status"])))))


def _timeliness(review: dict[str, Any]) -> str | None:
    """How long the Cabinet took, against the two months of s.9FE."""
    deadline = next((d for d in review["deadlines"] if d["rule"] == "executive-response"), None)
    if deadline is None:
        return None
    starts = date.fromisoformat(str(deadline["starts"]))
    due = long_date(deadline["due"])
    if not deadline["met_on"]:
        return (f"Submitted {long_date(starts)}; the Cabinet's response was due by {due} "
                f"(Local Government Act 2000 s.9FE) and has not been recorded.")
    met = date.fromisoformat(str(deadline["met_on"]))
    verdict = "on time" if deadline["on_time"] else f"{deadline['days_late']} days late"
    return (f"Submitted {long_date(starts)}; the Cabinet responded on {long_date(met)}, "
            f"{(met - starts).days} days later, {verdict} (due by {due}, Local Government "
            "Act 2000 s.9FE).")


def monitoring_docx(report: MonitoringReport, council: str) -> bytes:
    document = Document()
    set_up(document, report.title, council)
    if report.holds_exempt_information:
        header = document.sections[0].header.paragraphs[0]
        header.add_run(EXEMPT_WARNING).bold = True
    review = report.review
    document.add_heading(report.title, level=1)
    document.add_paragraph(f"{review['commission']} · as at {long_date(report.as_of)}"
                           + (" · public version: exempt information is left out"
                              if report.public else ""))
    if report.timeliness:
        document.add_paragraph(report.timeliness)
    widths = ACTION_WIDTHS if report.columns == ACTION_COLUMNS else RECOMMENDATION_WIDTHS
    table = grid_table(document, report.columns, widths)
    for row in report.rows:
        add_row(table, [cell.split("\n") if cell else [] for cell in row])
    document.add_heading("Summary", level=2)
    summary = grid_table(document, ("Status", "Number"), (Cm(10), Cm(3)))
    for status, count in report.counts:
        add_row(summary, [[status], [str(count)]])
    add_row(summary, [[f"Total ({report.distinct} distinct of {len(report.rows)} rows)"],
                      [str(report.distinct)]], bold=True)
    return as_bytes(document)
