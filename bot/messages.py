"""The neutral incoming message every adapter converts its platform event into."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Message:
    text: str
    platform: str = "console"
    user_id: str | None = None
    channel_id: str | None = None
    workspace_id: str | None = None  # Slack team id or Discord guild id
    thread_id: str | None = None
    is_direct: bool = False
    # Decided by the adapter, which knows the platform's permission model (Slack workspace
    # admins or configured users, Discord members with Manage Server).
    user_is_admin: bool = False
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CommandCall:
    """A command with its options already parsed (Discord sends typed options; text is parsed)."""

    name: str
    options: dict[str, str]
    message: Message
