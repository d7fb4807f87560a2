"""Backup, restore and moving a store: the demo with accounts backed up on one store, restored on
SQLite and on PostgreSQL, serves the same pages, keeps its sign-ins and its audit chain; a backup
taken while someone records is one moment; a damaged file or a store in use is refused with
nothing written."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql

from application.service import ScrutinyService
from demo import load_demo
from domain.clock import FixedClock
from domain.values import ReviewKind
from identity.accounts import Accounts
from operations.backup import (
    FORMAT_VERSION,
    BackupRefused,
    BackupUnreadable,
    back_up,
    check_backup,
    copy_store,
    restore,
)
from operations.settings import store_environment
from projections.database import ViewDatabase
from projections.read_models import ReadModels
from projections.views_digest import views_digest
from tests.conftest import POSTGRES_URL, STORES, TODAY, RunningServer, bearer, settle

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
PASSWORD = "correct horse battery staple"
ADVISER = "katherine.harclerode"

NewStore = Callable[[str], tuple[str, ScrutinyService]]


@pytest.fixture
def new_store(tmp_path: Path) -> Iterator[NewStore]:
    """Makes empty stores of either kind: a new SQLite file, or a new PostgreSQL schema."""
    made: list[ScrutinyService] = []
    schemas: list[str] = []

    def make(kind: str) -> tuple[str, ScrutinyService]:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path}/store-{len(made)}.db"
        else:
            schemas.append(f"test_{uuid.uuid4().hex[:16]}")
            url = f"{POSTGRES_URL}?schema={schemas[-1]}"
        made.append(ScrutinyService(env=store_environment(url), clock=FixedClock(TODAY)))
        return url, made[-1]

    yield make
    for service in made:
        service.close()
    for schema in schemas:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def with_demo_and_sign_ins(service: ScrutinyService, read_models: ReadModels,
                           accounts: Accounts) -> dict[str, str]:
    """The demo, an adviser with a password, an API token, a calendar feed and a web session;
    the secrets."""
    load_demo(service)
    account = accounts.add(ADVISER, "katherine@rotherham.example", "adviser", TODAY,
                           created_by="tests", password=PASSWORD)
    token = accounts.create_token(ADVISER, "laptop", TODAY, created_by="tests")[1]
    feed = accounts.create_calendar_feed(ADVISER, "Outlook", TODAY)[1]
    accounts.start_session(account, TODAY)
    settle(read_models)
    return {"token": token, "feed": feed}


def stored_events(service: ScrutinyService) -> list[tuple[object, ...]]:
    return [(n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state))
            for n in service.recorder.select_notifications(start=1, limit=100_000)]


def stores_under_test() -> list[str]:
    return [other for other in ("sqlite", "postgres") if other in STORES]


def test_a_backup_restores_on_either_store_with_every_event_the_same_views_and_sign_ins(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts, tmp_path: Path,
    new_store: NewStore,
) -> None:
    secrets = with_demo_and_sign_ins(service, read_models, accounts)
    head = service.recorder.max_notification_id()
    original = views_digest(read_models.connection())
    _, anchor = read_models.projector.audit_chain.head()

    backup = back_up(service, tmp_path / "council.jsonl.gz")

    header = backup.header
    assert header["format_version"] == FORMAT_VERSION
    assert header["head"] == head
    assert header["counts"] == {"events": head, "accounts": 1, "api_tokens": 1,
                                "calendar_feeds": 1, "audit_chain": head}
    assert header["views_digest"]["sha256"] == original.sha256
    assert "web_sessions" in header["left_out"]
    assert not list(tmp_path.glob(".*"))  # no partial or scratch file left behind
    for kind in stores_under_test():
        _, target = new_store(kind)

        restored = restore(target, backup.path)

        assert restored.chain.ok and restored.chain.checked == head
        assert restored.chain.head_hash == anchor  # a published anchor still holds
        assert restored.digest_matches is True
        assert restored.digest.sha256 == original.sha256
        assert stored_events(target) == stored_events(service)  # positions, ids, bytes
        signed_in = Accounts(ViewDatabase(target.env))
        assert signed_in.sign_in(ADVISER, PASSWORD, TODAY).name == ADVISER
        assert signed_in.principal_for_token(secrets["token"], TODAY).name == ADVISER
        assert signed_in.principal_for_calendar_key(secrets["feed"], TODAY).name == ADVISER
        with signed_in.database.connect() as connection:
            assert connection.query("SELECT COUNT(*) AS n FROM web_sessions")[0]["n"] == 0
        # The next event recorded follows the restored ones.
        target.propose_review(title="After the restore", commission="Improving Lives Select "
                              "Commission", kind=ReviewKind.SPOTLIGHT, actor=ADVISER,
                              on=date(2026, 11, 20))
        assert target.recorder.max_notification_id() == head + 1


def test_a_sqlite_demo_moved_to_postgresql_serves_identical_pages(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts, new_store: NewStore,
) -> None:
    # Run on each store: SQLite moves to PostgreSQL and PostgreSQL back to SQLite.
    secrets = with_demo_and_sign_ins(service, read_models, accounts)
    other = "postgres" if read_models.database.dialect == "sqlite" else "sqlite"
    if other not in STORES:  # only one kind of store under test: moved to another of its kind
        other = read_models.database.dialect
    _, target = new_store(other)

    _, restored = copy_store(service, target)

    assert restored.ok and restored.digest_matches is True
    assert restored.header["store"] == read_models.database.dialect
    pages = ["/reviews/post-cse-support", "/tracker/counts", "/deadlines?page_size=500",
             "/web/reviews/post-cse-support", "/web/deadlines", "/web/reviews",
             "/web/audit"]
    served = []
    for store, views in ((service, read_models),
                         (target, ReadModels(target, ViewDatabase(target.env)))):
        with RunningServer(store, views) as running, httpx.Client(
                base_url=running.url, headers=bearer(secrets["token"]), timeout=30) as client:
            answers = [client.get(page) for page in pages]
        assert [answer.status_code for answer in answers] == [200] * len(pages)
        served.append([answer.text for answer in answers])
    assert served[0] == served[1]
    assert json.loads(served[1][0])["reference"] == "post-cse-support"


def test_a_backup_taken_while_someone_records_is_one_moment(
    service: ScrutinyService, read_models: ReadModels, tmp_path: Path, new_store: NewStore,
) -> None:
    load_demo(service)
    settle(read_models)
    stop, recorded = threading.Event(), list[int]()

    def record() -> None:
        while not stop.is_set():
            number = len(recorded)
            service.propose_review(title=f"Written during the backup {number}",
                                   commission="Improving Lives Select Commission",
                                   kind=ReviewKind.SPOTLIGHT, actor=ADVISER,
                                   on=date(2026, 11, 20))
            recorded.append(number)

    writer = threading.Thread(target=record)
    writer.start()
    try:
        while len(recorded) < 5:
            stop.wait(0.01)
        backup = back_up(service, tmp_path / "busy.jsonl.gz")
        during = len(recorded)
    finally:
        stop.set()
        writer.join(30)
    assert during > 5  # the writer kept writing while the backup ran

    header = backup.header
    assert header["counts"]["events"] == header["head"]
    assert header["head"] < service.recorder.max_notification_id()
    with gzip.open(backup.path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in list(lines)[1:]]
    positions = [r["event"] for r in records if "event" in r]
    assert positions == list(range(1, header["head"] + 1))
    versions: dict[str, list[int]] = {}
    for r in records:
        if "event" in r:
            versions.setdefault(r["originator_id"], []).append(r["originator_version"])
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())
    assert all(r["row"]["position"] <= header["head"] for r in records
               if r.get("table") == "audit_chain")
    for kind in stores_under_test():
        _, target = new_store(kind)
        restored = restore(target, backup.path)
        assert restored.chain.ok and restored.chain.checked == header["head"]
        assert restored.digest_matches is True


def test_a_backup_of_a_store_without_its_views_digests_them_rebuilt_and_leaves_them_alone(
    service: ScrutinyService, read_models: ReadModels, tmp_path: Path,
) -> None:
    load_demo(service)
    settle(read_models)
    original = views_digest(read_models.connection())
    read_models.database.drop_views()

    backup = back_up(service, tmp_path / "council.jsonl.gz")

    assert backup.header["views_digest"]["sha256"] == original.sha256
    assert read_models.database.unready() == "the views' tables have not been made"


def test_a_damaged_file_or_a_store_in_use_is_refused_and_nothing_is_written(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts, tmp_path: Path,
    new_store: NewStore,
) -> None:
    with_demo_and_sign_ins(service, read_models, accounts)
    head = service.recorder.max_notification_id()
    backup = back_up(service, tmp_path / "council.jsonl.gz")
    whole = backup.path.read_bytes()
    with gzip.open(backup.path, "rb") as opened:
        lines = opened.read().split(b"\n")
    damaged = {
        "truncated.gz": (whole[: len(whole) // 2], "truncated"),
        "not-gzip.gz": (b"reviews,recommendations\n", "damaged or not a scrutiny backup"),
        "flipped.gz": (whole[:-40] + bytes([whole[-40] ^ 0xFF]) + whole[-39:], "damaged"),
        "edited.gz": (gzip.compress(b"\n".join([lines[0], lines[1] + b" ", *lines[2:]])),
                      "do not match the SHA-256"),
        "line-dropped.gz": (gzip.compress(b"\n".join([lines[0], *lines[2:]])),
                            "do not match the SHA-256"),
        "reordered.gz": (gzip.compress(b"\n".join(
            [line for line in lines if b'"table":"accounts"' not in line][:-1]
            + [line for line in lines if b'"table":"accounts"' in line] + [b""])),
            "out of order"),
        "newer.gz": (gzip.compress(b"\n".join([lines[0].replace(
            b'"format_version":1', b'"format_version":99').replace(
            b'"format_version": 1', b'"format_version": 99'), *lines[1:]])),
            "format version 99"),
        "hand-made.gz": (gzip.compress(b"\n".join([json.dumps({
            key: value for key, value in json.loads(lines[0]).items() if key != "store"
        }).encode(), *lines[1:]])), "lacks, or has the wrong kind of value for: store"),
    }
    _, target = new_store(read_models.database.dialect)
    target_database = ViewDatabase(target.env)
    for name, (content, reason) in damaged.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(BackupUnreadable, match=reason):
            restore(target, path)
        assert (target.recorder.max_notification_id() or 0) == 0, name
    for table in ("accounts", "api_tokens", "calendar_feeds", "audit_chain"):
        assert rows_in(target_database, table) == 0, table

    # A store that holds anything is never restored into.
    with pytest.raises(BackupRefused, match=f"holds {head} events, 1 accounts"):
        restore(service, backup.path)
    assert service.recorder.max_notification_id() == head

    # A table nobody classified stops the backup rather than being left out unnoticed.
    with read_models.database.connect() as connection:
        connection.execute("CREATE TABLE committee_notes (note TEXT)")
    with pytest.raises(BackupRefused, match="committee_notes"):
        back_up(service, tmp_path / "incomplete.jsonl.gz")
    assert not (tmp_path / "incomplete.jsonl.gz").exists()
    assert check_backup(backup.path)["head"] == head  # the good file is untouched


def test_a_restore_interrupted_while_rebuilding_leaves_the_store_empty_to_run_again(
    service: ScrutinyService, read_models: ReadModels, accounts: Accounts, tmp_path: Path,
    new_store: NewStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_demo_and_sign_ins(service, read_models, accounts)
    backup = back_up(service, tmp_path / "council.jsonl.gz")
    _, target = new_store(read_models.database.dialect)

    def interrupted(self: object, progress: object = None) -> int:
        raise KeyboardInterrupt  # Ctrl-C after the events were written, while views are built

    with monkeypatch.context() as patch:
        patch.setattr("projections.projector.Projector.rebuild", interrupted)
        with pytest.raises(KeyboardInterrupt):
            restore(target, backup.path)
    assert (target.recorder.max_notification_id() or 0) == 0
    assert rows_in(ViewDatabase(target.env), "accounts") == 0
    again = restore(target, backup.path)
    assert again.digest_matches and target.recorder.max_notification_id() == \
        service.recorder.max_notification_id()


def rows_in(database: ViewDatabase, table: str) -> int:
    """How many rows ``table`` holds; 0 if it was never made."""
    with database.connect() as connection:
        try:
            return int(connection.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
        except (sqlite3.OperationalError, psycopg.errors.UndefinedTable):
            return 0


def run(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([SCRUTINY, *arguments], env=environment, capture_output=True,
                          text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def test_the_commands_back_up_restore_copy_and_print_the_digest(
    tmp_path: Path, new_store: NewStore,
) -> None:
    source_url, _ = new_store("sqlite")
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": source_url}
    assert run(environment, "demo").returncode == 0
    out = tmp_path / "council.jsonl.gz"

    made = run(environment, "backup", "--out", str(out))
    assert made.returncode == 0, made.stdout
    sha = check_backup(out)["views_digest"]["sha256"]
    assert f"views digest {sha}" in made.stdout

    kind = "postgres" if "postgres" in STORES else "sqlite"
    target_url, _ = new_store(kind)
    target = {**os.environ, "SCRUTINY_DATABASE_URL": target_url}
    restored = run(target, "restore", str(out))
    assert restored.returncode == 0, restored.stdout
    assert "audit chain verified" in restored.stdout
    assert f"views digest {sha} matches the backup's" in restored.stdout
    again = run(target, "restore", str(out))
    assert again.returncode == 2 and "not empty" in again.stdout

    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(out.read_bytes()[:2000])
    empty_url, _ = new_store("sqlite")
    refused = run({**os.environ, "SCRUTINY_DATABASE_URL": empty_url}, "restore", str(truncated))
    assert refused.returncode == 2 and "truncated" in refused.stdout
    assert "Nothing was restored" in refused.stdout

    # And back: the restored store copied into a new SQLite file.
    copy_url, _ = new_store("sqlite")
    copied = run(environment, "db", "copy", "--from", target_url, "--to", copy_url)
    assert copied.returncode == 0, copied.stdout
    assert f"views digest {sha} matches the backup's" in copied.stdout
    digest = run({**os.environ, "SCRUTINY_DATABASE_URL": copy_url},
                 "projections", "digest", "--json")
    assert json.loads(digest.stdout)["sha256"] == sha

    # A mistyped address is refused by name, and nothing is made there.
    not_an_address = run(environment, "db", "copy", "--from", str(tmp_path / "scrutiny.db"),
                         "--to", copy_url)
    assert not_an_address.returncode == 2
    assert "--from" in not_an_address.stdout and "is not a store's address" in not_an_address.stdout
    missing = tmp_path / "no-such.db"
    typo = run({**os.environ, "SCRUTINY_DATABASE_URL": f"sqlite:///{missing}"},
               "backup", "--out", str(tmp_path / "typo.jsonl.gz"))
    assert typo.returncode == 2 and "there is no SQLite store" in typo.stdout
    assert not missing.exists()
    (tmp_path / "notes.db").write_text("not a database")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE minutes (text TEXT)")
    for path, says in ((tmp_path / "notes.db", "is not a SQLite store"),
                       (other, "holds no scrutiny event store")):
        refused = run({**os.environ, "SCRUTINY_DATABASE_URL": f"sqlite:///{path}"},
                      "backup", "--out", str(tmp_path / "typo.jsonl.gz"))
        assert refused.returncode == 2 and says in refused.stdout, refused.stdout
    with sqlite3.connect(other) as database:  # nothing of ours was added to it
        assert [row[0] for row in database.execute("SELECT name FROM sqlite_master")] == [
            "minutes"]
    if "postgres" in STORES:
        schema = f"typo_{uuid.uuid4().hex[:12]}"
        typo = run({**os.environ, "SCRUTINY_DATABASE_URL": f"{POSTGRES_URL}?schema={schema}"},
                   "backup", "--out", str(tmp_path / "typo.jsonl.gz"))
        assert typo.returncode == 2 and "holds no scrutiny event store" in typo.stdout
        with psycopg.connect(POSTGRES_URL) as connection:
            assert connection.execute("SELECT COUNT(*) FROM information_schema.schemata WHERE "
                                      "schema_name = %s", (schema,)).fetchone() == (0,)
    assert not (tmp_path / "typo.jsonl.gz").exists()
