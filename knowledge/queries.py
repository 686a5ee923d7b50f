"""Keyword-only query functions over the store (the rest of the code never writes SQL)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from knowledge.models import Alias, Document, Entity, Fact, Mention, Passage
from knowledge.resolver import FIRM_KINDS, MODEL_KINDS, EntityRef, Resolver

# Topics are found by keyword, not by the name resolver (their keywords are ordinary words).
NAMED_KINDS = (*FIRM_KINDS, *MODEL_KINDS, "person")


def build_resolver(session: Session) -> Resolver:
    entities = [
        EntityRef(e.id, e.key, e.kind, e.name)
        for e in session.exec(select(Entity).where(Entity.kind.in_(NAMED_KINDS)))
    ]
    aliases = list(session.exec(select(Alias.entity_id, Alias.text)))
    return Resolver(entities, aliases)


def counts(session: Session) -> dict[str, int]:
    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model)).one()

    return {
        "documents": count(Document),
        "passages": count(Passage),
        "entities": count(Entity),
        "facts": count(Fact),
        "mentions": count(Mention),
    }


def mention_counts(session: Session, *, document_ids: list[int] | None = None, kind: str = "firm") -> list[tuple[str, int]]:
    """Entities by the number of documents that mention them, most mentioned first."""
    query = (
        select(Entity.name, func.count(func.distinct(Mention.document_id)))
        .join(Entity, Entity.id == Mention.entity_id)
        .where(Entity.kind == kind)
        .group_by(Entity.name)
        .order_by(func.count(func.distinct(Mention.document_id)).desc(), Entity.name)
    )
    if document_ids is not None:
        query = query.where(Mention.document_id.in_(document_ids))
    return list(session.exec(query))
