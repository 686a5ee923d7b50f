"""Load the seed knowledge: the bundled articles and the curated knowledge file.

Idempotent by construction: documents are keyed by name and content hash, entities by key,
aliases by (entity, normalised alias), facts by a fingerprint of their content. A fingerprint of
the whole seed folder is kept in the store, so a start with unchanged seeds does no work at all.
`sync_curated` also removes curated rows that were deleted from the file (`aibot knowledge reload`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from knowledge.curated import Curated, read_curated
from knowledge.db import bump_revision, session_scope
from knowledge.documents import NewDocument, add_document, find_duplicate, relink_mentions
from knowledge.models import Alias, Document, Entity, Fact, StoreMeta
from knowledge.queries import build_resolver
from knowledge.text import compact_key, parse_date, parse_front_matter, split_sentences

log = logging.getLogger(__name__)
SEED_FINGERPRINT = "seed_fingerprint"
CURATED_FILE = "knowledge.yaml"


@dataclass
class SyncReport:
    documents_added: int = 0
    entities_added: int = 0
    entities_updated: int = 0
    entities_removed: int = 0
    facts_added: int = 0
    facts_removed: int = 0
    changed: bool = False
    notes: list[str] = field(default_factory=list)


def bundled_seeds_dir() -> Path:
    return Path(str(resources.files("seeds")))


# Bumped when the way seeds are stored changes (topic keywords moved out of aliases): a store
# seeded by an older bot then re-syncs its curated knowledge once, though the files are the same.
SEED_FORMAT = 2


def seed_fingerprint(seeds_dir: Path) -> str:
    digest = hashlib.sha256(f"format {SEED_FORMAT}\n".encode())
    for path in sorted(seeds_dir.iterdir()):
        if path.suffix in (".txt", ".md", ".yaml"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def seed_articles(seeds_dir: Path) -> list[NewDocument]:
    docs = []
    for path in sorted(seeds_dir.glob("*.txt")):
        parsed = parse_front_matter(path.read_text(encoding="utf-8"))
        meta = parsed.meta
        docs.append(NewDocument(
            key=path.stem, title=meta.get("title") or path.stem, body=parsed.body,
            publisher=meta.get("publisher"), author=meta.get("author"), url=meta.get("url"),
            published=parse_date(meta.get("published")), origin="seed",
        ))
    return docs


def ensure_seeded(engine: Engine, seeds_dir: Path | None = None, *, force: bool = False) -> SyncReport:
    """Load the seeds unless this exact seed folder is already loaded."""
    seeds_dir = seeds_dir or bundled_seeds_dir()
    fingerprint = seed_fingerprint(seeds_dir)
    with Session(engine) as session:
        current = session.get(StoreMeta, SEED_FINGERPRINT)
        if current is not None and current.text == fingerprint and not force:
            return SyncReport()
    try:
        return _load(engine, seeds_dir, fingerprint)
    except IntegrityError:
        # Another process seeded the same store at the same moment; its work is ours.
        log.info("seed load raced with another process; using its result")
        return SyncReport()


def _load(engine: Engine, seeds_dir: Path, fingerprint: str) -> SyncReport:
    articles = seed_articles(seeds_dir)
    with session_scope(engine) as session:
        curated = read_curated(seeds_dir / CURATED_FILE, sorted({d.key for d in articles} | set(_document_keys(session))))
        report = sync_curated(session, curated)
        resolver = build_resolver(session)
        for doc in articles:
            if find_duplicate(session, key=doc.key, body=doc.body, url=doc.url) is None:
                add_document(session, doc, resolver)
                report.documents_added += 1
        session.flush()
        report.facts_added += _sync_facts(session, curated, report)
        if report.entities_added or report.entities_updated or report.entities_removed:
            relink_mentions(session, resolver)
        report.changed = bool(report.documents_added or report.facts_added or report.facts_removed
                              or report.entities_added or report.entities_updated or report.entities_removed)
        meta = session.get(StoreMeta, SEED_FINGERPRINT) or StoreMeta(key=SEED_FINGERPRINT)
        meta.text = fingerprint
        session.add(meta)
        bump_revision(session)
    return report


def reload_curated(engine: Engine, seeds_dir: Path | None = None) -> SyncReport:
    """Re-read the curated file after an edit (`aibot knowledge reload`)."""
    seeds_dir = seeds_dir or bundled_seeds_dir()
    with session_scope(engine) as session:
        curated = read_curated(seeds_dir / CURATED_FILE, _document_keys(session))
        report = sync_curated(session, curated)
        session.flush()
        report.facts_added += _sync_facts(session, curated, report)
        if report.entities_added or report.entities_updated or report.entities_removed:
            relink_mentions(session, build_resolver(session))
        report.changed = bool(report.facts_added or report.facts_removed or report.entities_added
                              or report.entities_updated or report.entities_removed)
        if report.changed:
            bump_revision(session)
    return report


def _document_keys(session: Session) -> list[str]:
    return list(session.exec(select(Document.key)))


def sync_curated(session: Session, curated: Curated) -> SyncReport:
    """Make the curated entities and aliases in the store match the file."""
    report = SyncReport()
    existing = {e.key: e for e in session.exec(select(Entity).where(Entity.origin == "curated"))}
    wanted = {e.key for e in curated.entities}
    for key, entity in existing.items():
        if key not in wanted:
            session.delete(entity)
            report.entities_removed += 1
    session.flush()
    for record in curated.entities:
        entity = existing.get(record.key)
        if entity is None:
            entity = Entity(key=record.key, kind=record.kind, name=record.name, summary=record.summary,
                            data=record.data, origin="curated")
            session.add(entity)
            session.flush()
            report.entities_added += 1
        elif (entity.kind, entity.name, entity.summary, entity.data) != (
            record.kind, record.name, record.summary, record.data
        ):
            entity.kind, entity.name, entity.summary, entity.data = (
                record.kind, record.name, record.summary, record.data
            )
            session.add(entity)
            report.entities_updated += 1
        if _sync_aliases(session, entity, record.aliases):
            report.entities_updated += 1
    return report


def _sync_aliases(session: Session, entity: Entity, aliases: list[str]) -> bool:
    wanted = {compact_key(a): a for a in aliases if compact_key(a)}
    current = {a.normalized: a for a in session.exec(select(Alias).where(Alias.entity_id == entity.id))}
    changed = False
    for normalized, alias in current.items():
        if normalized not in wanted:
            session.delete(alias)
            changed = True
    for normalized, text in wanted.items():
        if normalized not in current:
            session.add(Alias(entity_id=entity.id, text=text, normalized=normalized))
            changed = True
    return changed


def _sync_facts(session: Session, curated: Curated, report: SyncReport) -> int:
    ids = {key: id_ for key, id_ in session.exec(select(Entity.key, Entity.id))}
    documents = {d.key: d for d in session.exec(select(Document))}
    existing = {f.fingerprint: f for f in session.exec(select(Fact).where(Fact.origin == "curated"))}
    wanted = {f.fingerprint: f for f in curated.facts}
    for fingerprint, fact in existing.items():
        if fingerprint not in wanted:
            session.delete(fact)
            report.facts_removed += 1
    added = 0
    for fingerprint, record in wanted.items():
        if fingerprint in existing:
            continue
        document = documents.get(record.source)
        note = None
        if document is None:
            note = curated.notes.get(record.source.removeprefix("note:"), record.source)
        session.add(Fact(
            fingerprint=fingerprint, kind=record.kind, subject_id=ids[record.subject],
            object_id=ids.get(record.object) if record.object else None,
            claimant_id=ids.get(record.claimant) if record.claimant else None,
            predicate=record.predicate, value=record.value, number=record.number, when=record.when,
            statement=record.statement, status=record.status,
            evidence=best_evidence(document.body, record.statement) if document else None,
            document_id=document.id if document else None, source_note=note, origin="curated",
        ))
        added += 1
    return added


def best_evidence(body: str, statement: str) -> str | None:
    """The sentence of the source that best supports a statement (its provenance quote)."""
    wanted = _content_words(statement)
    best, best_score = None, 0.0
    for line in body.splitlines():
        for sentence in split_sentences(line.strip()):
            words = _content_words(sentence)
            if not words:
                continue
            score = len(wanted & words) / (len(wanted) ** 0.5 * len(words) ** 0.5)
            if score > best_score:
                best, best_score = sentence, score
    return best if best_score >= 0.2 else None


def _content_words(text: str) -> set[str]:
    from knowledge.vocabulary import COMMON_WORDS

    return {w for w in (compact_key(t) for t in text.split()) if len(w) > 2 and w not in COMMON_WORDS}
