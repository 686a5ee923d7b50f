"""Fixtures: the fake Discord on 127.0.0.1, and the project's real Discord adapter connected to it."""

from __future__ import annotations

import pytest

from fake_discord import FakeDiscord


@pytest.fixture
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()


@pytest.fixture
def discord_settings(make_settings, fake):
    def factory(**overrides):
        values = {"discord_token": fake.token, "discord_api_url": fake.api_url,
                  "discord_gateway_url": fake.gateway_url}
        values.update(overrides)
        return make_settings(**values)

    return factory


@pytest.fixture
async def start_adapter(discord_settings, fake):
    """Start the real adapter (real discord.py client) against the fake; stopped at the end."""
    from bot.services import build_services
    from adapters.discord.adapter import DiscordAdapter

    started = []

    async def start(*, defer_after: float = 2.0, **overrides):
        services = build_services(discord_settings(**overrides))
        adapter = DiscordAdapter(services, defer_after=defer_after, ready_timeout=30)
        await adapter.start()
        started.append((adapter, services))
        return adapter

    yield start
    for adapter, services in reversed(started):
        await adapter.stop()
        services.knowledge.engine.dispose()
