"""Slack test fixtures: the fake Slack servers, and the real bot (the composition root's `serve`
with the Slack adapter) on 127.0.0.1 in this test's event loop."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import aiohttp
import pytest

from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_requests import BOT_TOKEN, SIGNING_SECRET, free_port


@pytest.fixture
def fake_slack():
    with FakeSlack(admins=("U0ADMIN",)) as slack:
        yield slack


@dataclass
class RunningBot:
    url: str
    services: object
    session: aiohttp.ClientSession

    @property
    def adapter(self):
        return self.services.extra["adapters"]["slack"]

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"


@contextlib.asynccontextmanager
async def running_bot(settings):
    """`serve` as `aibot run` calls it, stopped (and awaited) when the block ends."""
    from bot.app import serve
    from bot.services import build_services

    services = build_services(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(services, stop=stop))
    url = f"http://127.0.0.1:{settings.port}"
    async with aiohttp.ClientSession() as session:
        try:
            for _ in range(500):
                if task.done():
                    task.result()
                with contextlib.suppress(aiohttp.ClientError):
                    async with session.get(f"{url}/healthz") as response:
                        if response.status == 200 and services.extra.get("ready"):
                            break
                await asyncio.sleep(0.02)
            yield RunningBot(url=url, services=services, session=session)
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
            services.knowledge.engine.dispose()


@pytest.fixture
def slack_settings(make_settings, fake_slack):
    def factory(**overrides):
        values = {"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET,
                  "slack_api_url": fake_slack.api_url, "host": "127.0.0.1", "port": free_port()}
        values.update(overrides)
        return make_settings(**values)

    return factory


@pytest.fixture
async def bot(slack_settings):
    async with running_bot(slack_settings()) as running:
        yield running
