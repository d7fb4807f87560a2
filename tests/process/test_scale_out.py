"""Scale-out on PostgreSQL: the schema made once by `scrutiny db migrate`; several workers, one of
which at a time (by advisory lock) runs the projector and the reminder scheduler, taken over
within seconds when its holder is killed; the projector woken by the store's notifications.

These run against the machine's PostgreSQL only (the subject is PostgreSQL's locks and
notifications), each in a schema of its own, every wait bounded.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psycopg
import pytest
from psycopg import sql

from application.service import ScrutinyService
from demo import load_demo
from domain.values import RAGStatus
from operations.settings import store_environment
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from scheduler.leader import SingleHolder, role_lock_key
from tests.conftest import POSTGRES_URL, TODAY

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
# One after another on one test worker: each runs servers of its own, and together they would
# ask the machine's PostgreSQL for more connections than it allows.
pytestmark = pytest.mark.xdist_group("postgres-workers")

T = TypeVar("T")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    schema = f"test_{uuid.uuid4().hex[:16]}"
    yield f"{POSTGRES_URL}?schema={schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def scrutiny(url: str, *arguments: str, timeout: float = 180
             ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": url}
    return subprocess.run([SCRUTINY, *arguments], env=environment, capture_output=True,
                          text=True, timeout=timeout, check=False)


def role_holders(url: str) -> list[int]:
    """The OS process ids holding this store's role lock, as the server's activity list says."""
    schema = url.split("schema=")[1]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE %s",
            (f"scrutiny role ({schema}), pid %",)).fetchall()
    return [int(row[0].rsplit(" ", 1)[1]) for row in rows]


class ServerOutput:
    """A server's output, read as it is written (a thread on its pipe) and copied to a file. A
    test waits for lines to appear, woken by each line: what happens inside the workers (a
    worker started, a worker took the role) is known from what they print, not by polling."""

    def __init__(self, process: subprocess.Popen[str], path: Path) -> None:
        self.process = process
        self.path = path
        self.lines: list[str] = []
        self.ended = False
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.path.open("w") as copy:
            for line in self.process.stdout:
                copy.write(line)
                with self.changed:
                    self.lines.append(line.rstrip("\n"))
                    self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_for(self, found: Callable[[list[str]], T], seconds: float, what: str) -> T:
        """The first truthy ``found(lines)``; fails naming ``what`` if ``seconds`` pass or the
        server stops first."""
        answer: list[T] = []

        def ready() -> bool:
            answer[:] = [found(self.lines)]
            return bool(answer[0]) or self.ended

        with self.changed:
            if not self.changed.wait_for(ready, seconds) or not answer[0]:
                stopped = " (the server stopped)" if self.ended else ""
                raise AssertionError(f"{what} did not happen within {seconds:g} s{stopped}; "
                                     f"the server said:\n{self.tail()}")
            return answer[0]

    def tail(self) -> str:
        with self.changed:
            return "\n".join(self.lines[-60:])


def started(lines: list[str]) -> int:
    """How many worker processes have started serving."""
    return sum("Application startup complete" in line for line in lines)


def role_takers(lines: list[str]) -> list[int]:
    """The process ids that took the projector-and-scheduler role, in turn."""
    return [int(m.group(1)) for line in lines
            if (m := re.search(r"process (\d+) took the projector", line))]


def until_the_store_writes(service: ScrutinyService, condition: Callable[[], T], seconds: float,
                           what: str) -> T:
    """``condition()`` once truthy: checked now and again after each write to the store, woken
    by the event store's own notification."""
    give_up = time.monotonic() + seconds
    with psycopg.connect(POSTGRES_URL, autocommit=True) as listener:
        listener.execute(sql.SQL("LISTEN {}").format(
            sql.Identifier(service.recorder.channel_name)))  # type: ignore[attr-defined]
        while not (found := condition()):
            left = give_up - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{what} did not happen within {seconds:g} s")
            for _ in listener.notifies(timeout=left, stop_after=1):
                pass
    return found


def test_db_migrate_makes_the_tables_once_and_workers_need_it(postgres_url: str,
                                                             tmp_path: Path) -> None:
    refused = scrutiny(postgres_url, "serve", "--workers", "2", "--port", "1")
    assert refused.returncode == 2
    assert "Run `scrutiny db migrate` once" in refused.stdout
    first = scrutiny(postgres_url, "db", "migrate")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "is ready: 0 events; views of layout" in first.stdout
    again = scrutiny(postgres_url, "db", "migrate")
    assert again.returncode == 0 and "is ready: 0 events" in again.stdout
    sqlite = scrutiny(f"sqlite:///{tmp_path}/s.db", "serve", "--workers", "2", "--port", "1")
    assert sqlite.returncode == 2 and "Several workers need PostgreSQL" in sqlite.stdout


