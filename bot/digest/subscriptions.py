"""Who gets the digest: one row per (platform, workspace, channel), kept in the store so schedules
survive restarts and every bot process sharing the database sees the same list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.digest.schedule import Schedule
from knowledge.db import session_scope
from knowledge.models import DigestSubscription


@dataclass(frozen=True)
class Subscription:
    """A detached copy of a subscription row, safe to pass between threads."""

    id: int
    platform: str
    workspace_id: str
    channel_id: str
    schedule: Schedule
    created_at: datetime  # due times before it are not owed a digest

    @property
    def label(self) -> str:
        workspace = f"{self.workspace_id}/" if self.workspace_id else ""
        return f"{self.platform}:{workspace}{self.channel_id}"


def _detached(row: DigestSubscription) -> Subscription:
    return Subscription(row.id, row.platform, row.workspace_id, row.channel_id,
                        Schedule(row.weekday, row.time, row.timezone), row.created_at)


def _where(platform: str, workspace_id: str | None, channel_id: str):
    return (DigestSubscription.platform == platform,
            DigestSubscription.workspace_id == (workspace_id or ""),
            DigestSubscription.channel_id == channel_id)


def subscribe(engine: Engine, *, platform: str, workspace_id: str | None, channel_id: str,
              schedule: Schedule, user_id: str | None = None) -> tuple[Subscription, bool]:
    """Create the channel's subscription, or change its schedule. Returns (subscription, created)."""
    for _ in range(2):  # a concurrent subscribe for the same channel wins the insert; then update it
        try:
            with session_scope(engine) as session:
                row = session.exec(select(DigestSubscription).where(*_where(platform, workspace_id, channel_id))).first()
                created = row is None
                if created:
                    row = DigestSubscription(platform=platform, workspace_id=workspace_id or "",
                                             channel_id=channel_id, created_by=user_id)
                row.weekday, row.time, row.timezone = schedule.weekday, schedule.time, schedule.timezone
                session.add(row)
                session.flush()
                return _detached(row), created
        except IntegrityError:
            continue
    raise RuntimeError("could not save the subscription")


def unsubscribe(engine: Engine, *, platform: str, workspace_id: str | None, channel_id: str) -> bool:
    """Delete the channel's subscription (its claims go with it). False if there was none."""
    with session_scope(engine) as session:
        row = session.exec(select(DigestSubscription).where(*_where(platform, workspace_id, channel_id))).first()
        if row is None:
            return False
        session.delete(row)
        return True


def unsubscribe_workspace(engine: Engine, *, platform: str, workspace_id: str) -> int:
    """Delete every subscription of a workspace (the app was uninstalled there): how many."""
    with session_scope(engine) as session:
        rows = session.exec(select(DigestSubscription).where(DigestSubscription.platform == platform,
                                                             DigestSubscription.workspace_id == workspace_id)).all()
        for row in rows:  # through the ORM, like unsubscribe: the claims go with each row
            session.delete(row)
        return len(rows)


def find(engine: Engine, *, platform: str, workspace_id: str | None, channel_id: str) -> Subscription | None:
    with Session(engine) as session:
        row = session.exec(select(DigestSubscription).where(*_where(platform, workspace_id, channel_id))).first()
        return _detached(row) if row else None


def all_subscriptions(engine: Engine) -> list[Subscription]:
    with Session(engine) as session:
        return [_detached(r) for r in session.exec(select(DigestSubscription).order_by(DigestSubscription.id))]
