"""The read side as the delivery layer sees it: pages built from the views, and read-your-writes.

After a command, the API asks ``wait_for(position)``: it returns once the views include the
command's events, catching up in this process when no other thread is already doing so. A user
therefore never sees a page older than their own save.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from application.service import ScrutinyService
from domain.access import SEES_EVERYTHING, ExemptAccess
from projections import queries
from projections.database import Connection, ViewDatabase
from projections.projector import ProjectionConflict, Projector

log = logging.getLogger(__name__)


class ReadModels:
    def __init__(self, service: ScrutinyService, database: ViewDatabase,
                 create_tables: bool = True) -> None:
        self.service = service
        self.database = database
        if create_tables:
            dropped = database.create_tables(
                settings=service.deadline_engine.settings.views_fingerprint()
            )
            if dropped:
                log.warning("Rebuilding every view from the event log: %s.", dropped)
        self.projector = Projector(service, database)
        self.projects_here: Callable[[], bool] = lambda: True
        """Whether this process projects: false in a web worker while another process holds
        the projector's role (api/workers.py); then readers wait for that projector."""
        self._answers: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()
        self._answer_bytes = 0
        self._answers_lock = threading.Lock()

    def connection(self) -> Connection:
        return self.database.connection()

    def position(self) -> int:
        rows = self.connection().query("SELECT MIN(position) AS position FROM projection_tracking")
        return int(rows[0]["position"] or 0)

    ANSWER_BYTES_KEPT = 16_000_000
    """How many bytes of answers ``as_of_position`` keeps (the least recently asked go first);
    an answer larger than a tenth of that is not kept."""

    def as_of_position(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """``compute()``, kept and given again while the views stand at the same log position.

        For reads that depend only on the views and on ``key`` (which must hold everything else
        they depend on: filters, the date, whether exempt information is left out). The
        position is read before ``compute`` runs, so what is kept is never older than the
        position it is kept under; any projected event moves the position and the next read
        computes afresh.
        """
        position = self.position()
        with self._answers_lock:
            kept = self._answers.get(key)
            if kept is not None and kept[0] == position:
                self._answers.move_to_end(key)
                return kept[1]
        answer = compute()
        if len(answer) > self.ANSWER_BYTES_KEPT // 10:
            return answer
        with self._answers_lock:
            replaced = self._answers.pop(key, None)
            if replaced is not None:
                self._answer_bytes -= len(replaced[1])
            self._answers[key] = (position, answer)
            self._answer_bytes += len(answer)
            while self._answer_bytes > self.ANSWER_BYTES_KEPT:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._answer_bytes -= len(dropped)
        return answer

    def wait_for(self, position: int, timeout: float = 15.0) -> bool:
        """True once every view has projected the log up to ``position``.

        In a process that projects (``projects_here``), the waiting thread catches the views up
        itself unless another thread of the process is doing so. In one that does not (a web
        worker while another holds the projector's role), it waits to hear that the views moved
        (``Projector.watch``), looking again at least every half second; and if they have not
        moved for ``HOLDER_SILENT`` seconds (a holder cut off from the network can keep its lock
        until the server notices), it catches them up itself after all.
        """
        give_up = time.monotonic() + timeout
        projector = self.projector
        with projector.advanced:
            seen = projector.advances
        last_moved = time.monotonic()
        while True:
            now = time.monotonic()
            with projector.advanced:  # read before the position: a later move ends the wait
                if projector.advances != seen:
                    seen, last_moved = projector.advances, now
            if self.position() >= position:
                return True
            projects = self.projects_here() or now - last_moved > self.HOLDER_SILENT
            if projects:
                try:
                    if projector.try_catch_up() and now < give_up:
                        continue
                except ProjectionConflict:
                    if now < give_up:
                        continue  # another process's projector wrote those rows first
            remaining = give_up - time.monotonic()
            if remaining <= 0:
                return False
            with projector.advanced:
                if projector.advances == seen:
                    projector.advanced.wait(min(remaining, 0.05 if projects else 0.5))

    HOLDER_SILENT = 2.0
    """Seconds without the views moving after which a process that leaves projecting to the
    role's holder catches them up itself to answer a waiting reader."""

    def catch_up_with_log(self, timeout: float = 60.0) -> None:
        """Bring the views up to everything recorded so far, here or by another process."""
        head = self.service.recorder.max_notification_id() or 0
        if not self.wait_for(head, timeout):
            raise TimeoutError(f"the views did not reach log position {head} in {timeout:g} s")

    # --- pages --------------------------------------------------------------------------------

    def review_page(self, review_id: str, today: date, access: ExemptAccess = SEES_EVERYTHING
                    ) -> dict[str, Any] | None:
        """A review with its recommendations, actions, deadlines and history, as this reader may
        see it (None if they may not see the review): what is exempt and not theirs to see is
        left out, and so are its traces (the counts and the labels Cabinet answered)."""
        connection = self.connection()
        document = queries.review_document(connection, review_id, access)
        if document is None:
            return None
        recommendations = queries.item_documents(connection, review_id, "recommendation", access)
        actions = queries.item_documents(connection, review_id, "action", access)
        if not access.everything:
            shown = {item["label"] for item in recommendations}
            document["recommendation_count"] = len(recommendations)
            document["action_count"] = len(actions)
            # A meeting that answered only exempt recommendations is left out with them.
            document["cabinet_meetings"] = [
                {**meeting, "labels": labels} for meeting in document["cabinet_meetings"]
                if (labels := [label for label in meeting["labels"] if label in shown])
                or not meeting["labels"]]
        ids = [review_id] + [item["id"] for item in recommendations + actions]
        histories = queries.history(connection, ids, access)
        deadlines = queries.deadlines_of(connection, ids, today)
        for item in recommendations + actions:
            item["history"] = histories[item["id"]]
            item["deadlines"] = deadlines[item["id"]]
        return {
            **document,
            "deadlines": deadlines[review_id],
            "recommendations": recommendations,
            "actions": actions,
            "history": histories[review_id],
        }

    def item_page(self, item_id: str, today: date, access: ExemptAccess = SEES_EVERYTHING
                  ) -> dict[str, Any] | None:
        connection = self.connection()
        document = queries.item_document(connection, item_id, access)
        if document is None:
            return None
        document["history"] = queries.history(connection, [item_id], access)[item_id]
        document["deadlines"] = queries.deadlines_of(connection, [item_id], today)[item_id]
        return document
