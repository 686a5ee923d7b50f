"""Digest test helpers: a recording delivery target (it stands in for a platform adapter in the
scheduling tests; the end-to-end tests use the real adapters against the Slack and Discord fakes),
documents added at a chosen moment, and subscriptions made the way /ai-digest makes them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from bot.digest.schedule import Schedule
from bot.digest.subscriptions import subscribe
from knowledge.db import bump_revision, session_scope
from knowledge.documents import NewDocument, add_document
from knowledge.queries import build_resolver


@dataclass
class RecordingAdapter:
    """Records every delivered digest; can be told to fail the next N deliveries."""

    name: str = "slack"
    posts: list = field(default_factory=list)  # (channel, workspace, reply)
    fail_next: int = 0
    failure: Exception = field(default_factory=lambda: RuntimeError("platform answered 500"))
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def start(self, *, receive: bool = True) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def deliver(self, channel: str, reply, *, workspace: str | None = None) -> None:
        with self.lock:
            if self.fail_next:
                self.fail_next -= 1
                raise self.failure
            self.posts.append((channel, workspace, reply))

    def count(self, channel: str) -> int:
        return sum(1 for posted, _, _ in self.posts if posted == channel)


@pytest.fixture
def recorder():
    return RecordingAdapter


@pytest.fixture
def add_doc_at():
    """Store a document as if it arrived at `moment` (the store stamps real time otherwise)."""

    def add(knowledge, moment: datetime, *, key: str, title: str, body: str, publisher: str = "Test Wire"):
        with session_scope(knowledge.engine) as session:
            row = add_document(session, NewDocument(key=key, title=title, body=body, publisher=publisher),
                               build_resolver(session))
            row.added_at = moment
            session.add(row)
            bump_revision(session)
        knowledge.invalidate()
        return row

    return add


@pytest.fixture
def subscribe_channel():
    def make(knowledge, channel: str, *, platform: str = "slack", workspace: str | None = "T1",
             weekday: str = "mon", time: str = "09:00", timezone: str = "UTC", created_at: datetime | None = None):
        sub, _ = subscribe(knowledge.engine, platform=platform, workspace_id=workspace, channel_id=channel,
                           schedule=Schedule(weekday, time, timezone))
        if created_at is not None:  # a subscription made before the simulated weeks begin
            from sqlmodel import Session

            from knowledge.models import DigestSubscription

            with Session(knowledge.engine) as session:
                row = session.get(DigestSubscription, sub.id)
                row.created_at = created_at
                session.add(row)
                session.commit()
        return sub

    return make
