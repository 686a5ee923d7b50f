"""The structured reply every command and question produces.

The core never returns platform markup: each adapter renders a Reply its own way (plain text in
the terminal, Block Kit on Slack, embeds on Discord) and knows its own size limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


class ReplyKind(str, Enum):
    ANSWER = "answer"  # a grounded answer
    NOT_FOUND = "not_found"  # honest "I don't know / not tracked"
    USAGE = "usage"  # help or how to call a command: shown to the asker only
    ERROR = "error"  # bad input or a failure: shown to the asker only


@dataclass(frozen=True)
class Source:
    """A document an answer rests on."""

    key: str
    title: str
    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    note: str | None = None  # for facts that come from general knowledge, not an article

    @property
    def label(self) -> str:
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        parts.append(self.published.isoformat() if self.published else "undated")
        return ", ".join(parts)


@dataclass(frozen=True)
class ReplyField:
    label: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate: a label to show and the command that answers it."""

    label: str
    command: str


@dataclass
class Reply:
    """What the engine answers, for every renderer to show in its own way.

    The engine hands the same Reply to every request asking the same thing of the same knowledge
    (answers are memoized per snapshot), so renderers never change what a Reply says; they may
    keep their rendering of it in `rendered`, by platform, and reuse it the next time.
    """

    title: str
    text: str
    kind: ReplyKind = ReplyKind.ANSWER
    fields: list[ReplyField] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    as_of: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)  # canonical names resolved
    attachments: list[Attachment] = field(default_factory=list)
    # "Did you mean" for unresolved names; "See also" for related commands after an answer.
    suggestions_label: str = "Did you mean"
    rendered: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def private(self) -> bool:
        """Errors and usage help are shown only to the person who asked."""
        return self.kind in (ReplyKind.USAGE, ReplyKind.ERROR)

    def source_line(self) -> str:
        """One line naming the sources and the as-of date, shared by every renderer."""
        if not self.sources:
            return ""
        names = "; ".join(s.label if not s.note else f"{s.title} ({s.note})" for s in self.sources)
        line = f"Source: {names}" if len(self.sources) == 1 else f"Sources: {names}"
        if self.as_of:
            line += f" (as of {self.as_of})"
        return line

    def plain_text(self) -> str:
        """The full reply as plain text: the terminal view and every platform's fallback."""
        lines = [self.text]
        if self.fields:
            lines.append("")
            lines.extend(f"{f.label}: {f.value}" for f in self.fields)
        if self.suggestions:
            lines.append("")
            ending = "?" if self.suggestions_label == "Did you mean" else ""
            lines.append(f"{self.suggestions_label}: " + ", ".join(s.label for s in self.suggestions) + ending)
        source = self.source_line()
        if source:
            lines.append("")
            lines.append(source)
        return "\n".join(lines).strip()


@dataclass(frozen=True)
class Attachment:
    """A file to post with a reply (the digest chart)."""

    filename: str
    content: bytes
    mime_type: str = "image/png"
    title: str | None = None


def usage(title: str, text: str, **extra) -> Reply:
    return Reply(title=title, text=text, kind=ReplyKind.USAGE, **extra)


def error(text: str, *, title: str = "Sorry", **extra) -> Reply:
    return Reply(title=title, text=text, kind=ReplyKind.ERROR, **extra)
