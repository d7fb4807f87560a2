"""`scrutiny report monitoring` on the demo data, both stores: the HMIP YOT action plan's
monitoring report as Word, opened with python-docx and checked against the seed (65 action rows,
19 shown as duplicates, 46 distinct: 45 completed, 1 progressing and on track), with and
without exempt information."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import httpx

from api.demo import load_demo
from api.monitoring_report import EXEMPT_WARNING
from domain.service import ScrutinyService
from projections.read_models import ReadModels
from tests.conftest import RunningServer, settle

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
EXEMPT_NOTE = "Youth Justice Practice Examples"


def report(database_url: str, folder: Path, *arguments: str) -> tuple[str, docx.document.Document]:
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}
    def run(*command: str) -> str:
        done = subprocess.run([SCRUTINY, *command], env=environment, capture_output=True,
                              text=True, cwd=folder, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout
    run("demo")
    out = folder / "report.docx"
    said = run("report", "monitoring", "hmip-yot-inspection-action-plan", "--out", str(out),
               *arguments)
    return said, docx.Document(str(out))


def test_the_hmip_action_plan_report_has_every_row_and_the_seeds_counts(
    database_url: str, tmp_path: Path,
) -> None:
    said, document = report(database_url, tmp_path)
    assert "65 rows, 46 distinct" in said
    actions, summary = document.tables
    header, *rows = [[cell.text for cell in row.cells] for row in actions.rows]
    assert header == ["No.", "Action", "Lead / owner", "By when", "Latest progress", "Status"]
    assert len(rows) == 65
    duplicates = [row for row in rows if row[5].startswith("Duplicate of ")]
    assert len(duplicates) == 19
    counts = {row.cells[0].text: row.cells[1].text for row in summary.rows[1:]}
    assert counts["Action completed"] == "45"
    assert counts["Action progressing and on track"] == "1"
    assert counts["Total (46 distinct of 65 rows)"] == "46"
    row_2_3 = next(row for row in rows if row[0] == "2.3")
    assert row_2_3[2] == "CYPS Training" and EXEMPT_NOTE in row_2_3[4]
    # it holds exempt information, and says so at the top of every page
    assert document.sections[0].header.paragraphs[0].text == EXEMPT_WARNING


def test_the_public_version_leaves_exempt_information_out(database_url: str, tmp_path: Path
                                                          ) -> None:
    said, document = report(database_url, tmp_path, "--public")
    assert "public version" in said
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert EXEMPT_NOTE not in text
    assert "Exempt information, not for publication" in text
    assert document.sections[0].header.paragraphs[0].text == ""


def test_the_report_over_http_is_the_readers_version(
    api: httpx.Client, server: RunningServer, service: ScrutinyService,
    read_models: ReadModels,
) -> None:
    load_demo(service)
    settle(read_models)
    path = "/reviews/hmip-yot-inspection-action-plan/monitoring-report.docx"
    full = api.get(path)
    assert full.status_code == 200
    assert 'filename="monitoring-report-hmip-yot-inspection-action-plan.docx"' in full.headers[
        "content-disposition"]
    document = docx.Document(io.BytesIO(full.content))
    assert document.sections[0].header.paragraphs[0].text == EXEMPT_WARNING
    assert len(document.tables[0].rows) == 1 + 65
    with httpx.Client(base_url=server.url, timeout=30) as public:
        published = docx.Document(io.BytesIO(public.get(path).content))
        text = "\n".join(cell.text for row in published.tables[0].rows for cell in row.cells)
        assert EXEMPT_NOTE not in text
        assert published.sections[0].header.paragraphs[0].text == ""
        assert public.get("/reviews/no-such-review/monitoring-report.docx").status_code == 404
