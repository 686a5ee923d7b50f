"""The Slack adapter: one async Bolt app, served over HTTP on the bot's shared server and/or
over Socket Mode, plus `deliver` for unprompted posts (the weekly digest)."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import http, installs, records
from adapters.slack.blocks import render
from adapters.slack.client import web_client
from adapters.slack.conversation import Conversation
from adapters.slack.listeners import register_all
from adapters.slack.manifest import bot_scopes
from adapters.slack.people import AdminCheck
from adapters.slack.quiet_logs import bolt_logger
from bot.inflight import SHUTDOWN_GRACE_SECONDS
from bot.replies import Reply
from bot.services import Services

log = logging.getLogger("adapters.slack")
FORGET_EVERY_SECONDS = 6 * 3600


def _secret(value) -> str | None:
    return value.get_secret_value() if value is not None else None


class SlackAdapter:
    name = "slack"

    def __init__(self, services: Services):
        settings = services.settings
        self.services = services
        self.settings = settings
        self.multi_workspace = bool(settings.slack_client_id and settings.slack_client_secret)
        bot_token = None if self.multi_workspace else _secret(settings.slack_bot_token)
        # One connection pool for every Web API and response_url call (created in serve's loop).
        self.session = aiohttp.ClientSession()
        self.client = web_client(settings, token=bot_token, session=self.session)
        self.installation_store = None
        signing_secret = _secret(settings.slack_signing_secret)
        options = {}
        if self.multi_workspace:
            options["oauth_settings"] = installs.oauth_settings(settings, services.knowledge.engine, bot_scopes())
            self.installation_store = options["oauth_settings"].installation_store
        self.app = AsyncApp(client=self.client, signing_secret=signing_secret or "",
                            request_verification_enabled=bool(signing_secret), logger=bolt_logger(),
                            **options)
        self.conversation = Conversation(services, AdminCheck(settings.slack_admin_users), self.session)
        register_all(self.app, self.conversation, services.registry)
        self.socket_handler: AsyncSocketModeHandler | None = None
        self._housekeeping: asyncio.Task | None = None
        web_app = services.extra.get("web")
        if signing_secret and web_app is not None:  # HTTP mode needs the secret to verify requests
            http.add_routes(web_app, self.app)

    async def start(self, *, receive: bool = True) -> None:
        if not receive:  # deliver needs only the Web API client, which exists already
            return
        # A plain loop rather than a scheduler job: one idempotent delete now and every few hours,
        # run by every replica (harmless), needs no coordination, and start-up does not wait for it.
        self._housekeeping = asyncio.create_task(self._forget_old_every(FORGET_EVERY_SECONDS))
        app_token = _secret(self.settings.slack_app_token)
        if app_token:
            # Bolt's handler opens apps.connections.open through the app's client: SLACK_API_URL.
            self.socket_handler = AsyncSocketModeHandler(self.app, app_token)
            await self.socket_handler.connect_async()
            log.info("slack socket mode connected", extra={"platform": "slack"})

    async def forget_old(self) -> None:
        """Delete handled event ids past Slack's redelivery, and threads past follow-ups."""
        try:
            events, threads = await asyncio.to_thread(records.forget_old, self.services.knowledge.engine)
        except Exception:  # the database may be briefly away; the next round tries again
            log.exception("could not forget old Slack records", extra={"platform": "slack"})
            return
        if events or threads:
            log.info("forgot %d old Slack event ids and %d old threads", events, threads,
                     extra={"platform": "slack"})

    async def _forget_old_every(self, seconds: float) -> None:
        while True:
            await self.forget_old()
            await asyncio.sleep(seconds)

    async def stop(self) -> None:
        """Stop receiving, let the replies in flight finish, then close the connections."""
        if self._housekeeping is not None:
            self._housekeeping.cancel()
            self._housekeeping = None
        if self.socket_handler is not None:
            await self.socket_handler.close_async()
            self.socket_handler = None
        await self.conversation.in_flight.drain(SHUTDOWN_GRACE_SECONDS)
        await self.session.close()

    def is_ready(self) -> bool:
        if self.socket_handler is None:
            return True
        session = getattr(self.socket_handler.client, "current_session", None)
        return session is not None and not session.closed

    async def client_for(self, workspace: str | None) -> AsyncWebClient:
        """The bot token's client, or the installed workspace's in multi-workspace mode."""
        if not self.multi_workspace:
            return self.client
        bot = await self.installation_store.async_find_bot(enterprise_id=None, team_id=workspace)
        if bot is None:
            raise LookupError(f"the app is not installed in workspace {workspace!r}")
        return web_client(self.settings, token=bot.bot_token, session=self.session)

    async def deliver(self, channel: str, reply: Reply, *, workspace: str | None = None) -> None:
        """Post a reply unprompted (the weekly digest), then its files with slack_sdk's upload flow."""
        client = await self.client_for(workspace)
        for part in render(reply):
            await client.chat_postMessage(channel=channel, text=part.text, blocks=part.blocks,
                                          unfurl_links=False, unfurl_media=False)
        if reply.attachments:
            await client.files_upload_v2(channel=channel, file_uploads=[
                {"content": a.content, "filename": a.filename, "title": a.title or a.filename}
                for a in reply.attachments])
        log.info("slack delivered", extra={"platform": "slack", "channel": channel, "command": "deliver"})
