"""Storing one article: document, passages, mentions and extracted facts in ONE transaction.

Either all of it is stored and the store revision is bumped (so running bots rebuild their
index), or none of it is: any error rolls the whole document back and is reported by name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from knowledge.db import bump_revision, session_scope
from knowledge.documents import DuplicateDocument, NewDocument, add_document, find_duplicate
from knowledge.ingest.facts import extract_facts
from knowledge.ingest.reading import Article, Refused
from knowledge.models import Document, Fact
from knowledge.resolver import Resolver

log = logging.getLogger(__name__)
ADDED, SKIPPED, REFUSED = "added", "skipped", "refused"


class _Duplicate(Exception):
    def __init__(self, key: str, title: str, reason: str):
        super().__init__(reason)
        self.key, self.title, self.reason = key, title, reason


@dataclass
class Outcome:
    """What happened to one input (a file, a feed entry)."""

    name: str
    status: str  # added, skipped, refused
    reason: str | None = None
    document_key: str | None = None
    title: str | None = None
    facts: int = 0


def store_article(engine: Engine, article: Article, *, resolver: Resolver, name: str, origin: str = "ingest",
                  within: Callable[[Session, Document], None] | None = None) -> Outcome:
    """Store an article whole or not at all. `within(session, document)` runs inside the same
    transaction (the feed poller records the entry there, so entry and document go in together)."""
    new: NewDocument | None = None
    try:
        new = _new_document(article, origin)
        with session_scope(engine) as session:
            try:
                document = add_document(session, new, resolver)
            except DuplicateDocument as exc:
                # Read the existing row now: the rollback on the way out detaches it.
                raise _Duplicate(exc.existing.key, exc.existing.title, exc.reason) from None
            facts = extract_facts(article.body, resolver, published=article.published)
            for fact in facts:
                session.add(Fact(
                    fingerprint=fact.fingerprint(document.key), kind=fact.kind, subject_id=fact.subject_id,
                    object_id=fact.object_id, predicate=fact.predicate, value=fact.value, number=fact.number,
                    when=fact.when, as_of=fact.as_of, statement=fact.statement, evidence=fact.evidence,
                    document_id=document.id, origin="extracted",
                ))
            if within is not None:
                session.flush()
                within(session, document)
            bump_revision(session)
        return Outcome(name, ADDED, document_key=document.key, title=document.title, facts=len(facts))
    except Refused as exc:
        return Outcome(name, REFUSED, str(exc), title=article.title)
    except _Duplicate as exc:
        return Outcome(name, SKIPPED, f"duplicate of {exc.title!r} ({exc.reason})",
                       document_key=exc.key, title=article.title)
    except IntegrityError as exc:
        # Often another process stored the same content or URL between our check and our insert;
        # but a constraint can fail for other reasons, so look before calling it a duplicate.
        duplicate = _stored_meanwhile(engine, new) if new is not None else None
        if duplicate is not None:
            existing_key, existing_title, reason = duplicate
            return Outcome(name, SKIPPED, f"duplicate of {existing_title!r} ({reason}; stored at the same moment "
                                          "by another process)", document_key=existing_key, title=article.title)
        log.warning("could not store %s: %s", name, exc)
        detail = " ".join(str(exc.orig).split())
        return Outcome(name, REFUSED, f"could not be stored (IntegrityError: {detail})"[:300], title=article.title)
    except Exception as exc:
        log.exception("could not store %s", name)
        return Outcome(name, REFUSED, f"could not be stored ({type(exc).__name__}: {exc})"[:300], title=article.title)


def _stored_meanwhile(engine: Engine, new: NewDocument) -> tuple[str, str, str] | None:
    """The key, title and reason of a document now in the store that `new` duplicates, if any."""
    try:
        with Session(engine) as session:
            found = find_duplicate(session, key=new.key, body=new.body, url=new.url)
            return (found[0].key, found[0].title, found[1]) if found else None
    except Exception:  # the store is unreachable: report the original error, not this one
        log.exception("could not re-check %s for duplicates", new.key)
        return None


def _new_document(article: Article, origin: str) -> NewDocument:
    body = article.body.strip()
    if not body:
        raise Refused("empty (no article text)")
    if "\x00" in body:
        raise Refused("not text (contains NUL characters)")
    if article.url and len(article.url) > 2000:
        raise Refused("URL longer than 2,000 characters")
    return NewDocument(
        key=article.key, title=_clip(article.title, 500) or article.name, body=body,
        publisher=_clip(article.publisher, 200), author=_clip(article.author, 200), url=article.url,
        published=article.published, origin=origin,
    )


def _clip(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
