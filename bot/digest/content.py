"""The digest itself: what is new in the store between two moments, as a platform-free Reply.

"New" means a document added to the store in the window, or a fact created in it (facts curated
later about older articles count too). Every line names its source; a week with nothing new is one
short line. Fields stay under Discord's 1,024-character field limit (the stricter platform);
the adapters render them as Block Kit or embeds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.answering.market import move_label, recency, reported_day, reported_when
from bot.answering.sources import cite, doc_name, sources_of
from bot.digest.schedule import as_utc
from bot.replies import Attachment, Reply, ReplyField
from bot.text_split import clip
from knowledge.snapshot import DocInfo, FactInfo, Snapshot

FIELD_LIMIT = 1000
TOP_FIRMS = 5


@dataclass(frozen=True)
class Window:
    since: datetime  # aware; exclusive
    until: datetime  # aware; inclusive
    zone: ZoneInfo

    def contains(self, moment: datetime) -> bool:
        return self.since < as_utc(moment) <= self.until

    def label(self) -> str:
        start, end = self.since.astimezone(self.zone), self.until.astimezone(self.zone)
        return f"{start:%d %b} – {end:%d %b %Y}"


def weekly_digest(snap: Snapshot, window: Window, *, with_chart: bool = True) -> Reply:
    docs = sorted((d for d in snap.documents.values() if window.contains(d.added_at)), key=lambda d: as_utc(d.added_at))
    doc_ids = {d.id for d in docs}
    facts = [f for f in snap.facts if (f.document and f.document.id in doc_ids) or window.contains(f.created_at)]
    title = f"Weekly AI digest, {window.label()}"
    if not docs and not facts:
        return Reply(title=title, text=f"Nothing new since {window.since.astimezone(window.zone):%d %b %Y}: "
                                       "no new articles or facts this week.")
    moves = ranked_moves(facts)
    releases = [f for f in facts if f.kind == "event" and f.predicate == "release"]
    claims = [f for f in facts if f.kind == "claim"]
    fields = [
        _field("New articles", [_doc_line(d) for d in docs]),
        _field("Stock moves, largest first", [_move_line(i, f) for i, f in enumerate(moves, 1)]),
        _field("Models released or first mentioned", [f"{f.statement} ({cite(f)})" for f in releases]
               + first_mentions(snap, window, skip=_named_in(snap, releases))),
        _field("Most mentioned firms", most_mentioned(snap, doc_ids)),
        _field("Claims and their status", [f"{f.statement} [{f.status or 'status unknown'}] ({cite(f)})" for f in claims]),
    ]
    fields = [f for f in fields if f is not None]
    counts = [_count(len(docs), "new article"), _count(len(moves), "stock move"),
              _count(len(releases), "release"), _count(len(claims), "claim")]
    text = "What changed in the Chinese AI landscape: " + ", ".join(c for c in counts if c) + "."
    sources, as_of = sources_of(moves + releases + claims, docs)
    attachments = []
    if with_chart and any(f.number is not None for f in moves):
        from bot.digest.chart import moves_chart  # matplotlib loads only when a chart is drawn

        png = moves_chart([(f.subject.name, f.number) for f in moves if f.number is not None],
                          title=f"Reported stock moves, {window.label()}",
                          footnote=_figureless_note(moves))
        attachments.append(Attachment("stock-moves.png", png, "image/png", "Reported stock moves"))
    return Reply(title=title, text=text, fields=fields, sources=sources, as_of=as_of,
                 entities=[f.subject.name for f in moves], attachments=attachments)


def ranked_moves(facts: list[FactInfo]) -> list[FactInfo]:
    """Each firm's newest reported move, largest magnitude first; moves without a figure last."""
    latest: dict[int, FactInfo] = {}
    for fact in facts:
        if fact.kind == "stock_move":
            current = latest.get(fact.subject.id)
            if current is None or recency(fact) > recency(current):
                latest[fact.subject.id] = fact
    return sorted(latest.values(), key=lambda f: (f.number is None, -abs(f.number or 0), f.subject.name))


