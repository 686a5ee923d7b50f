""""Did you mean" buttons: the button's value is the command that answers for that candidate."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from adapters.slack.blocks import SUGGESTION_ACTION
from adapters.slack.conversation import Conversation, Where


def register(app: AsyncApp, conversation: Conversation) -> None:
    @app.action(re.compile(rf"^{SUGGESTION_ACTION}_\d+$"))
    async def on_suggestion(ack, body: dict, action: dict, client, context) -> None:
        await ack()
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
        thread_ts = container.get("thread_ts") or (body.get("message") or {}).get("thread_ts")
        where = Where(channel_id=channel, user_id=(body.get("user") or {}).get("id"), team_id=context.team_id,
                      thread_ts=thread_ts, is_direct=channel.startswith("D"),
                      # In a thread, post there; elsewhere the response_url reaches even channels
                      # the bot is not a member of (a button under a slash command's answer).
                      response_url=None if thread_ts else body.get("response_url"))
        await conversation.answer_later(client, text=str(action.get("value", "")), where=where,
                                          request_id=body.get("trigger_id"), command="suggestion")
