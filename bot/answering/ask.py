"""Free questions: find the names and the intent, answer from structured facts where one fits,
fall back to topics and then to passage retrieval, and otherwise say plainly we don't know.

Every structured answer is checked against the question's specific words: if the question asks
about something the answer does not mention ("MiniMax's revenue"), it goes to retrieval, and
then to "I don't know", instead of answering a different question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from bot.answering.events import claims_reply, events_reply
from bot.answering.intents import RELEASE_VERBS, Intent, Parsed, chinese_remainder, content_words, parse, words_of
from bot.answering.market import compare_reply, ranking_reply, stock_reply
from bot.answering.passages import retrieval_reply, specific_stems, topic_reply
from bot.answering.profiles import firm_reply, model_reply, one_line, person_reply
from bot.answering.sources import cite, sources_of
from bot.answering.unknown import not_in_sources, not_tracked
from bot.replies import Reply
from knowledge.resolver import FIRM_KINDS, MODEL_KINDS, EntityRef
from knowledge.snapshot import Snapshot

# A question about names: "the same as", "also known as", "another name for", "又叫", "就是".
SAMENESS_WORDS = {"same", "aka", "alias", "known", "called", "name", "names", "renamed", "formerly"}
SAMENESS_CHINESE = ("同一", "就是", "又叫", "别名", "也叫", "原名")
FALLING = {"fell", "fall", "falls", "fallen", "drop", "dropped", "drops", "slump", "slumped", "worst", "lowest", "least", "losers"}


def answer_question(snap: Snapshot, text: str) -> Reply:
    found = snap.resolver.find_in_text(text)
    entities = _unique([f.entity for f in found])
    # Read the question with the names it used replaced by their canonical names ("mini max",
    # "zhipuu", "智谱" -> "MiniMax", "Zhipu AI"), so the words left over are what it asks about.
    parsed = parse(_canonical_text(text, found))
    same = _same_entity(snap, parsed, found, entities)
    if same is not None:
        return same
    # Passage retrieval (a BM25 search) may be wanted twice on the structured path: done once.
    retrieve = functools.cache(functools.partial(retrieval_reply, snap, parsed, entities))
    routed = _route(snap, parsed, entities, retrieve)
    if routed is None:
        reply = _fallback(snap, parsed, entities)
    else:
        reply = _check_specific(snap, parsed, entities, retrieve, *routed)
    if not reply.entities:
        reply.entities = [e.name for e in entities]
    return reply


def _route(snap: Snapshot, parsed: Parsed, entities: list[EntityRef],
           retrieve: Callable[[], Reply | None]) -> tuple[Reply, bool] | None:
    """The structured answer for this question, and whether it is a whole profile (True) rather
    than an answer to a precise question (a stock move, an event, a claim)."""
    reply = _precise(snap, parsed, entities, retrieve)
    if reply is not None:
        return reply, False
    reply = _profile(snap, parsed, entities)
    return (reply, True) if reply is not None else None


def _precise(snap: Snapshot, parsed: Parsed, entities: list[EntityRef],
             retrieve: Callable[[], Reply | None]) -> Reply | None:
    firms = [e for e in entities if e.kind in FIRM_KINDS]
    models = [e for e in entities if e.kind in MODEL_KINDS]
    people = [e for e in entities if e.kind == "person"]

    pair = _pair(firms) or _pair(models) or _pair(entities)
    if parsed.has(Intent.WHY) and entities:
        # "Why did Tencent and Alibaba shares slump?": the reason is in the text, not in a fact.
        found = retrieve()
        if found:
            return found
    if pair and (parsed.has(Intent.COMPARE) or (len(firms) >= 2 and parsed.has(Intent.STOCK))):
        return compare_reply(snap, *pair)
    if parsed.has(Intent.ACQUISITION):
        found = events_reply(snap, "acquisition", entities)
        if found:
            return found
    if parsed.has(Intent.IPO):
        found = events_reply(snap, "ipo", entities)
        if found:
            return found
    if parsed.has(Intent.STOCK) and (entities or not parsed.has(Intent.WHY)):
        # (A "why" with no name, "why do companies cut prices?", is about the text, not a ticker.)
        return _stock(snap, parsed, firms, models)
    if people and parsed.has(Intent.OPINION):
        return person_reply(snap, people[0], claims_first=True)
    if parsed.has(Intent.VERIFY, Intent.OPINION) and entities:
        found = claims_reply(snap, entities)
        if found:
            return found
    if parsed.has(Intent.COUNT) and entities:
        found = _count(snap, parsed, entities)
        if found:
            return found
    if firms and parsed.has(Intent.RELEASE) and not models:
        return _firm_models(snap, firms[0])
    if not entities and (RELEASE_VERBS & set(parsed.words) or "发布" in parsed.text):
        return events_reply(snap, "release", [])
    return None


def _profile(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> Reply | None:
    firms = [e for e in entities if e.kind in FIRM_KINDS]
    models = [e for e in entities if e.kind in MODEL_KINDS]
    people = [e for e in entities if e.kind == "person"]
    if people:
        return person_reply(snap, people[0])
    if models:
        return model_reply(snap, models[0])
    if firms:
        return firm_reply(snap, firms[0])
    return None


def _stock(snap: Snapshot, parsed: Parsed, firms: list[EntityRef], models: list[EntityRef]) -> Reply:
    if firms:
        return stock_reply(snap, firms[0])
    for model in models:
        maker = next((f.object for f in snap.facts_about(model.id, "made_by") if f.subject.id == model.id), None)
        if maker:
            return stock_reply(snap, maker)
    unknown = _unknown_name(parsed, [])
    if unknown and not parsed.has(Intent.RANKING):
        if _looks_like_a_name(unknown):
            return not_tracked(snap, unknown, kinds=FIRM_KINDS, command="ai-stock")
        return not_in_sources(unknown, known=[])
    return ranking_reply(snap, falling_first=bool(FALLING & set(parsed.words)) or "跌" in parsed.text)


def _count(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> Reply | None:
    wanted = set(snap.stems(parsed.text)) - set(snap.stems(" ".join(e.name for e in entities)))
    best, best_overlap = None, 0
    for entity in entities:
        for fact in snap.facts_about(entity.id, "stat"):
            overlap = len(wanted & set(snap.stems(fact.statement)))
            if overlap > best_overlap:
                best, best_overlap = fact, overlap
    if best is None:
        return None
    sources, as_of = sources_of([best])
    return Reply(title=f"{best.subject.name}: {best.predicate}", text=f"{best.statement} ({cite(best)})",
                 sources=sources, as_of=as_of, entities=[best.subject.name])


def _firm_models(snap: Snapshot, firm: EntityRef) -> Reply | None:
    made = [f for f in snap.facts_about(firm.id, "made_by") if f.object and f.object.id == firm.id]
    if not made:
        return None
    used, lines = list(made), []
    for fact in made:
        line, facts = one_line(snap, fact.subject)
        used += facts
        lines.append(f"- {line} ({cite(facts[0] if facts else fact)})")
    releases = [f for f in snap.facts_about(firm.id, "event") if f.predicate == "release" and f.subject.id == firm.id]
    lines += [f"- {f.statement} ({cite(f)})" for f in releases]
    sources, as_of = sources_of(used + releases)
    return Reply(title=f"{firm.name}: models", text=f"Models from {firm.name} in my sources:\n" + "\n".join(lines),
                 sources=sources, as_of=as_of, entities=[firm.name])


def _fallback(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> Reply:
    """No structured fact fits: a curated topic, or retrieved passages, whichever covers more of
    what was asked; a topic wins ties, since its points were written to answer such questions."""
    if parsed.has(Intent.IPO):
        found = events_reply(snap, "ipo", [])
        if found:
            return found
    specific = specific_stems(snap, parsed, entities)
    topics = snap.topics_in(parsed.text)
    topical = topic_reply(snap, topics, parsed) if topics else None
    keywords = " ".join(k for t in topics for k in snap.entities[t].data.get("keywords", ()))
    # The topic was matched by its keywords, so those count as covered too.
    topic_covers = _coverage(snap, specific, topical, extra=keywords) if topical is not None else 0.0
    if topical is not None and not parsed.has(Intent.WHY) and not topic_covers:
        topical = None  # the topic matched, but the question asks about something it never mentions
    found = retrieval_reply(snap, parsed, entities)
    if topical is not None and found is not None and not parsed.has(Intent.WHY):
        return found if _coverage(snap, specific, found) > topic_covers else topical
    return topical or found or _unknown(snap, parsed, entities)


def _check_specific(snap: Snapshot, parsed: Parsed, entities: list[EntityRef],
                    retrieve: Callable[[], Reply | None], reply: Reply, profile: bool) -> Reply:
    """When the question asks something specific ("who provides computing to Zhipu"), a passage
    or fact that says exactly that beats a whole profile; and an answer that does not mention
    the specific thing asked about is replaced by retrieval, or by an honest "I don't know"."""
    specific = specific_stems(snap, parsed, entities)
    if not specific:
        return reply
    covered = _coverage(snap, specific, reply)
    focused = retrieve()
    if focused is not None and (profile or covered < 0.5):
        if _coverage(snap, specific, focused) >= covered:
            return focused
    if covered < 0.5:
        return focused or _unknown(snap, parsed, entities)
    return reply


def _coverage(snap: Snapshot, specific: set[str], reply: Reply, *, extra: str = "") -> float:
    if not specific:
        return 1.0
    return len(snap.covered(specific, reply.plain_text() + " " + extra)) / len(specific)


def _unknown(snap: Snapshot, parsed: Parsed, entities: list[EntityRef]) -> Reply:
    topic = _unknown_name(parsed, entities)
    return not_in_sources(topic, known=entities)


def _unknown_name(parsed: Parsed, entities: list[EntityRef]) -> str | None:
    """The words of the question we could not place, as the user wrote them."""
    named = {w for e in entities for w in words_of(e.name)}
    words = [w for w in content_words(parsed.words) if w not in named]
    if not words:
        return chinese_remainder(parsed.text) if not entities else None
    original = [m.group(0) for m in re.finditer(r"[^\s?!.,;:]+", parsed.text)]
    shown = [w.replace("’", "'").removesuffix("'s") for w in original
             if w.casefold().replace("’", "'").removesuffix("'s") in words]
    return " ".join(shown or words)


def _same_entity(snap: Snapshot, parsed: Parsed, found, entities: list[EntityRef]) -> Reply | None:
    """"Is Knowledge Atlas the same as Zhipu?": two names, one entity. Say so, with the profile.

    Only when the question asks about names: "How did Zhipu AI (智谱) shares move?" names one
    firm twice too, and wants the stock move."""
    if not (SAMENESS_WORDS & set(parsed.words) or any(marker in parsed.text for marker in SAMENESS_CHINESE)):
        return None
    surfaces = {f.surface.casefold() for f in found}
    if len(entities) != 1 or len(surfaces) < 2 or len({(f.start, f.end) for f in found}) < 2:
        return None
    entity = entities[0]
    profile = _profile(snap, parse(entity.name), entities)
    names = " and ".join(dict.fromkeys(f.surface for f in found))
    intro = f"Yes: {names} are names for the same {entity.kind}, {entity.name}."
    if profile is None:
        return Reply(title=entity.name, text=intro, entities=[entity.name])
    profile.text = f"{intro}\n{profile.text}"
    return profile


def _canonical_text(text: str, found) -> str:
    pieces, position = [], 0
    for match in sorted(found, key=lambda f: f.start):
        if match.start < position:
            continue  # an ambiguous name yields several matches for one span
        pieces += [text[position:match.start], f" {match.entity.name} "]
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def _looks_like_a_name(words: str) -> bool:
    """"Apple", "ByteDance", "字节跳动", "X1 Labs" name a firm; "aggressively offerings" does not."""
    return len(words.split()) <= 3 and any(w[:1].isupper() or not w.isascii() or any(c.isdigit() for c in w)
                                           for w in words.split())


def _pair(entities: list[EntityRef]) -> tuple[EntityRef, EntityRef] | None:
    return (entities[0], entities[1]) if len(entities) >= 2 else None


def _unique(entities: list[EntityRef]) -> list[EntityRef]:
    seen: dict[int, EntityRef] = {}
    for entity in entities:
        seen.setdefault(entity.id, entity)
    return list(seen.values())
