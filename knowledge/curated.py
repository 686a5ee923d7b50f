"""Read the curated knowledge file (YAML) into plain records, ready to sync into the store.

The file is grouped the way a person edits it (firms, models, people, stock moves, events,
claims, stats, topics); this module flattens it into entities and facts, and checks it: every
fact must name a known entity and a known source, so a typo in the file fails loudly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.text import compact_key
from knowledge.vocabulary import COMMON_WORDS

ENTITY_SECTIONS = {"firms": "firm", "orgs": "org", "models": "model", "products": "product", "people": "person"}


@dataclass
class EntityRecord:
    key: str
    kind: str
    name: str
    aliases: list[str]
    summary: str | None
    data: dict


@dataclass
class FactRecord:
    kind: str
    subject: str
    statement: str
    source: str  # a document key or a note key
    object: str | None = None
    claimant: str | None = None
    predicate: str = ""
    value: str | None = None
    number: float | None = None
    when: str | None = None
    status: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        parts = [self.kind, self.subject, self.object or "", self.claimant or "", self.predicate,
                 self.value or "", str(self.number), self.when or "", self.status or "",
                 self.statement, self.source]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Curated:
    notes: dict[str, str]
    entities: list[EntityRecord]
    facts: list[FactRecord]


class CuratedError(ValueError):
    pass


def read_curated(path: Path, document_keys: list[str]) -> Curated:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    notes = {str(k): str(v) for k, v in (raw.get("notes") or {}).items()}

    def source_key(value: object, where: str) -> str:
        value = str(value)
        if value in notes:
            return f"note:{value}"
        matches = [k for k in document_keys if k == value or k.startswith(value)]
        if len(matches) != 1:
            raise CuratedError(f"{where}: source {value!r} matches {len(matches)} documents and no note")
        return matches[0]

    entities: list[EntityRecord] = []
    facts: list[FactRecord] = []
    for section, kind in ENTITY_SECTIONS.items():
        for item in raw.get(section) or []:
            key = item["key"]
            where = f"{section}/{key}"
            src = source_key(item.get("source", "general"), where)
            aliases = [str(a) for a in item.get("aliases") or []]
            for alias in aliases:
                if compact_key(alias) in COMMON_WORDS or len(compact_key(alias)) < 2:
                    raise CuratedError(f"{where}: alias {alias!r} is an ordinary word and would match everywhere")
            data = {k: item[k] for k in ("country", "role", "open") if item.get(k) is not None}
            data["summary_source"] = src
            if src.startswith("note:"):
                data["summary_note"] = notes[src.removeprefix("note:")]
            entities.append(EntityRecord(key, kind, item["name"], aliases, item.get("summary"), data))
            facts.extend(_entity_facts(item, kind, src, source_key, where))
    for item in raw.get("stock_moves") or []:
        change = item.get("change")
        direction = item.get("direction") or ("up" if (change or 0) >= 0 else "down")
        facts.append(FactRecord(
            kind="stock_move", subject=item["firm"], statement=item["statement"],
            source=source_key(item["source"], f"stock_moves/{item['firm']}"),
            predicate=direction, number=float(change) if change is not None else None,
            value=_signed(change) if change is not None else direction, when=item.get("when"),
        ))
    for item in raw.get("events") or []:
        facts.append(FactRecord(
            kind="event", subject=item["subject"], object=item.get("object"), predicate=item["kind"],
            statement=item["statement"], source=source_key(item["source"], f"events/{item['subject']}"),
            when=item.get("when"), status=item.get("status"),
        ))
    for item in raw.get("claims") or []:
        facts.append(FactRecord(
            kind="claim", subject=item["about"], claimant=item.get("claimant"), statement=item["statement"],
            source=source_key(item["source"], f"claims/{item['about']}"), status=item.get("status"),
        ))
    for item in raw.get("stats") or []:
        facts.append(FactRecord(
            kind="stat", subject=item["subject"], predicate=item["predicate"], value=str(item.get("value")),
            number=item.get("number"), statement=item["statement"],
            source=source_key(item["source"], f"stats/{item['subject']}"),
        ))
    for item in raw.get("topics") or []:
        key = item["key"]
        # Keywords are not names: they live in data, matched by stem, never by the name resolver.
        keywords = [str(k) for k in item.get("keywords") or []]
        entities.append(EntityRecord(key, "topic", item["name"], [], None, {"keywords": keywords}))
        for point in item.get("points") or []:
            facts.append(FactRecord(kind="point", subject=key, statement=point["statement"],
                                    source=source_key(point["source"], f"topics/{key}")))
    _check_references(entities, facts)
    names = {e.key: e.name for e in entities}
    for fact in facts:
        if fact.kind == "made_by":
            fact.statement = fact.statement.format(maker=names[fact.object])
    return Curated(notes=notes, entities=entities, facts=facts)


def _entity_facts(item: dict, kind: str, src: str, source_key, where: str) -> list[FactRecord]:
    key = item["key"]
    out: list[FactRecord] = []
    for listing in item.get("listings") or []:
        out.append(FactRecord(
            kind="listing", subject=key, predicate=listing["exchange"], value=str(listing["ticker"]),
            statement=f"{item['name']} is listed on {listing['exchange']} as {listing['ticker']}.",
            source=source_key(listing.get("source", "general"), where),
        ))
    if kind in ("model", "product"):
        if item.get("maker"):
            out.append(FactRecord(
                kind="made_by", subject=key, object=item["maker"], predicate="maker",
                statement=f"{item['name']} is made by {{maker}}.",
                source=source_key(item.get("maker_source", item.get("source", "general")), where),
            ))
        if item.get("does"):
            out.append(FactRecord(
                kind="description", subject=key, statement=f"{item['name']} is {item['does']}.",
                source=src, extra={"capabilities": item.get("capabilities") or []},
            ))
        if item.get("released"):
            out.append(FactRecord(kind="release", subject=key, when=str(item["released"]),
                                  statement=f"{item['name']} was released {item['released']}.", source=src))
    if kind == "person" and item.get("role"):
        out.append(FactRecord(
            kind="affiliation", subject=key, object=item.get("firm"), predicate="role",
            value=item["role"], statement=f"{item['name']} is {item['role']}.", source=src,
        ))
    return out


def _check_references(entities: list[EntityRecord], facts: list[FactRecord]) -> None:
    keys = {e.key for e in entities}
    for fact in facts:
        for ref in (fact.subject, fact.object, fact.claimant):
            if ref is not None and ref not in keys:
                raise CuratedError(f"{fact.kind} fact {fact.statement[:50]!r} names unknown entity {ref!r}")


def _signed(change: float) -> str:
    number = f"{abs(change):g}"
    return f"+{number}%" if change >= 0 else f"-{number}%"
