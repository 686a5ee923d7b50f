"""The digest scheduler, started by the composition root beside the adapters.

APScheduler 3.11 decides *when to look*; the claim rows decide *who posts* (two schedulers sharing
a job store both run the same job). Pitfalls this follows, all seen with 3.11:
- the default misfire_grace_time of 1 s silently drops a run that fired late, so jobs get
  settings.digest_grace_hours, with coalesce so a backlog runs once;
- adding jobs with replace_existing=True before start() drops a missed run, so the scheduler is
  started first and only missing jobs are added;
- triggers are CronTriggers in each subscription's timezone, so daylight saving is the trigger's job.

Schedules live in the store (digest_subscription); on start and every minute the jobs are synced
with it, and a sweep posts whatever is due (this is also the catch-up after downtime and the retry
of failed posts). A cron job per subscription runs the sweep at the exact due time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.digest.runner import DigestRunner, Outcome
from bot.digest.subscriptions import Subscription, all_subscriptions

log = logging.getLogger(__name__)
SWEEP_ID = "digest:sweep"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def job_id(sub: Subscription) -> str:
    # The schedule is part of the id: a changed schedule is a new job, the old one is removed.
    s = sub.schedule
    return f"digest:{sub.id}:{s.weekday}:{s.time}:{s.timezone}"


class DigestService:
    def __init__(self, services, *, clock: Callable[[], datetime] = utc_now, sweep_seconds: float = 60):
        self.services = services
        self.clock = clock
        self.sweep_seconds = sweep_seconds
        self.runner = DigestRunner(services.knowledge, services.settings, services.extra.setdefault("adapters", {}))
        self.scheduler: AsyncIOScheduler | None = None
        self._lock = asyncio.Lock()  # one sweep at a time in this process
        self._loop: asyncio.AbstractEventLoop | None = None
        self._resyncs: set[asyncio.Task] = set()  # the loop keeps only weak references to tasks

    async def start(self) -> None:
        grace = int(self.services.settings.digest_grace_hours * 3600)
        self._loop = asyncio.get_running_loop()
        self.scheduler = AsyncIOScheduler(timezone=timezone.utc, job_defaults={
            "misfire_grace_time": grace, "coalesce": True, "max_instances": 1})
        self.scheduler.start()  # before adding jobs: see the module docstring
        await self.sync_jobs()
        # The sweep runs at once (catch-up after downtime), then every minute. APScheduler keeps
        # real time; `self.clock` is only the "now" the due-check is asked about.
        self.scheduler.add_job(self.sweep, IntervalTrigger(seconds=self.sweep_seconds, timezone=timezone.utc),
                               id=SWEEP_ID, name="digest catch-up, retries and schedule sync",
                               next_run_time=utc_now())
        log.info("digest scheduler started with %d subscription(s)", len(self.cron_jobs()))

    async def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        async with self._lock:  # let a sweep in progress finish recording its outcome
            pass

    def cron_jobs(self) -> list:
        return [job for job in self.scheduler.get_jobs() if job.id != SWEEP_ID] if self.scheduler else []

    async def sync_jobs(self) -> None:
        """Add a job for each subscription that lacks one; remove jobs of changed or gone ones."""
        subs = await asyncio.to_thread(all_subscriptions, self.services.knowledge.engine)
        wanted = {job_id(sub): sub for sub in subs}
        for job in self.cron_jobs():
            if job.id not in wanted:
                job.remove()
        present = {job.id for job in self.cron_jobs()}
        for identifier, sub in wanted.items():
            if identifier not in present:
                try:
                    trigger = sub.schedule.trigger()
                except Exception as exc:  # one unusable schedule must not keep the others unscheduled
                    log.warning("digest schedule of %s is unusable, no job added: %s: %s", sub.label,
                                type(exc).__name__, str(exc)[:200])
                    continue
                self.scheduler.add_job(self.run_due, trigger, id=identifier, name=f"weekly digest for {sub.label}")

    async def sweep(self) -> list[Outcome]:
        await self.sync_jobs()
        return await self.run_due()

    async def run_due(self) -> list[Outcome]:
        async with self._lock:
            try:
                return await self.runner.run_due(self.clock())
            except Exception:  # a database hiccup must not kill the scheduler; the next sweep retries
                log.exception("digest sweep failed")
                return []

    def schedule_changed(self) -> None:
        """Called by /ai-digest subscribe/unsubscribe (from any thread): resync the jobs now."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._resync)

    def _resync(self) -> None:
        task = self._loop.create_task(self.sync_jobs())
        self._resyncs.add(task)
        task.add_done_callback(self._resync_done)

    def _resync_done(self, task: asyncio.Task) -> None:
        self._resyncs.discard(task)
        if not task.cancelled() and task.exception() is not None:  # the next sweep syncs again
            log.warning("digest job resync failed: %r", task.exception())


def create(services) -> DigestService:
    service = DigestService(services)
    services.extra["digest"] = service
    return service
