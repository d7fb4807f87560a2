"""Fixtures: every store-backed test runs against a real SQLite file and a real PostgreSQL.

PostgreSQL is reached at SCRUTINY_TEST_POSTGRES_URL (default 127.0.0.1:5432, database ``test``,
trust auth); each test gets a schema of its own, dropped afterwards. Time is a fixed clock.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from psycopg import sql

from api.app import create_app
from application.service import ScrutinyService
from domain.clock import FixedClock
from identity.accounts import Accounts
from operations.settings import store_environment
from projections.database import ViewDatabase
from projections.read_models import ReadModels

POSTGRES_URL = os.environ.get(
    "SCRUTINY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
STORES = [s.strip() for s in os.environ.get("SCRUTINY_TEST_STORES", "sqlite,postgres").split(",")]
TODAY = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/scrutiny.db"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    yield f"{POSTGRES_URL}?schema={schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
        )


@pytest.fixture
def service(database_url: str, clock: FixedClock) -> Iterator[ScrutinyService]:
    app = ScrutinyService(env=store_environment(database_url), clock=clock)
    yield app
    app.close()


@pytest.fixture
def memory_service(clock: FixedClock) -> ScrutinyService:
    """The library's in-memory store, for rules that need no database."""
    return ScrutinyService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RunningServer:
    def __init__(
        self, service: ScrutinyService, read_models: ReadModels, follow_log: bool = True,
        log_level: str = "warning",
    ) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(service, read_models=read_models, follow_log=follow_log)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level=log_level)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            self.thread.join(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def read_models(service: ScrutinyService) -> ReadModels:
    return ReadModels(service, ViewDatabase(service.env))


def settle(read_models: ReadModels) -> None:
    """Wait until the views include everything recorded so far (e.g. demo data loaded directly)."""
    assert read_models.wait_for(read_models.service.recorder.max_notification_id() or 0)


@pytest.fixture
def accounts(read_models: ReadModels) -> Accounts:
    return Accounts(read_models.database)


def token_for(
    accounts: Accounts, name: str, role: str = "adviser", acts_for: tuple[str, ...] = ()
) -> str:
    """Make an account and an API token for it; returns the token."""
    accounts.add(name, f"{name}@rotherham.example", role, TODAY, created_by="tests",
                 acts_for=acts_for)
    return accounts.create_token(name, "tests", TODAY, created_by="tests")[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def server(service: ScrutinyService, read_models: ReadModels) -> Iterator[RunningServer]:
    with RunningServer(service, read_models) as running:
        yield running


@pytest.fixture
def api(server: RunningServer, accounts: Accounts) -> Iterator[httpx.Client]:
    """An HTTP client talking to the API served by uvicorn on a loopback port, signed in as a
    governance adviser with an API token."""
    token = token_for(accounts, "katherine.harclerode")
    with httpx.Client(base_url=server.url, headers=bearer(token), timeout=30) as client:
        yield client
