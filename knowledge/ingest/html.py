"""HTML pages reduced to their article text with trafilatura (a maintained extractor that drops
navigation, adverts and footers), with the title, date and site name it finds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura

from knowledge.text import parse_date


@dataclass
class ExtractedPage:
    text: str
    title: str | None
    published: date | None
    publisher: str | None
    author: str | None


def extract_page(html: str | bytes, *, url: str | None = None) -> ExtractedPage:
    """The article inside an HTML page; empty text when the page has no readable article. Bytes
    are decoded by trafilatura (UTF-8 when valid, otherwise its guess of the encoding)."""
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_recall=True,
                                        include_comments=False, include_tables=True)
    if found is None:
        return ExtractedPage("", None, None, None, None)
    return ExtractedPage(
        text=(found.text or "").strip(), title=found.title or None, published=parse_date(found.date),
        publisher=found.sitename or None, author=found.author or None,
    )
