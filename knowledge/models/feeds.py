"""Feed subscriptions and the entries already seen, so each entry is ingested once.

A feed keeps the validators of its last answer (ETag, Last-Modified) for conditional GET: an
unchanged feed answers 304 and costs one small request. An entry row is written for every entry
handled, ingested or failed, so each entry is handled once; a failed page is retried (a few times at
most) on later polls that bring a changed feed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from knowledge.models.core import utcnow


class Feed(SQLModel, table=True):
    __tablename__ = "feed"
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000, unique=True)
    title: str | None = Field(default=None, max_length=500)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    added_at: datetime = Field(default_factory=utcnow)
    polled_at: datetime | None = None
    last_status: str | None = Field(default=None, max_length=200)  # "200: 3 new", "304", "error: ..."


class FeedEntry(SQLModel, table=True):
    __tablename__ = "feed_entry"
    __table_args__ = (UniqueConstraint("feed_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id", index=True, ondelete="CASCADE")
    entry_id: str = Field(max_length=2000)  # the entry's guid/id, or its link when it has none
    url: str | None = Field(default=None, max_length=2000)
    document_id: int | None = Field(default=None, foreign_key="document.id", ondelete="SET NULL")
    status: str = Field(max_length=20)  # added, duplicate, failed
    error: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 1  # failed entries are tried again when the feed changes, a few times at most
    seen_at: datetime = Field(default_factory=utcnow)
