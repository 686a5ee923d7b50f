"""A shutdown (SIGTERM in `aibot run`; here the same `stop` event serve waits on) lets the reply
in flight finish: the mention being answered when the bot is told to stop is still answered."""

from __future__ import annotations

import asyncio
import time

from tests.slack.conftest import running_bot
from tests.slack.slack_requests import event_body, post


async def test_a_reply_in_flight_is_posted_before_the_bot_stops(slack_settings, fake_slack, backend, monkeypatch):
    async with running_bot(slack_settings()) as bot:
        engine = bot.services.engine
        answer = engine.handle
        started = asyncio.Event()
        loop = asyncio.get_running_loop()

        def slow(message):
            loop.call_soon_threadsafe(started.set)
            time.sleep(0.8)  # still thinking when the stop comes
            return answer(message)

        monkeypatch.setattr(engine, "handle", slow)
        monkeypatch.setattr(bot.services.knowledge, "is_fresh", lambda: False)  # answer in a thread
        status, _ = await post(bot.session, bot.url + "/slack/events", event_body("app_mention"), json_body=True)
        assert status == 200
        await asyncio.wait_for(started.wait(), 10)
        assert fake_slack.calls_to("chat.postMessage") == []
    # The block above ended: serve stopped (HTTP first, then the adapter, after draining).
    [posted] = fake_slack.calls_to("chat.postMessage")
    assert "GLM-5" in posted.text
