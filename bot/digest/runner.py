"""The due-check: which subscriptions are due at a given moment, and posting each one's digest
exactly once (claim -> build -> deliver -> record). Time always comes in as an explicit `now`, so
tests can drive weeks of schedule in milliseconds and the scheduler only decides when to look.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.config import Settings
from bot.digest import claims
from bot.digest.content import Window, weekly_digest
from bot.digest.schedule import as_utc, latest_due, period_of
from bot.digest.subscriptions import Subscription, all_subscriptions
from bot.replies import Reply
from knowledge.store import Knowledge

log = logging.getLogger(__name__)
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class DueRun:
    subscription: Subscription
    due_at: datetime  # aware UTC
    period: str


@dataclass(frozen=True)
class Outcome:
    subscription: Subscription
    period: str
    status: str  # "sent", "failed", "skipped" (another process holds or sent it)
    error: str | None = None


def channel_digest(knowledge: Knowledge, sub: Subscription | None, now: datetime, *, zone=None,
                   with_chart: bool = True) -> Reply:
    """A channel's digest: everything new since its last digest, or over the past week."""
    last = claims.last_sent(knowledge.engine, subscription_id=sub.id) if sub else None
    since = as_utc(last.covered_until) if last and last.covered_until else as_utc(now) - WEEK
    zone = sub.schedule.zone if sub else (zone or timezone.utc)
    return weekly_digest(knowledge.snapshot(), Window(since, as_utc(now), zone), with_chart=with_chart)


def process_owner() -> str:
    """Names this process in claim rows (for people reading the table; the check is by equality)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class DigestRunner:
    def __init__(self, knowledge: Knowledge, settings: Settings, adapters: Mapping[str, object], *,
                 owner: str | None = None):
        self.knowledge = knowledge
        self.settings = settings
        self.adapters = adapters
        self.owner = owner or process_owner()
        self.grace = timedelta(hours=settings.digest_grace_hours)
        self.lease = timedelta(seconds=settings.digest_lease_seconds)

    # -- what is due ----------------------------------------------------------------------

    def due(self, now: datetime) -> list[DueRun]:
        """Each subscription's latest scheduled time, unless it is settled or was missed by more
        than the grace period (a missed week is posted once on return, not once per missed tick).

        Only platforms this process serves: a Slack-only process sharing the database with a
        Discord one must not claim (and fail) the Discord channels' digests, nor look them up."""
        engine = self.knowledge.engine
        runs = []
        for sub in all_subscriptions(engine):
            if sub.platform not in self.adapters:
                continue
            try:
                due_at = latest_due(sub.schedule, now)
                period = period_of(due_at, sub.schedule.zone) if due_at else ""
            except Exception as exc:  # one unusable schedule must not stop every other channel's digest
                log.warning("digest schedule of %s is unusable, skipped: %s: %s", sub.label, type(exc).__name__,
                            str(exc)[:200])
                continue
            if due_at is None or due_at < as_utc(sub.created_at):
                continue
            status = claims.status(engine, subscription_id=sub.id, period=period)
            if status in ("sent", "abandoned"):
                continue
            if status is None and now - due_at > self.grace:
                continue  # missed while the bot was down for longer than the grace period
            runs.append(DueRun(sub, as_utc(due_at), period))
        return runs

    # -- posting --------------------------------------------------------------------------

    async def run_due(self, now: datetime) -> list[Outcome]:
        runs = await asyncio.to_thread(self.due, now)
        return [await self.post(run, now) for run in runs]

    async def post(self, run: DueRun, now: datetime) -> Outcome:
        """Claim the period; if this process won, build and deliver the digest and record how it went."""
        engine = self.knowledge.engine
        sub = run.subscription
        claim = await asyncio.to_thread(claims.try_claim, engine, subscription_id=sub.id, period=run.period,
                                        due_at=run.due_at, owner=self.owner, now=now, lease=self.lease)
        if claim is None:
            return Outcome(sub, run.period, "skipped")
        started = time.perf_counter()
        try:
            reply = await asyncio.to_thread(self.build, sub, now)
            adapter = self.adapters.get(sub.platform)
            if adapter is None:
                raise LookupError(f"the {sub.platform} adapter is not configured in this process")
            await adapter.deliver(sub.channel_id, reply, workspace=sub.workspace_id or None)
        except Exception as exc:  # any delivery failure is recorded and retried with backoff
            error = f"{type(exc).__name__}: {exc}"
            await asyncio.to_thread(claims.record_failed, engine, claim, now=now, error=error)
            log.warning("digest delivery failed (attempt %d): %s", claim.attempts, error[:200],
                        extra=self._log_fields(sub, run.period, started))
            return Outcome(sub, run.period, "failed", error)
        await asyncio.to_thread(claims.record_sent, engine, claim, now=now, covered_until=now)
        log.info("digest sent", extra=self._log_fields(sub, run.period, started))
        return Outcome(sub, run.period, "sent")

    def build(self, sub: Subscription, now: datetime) -> Reply:
        # The digest covers everything up to `now` (recorded as covered_until), so it must be built
        # from the store as it is now, not from a snapshot up to `refresh_seconds` old.
        self.knowledge.invalidate()
        return channel_digest(self.knowledge, sub, now)

    def _log_fields(self, sub: Subscription, period: str, started: float) -> dict:
        return {"platform": sub.platform, "channel": sub.channel_id, "command": "digest",
                "event_id": f"{sub.id}/{period}", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