def _named_in(snap: Snapshot, facts: list[FactInfo]) -> set[int]:
    """The entities the facts' statements name (by name, not by substring: GLM-5.1 is not GLM-5)."""
    return {found.entity.id for f in facts for found in snap.resolver.find_in_text(f.statement, fuzzy=False)}


def first_mentions(snap: Snapshot, window: Window, *, skip: set[int]) -> list[str]:
    """Chinese models whose earliest mentioning article arrived in the window (a model with no
    known maker is kept; ones already named in a release line are skipped)."""
    first: dict[int, DocInfo] = {}
    for unit in snap.units:
        if unit.passage is None:
            continue
        doc = unit.passage.document
        for entity_id in unit.entity_ids:
            seen = first.get(entity_id)
            if seen is None or as_utc(doc.added_at) < as_utc(seen.added_at):
                first[entity_id] = doc
    lines = []
    for entity_id, doc in first.items():
        entity = snap.entities.get(entity_id)
        if entity is None or entity.ref.kind not in ("model", "product") or entity_id in skip:
            continue
        makers = [f.object for f in snap.facts_about(entity_id, "made_by") if f.subject.id == entity_id and f.object]
        if makers and not any(snap.entities[m.id].data.get("country") == "China" for m in makers):
            continue
        if window.contains(doc.added_at):
            maker = f" ({makers[0].name})" if makers else ""
            lines.append((entity.ref.name, f"{entity.ref.name}{maker}: first mentioned in {doc_name(doc, 50)}"))
    return [line for _, line in sorted(lines, key=lambda item: item[0].casefold())]


def most_mentioned(snap: Snapshot, doc_ids: set[int]) -> list[str]:
    by_firm: dict[int, set[int]] = defaultdict(set)
    for unit in snap.units:
        if unit.passage is not None and unit.passage.document.id in doc_ids:
            for entity_id in unit.entity_ids:
                entity = snap.entities.get(entity_id)
                if entity and entity.ref.kind == "firm":
                    by_firm[entity_id].add(unit.passage.document.id)
    ranked = sorted(by_firm.items(), key=lambda item: (-len(item[1]), snap.entities[item[0]].ref.name))
    lines = []
    for entity_id, ids in ranked[:TOP_FIRMS]:
        publishers = sorted({doc_name(snap.documents[i], 50) for i in ids})
        lines.append(f"{snap.entities[entity_id].ref.name}: {_count(len(ids), 'article')} ({'; '.join(publishers)})")
    return lines


def _reported_on(fact: FactInfo) -> str:
    if fact.when or reported_day(fact):
        return reported_when(fact)
    if fact.document:  # undated article: the day it reached the store is the best date known
        return f"in an undated article stored {as_utc(fact.document.added_at):%Y-%m-%d}"
    return "undated"


def _move_line(rank: int, fact: FactInfo) -> str:
    return f"{rank}. {fact.subject.name}: {move_label(fact)}, reported {_reported_on(fact)} ({cite(fact)})"


def _doc_line(doc: DocInfo) -> str:
    where = ", ".join(p for p in (doc.publisher, doc.published.isoformat() if doc.published else None) if p)
    line = f"{doc.title}" + (f" ({where})" if where else "")
    return f"{line} {doc.url}" if doc.url else line


def _figureless_note(moves: list[FactInfo]) -> str | None:
    names = [f"{f.subject.name} ({'down' if f.predicate == 'down' else 'up'})" for f in moves if f.number is None]
    return "No figure given: " + ", ".join(names) if names else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


def _field(label: str, lines: list[str]) -> ReplyField | None:
    """A field of whole lines under FIELD_LIMIT characters, saying how many were left out."""
    if not lines:
        return None
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        line = clip(line, 400)
        more = len(lines) - index
        tail = len(f"\n… and {more} more") if more > 1 else 0
        if used + len(line) + 1 + tail > FIELD_LIMIT:
            kept.append(f"… and {more} more")
            break
        kept.append(line)
        used += len(line) + 1
    return ReplyField(label, "\n".join(kept), inline=False)
