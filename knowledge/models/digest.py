"""Digest tables: which channels subscribe (the schedule lives here, so it survives restarts) and
one claim row per subscription and period, which decides who posts.

Times are aware UTC (SQLModel's datetime type stores them with their zone and reads them back in UTC).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from knowledge.models.core import utcnow


class DigestSubscription(SQLModel, table=True):
    __tablename__ = "digest_subscription"
    # The empty string, not NULL, for "no workspace": NULLs never collide in a unique constraint.
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "channel_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    workspace_id: str = Field(default="", max_length=64)
    channel_id: str = Field(max_length=64)
    weekday: str = Field(default="mon", max_length=3)  # mon..sun, as APScheduler's CronTrigger takes it
    time: str = Field(default="09:00", max_length=5)  # HH:MM, local to `timezone`
    timezone: str = Field(default="UTC", max_length=64)  # an IANA name
    created_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class DigestClaim(SQLModel, table=True):
    """Who posts a subscription's digest for one period, and how it went.

    status: "claimed" (someone is posting; `lease_until` says until when the claim is theirs),
    "sent", "failed" (retried from `retry_at`, with backoff) or "abandoned" (too many attempts).
    """

    __tablename__ = "digest_claim"
    __table_args__ = (UniqueConstraint("subscription_id", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="digest_subscription.id", index=True, ondelete="CASCADE")
    period: str = Field(max_length=20)  # the ISO week of the due time in the channel's timezone
    due_at: datetime
    status: str = Field(default="claimed", max_length=12)
    owner: str = Field(max_length=80)  # the process holding (or last holding) the claim
    lease_until: datetime
    attempts: int = 1
    retry_at: datetime | None = None
    sent_at: datetime | None = None
    covered_until: datetime | None = None  # the digest's content runs up to here (next one starts here)
    error: str | None = Field(default=None, max_length=500)
