"""What a command handler gets: the store, a snapshot to answer from, and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.messages import Message

if TYPE_CHECKING:
    from bot.commands.registry import Registry
    from bot.config import Settings
    from knowledge.snapshot import Snapshot
    from knowledge.store import Knowledge


@dataclass
class CommandContext:
    knowledge: Knowledge
    snapshot: Snapshot
    message: Message
    registry: Registry
    settings: Settings
    # Long-lived services that some commands need (the digest scheduler), set by the composition
    # root; handlers look up what they need by name and cope when it is absent.
    services: dict[str, Any] = field(default_factory=dict)
