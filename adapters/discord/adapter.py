"""The Discord adapter: starts the client beside the other adapters, stops it, and posts
unprompted replies (the weekly digest) with their attachments."""

from __future__ import annotations

import asyncio
import logging

from adapters.discord.answers import NO_PINGS, Answers
from adapters.discord.client import AiBotClient
from adapters.discord.endpoints import pin_gateway, use_endpoints
from adapters.discord.invite import invite_url
from adapters.discord.render import attachment_files, part_extras, render
from adapters.discord.views import suggestion_view
from bot.inflight import SHUTDOWN_GRACE_SECONDS
from bot.replies import Reply
from bot.services import Services

log = logging.getLogger(__name__)


class DiscordAdapter:
    name = "discord"

    def __init__(self, services: Services, *, defer_after: float = 2.0, ready_timeout: float = 60.0):
        self.services = services
        self.answers = Answers(services, defer_after=defer_after)
        self.ready_timeout = ready_timeout
        self.client: AiBotClient | None = None
        self._connection: asyncio.Task | None = None

    def _build_client(self) -> AiBotClient:
        settings = self.services.settings
        gateway = use_endpoints(settings.discord_api_url, settings.discord_gateway_url)
        shard_ids = settings.discord_shard_ids
        client = AiBotClient(
            self.answers, shard_count=settings.discord_shard_count, shard_ids=shard_ids,
            guild_id=settings.discord_guild_id,
            # With shards split over processes, the one holding shard 0 syncs the commands.
            sync_commands=not shard_ids or 0 in shard_ids,
        )
        pin_gateway(client, gateway)
        return client

    async def start(self, *, receive: bool = True) -> None:
        """Log in (REST, command sync), connect the gateway in a task, and wait until ready; with
        receive=False only log in (deliver needs REST only)."""
        self.client = self._build_client()
        try:
            await self.client.login(self.services.settings.discord_token.get_secret_value())
        except BaseException:
            await self.client.close()  # release the HTTP session before reporting the failure
            raise
        if not receive:
            return
        log.info("Discord application %s; invite it with %s", self.client.application_id,
                 invite_url(self.client.application_id), extra={"platform": "discord"})
        self._connection = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait({ready, self._connection}, timeout=self.ready_timeout,
                                     return_when=asyncio.FIRST_COMPLETED)
        if self._connection in done:
            ready.cancel()
            self._connection.result()  # the connection failed: raise why
        elif not done:
            ready.cancel()
            log.warning("Discord gateway not ready after %.0fs; still connecting", self.ready_timeout,
                        extra={"platform": "discord"})

    def is_ready(self) -> bool:
        """For /readyz: connected to the gateway (every shard this process runs)."""
        return self.client is not None and self.client.is_ready() and not self.client.is_closed()

    async def stop(self) -> None:
        """Let the replies in flight finish, then close the gateway and the HTTP session."""
        await self.answers.in_flight.drain(SHUTDOWN_GRACE_SECONDS)
        if self.client is not None:
            await self.client.close()
        if self._connection is not None:
            try:
                await self._connection
            except Exception:
                log.exception("Discord connection ended with an error", extra={"platform": "discord"})

    async def deliver(self, channel: str, reply: Reply, *, workspace: str | None = None) -> None:
        """Post a reply to a channel by id (REST only, so it works as soon as start() returned)."""
        if self.client is None:
            raise RuntimeError("the Discord adapter is not started")
        target = self.client.get_partial_messageable(int(channel))
        files, image = attachment_files(reply)
        parts = render(reply, image=image)
        view = suggestion_view(reply)
        for index, part in enumerate(parts):
            extra = part_extras(index, len(parts), files=files, view=view)
            await target.send(content=part.content, embeds=part.embeds, allowed_mentions=NO_PINGS, **extra)
