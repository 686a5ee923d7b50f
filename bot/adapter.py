"""What the core expects of a platform adapter. Adapters live in adapters/ and are found by name
through the `aibot.adapters` entry-point group, so the core never imports them."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.replies import Reply


@runtime_checkable
class Adapter(Protocol):
    name: str  # "slack", "discord", "console"

    async def start(self, *, receive: bool = True) -> None:
        """Connect and begin handling events; returns once started (work continues in tasks).

        receive=False starts only what `deliver` needs, for a one-off send (`aibot digest
        --send`): no gateway or socket, so no user event reaches this process instead of the bot.
        """

    async def stop(self) -> None:
        """Finish in-flight replies and disconnect."""

    async def deliver(self, channel: str, reply: Reply, *, workspace: str | None = None) -> None:
        """Post a reply (with its attachments) to a channel, unprompted: the weekly digest."""
