"""Events (IPOs, acquisitions, releases) and claims, filtered by the entities a question names."""

from __future__ import annotations

from bot.answering.sources import cite, sources_of
from bot.replies import Reply
from knowledge.resolver import EntityRef
from knowledge.snapshot import FactInfo, Snapshot

EVENT_TITLES = {"ipo": "Listings (IPOs)", "acquisition": "Acquisitions", "release": "Releases"}


def events(snap: Snapshot, predicate: str, entities: list[EntityRef]) -> list[FactInfo]:
    ids = {e.id for e in entities}
    found = [f for f in snap.facts if f.kind == "event" and f.predicate == predicate]
    if ids:
        found = [f for f in found if {f.subject.id, f.object.id if f.object else None} & ids]
    return found


def events_reply(snap: Snapshot, predicate: str, entities: list[EntityRef]) -> Reply | None:
    found = events(snap, predicate, entities)
    if not found:
        return None
    lines = [f"{f.statement}{_when(f)} ({cite(f)})" for f in found]
    sources, as_of = sources_of(found)
    return Reply(
        title=EVENT_TITLES.get(predicate, predicate.title()),
        text="\n".join(lines),
        sources=sources,
        as_of=as_of,
        entities=_names(found),
    )


def claims_reply(snap: Snapshot, entities: list[EntityRef]) -> Reply | None:
    ids = {e.id for e in entities}
    claims = [f for f in snap.facts
              if f.kind == "claim" and {f.subject.id, f.claimant.id if f.claimant else None} & ids]
    # Then claims that only name the entity ("... surpass Meta's Llama 4" answers "what beats Llama 4?").
    for entity_id in ids:
        claims += [f for f in snap.claims_naming.get(entity_id, ()) if f not in claims]
    if not claims:
        return None
    lines = []
    for claim in claims:
        status = f" Status: {claim.status}." if claim.status else ""
        lines.append(f"{claim.statement}{status} ({cite(claim)})")
    sources, as_of = sources_of(claims)
    return Reply(title="Claims and their verification", text="\n".join(lines), sources=sources, as_of=as_of,
                 entities=_names(claims))


def _when(fact: FactInfo) -> str:
    return f" [{fact.when}]" if fact.when and fact.when not in fact.statement else ""


def _names(facts: list[FactInfo]) -> list[str]:
    names: list[str] = []
    for fact in facts:
        for ref in (fact.subject, fact.object):
            if ref and ref.kind != "topic" and ref.name not in names:
                names.append(ref.name)
    return names
