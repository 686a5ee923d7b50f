"""Splitting long text for platforms with size limits, shared by every adapter.

Hand-written because textwrap collapses whitespace and newlines, which would reflow answers.
"""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, broken at a paragraph, else a line, else a word,
    and mid-word only when there is no such break in the last two thirds of the window.
    Nothing is lost; blank text gives no pieces."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut >= limit // 3:
                break
        else:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip():
        pieces.append(text)
    return pieces


def clip(text: str, limit: int) -> str:
    """For labels only (a header, a button, a title): the full text is shown elsewhere too."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
