"""An in-memory, read-only view of the store that questions are answered from.

Answering must take milliseconds, so the engine never queries the database per question: it
reads this snapshot (resolver, BM25 index, facts by entity), which is rebuilt only when the
store's revision changes. BM25 is bm25s over passages and fact statements together, so a fact
and the sentence it came from compete on equal terms.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from bm25s.tokenization import Tokenizer
from sqlmodel import Session, select

from knowledge.market_data import QuoteSummary, quote_summaries
from knowledge.models import Alias, Document, Entity, Fact, Mention, Passage
from knowledge.queries import NAMED_KINDS
from knowledge.resolver import EntityRef, Resolver
from knowledge.text import CJK_CHAR

# bm25s sets its own logger to DEBUG; its index-building chatter is not worth a log line.
logging.getLogger("bm25s").setLevel(logging.WARNING)
_STOP = frozenset(STOPWORDS_EN)


@dataclass(frozen=True)
class DocInfo:
    id: int
    key: str
    title: str
    publisher: str | None
    published: date | None
    url: str | None
    origin: str
    added_at: datetime


@dataclass(frozen=True)
class FactInfo:
    id: int
    kind: str
    subject: EntityRef
    object: EntityRef | None
    claimant: EntityRef | None
    predicate: str
    value: str | None
    number: float | None
    when: str | None
    as_of: date | None
    statement: str
    evidence: str | None
    status: str | None
    document: DocInfo | None
    source_note: str | None
    origin: str
    created_at: datetime


@dataclass(frozen=True)
class EntityInfo:
    ref: EntityRef
    summary: str | None
    data: dict
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PassageInfo:
    id: int
    document: DocInfo
    position: int
    text: str


@dataclass(frozen=True)
class Unit:
    """One searchable item: a passage or a fact statement."""

    passage: PassageInfo | None
    fact: FactInfo | None
    entity_ids: frozenset[int]

    @property
    def text(self) -> str:
        return self.passage.text if self.passage else self.fact.statement


@dataclass
class Snapshot:
    revision: int
    entities: dict[int, EntityInfo]
    by_key: dict[str, EntityInfo]
    documents: dict[int, DocInfo]
    facts: list[FactInfo]
    units: list[Unit]
    resolver: Resolver
    tokenizer: Tokenizer
    bm25: bm25s.BM25 | None
    facts_by_entity: dict[int, list[FactInfo]] = field(default_factory=dict)
    topic_phrases: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    topic_cjk: list[tuple[str, int]] = field(default_factory=list)
    units_by_entity: dict[int, np.ndarray] = field(default_factory=dict)
    # Claims by every entity their statement names (not only subject and claimant): "what beats
    # Llama 4?" is answered by a claim about Kimi K2 that names Llama 4.
    claims_naming: dict[int, list[FactInfo]] = field(default_factory=dict)
    quotes: dict[int, QuoteSummary] = field(default_factory=dict)  # imported market data, by firm

    # -- lookups ---------------------------------------------------------------------------

    def entity(self, key_or_id: str | int) -> EntityInfo | None:
        if isinstance(key_or_id, int):
            return self.entities.get(key_or_id)
        return self.by_key.get(key_or_id)

    def document(self, key: str) -> DocInfo | None:
        if not hasattr(self, "_doc_by_key"):
            self._doc_by_key = {d.key: d for d in self.documents.values()}
        return self._doc_by_key.get(key)

    def facts_about(self, entity_id: int, *kinds: str) -> list[FactInfo]:
        facts = self.facts_by_entity.get(entity_id, [])
        return [f for f in facts if not kinds or f.kind in kinds]

    def stems(self, text: str) -> list[str]:
        """Stemmed words without stop words, whether or not the corpus contains them."""
        return _stem_all(self.tokenizer, text)

    def topics_in(self, text: str) -> list[int]:
        """Topic entities whose keywords appear in the text (stemmed, so "challenges" ~ "challenge")."""
        words = tuple(_stem_all(self.tokenizer, text))
        folded = text.casefold()
        found: list[int] = []
        for phrase, topic_id in self.topic_phrases:
            n = len(phrase)
            if topic_id not in found and any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
                found.append(topic_id)
        for keyword, topic_id in self.topic_cjk:
            if topic_id not in found and keyword in folded:
                found.append(topic_id)
        return found

    def search(self, query: str, *, boost_entities: list[int] = (), k: int = 5) -> list[tuple[Unit, float, set[str]]]:
        """Rank units by BM25 plus a boost for naming the question's entities.

        Returns (unit, score, query stems the unit matched), best first. A query stem also
        matches its close variants in the corpus ("compete" finds "competition").
        """
        if self.bm25 is None or not self.units:
            return []
        vocab = self.tokenizer.get_vocab_dict()
        asked = dict.fromkeys(_stem_all(self.tokenizer, query))
        variants = {q: self.variants(q) for q in asked}
        ids = sorted({vocab[v] for vs in variants.values() for v in vs if v in vocab and vocab[v] != 0})
        scores = self.bm25.get_scores(ids) if ids else np.zeros(len(self.units))
        for entity_id in boost_entities:
            hits = self.units_by_entity.get(entity_id)
            if hits is not None:
                scores[hits] += 2.0
        if not scores.any():
            return []
        top = np.argsort(-scores)[:k]
        out = []
        for index in top:
            if scores[index] <= 0:
                break
            unit = self.units[index]
            stems = set(_stem_all(self.tokenizer, unit.text))
            matched = {q for q, vs in variants.items() if vs & stems}
            out.append((unit, float(scores[index]), matched))
        return out

    def variants(self, stem: str) -> set[str]:
        """A stem and the corpus stems of the same word family ("compet" / "competit"), which
        the stemmer leaves apart."""
        return {stem} | {other for other in self._by_prefix().get(stem[:5], ()) if _close(stem, other)}

    def covered(self, wanted: set[str], text: str) -> set[str]:
        """The wanted stems that a text contains, counting the same word family."""
        stems = set(_stem_all(self.tokenizer, text))
        return {w for w in wanted if w in stems or any(_close(w, s) for s in stems)}

    def _by_prefix(self) -> dict[str, list[str]]:
        if not hasattr(self, "_prefix_index"):
            index: dict[str, list[str]] = defaultdict(list)
            for term in self.tokenizer.get_vocab_dict():
                if len(term) >= 5:
                    index[term[:5]].append(term)
            self._prefix_index = dict(index)
        return self._prefix_index


def _close(a: str, b: str) -> bool:
    """One stem extends the other by at most three letters, and both are long enough to mean
    something alone: "compet"/"competit", but not "state"/"statement" or "open"/"opening"."""
    return min(len(a), len(b)) >= 5 and abs(len(a) - len(b)) <= 3 and (a.startswith(b) or b.startswith(a))


def _stem_all(tokenizer: Tokenizer, text: str) -> list[str]:
    words = re.findall(r"(?u)\b\w\w+\b", text.lower())
    return [tokenizer.stemmer(w) for w in words if w not in _STOP]


def load_snapshot(session: Session, revision: int) -> Snapshot:
    entity_rows = list(session.exec(select(Entity)))
    refs = {e.id: EntityRef(e.id, e.key, e.kind, e.name) for e in entity_rows}
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, text in session.exec(select(Alias.entity_id, Alias.text)):
        aliases[entity_id].append(text)
    entities = {
        e.id: EntityInfo(refs[e.id], e.summary, dict(e.data or {}), tuple(aliases.get(e.id, ())))
        for e in entity_rows
    }
    documents = {
        d.id: DocInfo(d.id, d.key, d.title, d.publisher, d.published, d.url, d.origin, d.added_at)
        for d in session.exec(select(Document))
    }
    facts = [
        FactInfo(
            f.id, f.kind, refs[f.subject_id], refs.get(f.object_id), refs.get(f.claimant_id), f.predicate,
            f.value, f.number, f.when, f.as_of, f.statement, f.evidence, f.status,
            documents.get(f.document_id), f.source_note, f.origin, f.created_at,
        )
        for f in session.exec(select(Fact).order_by(Fact.id))
    ]
    mentions: dict[int, set[int]] = defaultdict(set)
    for passage_id, entity_id in session.exec(select(Mention.passage_id, Mention.entity_id)):
        mentions[passage_id].add(entity_id)
    units: list[Unit] = []
    for p in session.exec(select(Passage).order_by(Passage.document_id, Passage.position)):
        info = PassageInfo(p.id, documents[p.document_id], p.position, p.text)
        units.append(Unit(info, None, frozenset(mentions.get(p.id, ()))))
    for f in facts:
        if f.kind in ("listing", "made_by"):
            continue  # short generated sentences that would crowd out real passages
        ids = {f.subject.id} | {r.id for r in (f.object, f.claimant) if r}
        units.append(Unit(None, f, frozenset(ids)))

    resolver = Resolver(
        [r for r in refs.values() if r.kind in NAMED_KINDS],
        [(entity_id, text) for entity_id, texts in aliases.items() for text in texts],
    )
    tokenizer = Tokenizer(stemmer=Stemmer.Stemmer("english").stemWord, stopwords="en")
    bm25 = None
    if units:
        corpus_ids = tokenizer.tokenize([_unit_text(u, entities) for u in units], return_as="ids", show_progress=False)
        bm25 = bm25s.BM25()
        bm25.index(corpus_ids, show_progress=False)

    snapshot = Snapshot(
        revision=revision, entities=entities, by_key={e.ref.key: e for e in entities.values()},
        documents=documents, facts=facts, units=units, resolver=resolver, tokenizer=tokenizer, bm25=bm25,
    )
    by_entity: dict[int, list[FactInfo]] = defaultdict(list)
    for f in facts:
        for ref in {f.subject, f.object, f.claimant} - {None}:
            by_entity[ref.id].append(f)
    snapshot.facts_by_entity = dict(by_entity)
    naming: dict[int, list[FactInfo]] = defaultdict(list)
    for f in facts:
        if f.kind == "claim":
            for entity_id in dict.fromkeys(m.entity.id for m in resolver.find_in_text(f.statement, fuzzy=False)):
                naming[entity_id].append(f)
    snapshot.claims_naming = dict(naming)
    snapshot.quotes = quote_summaries(session)
    unit_index: dict[int, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for entity_id in unit.entity_ids:
            unit_index[entity_id].append(index)
    snapshot.units_by_entity = {k: np.array(v) for k, v in unit_index.items()}
    for info in entities.values():
        if info.ref.kind != "topic":
            continue
        for keyword in info.data.get("keywords", ()):
            if CJK_CHAR.search(keyword):
                snapshot.topic_cjk.append((keyword.casefold(), info.ref.id))
            else:
                phrase = tuple(_stem_all(tokenizer, keyword))
                if phrase:
                    snapshot.topic_phrases.append((phrase, info.ref.id))
    return snapshot


def _unit_text(unit: Unit, entities: dict[int, EntityInfo]) -> str:
    # A fact's statement is indexed with its subject's name, so "Qwen downloads" finds it even
    # when the statement words it differently.
    if unit.fact is None:
        return unit.text
    return f"{unit.fact.statement} {unit.fact.subject.name}"
