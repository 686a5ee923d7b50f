"""The discord.py client: sharded, no privileged intents, with the generated command tree."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from adapters.discord.answers import NO_PINGS, Answers
from adapters.discord.commands import add_registry_commands
from adapters.discord.sync import sync_if_changed
from adapters.discord.views import SuggestionButton

log = logging.getLogger(__name__)


def bot_intents() -> discord.Intents:
    # Intents.default() leaves out the privileged ones (members, presences, message content):
    # messages that mention the bot, and DMs, still carry their content.
    return discord.Intents.default()


class AiBotClient(discord.AutoShardedClient):
    def __init__(self, answers: Answers, *, shard_count: int | None, shard_ids: list[int] | None,
                 guild_id: int | None, sync_commands: bool):
        super().__init__(intents=bot_intents(), allowed_mentions=NO_PINGS, shard_count=shard_count,
                         shard_ids=shard_ids)
        self.answers = answers
        self.guild_id = guild_id
        self.sync_commands = sync_commands
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self.on_app_command_error
        add_registry_commands(self.tree, answers.services.registry, answers)

    async def setup_hook(self) -> None:
        # Buttons are routed by custom_id, so "did you mean" buttons survive restarts.
        self.add_dynamic_items(SuggestionButton)
        if self.sync_commands:
            await sync_if_changed(self.tree, self.answers.services.knowledge.engine,
                                  application_id=self.application_id, guild_id=self.guild_id)

    async def on_message(self, message: discord.Message) -> None:
        await self.answers.on_message(self, message)

    async def on_app_command_error(self, interaction: discord.Interaction, error: Exception) -> None:
        log.error("discord command failed: %s", error, exc_info=error,
                  extra={"platform": "discord", "request_id": str(interaction.id)})
        text = "Something went wrong while answering; it has been logged. Please try again."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.warning("could not tell the user about the failure", extra={"platform": "discord"})
