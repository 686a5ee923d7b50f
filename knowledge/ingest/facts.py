"""Facts stated plainly in ingested text: share moves and releases by tracked entities.

Only two clear sentence shapes are read ("MiniMax shares fell 7%", "Zhipu AI released GLM-5"),
and only when a tracked firm is named, because a wrong fact shown with confidence is worse than
no fact. Each fact keeps its sentence as evidence, so answers can quote where it came from.
A dozen regular expressions are written here rather than an NLP toolkit: the shapes are fixed
news phrasing and a parser model would add downloads and minutes of start-up for no gain.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from knowledge.resolver import FIRM_KINDS, Found, Resolver
from knowledge.text import split_sentences

_UP = ("rose|rise|rises|risen|jumped|jumps|jump|climbed|climbs|gained|gains|surged|surges|soared|soars|"
       "rallied|rallies|advanced|added|spiked|leapt|leaped|rebounded|were up|was up|are up|is up|ended up|closed up")
_DOWN = ("fell|falls|fall|fallen|dropped|drops|slid|slides|tumbled|tumbles|plunged|plunges|declined|declines|"
         "sank|sinks|slumped|slumps|lost|dipped|dips|slipped|slips|shed|sheds|plummeted|retreated|"
         "were down|was down|are down|is down|ended down|closed down")
_MOVE = re.compile(
    rf"\b(?:shares?|stocks?|share price|stock price)\b[^.;!?%]{{0,40}}?\b(?P<verb>{_UP}|{_DOWN})\b"
    r"\s+(?:by\s+)?(?:(?:about|around|nearly|almost|roughly|some|more than|over|as much as)\s+)?"
    r"(?P<number>\d{1,3}(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)",
    re.IGNORECASE,
)
_DOWN_WORDS = frozenset(w for w in _DOWN.split("|"))
_MOVE_ZH = re.compile(r"(?:的)?(?:股价|股票|股份)\s*(?:周[一二三四五]|今日|当日)?\s*(?P<verb>大涨|上涨|上升|飙升|涨|大跌|下跌|下滑|暴跌|跌)了?\s*"
                      r"(?P<number>\d{1,3}(?:\.\d+)?)\s*(?:%|％)")
_RELEASE = re.compile(
    r"\b(?P<verb>released|launched|unveiled|open-sourced|introduced|rolled out|debuted)\s+"
    r"(?:(?:its|their|the|a|an|new|latest|open-source|open|flagship|upgraded|model|models)\s+)*"
    r"(?P<what>[A-Z0-9][\w.\-]*(?:\s+(?:[A-Z0-9][\w.\-]*|\d[\w.]*)){0,3})"
)


@dataclass
class ExtractedFact:
    kind: str  # stock_move or event
    subject_id: int
    subject_name: str
    predicate: str  # up / down, or release
    statement: str
    evidence: str
    number: float | None = None
    value: str | None = None
    object_id: int | None = None
    when: str | None = None
    as_of: date | None = None

    def fingerprint(self, document_key: str) -> str:
        parts = ["extracted", document_key, self.kind, str(self.subject_id), self.predicate,
                 str(self.number), self.value or "", str(self.object_id)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def extract_facts(body: str, resolver: Resolver, *, published: date | None = None) -> list[ExtractedFact]:
    facts: list[ExtractedFact] = []
    seen: set[tuple] = set()
    for line in body.splitlines():
        for sentence in split_sentences(line.strip()):
            if len(sentence) > 600:
                continue  # a table row or run-on text, not a sentence we can trust
            names = resolver.find_in_text(sentence, fuzzy=False)
            if not names:
                continue
            for fact in _moves(sentence, names) + _releases(sentence, names):
                identity = (fact.kind, fact.subject_id, fact.predicate, fact.number, fact.value)
                if identity not in seen:
                    seen.add(identity)
                    fact.as_of = published
                    fact.when = published.isoformat() if published else None
                    facts.append(fact)
    return facts


def _nearest_firm(names: list[Found], before: int) -> Found | None:
    """The firm named closest before a position: the subject of "X released Y"."""
    firms = [f for f in names if f.entity.kind in FIRM_KINDS and f.end <= before]
    return max(firms, key=lambda f: f.start) if firms else None


_SUBJECT_GAP = re.compile(r"^(?:['’]s)?\s*(?:\([^)]{0,60}\))?\s*(?:['’]s)?\s*$")


def _move_subject(sentence: str, names: list[Found], match: re.Match) -> Found | None:
    """Whose shares: "Shares of X fell", or X right before "shares" ("X's shares", "X (Y) shares").

    Any other word between the firm and "shares" means the shares belong to someone else
    ("MiniMax fell 7%, while Tesla shares fell 3%" says nothing about MiniMax's 3%).
    """
    firms = [f for f in names if f.entity.kind in FIRM_KINDS]
    inside = [f for f in firms if f.start >= match.start() and f.end <= match.start("verb")]
    if inside:
        return min(inside, key=lambda f: f.start)
    before = [f for f in firms if f.end <= match.start()]
    if not before:
        return None
    nearest = max(before, key=lambda f: f.end)
    return nearest if _SUBJECT_GAP.match(sentence[nearest.end:match.start()]) else None


def _moves(sentence: str, names: list[Found]) -> list[ExtractedFact]:
    out = []
    for pattern in (_MOVE, _MOVE_ZH):
        for match in pattern.finditer(sentence):
            firm = _move_subject(sentence, names, match)
            if firm is None:
                continue
            verb = match.group("verb").casefold()
            down = verb in _DOWN_WORDS or verb in ("大跌", "下跌", "下滑", "暴跌", "跌")
            number = float(match.group("number")) * (-1 if down else 1)
            shown = f"{abs(number):g}%"
            out.append(ExtractedFact(
                kind="stock_move", subject_id=firm.entity.id, subject_name=firm.entity.name,
                predicate="down" if down else "up", number=number, value=f"{number:+g}%",
                statement=f"{firm.entity.name} shares {'fell' if down else 'rose'} {shown}.",
                evidence=sentence,
            ))
    return out


def _releases(sentence: str, names: list[Found]) -> list[ExtractedFact]:
    out = []
    for match in _RELEASE.finditer(sentence):
        firm = _nearest_firm(names, match.start("verb"))
        if firm is None or match.start("verb") - firm.end > 40:
            continue  # the firm is too far from the verb to be its subject
        models = [f for f in names if f.entity.kind in ("model", "product") and f.start >= match.start("what")]
        model = min(models, key=lambda f: f.start) if models else None
        what = model.entity.name if model and model.start == match.start("what") else match.group("what").rstrip(".,")
        out.append(ExtractedFact(
            kind="event", subject_id=firm.entity.id, subject_name=firm.entity.name, predicate="release",
            value=what[:200], object_id=model.entity.id if model and model.start == match.start("what") else None,
            statement=f"{firm.entity.name} released {what}.", evidence=sentence,
        ))
    return out
