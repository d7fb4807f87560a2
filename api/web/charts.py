"""Charts as server-rendered SVG, each with a table of the same figures beside it.

The SVG is an image with a title and description (``role="img"``); every bar carries its figure
as text, and segments are separated by white gaps so each colour meets white (WCAG 2.2 1.4.11,
non-text contrast 3:1). No script draws anything.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from domain.access import ExemptAccess
from domain.wording import words
from domain.work_programme import municipal_year
from projections import queries
from projections.database import Connection

# Colours with at least 3:1 contrast against white, one per recommendation status (nine).
PALETTE = ["#1d70b8", "#00703c", "#8a4a00", "#d4351c", "#4c2c92", "#505a5f", "#0b0c0c",
           "#d53880", "#005a5c"]
TIMELINESS = {"on_time": ("On time", "#00703c"), "late": ("Late", "#d4351c"),
              "not_known": ("Given; on time or late not known", "#505a5f"),
              "outstanding": ("Not yet responded", "#8a4a00")}


@dataclass
class Chart:
    """One chart: its SVG, its legend, and the table that says the same in words."""

    id: str
    title: str
    description: str
    svg: Markup
    legend: list[tuple[str, str]]
    """Each series' name and colour."""
    columns: list[str]
    rows: list[list[Any]]


def response_timeliness(connection: Connection, today: date, access: ExemptAccess) -> Chart:
    """Cabinet responses (LGA 2000 s.9FE, two months) on time and late, by the municipal year
    in which the response was due."""
    years: dict[str, Counter[str]] = defaultdict(Counter)
    responses = queries.deadline_register(
        connection, queries.DeadlineFilter(rule="executive-response"), today,
        page_size=queries.EVERYTHING, access=access)
    for entry in responses.items:
        if entry["status"] == "cancelled":
            continue
        # on_time, late, or not_known from the papers
        outcome = "outstanding" if entry["met_on"] is None else str(entry["timeliness"])
        years[municipal_year(entry["due"])][outcome] += 1
    labels = sorted(years)
    series = list(TIMELINESS)
    values = [[years[label][key] for key in series] for label in labels]
    colours = [TIMELINESS[key][1] for key in series]
    names = [TIMELINESS[key][0] for key in series]
    title = "Cabinet responses on time and late, by municipal year"
    description = ("For each municipal year (May to May) in which a response to scrutiny was "
                   "due under s.9FE of the Local Government Act 2000: how many came on time, "
                   "how many late, and how many have not come yet.")
    return Chart(
        id="response-timeliness", title=title, description=description,
        svg=_stacked_bars("response-timeliness", title, description, labels, values, colours,
                          names),
        legend=list(zip(names, colours, strict=True)),
        columns=["Municipal year", *names, "Total"],
        rows=[[label, *counts, sum(counts)] for label, counts in zip(labels, values, strict=True)],
    )


def recommendations_by_status(connection: Connection, access: ExemptAccess) -> Chart:
    """Recommendations by status, per commission."""
    counts = [row for row in queries.tracker_counts(connection, "commission", access=access)
              if row["item_kind"] == "recommendation"]
    statuses = sorted({row["status"] for row in counts})
    commissions = sorted({row["grouping"] for row in counts})
    table = {(row["grouping"], row["status"]): int(row["count"]) for row in counts}
    values = [[table.get((c, s), 0) for s in statuses] for c in commissions]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(statuses))]
    names = [words(status) for status in statuses]
    title = "Recommendations by status, per commission"
    description = ("For each commission, how many of its recommendations are in each status: "
                   "draft, awaiting Cabinet's response, being implemented, completed and so on.")
    return Chart(
        id="recommendations-by-status", title=title, description=description,
        svg=_stacked_bars("recommendations-by-status", title, description, commissions, values,
                          colours, names),
        legend=list(zip(names, colours, strict=True)),
        columns=["Commission", *names, "Total"],
        rows=[[c, *v, sum(v)] for c, v in zip(commissions, values, strict=True)],
    )


def _stacked_bars(chart_id: str, title: str, description: str, labels: list[str],
                  values: list[list[int]], colours: list[str], names: list[str]) -> Markup:
    width, label_width, bar_height, gap, top = 720, 260, 28, 16, 8
    plot = width - label_width - 60
    biggest = max((sum(row) for row in values), default=0) or 1
    height = top + max(1, len(labels)) * (bar_height + gap) + 8
    parts = [
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if not labels:
        parts.append(f'<text x="0" y="{top + 18}" font-family="arial, sans-serif" '
                     'font-size="16" fill="#0b0c0c">Nothing to show yet.</text>')
    for index, (label, row) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (bar_height + gap)
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="0" y="{y + bar_height * 0.7:.1f}" font-family="arial, '
                     f'sans-serif" font-size="16" fill="#0b0c0c">{escape(shown)}</text>')
        x = float(label_width)
        for count, colour, name in zip(row, colours, names, strict=True):
            if not count:
                continue
            length = plot * count / biggest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                f'fill="{colour}" stroke="#ffffff" stroke-width="2">'
                f'<title>{escape(label)}: {escape(name)} {count}</title></rect>'
            )
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
                     f'font-family="arial, sans-serif" font-size="16" font-weight="bold" '
                     f'fill="#0b0c0c">{sum(row)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
