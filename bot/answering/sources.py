"""Turning the facts and passages an answer rests on into its sources and "as of" date."""

from __future__ import annotations

from collections.abc import Iterable

from bot.replies import Source
from bot.text_split import clip
from knowledge.snapshot import DocInfo, FactInfo

GENERAL = "general knowledge"


def document_source(doc: DocInfo) -> Source:
    return Source(key=doc.key, title=doc.title, publisher=doc.publisher, published=doc.published, url=doc.url)


def fact_source(fact: FactInfo) -> Source:
    if fact.document is not None:
        return document_source(fact.document)
    return Source(key="note", title=GENERAL, note=fact.source_note)


def sources_of(facts: Iterable[FactInfo] = (), docs: Iterable[DocInfo] = ()) -> tuple[list[Source], str | None]:
    """Distinct sources in first-seen order, and the newest known date among them."""
    seen: dict[str, Source] = {}
    for fact in facts:
        source = fact_source(fact)
        seen.setdefault(source.key + (source.note or ""), source)
    for doc in docs:
        seen.setdefault(doc.key, document_source(doc))
    sources = list(seen.values())
    dates = [s.published for s in sources if s.published]
    return sources, (max(dates).isoformat() if dates else None)


def cite(fact: FactInfo) -> str:
    """A short inline citation: the publisher, or the title when the publisher is unknown."""
    if fact.document is None:
        return GENERAL
    doc = fact.document
    name = doc_name(doc)
    return f"{name}, {doc.published.isoformat()}" if doc.published else name


def doc_name(doc: DocInfo, limit: int = 60) -> str:
    """The publisher, or the quoted (shortened) title when the publisher is unknown."""
    return doc.publisher or f"“{clip(doc.title, limit)}”"