def test_the_projector_wakes_on_the_stores_notification(postgres_url: str) -> None:
    """With the periodic catch-up a minute away, only the notification can bring the views up
    to a write made by another process's service."""
    writer = ScrutinyService(env=store_environment(postgres_url))
    reader = ScrutinyService(env=store_environment(postgres_url))
    read_models = ReadModels(reader, ViewDatabase(reader.env))
    load_demo(writer)
    read_models.projector.catch_up()
    stop = threading.Event()
    follower = threading.Thread(target=read_models.projector.follow, args=(stop,),
                                kwargs={"catch_up_every": 60.0}, daemon=True)
    follower.start()
    try:
        assert read_models.projector.listening.wait(10)
        writer.record_progress("post-cse-support", "a", rag=RAGStatus.GREEN,
                               note="Forum meets monthly", actor="katherine.harclerode",
                               on=TODAY.date())
        head = writer.recorder.max_notification_id() or 0
        # This reader does not project (nor gives up on the follower within the test's time):
        # it is woken when the follower, woken by the notification, has projected the write.
        read_models.projects_here = lambda: False
        read_models.HOLDER_SILENT = 60  # type: ignore[misc]
        assert read_models.wait_for(head, timeout=10), "the projector did not wake"
    finally:
        stop.set()
        follower.join(10)
        writer.close()
        reader.close()


