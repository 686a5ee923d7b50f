"""Discord: slash commands generated from the registry, mentions and DMs, via discord.py."""

from __future__ import annotations


def create(services):
    """The adapter when DISCORD_TOKEN is set, else None (entry point `aibot.adapters: discord`)."""
    if not services.settings.discord_configured:
        return None
    from adapters.discord.adapter import DiscordAdapter

    return DiscordAdapter(services)
