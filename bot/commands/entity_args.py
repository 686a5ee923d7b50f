"""Resolving a command's firm or model argument, with the honest answers when that fails."""

from __future__ import annotations

from bot.answering.unknown import ambiguous, not_tracked
from bot.commands.context import CommandContext
from bot.replies import Reply
from knowledge.resolver import EntityRef


def resolve_arg(ctx: CommandContext, name: str, kinds: tuple[str, ...], command: str) -> EntityRef | Reply:
    """The entity a user named, or the reply to send instead ("not tracked", "did you mean")."""
    resolution = ctx.snapshot.resolver.resolve(name, kinds)
    if resolution.entity is not None:
        return resolution.entity
    close = [entity for entity, score in resolution.candidates if score >= 75]
    if len(close) > 1:
        return ambiguous(name, close, command)
    return not_tracked(ctx.snapshot, name, kinds=kinds, command=command)
