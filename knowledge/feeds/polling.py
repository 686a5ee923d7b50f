"""One poll of every feed: conditional GET of the feed, then each new entry's page, ingested.

Each entry is stored in its own transaction together with its FeedEntry row, so an entry is
either ingested and remembered, or not stored at all. A feed answering 304 costs one request and
writes nothing but its poll time. Database work runs in a thread: the bot's event loop keeps
answering chat while a poll stores articles.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import feedparser
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from knowledge.db import session_scope
from knowledge.feeds.fetching import FetchError, fetch, open_client
from knowledge.ingest.reading import Article, Refused, decode_text, html_article, text_article
from knowledge.ingest.saving import ADDED, REFUSED, SKIPPED, Outcome, store_article
from knowledge.models import Feed, FeedEntry
from knowledge.models.core import utcnow
from knowledge.queries import build_resolver
from knowledge.resolver import Resolver

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
PAGE_TYPES = HTML_TYPES + TEXT_TYPES


@dataclass
class PollReport:
    url: str
    status: str  # "not modified", "ok", "error"
    error: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def line(self) -> str:
        if self.status == "error":
            return f"{self.url}: error: {self.error}"
        if self.status == "not modified":
            return f"{self.url}: not modified"
        return f"{self.url}: {self.summary}"

    @property
    def summary(self) -> str:
        return f"{self.count(ADDED)} added, {self.count(SKIPPED)} skipped, {self.count(REFUSED)} failed"


async def poll_feeds(engine: Engine, *, timeout_seconds: float, max_bytes: int) -> list[PollReport]:
    feeds = await asyncio.to_thread(_feeds, engine)
    # Built on the first entry that needs it: a poll where every feed answers 304 reads no names.
    resolver = functools.cache(functools.partial(_resolver, engine))
    reports = []
    async with open_client(timeout_seconds=timeout_seconds) as client:
        for feed in feeds:
            try:
                reports.append(await poll_feed(engine, client, feed, resolver, max_bytes=max_bytes))
            except Exception as exc:  # one broken feed must not stop the others
                log.exception("feed poll failed", extra={"event_id": feed.url})
                reports.append(PollReport(feed.url, "error", f"{type(exc).__name__}: {exc}"))
    return reports


def _feeds(engine: Engine) -> list[Feed]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(Feed).order_by(Feed.id)))


def _resolver(engine: Engine) -> Resolver:
    with Session(engine) as session:
        return build_resolver(session)


async def poll_feed(engine: Engine, client, feed: Feed, resolver: Callable[[], Resolver], *,
                    max_bytes: int) -> PollReport:
    try:
        fetched = await fetch(client, feed.url, max_bytes=max_bytes, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as exc:
        await asyncio.to_thread(_record_poll, engine, feed.id, f"error: {exc}", None)
        return PollReport(feed.url, "error", str(exc))
    if fetched.not_modified:
        await asyncio.to_thread(_record_poll, engine, feed.id, "not modified", None)
        return PollReport(feed.url, "not modified")
    parsed = feedparser.parse(fetched.body, response_headers={"content-location": fetched.url,
                                                               "content-type": fetched.content_type})
    if parsed.bozo and not parsed.entries:
        reason = f"not an RSS or Atom feed ({type(parsed.bozo_exception).__name__})"
        await asyncio.to_thread(_record_poll, engine, feed.id, f"error: {reason}", None)
        return PollReport(feed.url, "error", reason)
    publisher = parsed.feed.get("title") or None
    done = await asyncio.to_thread(_finished_entries, engine, feed.id)
    report = PollReport(feed.url, "ok")
    for entry in parsed.entries:
        entry_id = _entry_id(entry)
        if entry_id in done:
            continue
        done.add(entry_id)  # a feed listing one entry twice: the second must not overwrite the first
        outcome = await _ingest_entry(engine, client, feed.id, entry, entry_id, publisher, resolver, max_bytes)
        report.outcomes.append(outcome)
    await asyncio.to_thread(_record_poll, engine, feed.id, report.summary, (fetched, publisher))
    return report


def _entry_id(entry) -> str:
    ident = entry.get("id") or entry.get("link")
    if not ident:
        ident = "sha256:" + hashlib.sha256((entry.get("title", "") + entry.get("summary", "")).encode()).hexdigest()
    return ident[:2000]


def _finished_entries(engine: Engine, feed_id: int) -> set[str]:
    """Entries not to touch again: stored, duplicates, and failures out of attempts."""
    with Session(engine) as session:
        rows = session.exec(select(FeedEntry.entry_id, FeedEntry.status, FeedEntry.attempts)
                            .where(FeedEntry.feed_id == feed_id))
        return {ident for ident, status, attempts in rows if status != "failed" or attempts >= MAX_ATTEMPTS}


async def _ingest_entry(engine, client, feed_id, entry, entry_id, publisher, resolver, max_bytes) -> Outcome:
    link = entry.get("link")
    name = link or entry.get("title") or entry_id
    try:
        article = await _entry_article(client, entry, link, publisher, max_bytes)
    except (FetchError, Refused) as exc:
        outcome = Outcome(name, REFUSED, f"page failed: {exc}" if isinstance(exc, FetchError) else str(exc),
                          title=entry.get("title"))
        await asyncio.to_thread(_record_entry, engine, feed_id, entry_id, link, outcome)
        return outcome

    def remember(session, document) -> None:
        _upsert_entry(session, feed_id, entry_id, link, "added", None, document.id)

    outcome = await asyncio.to_thread(lambda: store_article(engine, article, resolver=resolver(), name=name,
                                                            origin="feed", within=remember))
    if outcome.status != ADDED:
        await asyncio.to_thread(_record_entry, engine, feed_id, entry_id, link, outcome)
    return outcome


async def _entry_article(client, entry, link, publisher, max_bytes) -> Article:
    """The entry's full text from its page; entries without a link use the feed's own text."""
    title = entry.get("title") or link or "untitled entry"
    if link:
        page = await fetch(client, link, max_bytes=max_bytes)
        if page.content_type and page.content_type not in PAGE_TYPES:
            raise Refused(f"page is {page.content_type}, not an HTML article")
        if page.content_type in TEXT_TYPES:
            # Plain text has no markup for the HTML reader to find an article in.
            text = page.text() if page.charset else decode_text(page.body)
            article = text_article(text, name=title)
            article.url = link
        else:
            article = html_article(page.html(), name=title, url=link)
    else:
        content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        article = html_article(f"<html><body><article>{content}</article></body></html>", name=title)
    article.title = title
    article.publisher = publisher or article.publisher
    article.author = entry.get("author") or article.author
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        article.published = date(*when[:3])
    return article


def _record_entry(engine, feed_id, entry_id, link, outcome: Outcome) -> None:
    status = "duplicate" if outcome.status == SKIPPED else "failed"
    with session_scope(engine) as session:
        _upsert_entry(session, feed_id, entry_id, link, status, outcome.reason, None)


def _upsert_entry(session, feed_id, entry_id, link, status, error, document_id) -> None:
    row = session.exec(select(FeedEntry).where(FeedEntry.feed_id == feed_id, FeedEntry.entry_id == entry_id)).first()
    if row is None:
        row = FeedEntry(feed_id=feed_id, entry_id=entry_id, url=link, status=status, error=error,
                        document_id=document_id)
    else:
        row.attempts += 1
        row.status, row.error, row.document_id, row.seen_at = status, error, document_id, utcnow()
    session.add(row)


def _record_poll(engine: Engine, feed_id: int, status: str, fresh) -> None:
    with session_scope(engine) as session:
        feed = session.get(Feed, feed_id)
        if feed is None:  # removed while we polled
            return
        feed.polled_at = utcnow()
        feed.last_status = status[:200]
        if fresh is not None:
            fetched, title = fresh
            # Validators are saved only after the entries are handled: a crash mid-poll means the
            # next poll fetches the feed again instead of getting a 304 and missing entries.
            feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
            feed.title = (title or feed.title or "")[:500] or None
        session.add(feed)
