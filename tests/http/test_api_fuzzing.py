"""Schemathesis over the whole OpenAPI schema, as an adviser and as the public (issue 5).

Every operation gets generated requests, valid and invalid. Nothing may answer 5xx, every answer
must match the schema (status code, content type, body), and the public must never receive
exempt information: the data behind the server holds exempt records with a canary string in
every field that can carry exempt content.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pypdf
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from application.service import ScrutinyService
from identity.accounts import Accounts
from projections.read_models import ReadModels
from tests.conftest import RunningServer, bearer, settle, token_for
from tests.http.test_exempt_information import CANARY, plant_exempt_records

EXAMPLES = 12
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def planted(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts
) -> Iterator[tuple[RunningServer, str]]:
    plant_exempt_records(service, accounts)
    settle(read_models)
    with RunningServer(service, read_models) as server:
        yield server, token_for(accounts, "fuzzing.adviser")


def readable_text(kind: str, content: bytes) -> str:
    """What a reader of the answer would see: a spreadsheet's or Word document's XML parts, a
    PDF's text, otherwise the body as UTF-8 (binary answers are not text to search)."""
    if kind.startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if kind.startswith("application/pdf"):
        pages = pypdf.PdfReader(io.BytesIO(content)).pages
        return "\n".join(page.extract_text() for page in pages)
    return str(content.decode("utf-8"))


def fuzz(server: RunningServer, headers: dict[str, str], public: bool) -> int:
    """Run every operation with generated valid and invalid requests; returns how many."""
    api = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    calls: list[str] = []
    failures: list[str] = []

    def runner(operation: schemathesis.APIOperation, mode: GenerationMode) -> Any:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            calls.append(operation.label)
            response = case.call_and_validate(base_url=server.url, headers=headers,
                                              checks=CHECKS)
            if public:
                assert CANARY not in readable_text(response.headers.get("content-type", [""])[0],
                                               response.content), (
                    f"exempt content sent to the public by {operation.label}"
                )

        return run

    for result in api.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                runner(operation, mode)()
            except Unsatisfiable:
                continue  # no parameters or body to make invalid
            except Exception as failure:
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert not failures, "\n\n".join(failures)
    return len(calls)


def test_the_whole_api_as_an_adviser(planted: tuple[RunningServer, str]) -> None:
    server, token = planted
    assert fuzz(server, bearer(token), public=False) > 200


def test_the_whole_api_as_the_public(planted: tuple[RunningServer, str]) -> None:
    server, _ = planted
    assert fuzz(server, {}, public=True) > 200


@pytest.mark.parametrize("path", ["/reviews?format=xlsx", "/tracker?format=xlsx"])
def test_the_public_check_reads_inside_spreadsheets(
    planted: tuple[RunningServer, str], path: str
) -> None:
    """The canary check above sees into binary answers: an adviser's spreadsheet holds it."""
    server, token = planted
    answer = httpx.get(server.url + path, headers=bearer(token))
    assert answer.status_code == 200
    assert CANARY in readable_text(answer.headers["content-type"], answer.content)
