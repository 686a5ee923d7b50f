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
# Follow-ups without a mention are answered in threads the bot answered in within this time;
# older threads need a mention again (and the table stays small).
KEEP_THREADS_FOR = timedelta(days=90)


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


def forget_old(engine: Engine, *, now: datetime | None = None) -> tuple[int, int]:
    """Delete event ids past redelivery and threads past follow-ups: (events, threads) deleted."""
    now = now or datetime.now(timezone.utc)
    with session_scope(engine) as session:
        events = session.execute(delete(SlackHandledEvent).where(
            SlackHandledEvent.claimed_at < now - KEEP_EVENTS_FOR)).rowcount
        threads = session.execute(delete(SlackThread).where(
            SlackThread.started_at < now - KEEP_THREADS_FOR)).rowcount
    return events, threads


def forget_workspace(engine: Engine, *, team_id: str) -> int:
    """The app was uninstalled from a workspace: drop what was kept about it. Rows deleted."""
    with session_scope(engine) as session:
        return sum(session.execute(delete(table).where(table.team_id == team_id)).rowcount
                   for table in (SlackHandledEvent, SlackThread))


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
