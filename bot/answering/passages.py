"""Answers from the text itself: curated topic points, and BM25 passage retrieval as the fallback.

Retrieval is honest by a coverage rule: a passage is used only if it contains most of the
question's specific words (those that are neither common nor names we resolved). "How many
employees does MiniMax have?" finds passages about MiniMax, but none mention employees, so the
answer is "I don't know", not a number about something else.
"""

from __future__ import annotations

import re

from bot.answering.intents import Parsed, content_words
from bot.answering.sources import cite, document_source, sources_of
from bot.replies import Reply
from knowledge.resolver import EntityRef
from knowledge.snapshot import FactInfo, Snapshot, Unit
from knowledge.text import split_sentences

MIN_COVERAGE = 0.5
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)]?\s*$")  # a sentence ends so; a heading does not


def specific_stems(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> set[str]:
    """Stems of the question's specific words, minus the names of entities it resolved."""
    names = " ".join(e.name for e in entities)
    name_stems = set(snap.stems(names)) if names else set()
    words = content_words(parsed.words)
    return set(snap.stems(" ".join(words))) - name_stems if words else set()


def topic_reply(snap: Snapshot, topic_ids: list[int], parsed: Parsed, *, limit: int = 5) -> Reply | None:
    points: list[FactInfo] = []
    for topic_id in topic_ids:
        points += [f for f in snap.facts_about(topic_id, "point") if f.subject.id == topic_id]
    if not points:
        return None
    wanted = set(snap.stems(parsed.text))
    ranked = sorted(points, key=lambda f: -len(wanted & set(snap.stems(f.statement))))
    chosen = ranked[:limit]
    title = " / ".join(snap.entities[t].ref.name for t in topic_ids[:2])
    lines = [f"- {f.statement} ({cite(f)})" for f in chosen]
    sources, as_of = sources_of(chosen)
    return Reply(title=title, text=f"{title}:\n" + "\n".join(lines), sources=sources, as_of=as_of)


def retrieval_reply(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> Reply | None:
    specific = specific_stems(snap, parsed, entities)
    entity_ids = {e.id for e in entities}
    if not specific and not entity_ids:
        return None
    query = " ".join([parsed.text] + [e.name for e in entities])
    accepted: list[tuple[Unit, set[str]]] = []
    for unit, _score, matched in snap.search(query, boost_entities=sorted(entity_ids), k=10):
        if entity_ids and not (unit.entity_ids & entity_ids):
            continue
        if unit.fact is None and not _SENTENCE_END.search(unit.passage.text):
            continue  # only headings (a table of contents): nothing to quote as an answer
        if specific:
            covered = matched & specific
            if len(covered) / len(specific) < MIN_COVERAGE:
                continue
        accepted.append((unit, matched))
        if len(accepted) == 2:
            break
    if not accepted:
        return None
    lines, facts, docs = [], [], []
    for unit, matched in accepted:
        if unit.fact is not None:
            lines.append(f"{unit.fact.statement} ({cite(unit.fact)})")
            facts.append(unit.fact)
        else:
            quote = best_sentences(snap, unit.passage.text, matched)
            source = document_source(unit.passage.document)
            lines.append(f"“{quote}” ({source.publisher or source.title})")
            docs.append(unit.passage.document)
    sources, as_of = sources_of(facts, docs)
    return Reply(title="From my sources", text="\n".join(lines), sources=sources, as_of=as_of,
                 entities=[e.name for e in entities])


def best_sentences(snap: Snapshot, passage: str, matched: set[str], limit: int = 2) -> str:
    """The sentence(s) of a passage that carry the matched words, in their original order.

    Headings (no full stop) and question lines ("Why Open Source in China?") introduce the
    answer; when the passage has real sentences, only those are quoted."""
    sentences = split_sentences(passage)
    statements = [s for s in sentences if _SENTENCE_END.search(s) and not s.rstrip("\"'”’) ").endswith(("?", "？"))]
    sentences = statements or sentences
    if len(sentences) <= limit:
        return " ".join(sentences)
    scored = [(len(snap.covered(matched, s)), i) for i, s in enumerate(sentences)]
    keep = sorted(i for _score, i in sorted(scored, key=lambda x: (-x[0], x[1]))[:limit])
    joiner = " … " if keep != list(range(keep[0], keep[-1] + 1)) else " "
    return joiner.join(sentences[i] for i in keep)
