"""Core knowledge tables: documents and their passages, entities and aliases, facts, mentions.

Every fact carries its provenance: the document it came from (and the sentence, as evidence) or,
for widely known facts not in any article, a source note.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StoreMeta(SQLModel, table=True):
    """Small key/value rows: the store revision (bumped on every write) and the seed fingerprint."""

    __tablename__ = "store_meta"
    key: str = Field(primary_key=True, max_length=64)
    number: int = 0
    text: str | None = Field(default=None, max_length=255)


class Document(SQLModel, table=True):
    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True, index=True)
    title: str = Field(max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    author: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000, unique=True)
    published: date | None = None
    origin: str = Field(default="seed", max_length=20)  # seed, ingest, feed
    content_hash: str = Field(max_length=64, unique=True)
    added_at: datetime = Field(default_factory=utcnow, index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))


class Passage(SQLModel, table=True):
    __tablename__ = "passage"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))


class Entity(SQLModel, table=True):
    __tablename__ = "entity"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=100, unique=True, index=True)
    kind: str = Field(max_length=20, index=True)  # firm, model, person, org, topic
    name: str = Field(max_length=200)
    summary: str | None = Field(default=None, sa_column=Column(Text))
    # Small descriptive attributes (country, listings, role...); facts with provenance live in Fact.
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    origin: str = Field(default="curated", max_length=20)


class Alias(SQLModel, table=True):
    __tablename__ = "alias"
    __table_args__ = (UniqueConstraint("entity_id", "normalized"),)
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=200)
    normalized: str = Field(max_length=200, index=True)


class Fact(SQLModel, table=True):
    __tablename__ = "fact"
    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=64, unique=True)
    kind: str = Field(max_length=30, index=True)  # stock_move, made_by, capability, event, claim, ...
    subject_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    object_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="CASCADE")
    claimant_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL")
    predicate: str = Field(default="", max_length=60)
    value: str | None = Field(default=None, max_length=500)
    number: float | None = None
    when: str | None = Field(default=None, max_length=100)  # as the source words it: "January 2025"
    as_of: date | None = None  # a sortable date where one is known
    statement: str = Field(sa_column=Column(Text, nullable=False))  # one readable sentence
    evidence: str | None = Field(default=None, sa_column=Column(Text))  # the source sentence
    status: str | None = Field(default=None, max_length=120)  # verification: "unverified", ...
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True, ondelete="CASCADE")
    source_note: str | None = Field(default=None, max_length=300)
    origin: str = Field(default="curated", max_length=20)  # curated, extracted
    created_at: datetime = Field(default_factory=utcnow)


class Mention(SQLModel, table=True):
    """An entity named in a passage (found by the alias resolver when the document was stored)."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("passage_id", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    passage_id: int = Field(foreign_key="passage.id", index=True, ondelete="CASCADE")
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
