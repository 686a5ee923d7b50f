"""Adding, listing and removing feed subscriptions (`aibot feeds add/list/remove`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from knowledge.db import session_scope
from knowledge.models import Feed, FeedEntry


class FeedError(ValueError):
    pass


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FeedError(f"{url!r} is not an http(s) URL")
    if len(url) > 2000:
        raise FeedError("the URL is longer than 2,000 characters")
    return url


def add_feed(engine: Engine, url: str) -> Feed:
    url = check_url(url)
    with session_scope(engine) as session:
        if session.exec(select(Feed).where(Feed.url == url)).first():
            raise FeedError(f"already following {url}")
        feed = Feed(url=url)
        session.add(feed)
        session.flush()
        return feed


def list_feeds(engine: Engine) -> list[tuple[Feed, int]]:
    """Every feed with the number of entries ingested from it."""
    with Session(engine, expire_on_commit=False) as session:
        counts = dict(session.exec(
            select(FeedEntry.feed_id, func.count()).where(FeedEntry.status == "added").group_by(FeedEntry.feed_id)
        ).all())
        return [(feed, counts.get(feed.id, 0)) for feed in session.exec(select(Feed).order_by(Feed.id))]


def remove_feed(engine: Engine, url_or_id: str) -> Feed:
    """Stop following a feed (by URL or list number). Articles already ingested stay."""
    with session_scope(engine) as session:
        feed = session.get(Feed, int(url_or_id)) if url_or_id.isdigit() else None
        feed = feed or session.exec(select(Feed).where(Feed.url == url_or_id.strip())).first()
        if feed is None:
            raise FeedError(f"not following {url_or_id!r} (see `aibot feeds list`)")
        # Its FeedEntry rows go with it: feed_entry.feed_id is ON DELETE CASCADE (SQLite runs with
        # foreign keys on, see knowledge/db.py; tests/ingest/test_feeds.py checks both backends).
        session.delete(feed)
        return feed
