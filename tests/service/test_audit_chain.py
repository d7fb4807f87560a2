"""The verifiable audit trail: a hash chain over the event log that shows any later change.

Tampering is done the way someone with access to the database would do it: SQL straight on the
event store's table (SQLite file, PostgreSQL schema), not through the service.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from application.service import ScrutinyService
from demo import load_demo
from domain.values import RAGStatus
from projections.audit_chain import (
    GENESIS_HASH,
    AuditChain,
    ExportUnreadable,
    verify_export,
)
from projections.read_models import ReadModels
from tests.conftest import POSTGRES_URL

SCRUTINY = str(Path(sys.executable).with_name("scrutiny"))
TAMPERED = 40  # a progress update on "The Role of School Governors", recorded by demo-loader


def run_on_store(service: ScrutinyService, statement: str, parameters: tuple[Any, ...] = ()
                 ) -> int:
    """Run SQL straight on the event store, as someone with database access could; ``{events}``
    and ``{position}`` name the events table and its notification-id column. Returns rowcount."""
    env, table = service.env, service.recorder.events_table_name  # type: ignore[attr-defined]
    if "SQLITE_DBNAME" in env:
        with closing(sqlite3.connect(env["SQLITE_DBNAME"])) as connection, connection:
            text = statement.format(events=table, position="rowid")
            return connection.execute(text, parameters).rowcount
    query = sql.SQL(statement.replace("?", "%s")).format(
        events=sql.Identifier(env["POSTGRES_SCHEMA"], table),
        position=sql.Identifier("notification_id"),
    )
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        return connection.execute(query, parameters).rowcount


def stored_state(service: ScrutinyService, position: int) -> bytes:
    [notification] = service.recorder.select_notifications(start=position, limit=1)
    assert notification.id == position
    return notification.state


def demo_chained(service: ScrutinyService, read_models: ReadModels) -> AuditChain:
    load_demo(service)
    read_models.projector.catch_up()
    return read_models.projector.audit_chain


def by_hand(previous: str, line: dict[str, Any]) -> str:
    """The recipe as an auditor would follow it from the export's header, without our code."""
    fields = [previous, str(line["position"]), line["originator_id"],
              str(line["originator_version"]), line["topic"], line["state"]]
    return hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()


