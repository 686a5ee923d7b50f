"""Mentions (answered in the message's thread), direct messages (answered directly) and thread
follow-ups without a mention in threads the bot has answered in."""

from __future__ import annotations

import asyncio

from slack_bolt.async_app import AsyncApp

from adapters.slack import records
from adapters.slack.conversation import FOLLOW_UP, Conversation, Where


def register(app: AsyncApp, conversation: Conversation) -> None:
    @app.event("app_mention")
    async def on_mention(body: dict, event: dict, client, context) -> None:
        if event.get("bot_id"):
            return
        where = Where(channel_id=event["channel"], user_id=event.get("user"), team_id=context.team_id,
                      thread_ts=event.get("thread_ts") or event.get("ts"))
        await conversation.handle_event(client, event_id=body.get("event_id"), text=event.get("text", ""),
                                        where=where, kind="mention")

    @app.event("message")
    async def on_message(body: dict, event: dict, client, context) -> None:
        if event.get("bot_id") or event.get("subtype"):
            return  # other bots, edits, joins: only people's new messages get answers
        text = event.get("text") or ""
        where = Where(channel_id=event["channel"], user_id=event.get("user"), team_id=context.team_id,
                      thread_ts=event.get("thread_ts"))
        if event.get("channel_type") == "im":
            where.is_direct = True
            kind = "direct message"
        elif not where.thread_ts or (context.bot_user_id and f"<@{context.bot_user_id}>" in text):
            return  # not a thread, or a mention (app_mention answers those)
        elif await asyncio.to_thread(records.is_bot_thread, conversation.db, channel_id=where.channel_id,
                                     thread_ts=where.thread_ts):
            kind = FOLLOW_UP
        else:
            return
        await conversation.handle_event(client, event_id=body.get("event_id"), text=text, where=where,
                                        kind=kind)
