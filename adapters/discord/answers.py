"""Discord events in, the engine's replies out: slash commands, autocomplete, button presses,
mentions and DMs. The engine answers inline when its snapshot is fresh and in a worker thread when
it may need the database (AnswerEngine._in_loop_or_thread), so the event loop never stalls.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from adapters.discord.render import Outgoing, attachment_files, part_extras, render, render_plain
from adapters.discord.views import suggestion_view
from bot.inflight import InFlight
from bot.messages import Message
from bot.replies import Reply
from bot.services import Services

log = logging.getLogger(__name__)
NO_PINGS = discord.AllowedMentions.none()
CHOICES_LIMIT = 25
MISSING_PERMISSIONS = 50013  # Discord's error code when the bot may not embed links here


def _is_admin(user: discord.abc.User, permissions: discord.Permissions | None) -> bool:
    # Manage Server is a guild permission; Discord sends it resolved (Administrator implies it).
    if permissions is not None:
        return permissions.manage_guild
    guild_permissions = getattr(user, "guild_permissions", None)
    return bool(guild_permissions and guild_permissions.manage_guild)


def interaction_message(interaction: discord.Interaction, text: str) -> Message:
    direct = interaction.guild_id is None
    return Message(
        text=text, platform="discord", user_id=str(interaction.user.id),
        channel_id=str(interaction.channel_id) if interaction.channel_id else None,
        workspace_id=None if direct else str(interaction.guild_id), is_direct=direct,
        user_is_admin=not direct and _is_admin(interaction.user, interaction.permissions),
        extra={"interaction_id": str(interaction.id)},
    )


def chat_message(message: discord.Message) -> Message:
    direct = message.guild is None
    return Message(
        text=message.content, platform="discord", user_id=str(message.author.id),
        channel_id=str(message.channel.id), workspace_id=None if direct else str(message.guild.id),
        is_direct=direct, user_is_admin=not direct and _is_admin(message.author, None),
        extra={"message_id": str(message.id)},
    )


class Answers:
    def __init__(self, services: Services, *, defer_after: float = 2.0):
        self.in_flight = InFlight()
        self.services = services
        self.engine = services.engine
        # Discord drops an interaction not answered within 3 seconds; past this we defer first.
        self.defer_after = defer_after

    # -- slash commands, buttons, autocomplete ---------------------------------------------

    async def on_command(self, interaction: discord.Interaction, name: str, options: dict) -> None:
        values = {k: v for k, v in options.items() if v is not None}
        message = interaction_message(interaction, f"/{name}")  # the options travel typed, in `values`
        await self._answer_interaction(interaction, name, lambda: self.engine.run_command_async(name, values, message))

    async def on_button(self, interaction: discord.Interaction, command: str) -> None:
        message = interaction_message(interaction, command)
        name = command.split()[0].lstrip("/")
        await self._answer_interaction(interaction, name, lambda: self.engine.handle_async(message))

    async def on_autocomplete(self, interaction: discord.Interaction, kinds: tuple[str, ...],
                              current: str) -> list[app_commands.Choice[str]]:
        started = time.monotonic()
        refs = await self.engine.complete_async(kinds, current, CHOICES_LIMIT)
        # Autocomplete fires on every keystroke: its line is DEBUG so INFO stays one line per answer.
        self._log("autocomplete", interaction.command.name if interaction.command else "?", started,
                  interaction.id, interaction.channel_id, level=logging.DEBUG)
        return [app_commands.Choice(name=ref.name[:100], value=ref.name[:100]) for ref in refs]

    async def _answer_interaction(self, interaction: discord.Interaction, name: str,
                                  work: Callable[[], Awaitable[Reply]]) -> None:
        async with self.in_flight.track():
            await self._answer_tracked(interaction, name, work)

    async def _answer_tracked(self, interaction: discord.Interaction, name: str,
                              work: Callable[[], Awaitable[Reply]]) -> None:
        started = time.monotonic()
        task = asyncio.ensure_future(work())
        if self.defer_after > 0:  # 0 defers every answer (the task has not even started yet)
            await asyncio.wait({task}, timeout=self.defer_after)
        deferred = not task.done()
        if deferred:
            await interaction.response.defer(thinking=True)
        reply = await task
        await self._send_interaction_reply(interaction, reply, deferred=deferred)
        self._log("interaction", name, started, interaction.id, interaction.channel_id)

    async def _send_interaction_reply(self, interaction: discord.Interaction, reply: Reply, *,
                                      deferred: bool) -> None:
        files, image = attachment_files(reply)
        parts = render(reply, image=image)
        view = suggestion_view(reply)
        private = reply.private
        if deferred and private:
            # A deferred response is public; the private answer replaces it as an ephemeral follow-up.
            await interaction.delete_original_response()
        for index, part in enumerate(parts):
            extra = part_extras(index, len(parts), files=files, view=view)
            if index == 0 and not deferred:
                await interaction.response.send_message(content=part.content, embeds=part.embeds, ephemeral=private,
                                                        allowed_mentions=NO_PINGS, **extra)
            else:
                await interaction.followup.send(content=part.content, embeds=part.embeds, ephemeral=private,
                                                allowed_mentions=NO_PINGS, wait=True, **extra)

    # -- mentions and DMs ------------------------------------------------------------------

    async def on_message(self, client: discord.Client, message: discord.Message) -> None:
        if message.author.bot or client.user is None:
            return  # never answer ourselves or other bots (no reply loops)
        mentioned = any(user.id == client.user.id for user in message.mentions)
        if message.guild is not None and not mentioned:
            return
        started = time.monotonic()
        async with self.in_flight.track():
            reply = await self.engine.handle_async(chat_message(message))
            await self._send_message_reply(message, reply)
        self._log("message", "dm" if message.guild is None else "mention", started, message.id, message.channel.id)

    async def _send_message_reply(self, message: discord.Message, reply: Reply) -> None:
        view = suggestion_view(reply)
        try:
            await self._post(message, render(reply), view)
        except discord.Forbidden as exc:
            if exc.code != MISSING_PERMISSIONS:
                raise
            await self._post(message, render_plain(reply), view)

    @staticmethod
    async def _post(message: discord.Message, parts: list[Outgoing], view) -> None:
        for index, part in enumerate(parts):
            extra = part_extras(index, len(parts), view=view)
            if index == 0:
                await message.reply(content=part.content, embeds=part.embeds, mention_author=False,
                                    allowed_mentions=NO_PINGS, **extra)
            else:
                await message.channel.send(content=part.content, embeds=part.embeds,
                                           allowed_mentions=NO_PINGS, **extra)

    @staticmethod
    def _log(kind: str, command: str, started: float, event_id: int, channel_id, level: int = logging.INFO) -> None:
        log.log(level, "discord %s answered", kind, extra={
            "request_id": str(event_id), "event_id": str(event_id), "platform": "discord", "command": command,
            "channel": str(channel_id), "latency_ms": round((time.monotonic() - started) * 1000, 1),
        })