def test_the_demo_data_is_chained_as_it_is_projected_and_verifies(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    chain = demo_chained(service, read_models)
    head = service.recorder.max_notification_id()
    result = chain.verify()
    assert result.ok, result.broken
    assert (result.checked, result.head_position, result.unchained) == (head, head, 0)
    assert result.head_hash == chain.head()[1]
    rows = read_models.connection().query(
        "SELECT position, previous_hash, hash FROM audit_chain ORDER BY position")
    assert [row["position"] for row in rows] == list(range(1, head + 1))
    assert rows[0]["previous_hash"] == GENESIS_HASH
    assert all(row["previous_hash"] == before["hash"] for before, row in pairwise(rows))


@pytest.mark.parametrize(("tampering", "position", "reason"), [
    ("change an event's data", TAMPERED, "the event's data changed after it was chained"),
    ("delete an event", TAMPERED, "the event is missing from the store (deleted)"),
    ("edit a chain entry's previous hash", TAMPERED, "previous hash does not match"),
    ("delete a chain entry", TAMPERED, "in the store but not in the chain"),
])
def test_tampering_with_the_database_is_caught_and_named(
    service: ScrutinyService, read_models: ReadModels, database_url: str,
    tampering: str, position: int, reason: str,
) -> None:
    chain = demo_chained(service, read_models)
    [event] = service.recorder.select_notifications(start=position, limit=1)
    state = stored_state(service, position)
    assert b'"actor":"demo-loader"' in state
    if tampering == "change an event's data":
        forged = state.replace(b'"actor":"demo-loader"', b'"actor":"someone.else"')
        assert run_on_store(service, "UPDATE {events} SET state = ? WHERE {position} = ?",
                            (forged, position)) == 1
    elif tampering == "delete an event":
        assert run_on_store(service, "DELETE FROM {events} WHERE {position} = ?",
                            (position,)) == 1
    elif tampering == "edit a chain entry's previous hash":
        read_models.connection().execute(
            "UPDATE audit_chain SET previous_hash = ? WHERE position = ?", ("f" * 64, position))
    else:
        read_models.connection().execute("DELETE FROM audit_chain WHERE position = ?",
                                         (position,))

    result = chain.verify()

    assert not result.ok
    assert result.broken is not None
    assert reason in result.broken.reason
    assert (result.broken.position, result.broken.originator_id,
            result.broken.originator_version) == (
        position, str(event.originator_id), event.originator_version)
    assert result.checked == position - 1


def test_a_changed_event_stays_caught_after_more_events_and_a_rebuild_of_the_views(
    service: ScrutinyService, read_models: ReadModels, database_url: str
) -> None:
    chain = demo_chained(service, read_models)
    chained_before = read_models.connection().query("SELECT * FROM audit_chain ORDER BY position")
    forged = stored_state(service, TAMPERED).replace(b"demo-loader", b"someone.else")
    run_on_store(service, "UPDATE {events} SET state = ? WHERE {position} = ?",
                 (forged, TAMPERED))

    service.record_progress("post-cse-support", "b", rag=RAGStatus.AMBER,
                            note="Survivors' forum meets monthly", actor="katherine.harclerode",
                            on=date(2022, 9, 13))
    read_models.projector.catch_up()
    read_models.projector.rebuild()

    chained_after = read_models.connection().query("SELECT * FROM audit_chain ORDER BY position")
    assert chained_after[:len(chained_before)] == chained_before  # nothing rewritten
    assert len(chained_after) == len(chained_before) + 1  # the new event is chained
    result = chain.verify()
    assert result.broken is not None
    assert result.broken.position == TAMPERED


def test_events_not_yet_chained_are_counted_and_verify_does_not_chain_them(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    chain = demo_chained(service, read_models)
    head = chain.head()
    service.record_progress("post-cse-support", "b", rag=RAGStatus.AMBER,
                            note="Survivors' forum meets monthly", actor="katherine.harclerode",
                            on=date(2022, 9, 13))
    result = chain.verify()
    assert result.ok
    assert (result.checked, result.unchained) == (head[0], 1)
    assert chain.head() == head
    assert chain.extend() == 1
    assert chain.verify().unchained == 0


def test_two_processes_extending_at_once_neither_fork_nor_duplicate_the_chain(
    service: ScrutinyService, read_models: ReadModels
) -> None:
    load_demo(service)
    head = service.recorder.max_notification_id()
    chains = [AuditChain(service, read_models.database, batch_size=7) for _ in range(2)]
    start = threading.Barrier(2)
    chained: list[int] = []
    failures: list[BaseException] = []

    def extend(chain: AuditChain) -> None:
        start.wait()
        try:
            chained.append(chain.extend())
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=extend, args=(chain,)) for chain in chains]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sum(chained) == head
    rows = read_models.connection().query("SELECT position FROM audit_chain ORDER BY position")
    assert [row["position"] for row in rows] == list(range(1, head + 1))
    assert chains[0].verify().ok

    # A writer that read the head before the other committed writes nothing at all.
    late = chains[1]
    late.head = lambda: (0, GENESIS_HASH)  # type: ignore[method-assign]
    assert late._extend_batch() == 0
    del late.head
    assert late.extend() == 0
    assert read_models.connection().query("SELECT COUNT(*) AS n FROM audit_chain")[0]["n"] == head
    for chain in chains:
        chain.close()


def test_a_chain_cut_back_and_rebuilt_is_caught_by_the_published_head_hash(
    service: ScrutinyService, read_models: ReadModels, database_url: str
) -> None:
    """Whoever can write to the database can rewrite the chain too; the head hash kept
    elsewhere is what shows it."""
    chain = demo_chained(service, read_models)
    published = chain.head()[1]
    forged = stored_state(service, TAMPERED).replace(b"demo-loader", b"someone.else")
    run_on_store(service, "UPDATE {events} SET state = ? WHERE {position} = ?",
                 (forged, TAMPERED))
    read_models.connection().execute("DELETE FROM audit_chain WHERE position >= ?", (TAMPERED,))
    chain.extend()
    assert chain.verify().ok  # the rewritten chain is consistent with itself …
    result = chain.verify(anchor=published)
    assert result.broken is not None  # … but no longer holds the published head
    assert "anchor hash" in result.broken.reason


