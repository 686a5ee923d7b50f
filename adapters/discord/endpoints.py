"""Pointing discord.py at the configured REST and gateway URLs (Discord, or a compatible server).

discord.py keeps both as class attributes: `Route.BASE` (REST, also used for interaction
callbacks and webhooks) and `DiscordWebSocket.DEFAULT_GATEWAY` (a yarl.URL, used when the shard
count is fixed and after an invalidated session). One process talks to one Discord, so setting
them process-wide is the intended knob.
"""

from __future__ import annotations

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


def use_endpoints(api_url: str, gateway_url: str) -> yarl.URL:
    Route.BASE = api_url.rstrip("/")
    gateway = yarl.URL(gateway_url)
    DiscordWebSocket.DEFAULT_GATEWAY = gateway
    return gateway


def pin_gateway(client: discord.AutoShardedClient, gateway: yarl.URL) -> None:
    """With no fixed shard count, discord.py connects to the URL GET /gateway/bot returns; keep
    the shard count Discord recommends but connect to the configured gateway."""
    ask = client.http.get_bot_gateway

    async def get_bot_gateway():
        shards, _url, limits = await ask()
        return shards, str(gateway), limits

    client.http.get_bot_gateway = get_bot_gateway
