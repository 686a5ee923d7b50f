"""Profiles: what we know about one firm, model or person, with every line's source."""

from __future__ import annotations

from bot.answering.market import listing_text, move_label, moves_for
from bot.answering.sources import cite, sources_of
from bot.replies import Reply, ReplyField, Source
from knowledge.resolver import EntityRef
from knowledge.snapshot import FactInfo, Snapshot

CJK_RANGE = ("\u3400", "\u9fff")


def chinese_name(snap: Snapshot, entity: EntityRef) -> str | None:
    info = snap.entity(entity.id)
    for alias in info.aliases if info else ():
        if any(CJK_RANGE[0] <= ch <= CJK_RANGE[1] for ch in alias):
            return alias
    return None


def summary_source(snap: Snapshot, entity: EntityRef) -> Source | None:
    from bot.answering.sources import GENERAL, document_source

    info = snap.entity(entity.id)
    key = (info.data or {}).get("summary_source") if info else None
    if not key:
        return None
    doc = snap.document(key)
    return document_source(doc) if doc else Source(key="note", title=GENERAL, note=info.data.get("summary_note"))


def one_line(snap: Snapshot, entity: EntityRef) -> tuple[str, list[FactInfo]]:
    """A one-sentence description and the facts it used."""
    info = snap.entity(entity.id)
    if entity.kind in ("model", "product"):
        described = _first(snap, entity, "description")
        if described:
            return described.statement, [described]
    if info and info.summary:
        return info.summary, []
    role = _first(snap, entity, "affiliation")
    if role:
        return role.statement, [role]
    return "no description in my sources.", []


def _first(snap: Snapshot, entity: EntityRef, kind: str) -> FactInfo | None:
    return next((f for f in snap.facts_about(entity.id, kind) if f.subject.id == entity.id), None)


def firm_reply(snap: Snapshot, firm: EntityRef) -> Reply:
    info = snap.entity(firm.id)
    used: list[FactInfo] = []
    extra_sources: list[Source] = []
    zh = chinese_name(snap, firm)
    heading = f"{firm.name} ({zh})" if zh else firm.name
    lines = [f"{heading}: {info.summary}" if info and info.summary else heading]
    source = summary_source(snap, firm)
    if source:
        extra_sources.append(source)
    fields: list[ReplyField] = []

    models = [f for f in snap.facts_about(firm.id, "made_by") if f.object and f.object.id == firm.id]
    if models:
        used += models
        fields.append(ReplyField("Models", ", ".join(f.subject.name for f in models)))
    people = [f for f in snap.facts_about(firm.id, "affiliation") if f.object and f.object.id == firm.id]
    if people:
        used += people
        fields.append(ReplyField("People", "; ".join(f"{f.subject.name}, {f.value}" for f in people)))
    listing = listing_text(snap, firm)
    if listing:
        fields.append(ReplyField("Listing", listing))
        used += [f for f in snap.facts_about(firm.id, "listing") if f.subject.id == firm.id]
    moves = moves_for(snap, firm)
    if moves:
        used.append(moves[0])
        fields.append(ReplyField("Stock move", f"{move_label(moves[0])} ({cite(moves[0])})"))
    events = [f for f in snap.facts_about(firm.id, "event") if f.predicate != "release" or not models]
    for event in events[:4]:
        lines.append(f"{event.statement} ({cite(event)})")
        used.append(event)
    claims = [f for f in snap.facts_about(firm.id, "claim") if f.claimant and f.claimant.id == firm.id]
    for claim in claims[:2]:
        lines.append(f"{claim.statement} Status: {claim.status}. ({cite(claim)})")
        used.append(claim)
    sources, as_of = sources_of(used)
    return Reply(
        title=firm.name,
        text="\n".join(lines),
        fields=fields,
        sources=_merge(extra_sources, sources),
        as_of=as_of,
        entities=[firm.name],
    )


def model_reply(snap: Snapshot, model: EntityRef) -> Reply:
    used: list[FactInfo] = []
    lines: list[str] = []
    fields: list[ReplyField] = []
    description = _first(snap, model, "description")
    if description:
        lines.append(f"{description.statement} ({cite(description)})")
        used.append(description)
    maker = _first(snap, model, "made_by")
    if maker and maker.object:
        fields.append(ReplyField("Maker", maker.object.name))
        if not description or maker.object.name not in description.statement:
            lines.append(f"{maker.statement} ({cite(maker)})")
        used.append(maker)
    info = snap.entity(model.id)
    if info and info.data.get("open") is not None:
        fields.append(ReplyField("Open weights", "yes" if info.data["open"] else "no"))
    for fact in snap.facts_about(model.id, "claim", "stat", "release", "event"):
        if fact in used or (fact.kind == "event" and fact.predicate != "release"):
            continue
        line = fact.statement
        if fact.kind == "claim" and fact.status:
            line += f" Status: {fact.status}."
        lines.append(f"{line} ({cite(fact)})")
        used.append(fact)
        if len(lines) >= 6:
            break
    if not lines:
        lines.append(f"{model.name}: my sources name it but say nothing more about it.")
    sources, as_of = sources_of(used)
    return Reply(title=model.name, text="\n".join(lines), fields=fields, sources=sources, as_of=as_of,
                 entities=[model.name])


def person_reply(snap: Snapshot, person: EntityRef, *, claims_first: bool = False) -> Reply:
    used: list[FactInfo] = []
    role = _first(snap, person, "affiliation")
    claims = [f for f in snap.facts_about(person.id, "claim") if f.claimant and f.claimant.id == person.id]
    others = [f for f in snap.facts_about(person.id, "event") if f.subject.id == person.id]
    lines: list[str] = []
    fields: list[ReplyField] = []
    if role:
        used.append(role)
        lines.append(f"{role.statement} ({cite(role)})")
        if role.object:
            fields.append(ReplyField("Firm", role.object.name))
        fields.append(ReplyField("Role", role.value or ""))
    claim_lines = [f"{c.statement} ({cite(c)})" for c in claims]
    used += claims
    lines = claim_lines + lines if claims_first else lines + claim_lines
    for fact in others[:3]:
        lines.append(f"{fact.statement} ({cite(fact)})")
        used.append(fact)
    if not lines:
        lines.append(f"{person.name}: my sources name this person but say nothing more.")
    sources, as_of = sources_of(used)
    return Reply(title=person.name, text="\n".join(lines), fields=fields, sources=sources, as_of=as_of,
                 entities=[person.name])


def _merge(first: list[Source], second: list[Source]) -> list[Source]:
    seen = {s.key + (s.note or "") for s in first}
    return first + [s for s in second if s.key + (s.note or "") not in seen]