def test_an_export_verifies_offline_by_the_recipe_and_an_edited_line_does_not(
    service: ScrutinyService, read_models: ReadModels, tmp_path: Path
) -> None:
    chain = demo_chained(service, read_models)
    head = service.recorder.max_notification_id()
    out = tmp_path / "audit.jsonl"
    with out.open("w", encoding="utf-8") as file:
        summary = chain.export(file)
    assert (summary.events, summary.head_position, summary.broken) == (head, head, None)

    header, *lines = [json.loads(text) for text in out.read_text("utf-8").splitlines()]
    assert (header["events"], header["head_hash"]) == (head, chain.head()[1])
    assert "SHA-256" in header["recipe"]
    previous = header["genesis_previous_hash"]
    for line in lines:  # an auditor's own check, following the header's recipe
        assert line["previous_hash"] == previous
        assert by_hand(previous, line) == line["hash"]
        previous = line["hash"]
    assert previous == header["head_hash"]
    assert lines[0]["actor"] == "demo-loader"
    assert lines[0]["what"] == "Proposed"
    assert lines[0]["business_date"] == "2012-11-21"

    result = verify_export(out.read_text("utf-8").splitlines())
    assert result.ok
    assert (result.checked, result.head_hash) == (head, header["head_hash"])

    texts = out.read_text("utf-8").splitlines()
    edited = json.loads(texts[TAMPERED])  # line TAMPERED + 1 of the file
    edited["state"] = edited["state"].replace("demo-loader", "someone.else")
    texts[TAMPERED] = json.dumps(edited)
    result = verify_export(texts)
    assert result.broken is not None
    assert (result.broken.line, result.broken.position) == (TAMPERED + 1, TAMPERED)

    truncated = verify_export(out.read_text("utf-8").splitlines()[:-1])
    assert truncated.broken is not None
    assert "header says" in truncated.broken.reason

    with pytest.raises(ExportUnreadable, match="line 3: not JSON"):
        verify_export([*out.read_text("utf-8").splitlines()[:2], "{not json"])
    with pytest.raises(ExportUnreadable, match="line 1: not an audit-chain export"):
        verify_export(["position,hash"])


def scrutiny(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([SCRUTINY, *arguments], env=environment, capture_output=True,
                          text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_audit_commands_exit_codes(
    database_url: str, service: ScrutinyService, tmp_path: Path
) -> None:
    environment = {**os.environ, "SCRUTINY_DATABASE_URL": database_url}
    assert scrutiny(environment, "demo").returncode == 0
    head = service.recorder.max_notification_id()

    verified = scrutiny(environment, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"chain verified: {head} events, head hash " in verified.stdout
    printed = json.loads(scrutiny(environment, "audit", "verify", "--json").stdout)
    assert (printed["ok"], printed["checked"], printed["unchained"]) == (True, head, 0)

    out = tmp_path / "audit.jsonl"
    exported = scrutiny(environment, "audit", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert printed["head_hash"] in exported.stdout
    offline = scrutiny(environment, "audit", "verify", "--file", str(out))
    assert offline.returncode == 0
    assert f"{head} events" in offline.stdout

    forged = stored_state(service, TAMPERED).replace(b"demo-loader", b"someone.else")
    run_on_store(service, "UPDATE {events} SET state = ? WHERE {position} = ?",
                 (forged, TAMPERED))
    broken = scrutiny(environment, "audit", "verify")
    assert broken.returncode == 1
    [event] = service.recorder.select_notifications(start=TAMPERED, limit=1)
    assert (f"position {TAMPERED}, aggregate {event.originator_id} version "
            f"{event.originator_version}, event {event.topic}: the event's data changed"
            ) in broken.stdout
    as_json = json.loads(scrutiny(environment, "audit", "verify", "--json").stdout)
    assert (as_json["ok"], as_json["break"]["position"]) == (False, TAMPERED)

    lines = out.read_text("utf-8").splitlines()
    lines[TAMPERED] = lines[TAMPERED].replace("demo-loader", "someone.else")
    out.write_text("\n".join(lines) + "\n", "utf-8")
    edited = scrutiny(environment, "audit", "verify", "--file", str(out))
    assert edited.returncode == 1
    assert f"line {TAMPERED + 1}, position {TAMPERED}" in edited.stdout

    (tmp_path / "not-an-export.jsonl").write_text('{"hello": "world"}\n', "utf-8")
    for arguments, message in [
        (["verify", "--file", str(tmp_path / "missing.jsonl")], "does not exist"),
        (["verify", "--file", str(tmp_path / "not-an-export.jsonl")], "not an audit-chain"),
        (["export", "--out", str(tmp_path / "no-such-folder" / "audit.jsonl")], "Cannot write"),
        (["export", "--out", str(tmp_path)], "Cannot write"),
    ]:
        refused = scrutiny(environment, "audit", *arguments)
        assert refused.returncode == 2, (arguments, refused.stdout, refused.stderr)
        assert message in refused.stdout + refused.stderr
