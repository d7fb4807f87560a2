"""Reading a backup file and checking it whole before anything is written
(the format is described in operations/backup.py).

Every way a file can be wrong (not gzip, truncated, another format version, a header changed by
hand, a line that is not a record, records out of order, contents not matching the header's
SHA-256) is a ``BackupUnreadable`` naming what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

FORMAT = "scrutiny-backup"
FORMAT_VERSION = 1

# The tables a backup keeps besides the events, each with its key, in the order a restore
# writes them (accounts before the tokens and feeds that refer to them).
KEPT = {"accounts": "name", "api_tokens": "token_id", "calendar_feeds": "feed_id",
        "audit_chain": "position"}
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")


class BackupUnreadable(Exception):
    """The file is not a backup this version can restore (not one, damaged, truncated, of
    another format version); nothing was written."""


def check_backup(path: Path) -> dict[str, Any]:
    """Read the whole file and check it can be restored; its header. Raises ``BackupUnreadable``
    naming what is wrong."""
    with opened(path) as lines:
        header = read_header(lines)
        counts = {"events": 0, **{table: 0 for table in KEPT}}
        for record in read_records(lines, header):
            counts["events" if "event" in record else record["table"]] += 1
    expected = header["counts"]
    for kind, count in counts.items():
        if count != expected.get(kind, 0):
            raise BackupUnreadable(f"{path} holds {count} {kind.replace('_', ' ')} but its "
                                   f"header says {expected.get(kind, 0)}: the file was changed")
    return header


@contextmanager
def opened(path: Path) -> Iterator[gzip.GzipFile]:
    try:
        with gzip.open(path, "rb") as lines:
            yield lines
    except FileNotFoundError:
        raise BackupUnreadable(f"There is no file {path}") from None
    except IsADirectoryError:
        raise BackupUnreadable(f"{path} is a folder, not a backup file") from None
    except EOFError:
        raise BackupUnreadable(f"{path} is truncated (it ends before its last record): the "
                               "copy is incomplete") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise BackupUnreadable(f"{path} is damaged or not a scrutiny backup (not readable as "
                               f"gzip: {error})") from None
    except OSError as error:
        raise BackupUnreadable(f"Cannot read {path}: {error.strerror or error}") from None


def read_header(lines: gzip.GzipFile) -> dict[str, Any]:
    try:
        header = json.loads(lines.readline().decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested past all reason
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupUnreadable("The file is not a scrutiny backup (its first line is not a "
                               f"header with format {FORMAT!r})")
    if header.get("format_version") != FORMAT_VERSION:
        raise BackupUnreadable(f"The backup is of format version {header.get('format_version')!r}"
                               f"; this release reads version {FORMAT_VERSION}")
    missing = [name for name, kind in _HEADER_FIELDS.items()
               if not isinstance(header.get(name), kind)]
    digest = header.get("views_digest")
    if isinstance(digest, dict) and not isinstance(digest.get("sha256"), str):
        missing.append("views_digest.sha256")
    if missing:
        raise BackupUnreadable(f"The backup's header lacks, or has the wrong kind of value for: "
                               f"{', '.join(missing)} (the header was changed by hand, or not "
                               "written by `scrutiny backup`)")
    return header


_HEADER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "store": str, "created_at": str, "head": int, "counts": dict, "body_sha256": str,
    "views_digest": (dict, type(None)), "views_settings": (str, type(None)), "left_out": dict,
}
"""What a restore reads from a header besides its format, and the kind of each."""


def read_records(lines: Iterable[bytes], header: dict[str, Any] | None = None
             ) -> Iterator[dict[str, Any]]:
    """The records after the header, each checked; with the header, the SHA-256 of them all is
    checked at the end (so a caller writing as it reads must do so in a transaction)."""
    checksum, last_event, number, stage = hashlib.sha256(), 0, 1, 0
    stages = {"event": 0, **{table: place for place, table in enumerate(KEPT, start=1)}}
    for data in lines:
        number += 1
        checksum.update(data)
        try:
            record = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise BackupUnreadable(f"line {number} of the backup is not JSON: the file is "
                                   "damaged") from None
        if not isinstance(record, dict):
            raise BackupUnreadable(f"line {number} of the backup is not a record")
        kind = "event" if "event" in record else str(record.get("table"))
        if stages.get(kind, stage) < stage:
            raise BackupUnreadable(f"line {number} of the backup is out of order (events first, "
                                   f"then {', '.join(KEPT)})")
        stage = stages.get(kind, stage)
        if "event" in record:
            event = checked_event(number, record)
            if event["event"] <= last_event:
                raise BackupUnreadable(f"line {number}: event {event['event']} follows "
                                       f"{last_event}; the events are out of order")
            last_event = event["event"]
            yield event
        elif record.get("table") in KEPT and isinstance(record.get("row"), dict) and all(
                isinstance(name, str) and _COLUMN.match(name) for name in record["row"]):
            yield record
        else:
            raise BackupUnreadable(f"line {number} of the backup is neither an event nor a row "
                                   f"of a kept table ({', '.join(KEPT)})")
    if header is not None:
        if checksum.hexdigest() != header["body_sha256"]:
            raise BackupUnreadable("The backup's contents do not match the SHA-256 in its "
                                   "header: the file is damaged or was changed")
        if last_event > header["head"]:
            raise BackupUnreadable(f"The backup holds event {last_event}, past its header's "
                                   f"head {header['head']}")


def checked_event(number: int, record: dict[str, Any]) -> dict[str, Any]:
    try:
        position, version = record["event"], record["originator_version"]
        if not isinstance(position, int) or not isinstance(version, int) or position < 1 \
                or version < 1 or not isinstance(record["topic"], str):
            raise ValueError
        originator = UUID(record["originator_id"])
        if "state" in record:
            state = record["state"].encode("utf-8")
        else:
            state = base64.b64decode(record["state_base64"], validate=True)
    except (KeyError, ValueError, TypeError, AttributeError, binascii.Error):
        raise BackupUnreadable(f"line {number} of the backup is not a whole event") from None
    return {"event": position, "originator_id": originator, "originator_version": version,
            "topic": record["topic"], "state": state}


def as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
