"""`aibot stats` (also `aibot knowledge stats`): what the store holds and how fresh it is.

One "name value" pair a line, so scripts can read it (`dict(line.split() for line in out)`).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from bot.cli.common import services


def store_stats(session: Session) -> dict[str, object]:
    from knowledge.market_data import quote_counts
    from knowledge.models import Document, Fact, Feed, FeedEntry
    from knowledge.queries import counts

    stats: dict[str, object] = dict(counts(session))
    stats["feeds"] = session.exec(select(func.count()).select_from(Feed)).one()
    stats["feed_entries"] = session.exec(select(func.count()).select_from(FeedEntry)
                                         .where(FeedEntry.status == "added")).one()
    quotes, newest_quote = quote_counts(session)
    stats["quotes"] = quotes
    newest_added = session.exec(select(func.max(Document.added_at))).one()
    stats["newest_published"] = session.exec(select(func.max(Document.published))).one()
    stats["newest_added"] = newest_added.date() if newest_added else None
    stats["newest_fact"] = session.exec(select(func.max(Fact.as_of))).one()
    stats["newest_quote"] = newest_quote
    return stats


def stats() -> None:
    """Counts of documents, passages, entities, facts, feeds and quotes, and the newest dates."""
    bot = services()
    with Session(bot.knowledge.engine) as session:
        for name, value in store_stats(session).items():
            shown = "-" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
            print(f"{name:<17} {shown}")
