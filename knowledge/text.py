"""Text helpers shared by seeding, ingestion, the resolver and retrieval.

Front matter is parsed with PyYAML; sentence and passage splitting are written here because the
articles are short news text where a small rule set (line = paragraph, a question line belongs to
the answer that follows it) beats pulling in an NLP toolkit and its model downloads.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import yaml

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NON_KEY = re.compile(rf"[^0-9a-z{_CJK}]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=[\"“'‘(\[]?[A-Z0-9\u4e00-\u9fff])")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
CJK_CHAR = re.compile(rf"[{_CJK}]")


def compact_key(text: str) -> str:
    """The form aliases are matched on: case-folded, NFKC, letters/digits/CJK only.

    "GLM-5", "glm 5" and "GLM5" all become "glm5"; "Mini Max" becomes "minimax".
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    return _NON_KEY.sub("", text)


def content_hash(text: str) -> str:
    """Hash of the text with whitespace normalised, so re-wrapped copies count as duplicates."""
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass
class ParsedArticle:
    body: str
    meta: dict


def parse_front_matter(raw: str) -> ParsedArticle:
    """Split a `---` YAML header from the article body; no header gives empty metadata."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return ParsedArticle(body=raw.strip(), meta={})
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    return ParsedArticle(body=raw[match.end():].strip(), meta=meta)


def parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for size in (10, 7):  # 2026-02-12 or 2026-02
        try:
            part = text[:size] + ("-01" if size == 7 else "")
            return date.fromisoformat(part)
        except ValueError:
            continue
    return None


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation: a section title that belongs to what follows."""
    return len(line) < 100 and not line.endswith((".", "!", ":", "\"", "”", ")", "%", "|"))


def split_passages(body: str, *, max_chars: int = 1200) -> list[str]:
    """Split an article into passages: one per paragraph (non-empty line).

    A line that ends in "?" (an FAQ question or a question heading) is joined to the line after
    it, because the answer sits there and the pair should be found and quoted together.
    Very long paragraphs are cut at sentence boundaries.
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    merged: list[str] = []
    carry = ""
    for line in lines:
        if carry:
            line = f"{carry} {line}"
            carry = ""
        if (line.endswith("?") and len(line) < 300) or _is_heading(line):
            carry = line
            continue
        merged.append(line)
    if carry:
        merged.append(carry)
    passages: list[str] = []
    for paragraph in merged:
        if len(paragraph) <= max_chars:
            passages.append(paragraph)
            continue
        chunk = ""
        for sentence in split_sentences(paragraph):
            if chunk and len(chunk) + len(sentence) + 1 > max_chars:
                passages.append(chunk)
                chunk = ""
            chunk = f"{chunk} {sentence}".strip()
        if chunk:
            passages.append(chunk)
    return passages
