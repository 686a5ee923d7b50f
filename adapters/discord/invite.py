"""The invite link for the bot: the two scopes it needs and the smallest set of permissions."""

from __future__ import annotations

import discord

SCOPES = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    # Read the channel, answer (also in threads), with embeds and the digest's chart, as replies.
    return discord.Permissions(view_channel=True, send_messages=True, send_messages_in_threads=True,
                               embed_links=True, attach_files=True, read_message_history=True)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=bot_permissions(), scopes=SCOPES)
