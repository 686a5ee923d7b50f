"""Resolve firm, model and person names (typos, spacing, aliases, Chinese names) to entities.

Exact matching is on a compact key ("GLM-5" == "glm 5" == "glm5"); rapidfuzz handles typos.
Finding names inside a sentence is an n-gram scan: longest exact alias first, CJK aliases by
substring (Chinese has no spaces), then fuzzy matching only on words that are not ordinary
English, so "metal" never becomes Meta and "model" never becomes a model name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from knowledge.text import CJK_CHAR, compact_key
from knowledge.vocabulary import COMMON_WORDS

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-+'’]*")
MAX_WINDOW = 6  # longest alias, in words ("Knowledge Atlas Technology" is 3)
FUZZY_WINDOW = 3
# Entity kinds that answer as a firm, and as a model (the resolver's callers filter by these).
FIRM_KINDS = ("firm", "org")
MODEL_KINDS = ("model", "product")


@dataclass(frozen=True)
class EntityRef:
    id: int
    key: str
    kind: str
    name: str


def _normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """The NFKC form of a text (character by character) and, for each of its positions and its
    end, the position in the original text it came from."""
    if unicodedata.is_normalized("NFKC", text):
        return text, list(range(len(text) + 1))
    pieces, origin = [], []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return "".join(pieces), origin


_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """An entity named in a text."""

    entity: EntityRef
    start: int
    end: int
    surface: str
    score: float


@dataclass
class Resolution:
    """The outcome of resolving one name: a match, or candidates to offer ("did you mean")."""

    query: str
    entity: EntityRef | None
    candidates: list[tuple[EntityRef, float]]

    @property
    def ambiguous(self) -> bool:
        return self.entity is None and len(self.candidates) > 1


def _fuzzy_cutoff(length: int) -> float | None:
    """How similar a typo must be, by length: short words need a near-exact match."""
    if length < 5:
        return None
    return 90.0 if length <= 6 else 85.0


class Resolver:
    def __init__(self, entities: Iterable[EntityRef], aliases: Iterable[tuple[int, str]]):
        self.entities: dict[int, EntityRef] = {e.id: e for e in entities}
        self._by_key: dict[str, set[int]] = {}
        self._alias_texts: list[str] = []
        self._alias_owner: list[int] = []
        for entity in self.entities.values():
            self._add(entity.id, entity.name)
        for entity_id, alias in aliases:
            if entity_id in self.entities:
                self._add(entity_id, alias)
        self._latin_keys = [k for k in self._by_key if not CJK_CHAR.search(k)]
        self._cjk_keys = sorted((k for k in self._by_key if CJK_CHAR.search(k)), key=len, reverse=True)
        self._processed = [default_process(t) for t in self._alias_texts]

    def _add(self, entity_id: int, alias: str) -> None:
        key = compact_key(alias)
        if not key:
            return
        owners = self._by_key.setdefault(key, set())
        if entity_id not in owners:
            owners.add(entity_id)
            self._alias_texts.append(alias)
            self._alias_owner.append(entity_id)

    # -- single names (command arguments) ---------------------------------------------------

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> Resolution:
        kinds = set(kinds) if kinds else None
        key = compact_key(name)
        if not key:
            return Resolution(name, None, [])
        exact = self._owners(key, kinds)
        if len(exact) == 1:
            return Resolution(name, exact[0], [(exact[0], 100.0)])
        if len(exact) > 1:
            return Resolution(name, None, [(e, 100.0) for e in exact])
        # A name inside a longer phrase ("MiniMax shares", "智谱的股价")
        found = [f for f in self.find_in_text(name) if _kind_ok(f.entity, kinds)]
        if len({f.entity.id for f in found}) == 1:
            return Resolution(name, found[0].entity, [(found[0].entity, found[0].score)])
        candidates = self._fuzzy_candidates(name, kinds)
        if candidates:
            best_entity, best = candidates[0]
            runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
            if best >= 88 and best - runner_up >= 5:
                return Resolution(name, best_entity, candidates)
        return Resolution(name, None, candidates)

    def exact(self, name: str, kinds: Iterable[str] | None = None) -> EntityRef | None:
        """The one entity whose name or alias is exactly `name` (by compact key), or None: no
        phrase search and no typo matching, for inputs that must not be guessed."""
        owners = self._owners(compact_key(name), set(kinds) if kinds else None)
        return owners[0] if len(owners) == 1 else None

    def _owners(self, key: str, kinds: set[str] | None) -> list[EntityRef]:
        """The entities with a name or alias of exactly this compact key, of the wanted kinds."""
        return [self.entities[i] for i in self._by_key.get(key, ()) if _kind_ok(self.entities[i], kinds)]

    def _fuzzy_candidates(self, name: str, kinds: set[str] | None, limit: int = 5) -> list[tuple[EntityRef, float]]:
        query = default_process(name)
        if not query:
            return []
        hits = process.extract(
            query, self._processed, scorer=fuzz.WRatio, processor=None, limit=40, score_cutoff=70
        )
        best: dict[int, float] = {}
        for _text, score, index in hits:
            entity = self.entities[self._alias_owner[index]]
            if not _kind_ok(entity, kinds):
                continue
            # WRatio rewards a short query inside a long alias; plain ratio keeps "GLM" from
            # looking like a perfect match for every GLM model.
            score = (score + fuzz.ratio(query, self._processed[index])) / 2
            if score > best.get(entity.id, 0):
                best[entity.id] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        return [(self.entities[i], round(s, 1)) for i, s in ranked if s >= 60]

    # -- names inside a sentence ------------------------------------------------------------

    def find_in_text(self, text: str, *, fuzzy: bool = True) -> list[Found]:
        """Names in a text, with offsets into the text as given (matching is done on its NFKC
        form, where "…" becomes "..." and full-width letters narrow, so offsets are mapped back)."""
        original = text
        text, origin = _normalize_with_offsets(text)
        taken: list[tuple[int, int]] = []
        found: list[Found] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in taken)

        def take(ids: set[int], start: int, end: int, score: float) -> None:
            taken.append((start, end))
            first, last = origin[start], origin[end]
            for entity_id in sorted(ids):
                found.append(Found(self.entities[entity_id], first, last, original[first:last], score))

        if CJK_CHAR.search(text):
            folded = text.casefold()
            for key in self._cjk_keys:
                start = folded.find(key)
                while start >= 0:
                    end = start + len(key)
                    if free(start, end):
                        take(self._by_key[key], start, end, 100.0)
                    start = folded.find(key, end)

        tokens = [(m.start(), m.end(), m.group(0).rstrip(".-+'’")) for m in _TOKEN.finditer(text)]
        keys = [compact_key(t[2]) for t in tokens]
        possessive = [bool(_POSSESSIVE.search(text[s:e])) for s, e, _ in tokens]  # once per token, not per window
        for size in range(min(MAX_WINDOW, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                start, end = tokens[i][0], tokens[i + size - 1][1]
                key = "".join(keys[i : i + size])
                if size > 1 and any(possessive[i : i + size - 1]):
                    continue  # a possessive ends a name: "Meta's Llama 4" is Meta + Llama 4
                if key in self._by_key and free(start, end):
                    take(self._by_key[key], start, end, 100.0)

        if fuzzy:
            self._find_fuzzy(text, tokens, keys, free, take)
        return sorted(found, key=lambda f: f.start)

    def _find_fuzzy(self, text, tokens, keys, free, take) -> None:
        options: list[tuple[float, int, int, int]] = []
        for size in range(1, FUZZY_WINDOW + 1):
            for i in range(len(tokens) - size + 1):
                words = [tokens[j][2].casefold() for j in range(i, i + size)]
                if any(w in COMMON_WORDS or w.isdigit() for w in words):
                    continue
                key = "".join(keys[i : i + size])
                cutoff = _fuzzy_cutoff(len(key))
                if cutoff is None:
                    continue
                hit = process.extractOne(key, self._latin_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
                if hit:
                    options.append((hit[1], tokens[i][0], tokens[i + size - 1][1], hit[2]))
        for score, start, end, index in sorted(options, key=lambda o: -o[0]):
            if free(start, end):
                take(self._by_key[self._latin_keys[index]], start, end, score)

    # -- autocomplete -----------------------------------------------------------------------

    def complete(self, prefix: str, kinds: Iterable[str] | None = None, limit: int = 25) -> list[EntityRef]:
        """Entities to offer while someone types a name (prefix first, then fuzzy)."""
        kinds = set(kinds) if kinds else None
        key = compact_key(prefix)
        pool = [e for e in self.entities.values() if _kind_ok(e, kinds)]
        if not key:
            return sorted(pool, key=lambda e: e.name.casefold())[:limit]
        scored: dict[int, float] = {}
        for alias_key, owners in self._by_key.items():
            if alias_key.startswith(key):
                score = 200 - len(alias_key)
            elif key in alias_key:
                score = 150 - len(alias_key)
            else:
                continue
            for entity_id in owners:
                scored[entity_id] = max(scored.get(entity_id, 0), score)
        for entity, score in self._fuzzy_candidates(prefix, kinds, limit=limit):
            scored[entity.id] = max(scored.get(entity.id, 0), score)
        ranked = sorted(
            (self.entities[i] for i in scored if _kind_ok(self.entities[i], kinds)),
            key=lambda e: (-scored[e.id], e.name.casefold()),
        )
        return ranked[:limit]


def _kind_ok(entity: EntityRef, kinds: set[str] | None) -> bool:
    return kinds is None or entity.kind in kinds
