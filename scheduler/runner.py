"""One reminder cycle (sweep, then send), and the APScheduler job that repeats it.

APScheduler 3.11 runs in-process with its in-memory job store: it only says *when* to sweep.
What was queued and sent lives in the event log, so a restart loses nothing and a second
process sweeping at the same moment records nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from scheduler.outbox import DispatchReport, Outbox
from scheduler.sweep import Sweep, SweepReport

log = logging.getLogger(__name__)


@dataclass
class CycleReport:
    sweep: SweepReport
    dispatch: DispatchReport


class ReminderCycle:
    def __init__(self, sweep: Sweep, outbox: Outbox) -> None:
        self.sweep = sweep
        self.outbox = outbox

    def run(self) -> CycleReport:
        swept = self.sweep.run()
        sent = self.outbox.dispatch()
        return CycleReport(swept, sent)

    def run_logged(self) -> None:
        """The scheduled job: a failure is logged and the next run tries again."""
        try:
            report = self.run()
        except Exception:
            log.exception("reminder cycle failed; the next run will try again")
            return
        if report.sweep.queued or report.sweep.digests or report.dispatch.sent \
                or report.dispatch.failed or report.dispatch.withdrawn:
            log.info("reminders: %d queued, %d digests, %d sent, %d failed, %d withdrawn",
                     len(report.sweep.queued), len(report.sweep.digests),
                     len(report.dispatch.sent), len(report.dispatch.failed),
                     len(report.dispatch.withdrawn))


def schedule(cycle: ReminderCycle, every_minutes: float, blocking: bool = False
             ) -> BaseScheduler:
    """A scheduler that runs ``cycle`` at start-up and then every ``every_minutes``; the
    caller starts it. Runs never overlap, and missed runs are folded into one."""
    options = {"jobstores": {"default": MemoryJobStore()},
               "executors": {"default": ThreadPoolExecutor(1)}, "timezone": UTC}
    scheduler: BaseScheduler = (BlockingScheduler(**options) if blocking
                                else BackgroundScheduler(**options))
    scheduler.add_job(
        cycle.run_logged, "interval", minutes=every_minutes, id="reminder-cycle",
        name="reminder sweep and send", next_run_time=datetime.now(UTC), max_instances=1,
        coalesce=True, misfire_grace_time=None,
    )
    return scheduler
