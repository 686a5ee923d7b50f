"""What the Slack adapter keeps in the bot's database: event ids being answered (so a redelivered
event is answered once, across restarts and replicas) and the threads the bot answered in.

Synchronous on purpose (the store's engine is synchronous): call these with asyncio.to_thread.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from knowledge.db import session_scope
from knowledge.models.slack import SlackHandledEvent, SlackThread

KEEP_EVENTS_FOR = timedelta(days=2)  # Slack stops redelivering an event after about an hour


def claim_event(engine: Engine, *, event_id: str, team_id: str | None = None) -> bool:
    """True if this process may answer the event; False if another delivery already claimed it.

    The primary key decides: of two concurrent inserts exactly one commits, on SQLite and Postgres.
    """
    try:
        with session_scope(engine) as session:
            session.add(SlackHandledEvent(event_id=event_id, team_id=team_id))
        return True
    except IntegrityError:
        return False


def release_event(engine: Engine, *, event_id: str) -> None:
    """The answer failed before anything was posted: let Slack's redelivery answer it."""
    with session_scope(engine) as session:
        session.execute(delete(SlackHandledEvent).where(SlackHandledEvent.event_id == event_id))


def forget_old_events(engine: Engine, *, now: datetime | None = None) -> int:
    cutoff = (now or datetime.now(timezone.utc)) - KEEP_EVENTS_FOR
    with session_scope(engine) as session:
        return session.execute(delete(SlackHandledEvent).where(SlackHandledEvent.claimed_at < cutoff)).rowcount


def remember_thread(engine: Engine, *, channel_id: str, thread_ts: str, team_id: str | None = None) -> None:
    try:
        with session_scope(engine) as session:
            session.add(SlackThread(channel_id=channel_id, thread_ts=thread_ts, team_id=team_id))
    except IntegrityError:  # already known: another reply in the same thread
        pass


def is_bot_thread(engine: Engine, *, channel_id: str, thread_ts: str) -> bool:
    with session_scope(engine) as session:
        row = session.execute(select(SlackThread.thread_ts).where(
            SlackThread.channel_id == channel_id, SlackThread.thread_ts == thread_ts)).first()
    return row is not None