def test_a_process_that_does_not_project_is_woken_by_the_projectors_commit(
        postgres_url: str) -> None:
    """A web worker without the projector's role reads its own write once the holder has
    projected it, told so by the holder's notification; it projects nothing itself."""
    holder = ScrutinyService(env=store_environment(postgres_url))
    other = ScrutinyService(env=store_environment(postgres_url))
    holder_views = ReadModels(holder, ViewDatabase(holder.env))
    other_views = ReadModels(other, ViewDatabase(other.env))
    other_views.projects_here = lambda: False
    load_demo(holder)
    holder_views.projector.catch_up()
    stop = threading.Event()
    threads = [threading.Thread(target=holder_views.projector.follow, args=(stop,), daemon=True),
               threading.Thread(target=other_views.projector.watch, args=(stop,), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        assert holder_views.projector.listening.wait(10)
        assert other_views.projector.watching.wait(10)
        other.record_progress("post-cse-support", "a", rag=RAGStatus.GREEN,
                              note="Forum meets monthly", actor="katherine.harclerode",
                              on=TODAY.date())
        assert other_views.wait_for(other.last_position(), timeout=10)
        page = other_views.item_page(str(other.get_recommendation("post-cse-support", "a").id),
                                     TODAY.date())
        assert page is not None and page["latest_update"]["note"] == "Forum meets monthly"
        assert other_views.projector.advances >= 1  # heard the holder's commit
        assert other_views.projector._applied_to is None  # and projected nothing itself
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
        holder.close()
        other.close()


class CountedHolder(SingleHolder):
    """A contender whose every request for the lock wakes the test (``asked``)."""

    def __init__(self, *arguments: Any, **options: Any) -> None:
        self.asked = threading.Condition()
        self._attempts = 0
        super().__init__(*arguments, **options)

    @property  # type: ignore[override]
    def attempts(self) -> int:
        return self._attempts

    @attempts.setter
    def attempts(self, value: int) -> None:
        with self.asked:
            self._attempts = value
            self.asked.notify_all()


def test_one_holder_at_a_time_and_a_successor_when_it_goes(postgres_url: str) -> None:
    service = ScrutinyService(env=store_environment(postgres_url))
    database = ViewDatabase(service.env)
    running: list[str] = []
    changed = threading.Condition()

    def contender(name: str) -> CountedHolder:
        def start() -> object:
            with changed:
                running.append(name)
                changed.notify_all()

            def stop() -> None:
                with changed:
                    running.remove(name)
                    changed.notify_all()
            return stop
        return CountedHolder(database, start, retry=0.2)  # type: ignore[arg-type]

    first, second = contender("first"), contender("second")
    stop_first, stop_second = threading.Event(), threading.Event()
    threads = [threading.Thread(target=first.run, args=(stop_first,), daemon=True),
               threading.Thread(target=second.run, args=(stop_second,), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        with changed:
            assert changed.wait_for(lambda: running, 10), "no holder took the role"
        # The other has asked for the role again and again meanwhile, and never got it.
        other = second if running[0] == "first" else first
        with other.asked:
            assert other.asked.wait_for(lambda: other.attempts >= 5, 10), "the other stopped asking"
        assert len(running) == 1  # never both
        holder = running[0]
        (stop_first if holder == "first" else stop_second).set()
        with changed:
            assert changed.wait_for(lambda: running and running[0] != holder, 10), \
                "the other did not take over"
        assert len(running) == 1
    finally:
        stop_first.set()
        stop_second.set()
        for thread in threads:
            thread.join(10)
        service.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_workers(environment: dict[str, str], log: Path
                  ) -> tuple[subprocess.Popen[str], str, ServerOutput]:
    """`scrutiny serve --workers 2` on a free port, once both workers serve: the process, its
    address and its output (copied to ``log``, and shown if it never starts). A port found free
    can be taken by another process's connection before the server binds it; then it starts
    again on another."""
    for _ in range(3):
        port = _free_port()
        process = subprocess.Popen(
            [SCRUTINY, "serve", "--workers", "2", "--port", str(port)],
            env={**environment, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        output = ServerOutput(process, log)
        try:
            output.wait_for(lambda lines: started(lines) >= 2 or any(
                "address already in use" in line.lower() for line in lines), 90,
                "the workers starting")
        except AssertionError:
            stop_workers(process)
            raise
        if started(output.lines) >= 2:
            base = f"http://127.0.0.1:{port}"
            assert httpx.get(f"{base}/reviews", timeout=10).status_code == 200
            return process, base, output
        stop_workers(process)
    raise AssertionError(f"no free port could be bound three times:\n{output.tail()}")


def stop_workers(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def test_killing_the_role_holder_hands_the_role_to_another_worker(postgres_url: str,
                                                                  tmp_path: Path) -> None:
    assert scrutiny(postgres_url, "db", "migrate").returncode == 0
    assert scrutiny(postgres_url, "demo").returncode == 0
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": postgres_url,
                   "SCRUTINY_MAIL_FOLDER": str(tmp_path / "mail")}
    server, base, output = start_workers(environment, tmp_path / "server.log")
    try:
        holders = output.wait_for(role_takers, 30, "a worker taking the role")
        assert role_holders(postgres_url) == holders == [holders[-1]]
        for _ in range(3):
            gone, taken, serving = holders[-1], len(holders), started(output.lines)
            os.kill(gone, signal.SIGKILL)
            holders = output.wait_for(lambda lines, n=taken: role_takers(lines)[n:] and
                                      role_takers(lines), 15, "another worker taking over")
            assert holders[-1] != gone and role_holders(postgres_url) == [holders[-1]]
            output.wait_for(lambda lines, n=serving: started(lines) > n, 60,
                            "the killed worker replaced")
            assert httpx.get(f"{base}/reviews", timeout=10).status_code == 200
    finally:
        stop_workers(server)


class Workers:
    """`scrutiny serve --workers 2` on a migrated store with the demo data and an adviser's
    token; every connection it makes is named after the store (PGAPPNAME), so a test can cut
    off the app's connections and no one else's."""

    def __init__(self, url: str, tmp_path: Path, **settings: str) -> None:
        self.url = url
        self.schema = url.split("schema=")[1]
        assert scrutiny(url, "db", "migrate").returncode == 0
        assert scrutiny(url, "demo").returncode == 0
        service = ScrutinyService(env=store_environment(url))
        try:
            from identity.accounts import Accounts

            accounts = Accounts(ViewDatabase(service.env))
            accounts.add("katherine.harclerode", "k@rotherham.example", "adviser", TODAY,
                         created_by="tests")
            self.token = accounts.create_token("katherine.harclerode", "tests", TODAY,
                                               created_by="tests")[1]
        finally:
            service.close()
        self.environment = {**os.environ, "SCRUTINY_DATABASE_URL": url,
                            "SCRUTINY_MAIL_FOLDER": str(tmp_path / "mail"),
                            "PGAPPNAME": f"scrutiny app ({self.schema})", **settings}
        self.mail = tmp_path / "mail"
        self.log = tmp_path / "server.log"
        self.process: subprocess.Popen[str] | None = None
        self.base = ""

    def __enter__(self) -> Workers:
        self.process, self.base, self.output = start_workers(self.environment, self.log)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        stop_workers(self.process)

    def cut_off(self) -> int:
        """Terminate every PostgreSQL backend of the app; how many there were."""
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                "application_name LIKE %s AND pid <> pg_backend_pid()",
                (f"%({self.schema})%",)).fetchall()
        return len(rows)


RECOMMENDATIONS = [("post-cse-support", label) for label in "abcdefgh"] + [
    ("role-of-school-governors", str(number)) for number in (*range(1, 12), 13)]
"""20 recommendations being implemented (the school governors' 12th was rejected)."""


def _writer(base: str, token: str, client_number: int, commands: int
            ) -> list[tuple[str, str, str, int, str]]:
    """One client process: ``commands`` progress updates spread over the 20 recommendations;
    (review, label, note, status) for each."""
    answers = []
    with httpx.Client(base_url=base, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for sequence in range(commands):
            review, label = RECOMMENDATIONS[(client_number * 7 + sequence) % 20]
            note = f"client {client_number} update {sequence}"
            response = client.post(f"/reviews/{review}/recommendations/{label}/progress",
                                   json={"rag": "green", "note": note})
            code = response.json().get("error", "") if response.status_code != 200 else ""
            answers.append((review, label, note, response.status_code, code))
    return answers


def test_concurrent_writers_each_accepted_command_is_in_the_log_once(
        postgres_url: str, tmp_path: Path) -> None:
    """8 processes × 500 commands against 20 recommendations over HTTP."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with Workers(postgres_url, tmp_path) as workers, ProcessPoolExecutor(
            8, mp_context=multiprocessing.get_context("spawn")) as pool:
        jobs = [pool.submit(_writer, workers.base, workers.token, number, 500)
                for number in range(8)]
        answers = [answer for job in jobs for answer in job.result(timeout=600)]
    assert len(answers) == 4000
    outcomes = {(status, code) for *_, status, code in answers}
    assert outcomes <= {(200, ""), (409, "conflict")}, outcomes  # refused: written meanwhile
    service = ScrutinyService(env=store_environment(postgres_url))
    try:
        recorded: dict[str, int] = {}
        for review, label in RECOMMENDATIONS:
            for update in service.get_recommendation(review, label).progress_updates:
                recorded[update.note] = recorded.get(update.note, 0) + 1
        accepted = [note for _, _, note, status, _ in answers if status == 200]
        refused = [note for _, _, note, status, _ in answers if status == 409]
        assert accepted and all(recorded.get(note) == 1 for note in accepted)
        assert not any(note in recorded for note in refused)
        assert len(accepted) + len(refused) == 4000
        # The views agree with the log: every update projected, each item's latest the same.
        read_models = ReadModels(service, ViewDatabase(service.env), create_tables=False)
        read_models.catch_up_with_log()
        connection = read_models.connection()
        for review, label in RECOMMENDATIONS:
            latest = service.get_recommendation(review, label).progress_updates[-1]
            row = connection.query(
                "SELECT last_update_note FROM tracker WHERE review_reference = ? AND label = ?",
                (review, label))
            assert row[0]["last_update_note"] == latest.note
        lines = connection.query("SELECT COUNT(*) AS n FROM audit_trail WHERE event = ? AND "
                                 "actor = ?", ("ProgressReported", "katherine.harclerode"))
        assert lines[0]["n"] == len(accepted)
    finally:
        service.close()


def test_cutting_off_every_database_connection_gives_503_at_worst(
        postgres_url: str, tmp_path: Path) -> None:
    with Workers(postgres_url, tmp_path) as workers, httpx.Client(
            base_url=workers.base, timeout=30,
            headers={"Authorization": f"Bearer {workers.token}"}) as client:
        seen: list[int] = []
        for round_number in range(3):
            assert workers.cut_off() > 0
            for sequence in range(15):
                read = client.get("/deadlines")
                write = client.post("/reviews/post-cse-support/recommendations/a/progress",
                                    json={"note": f"round {round_number} update {sequence}"})
                for response in (read, write):
                    seen.append(response.status_code)
                    if response.status_code == 503:
                        assert response.headers.get("Retry-After")
        assert set(seen) <= {200, 409, 503}, seen
        # By itself, without a restart, it answers again.
        give_up = time.monotonic() + 30
        while (read := client.get("/deadlines")).status_code != 200:  # each try reconnects
            assert read.status_code == 503 and time.monotonic() < give_up, read.status_code
        assert client.post("/reviews/post-cse-support/recommendations/a/progress",
                           json={"note": "after the outage"}).status_code == 200


def test_killing_the_holder_mid_stream_loses_nothing(postgres_url: str, tmp_path: Path) -> None:
    """The projector-and-scheduler holder is SIGKILLed three times while progress is written and
    the demo's overdue reminders are being sent: afterwards every reminder is sent, a re-sent
    email carries the same Message-ID (one file per Message-ID, one per reminder), and every view
    equals a fresh rebuild from the log."""
    from projections.views_digest import views_digest

    workers = Workers(postgres_url, tmp_path, SCRUTINY_SEND_CLAIM_SECONDS="2",
                      SCRUTINY_SWEEP_MINUTES="0.1")
    written: list[int] = []
    answered = threading.Condition()
    with workers:
        stop = threading.Event()

        def write() -> None:
            with httpx.Client(base_url=workers.base, timeout=30, headers={
                    "Authorization": f"Bearer {workers.token}"}) as client:
                number = 0
                while not stop.is_set():
                    review, label = RECOMMENDATIONS[number % 20]
                    try:
                        written.append(client.post(
                            f"/reviews/{review}/recommendations/{label}/progress",
                            json={"note": f"mid-stream update {number}"}).status_code)
                    except httpx.HTTPError:
                        written.append(0)  # the worker that took it was the one killed
                    with answered:
                        answered.notify_all()
                    number += 1

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            output = workers.output
            holders = output.wait_for(role_takers, 30, "a worker taking the role")
            for _ in range(3):
                # mid-stream: a few more writes accepted while this holder has the role
                with answered:
                    accepted = written.count(200)
                    assert answered.wait_for(lambda since=accepted: written.count(200) >= since + 5,
                                             30), "writes stopped"
                gone, taken = holders[-1], len(holders)
                os.kill(gone, signal.SIGKILL)
                holders = output.wait_for(lambda lines, n=taken: role_takers(lines)[n:] and
                                          role_takers(lines), 15, "another worker taking over")
                assert holders[-1] != gone
        finally:
            stop.set()
            writer.join(30)
        service = ScrutinyService(env=store_environment(postgres_url, create_tables=False))
        read_models = ReadModels(service, ViewDatabase(service.env), create_tables=False)

        def all_sent() -> list[dict[str, object]]:
            read_models.catch_up_with_log()
            rows = read_models.connection().query(
                "SELECT reminder_id, status, message_id FROM reminders")
            return rows if rows and all(r["status"] in ("sent", "withdrawn") for r in rows) \
                else []

        reminders = until_the_store_writes(service, all_sent, 60,
                                           "every reminder sent by whoever holds the role")
    try:
        assert 200 in written and set(written) <= {0, 200, 409, 503}
        sent = {str(r["message_id"]) for r in reminders if r["status"] == "sent"}
        assert len(sent) == len([r for r in reminders if r["status"] == "sent"]) >= 10
        files = {path.read_bytes().split(b"Message-ID: ", 1)[1].split(b"\r\n")[0]
                 .split(b"\n")[0].decode() for path in workers.mail.glob("*.eml")}
        assert files == sent  # a re-send wrote the same Message-ID (the same file) again
        read_models.catch_up_with_log()
        live = views_digest(read_models.connection()).sha256
        read_models.projector.rebuild()
        assert views_digest(read_models.connection()).sha256 == live
    finally:
        service.close()


def test_a_worker_process_takes_the_role_on_postgresql(postgres_url: str, tmp_path: Path
                                                       ) -> None:
    assert scrutiny(postgres_url, "db", "migrate").returncode == 0
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": postgres_url,
                   "SCRUTINY_MAIL_FOLDER": str(tmp_path / "mail")}
    worker = subprocess.Popen([SCRUTINY, "worker"], env={**environment, "PYTHONUNBUFFERED": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = ServerOutput(worker, tmp_path / "worker.log")
    try:
        assert output.wait_for(role_takers, 60, "the worker taking the role") == [worker.pid]
        assert role_holders(postgres_url) == [worker.pid]
    finally:
        worker.terminate()
        worker.wait(20)
    # Released on SIGTERM: the lock can be had (waiting for it, at most 15 s).
    key = role_lock_key(store_environment(postgres_url, create_tables=False))
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute("SET lock_timeout = '15s'")
        connection.execute("SELECT pg_advisory_lock(%s)", (key,))
        assert connection.execute("SELECT pg_advisory_unlock(%s)", (key,)).fetchone() == (True,)


@pytest.mark.parametrize("schema", ["Live", "live-2026", "2026live", "pg_live", "x" * 64])
def test_a_schema_postgresql_would_fold_or_refuse_is_refused_by_name(schema: str) -> None:
    from operations.settings import ConfigurationError

    with pytest.raises(ConfigurationError, match=f"schema {schema!r} cannot be used"):
        store_environment(f"{POSTGRES_URL}?schema={schema}")
    with psycopg.connect(POSTGRES_URL) as connection:  # and nothing was made
        assert connection.execute("SELECT COUNT(*) FROM information_schema.schemata WHERE "
                                  "schema_name = %s", (schema,)).fetchone() == (0,)
