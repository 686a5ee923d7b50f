"""Slash commands: one listener per command in the registry (so /ai-digest appears as soon as
its command is registered). The answer rides in the acknowledgement when it is ready in time
(it nearly always is); otherwise it follows through response_url."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from adapters.slack.conversation import Conversation, Where
from bot.commands import Registry


def register(app: AsyncApp, conversation: Conversation, registry: Registry) -> None:
    async def on_command(ack, command: dict, client, context) -> None:
        where = Where(channel_id=command.get("channel_id", ""), user_id=command.get("user_id"),
                      team_id=command.get("team_id") or context.team_id,
                      is_direct=command.get("channel_name") == "directmessage",
                      response_url=command.get("response_url"))
        name = command.get("command", "")
        await conversation.handle_command(client, ack, text=f"{name} {command.get('text') or ''}", where=where,
                                          request_id=command.get("trigger_id"), command=name.lstrip("/"))

    # One listener for every command (a pattern, not one listener each): Bolt tries listeners in
    # turn on every request, so this keeps matching as cheap as for a single command.
    names = "|".join(re.escape(entry.name) for entry in registry)
    app.command(re.compile(rf"^/(?:{names})$"))(on_command)
