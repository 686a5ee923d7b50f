"""/ai-compare A B: two firms (or models) side by side."""

import re

from bot.answering.market import compare_reply
from bot.commands.entity_args import resolve_arg
from bot.commands.registry import Command, Option, OptionKind, Registry, UsageError
from bot.replies import Reply

FIRST = Option("first", "First firm or model", OptionKind.FIRM)
SECOND = Option("second", "Second firm or model", OptionKind.FIRM)
_SEPARATOR = re.compile(r"\s*(?:,|;|\||&|/|\bvs\.?(?=\s)|\bversus\b|\band\b|\bwith\b|\bto\b|和|与|跟)\s*", re.IGNORECASE)
KINDS = ("firm", "org", "model", "product")


def parse_pair(ctx, text: str) -> dict[str, str]:
    """"UCloud and SenseTime", "Zhipu AI vs MiniMax", "a, b", or two names found in the text."""
    parts = [p for p in _SEPARATOR.split(text) if p.strip()]
    if len(parts) == 2:
        return {"first": parts[0], "second": parts[1]}
    found = []
    for hit in ctx.snapshot.resolver.find_in_text(text):
        if hit.entity.kind in KINDS and hit.surface not in found:
            found.append(hit.surface)
    if len(found) == 2:
        return {"first": found[0], "second": found[1]}
    words = text.split()
    if len(words) == 2:
        return {"first": words[0], "second": words[1]}
    raise UsageError("compare needs two names, for example: /ai-compare UCloud and SenseTime")


def compare(ctx, options: dict[str, str]) -> Reply:
    first = resolve_arg(ctx, options["first"], KINDS, "ai-compare")
    if isinstance(first, Reply):
        return first
    second = resolve_arg(ctx, options["second"], KINDS, "ai-compare")
    if isinstance(second, Reply):
        return second
    return compare_reply(ctx.snapshot, first, second)


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-compare", summary="Compare two firms or models side by side",
        handler=compare, options=(FIRST, SECOND), words=("compare",), parser=parse_pair,
        examples=("/ai-compare UCloud SenseTime", "/ai-compare Zhipu AI vs MiniMax"),
    ))
