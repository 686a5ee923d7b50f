"""Reading one article file (.txt, .md, .html) into an Article, or refusing it with a reason.

Refusals are exceptions with a short reason a person can act on ("not text", "empty", "too
large"), so the caller reports them per file and moves on to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from knowledge.ingest.html import extract_page
from knowledge.text import content_hash, parse_date, parse_front_matter

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
_SLUG = re.compile(r"[^a-z0-9]+")


class Refused(Exception):
    """This input cannot become a document; the message says why."""


@dataclass
class Article:
    """An article ready to store, whatever it was read from (file, feed entry, page)."""

    title: str
    body: str
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    name: str = "article"  # file stem or feed entry title, used to build the document key

    @property
    def key(self) -> str:
        # The content hash keeps keys unique when two folders both hold "news.txt".
        slug = _SLUG.sub("-", self.name.casefold()).strip("-")[:80] or "article"
        return f"{slug}-{content_hash(self.body)[:10]}"


@dataclass
class Overrides:
    """Metadata given on the command line; it wins over what the file says."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None

    def apply(self, article: Article) -> Article:
        changes = {k: v for k, v in vars(self).items() if v is not None}
        return replace(article, **changes) if changes else article


def decode_text(raw: bytes) -> str:
    """Bytes to text, refusing what is not text (NUL bytes or not UTF-8)."""
    if b"\x00" in raw[:8192]:
        raise Refused("not text (binary content)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(f"not text (not UTF-8 at byte {exc.start})") from None


def read_article(path: Path, *, max_bytes: int) -> Article:
    suffix = path.suffix.casefold()
    if suffix not in ARTICLE_SUFFIXES:
        raise Refused(f"not an article file (expected {', '.join(sorted(ARTICLE_SUFFIXES))})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Refused(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise Refused(f"unreadable ({exc.strerror or exc})") from None
    text = decode_text(raw)
    if suffix in HTML_SUFFIXES:
        return html_article(text, name=path.stem)
    return text_article(text, name=path.stem)


def text_article(text: str, *, name: str) -> Article:
    try:
        parsed = parse_front_matter(text)
    except Exception as exc:  # YAML errors come in many classes; all mean the same to the user
        raise Refused(f"bad front matter ({str(exc).splitlines()[0]})") from None
    meta = parsed.meta
    body = parsed.body
    if not body.strip():
        raise Refused("empty (no article text)")
    first_line = body.strip().splitlines()[0].strip().lstrip("# ")
    return Article(
        title=str(meta.get("title") or first_line[:200] or name),
        body=body,
        publisher=_text_or_none(meta.get("publisher") or meta.get("source")),
        author=_text_or_none(meta.get("author")),
        url=_text_or_none(meta.get("url")),
        published=parse_date(meta.get("published") or meta.get("date")),
        name=name,
    )


def html_article(html: str | bytes, *, name: str, url: str | None = None) -> Article:
    """The article in an HTML page, given as text or as bytes whose encoding trafilatura detects."""
    page = extract_page(html, url=url)
    if not page.text:
        raise Refused("no article text found in the HTML")
    return Article(title=page.title or name, body=page.text, publisher=page.publisher,
                   author=page.author, url=url, published=page.published, name=name)


def _text_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
