"""Schemathesis over the whole OpenAPI schema, as an adviser and as the public (issue 5).

Every operation gets generated requests, valid and invalid. Nothing may answer 5xx, every answer
must match the schema (status code, content type, body), and the public must never receive
exempt information: the data behind the server holds exempt records with a canary string in
every field that can carry exempt content.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from api.accounts import Accounts
from domain.service import ScrutinyService
from projections.read_models import ReadModels
from tests.conftest import RunningServer, bearer, settle, token_for
from tests.test_exempt_information import CANARY, plant_exempt_records

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
                assert CANARY not in response.text, (
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
