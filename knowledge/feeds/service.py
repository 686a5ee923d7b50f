"""The feed poller that `aibot run` starts beside the adapters (listed in bot/app.py BACKGROUND).

APScheduler runs the poll on an interval (settings.feed_poll_minutes, hourly by default); one
poll at a time (max_instances=1), and missed runs collapse into one (coalesce) after a pause.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from knowledge.feeds.polling import poll_feeds
from knowledge.ingest.saving import ADDED, REFUSED

log = logging.getLogger(__name__)


class FeedPoller:
    name = "feeds"

    def __init__(self, knowledge, settings):
        self.knowledge = knowledge
        self.settings = settings
        self.scheduler: AsyncIOScheduler | None = None

    async def start(self) -> None:
        self.scheduler = AsyncIOScheduler(timezone=timezone.utc)
        # The first poll comes shortly after start, not during it, so start-up stays quick.
        first = datetime.now(timezone.utc) + timedelta(seconds=30)
        self.scheduler.add_job(self.poll_once, "interval", minutes=self.settings.feed_poll_minutes,
                               next_run_time=first, id="feed-poll", max_instances=1, coalesce=True)
        self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    async def poll_once(self) -> list:
        reports = await poll_feeds(self.knowledge.engine, timeout_seconds=self.settings.feed_timeout_seconds,
                                   max_bytes=self.settings.feed_max_bytes)
        for report in reports:
            log.info("feed polled: %s", report.line, extra={"event_id": report.url})
            for outcome in report.outcomes:
                if outcome.status == REFUSED:
                    log.warning("feed entry failed: %s: %s", outcome.name, outcome.reason)
        if any(r.count(ADDED) for r in reports):
            self.knowledge.invalidate()
        return reports


def create(services) -> FeedPoller | None:
    """Poll feeds while the bot runs; FEED_POLL_MINUTES=0 turns polling off."""
    if services.settings.feed_poll_minutes <= 0:
        return None
    return FeedPoller(services.knowledge, services.settings)
