"""Storing one document: the row, its passages and the entities each passage mentions.

Seeding and ingestion both go through `add_document`, so a document is always stored the same
way. The caller owns the transaction: one document, one transaction, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from knowledge.models import Document, Mention, Passage
from knowledge.resolver import Resolver
from knowledge.text import content_hash, split_passages


@dataclass
class NewDocument:
    key: str
    title: str
    body: str
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    origin: str = "ingest"


class DuplicateDocument(Exception):
    def __init__(self, existing: Document, reason: str):
        super().__init__(f"duplicate of {existing.key!r} ({reason})")
        self.existing = existing
        self.reason = reason


def find_duplicate(session: Session, *, key: str, body: str, url: str | None) -> tuple[Document, str] | None:
    digest = content_hash(body)
    clauses = [Document.content_hash == digest, Document.key == key]
    if url:
        clauses.append(Document.url == url)
    existing = session.exec(select(Document).where(or_(*clauses))).first()
    if existing is None:
        return None
    if existing.content_hash == digest:
        return existing, "same content"
    if url and existing.url == url:
        return existing, "same URL"
    return existing, "same name"


def add_document(session: Session, doc: NewDocument, resolver: Resolver) -> Document:
    """Store a document with its passages and mentions; raises DuplicateDocument if known."""
    duplicate = find_duplicate(session, key=doc.key, body=doc.body, url=doc.url)
    if duplicate:
        raise DuplicateDocument(*duplicate)
    row = Document(
        key=doc.key, title=doc.title, publisher=doc.publisher, author=doc.author, url=doc.url,
        published=doc.published, origin=doc.origin, content_hash=content_hash(doc.body), body=doc.body,
    )
    session.add(row)
    session.flush()
    passages = [Passage(document_id=row.id, position=position, text=text)
                for position, text in enumerate(split_passages(doc.body))]
    session.add_all(passages)
    session.flush()  # one batched INSERT ... RETURNING for all of them, not one round trip each
    for passage in passages:
        _add_mentions(session, passage, resolver)
    return row


def _add_mentions(session: Session, passage: Passage, resolver: Resolver) -> None:
    # Exact names only: fuzzy matching over whole articles finds more noise than typos.
    seen: set[int] = set()
    for found in resolver.find_in_text(passage.text, fuzzy=False):
        if found.entity.id not in seen:
            seen.add(found.entity.id)
            session.add(Mention(passage_id=passage.id, entity_id=found.entity.id, document_id=passage.document_id))


def relink_mentions(session: Session, resolver: Resolver) -> None:
    """Recompute every passage's mentions (after the curated names changed)."""
    session.exec(delete(Mention))
    for passage in session.exec(select(Passage)):
        _add_mentions(session, passage, resolver)
