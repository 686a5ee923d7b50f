"""Slash commands: one listener per command in the registry (so /ai-digest appears as soon as
its command is registered). Acknowledged at once; the answer follows through response_url."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from adapters.slack.conversation import Conversation, Where
from bot.commands import Registry


def register(app: AsyncApp, conversation: Conversation, registry: Registry) -> None:
    async def on_command(ack, command: dict, client, context) -> None:
        await ack()  # Slack allows 3 seconds; the answer comes after
        where = Where(channel_id=command.get("channel_id", ""), user_id=command.get("user_id"),
                      team_id=command.get("team_id") or context.team_id,
                      is_direct=command.get("channel_name") == "directmessage",
                      response_url=command.get("response_url"))
        name = command.get("command", "")
        await conversation.handle_command(client, text=f"{name} {command.get('text') or ''}", where=where,
                                          request_id=command.get("trigger_id"), command=name.lstrip("/"))

    for entry in registry:
        app.command(f"/{entry.name}")(on_command)
