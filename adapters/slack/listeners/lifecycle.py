"""The app uninstalled from a workspace, or its tokens revoked.

With multi-workspace installs, Bolt's own revocation handlers delete the workspace's stored
tokens, so its requests are refused from then on. Either way the workspace's digest
subscriptions and the adapter's records of it are dropped: nothing can be posted there any more,
and a digest retrying into a workspace that removed the app helps nobody. A single-workspace bot
can only say, loudly, that its token stopped working.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners

from adapters.slack import records
from adapters.slack.conversation import Conversation
from bot.digest import subscriptions

log = logging.getLogger("adapters.slack")


def register(app: AsyncApp, conversation: Conversation) -> None:
    store = app.installation_store
    revocation = AsyncTokenRevocationListeners(store) if store is not None else None
    engine = conversation.db

    @app.event("app_uninstalled")
    async def on_uninstalled(context) -> None:
        team = context.team_id or ""
        async with conversation.in_flight.track():  # a shutdown lets this finish
            if revocation is not None:
                await revocation.handle_app_uninstalled_events(context)
            digests = await asyncio.to_thread(subscriptions.unsubscribe_workspace, engine, platform="slack",
                                              workspace_id=team)
            await asyncio.to_thread(records.forget_workspace, engine, team_id=team)
        digest_service = conversation.services.extra.get("digest")
        if digest_service is not None:
            digest_service.schedule_changed()
        level = logging.INFO if revocation is not None else logging.WARNING
        log.log(level, "the app was uninstalled from workspace %s: %d digest subscriptions dropped%s", team,
                digests, "" if revocation is not None else "; SLACK_BOT_TOKEN no longer works",
                extra={"platform": "slack", "command": "app_uninstalled"})

    @app.event("tokens_revoked")
    async def on_tokens_revoked(event: dict, context) -> None:
        if revocation is not None:
            async with conversation.in_flight.track():
                await revocation.handle_tokens_revoked_events(event, context)
            log.info("tokens revoked in workspace %s", context.team_id,
                     extra={"platform": "slack", "command": "tokens_revoked"})
        elif (event.get("tokens") or {}).get("bot"):
            log.warning("the bot token was revoked in workspace %s: SLACK_BOT_TOKEN no longer works",
                        context.team_id, extra={"platform": "slack", "command": "tokens_revoked"})
