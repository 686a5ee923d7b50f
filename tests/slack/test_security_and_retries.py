"""Requests Slack did not sign are refused without any post, no secret reaches the logs, and Web
API rate limits and server errors are retried until the message is delivered exactly once."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time

import pytest

from adapters.slack import records
from tests.slack.slack_requests import BOT_TOKEN, SIGNING_SECRET, acked, command_body, event_body, post, signed_headers


@pytest.mark.parametrize("case", ["forged", "missing", "expired"])
async def test_unsigned_requests_get_401_and_no_post(bot, fake_slack, case, backend):
    body = command_body(response_url=fake_slack.response_url())
    if case == "forged":
        headers = signed_headers(body, secret="not-the-signing-secret")
    elif case == "missing":
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    status, _ = await post(bot.session, bot.events_url, body, headers=headers)
    assert status == 401
    # A properly signed request afterwards is the only one answered.
    status, text = await post(bot.session, bot.events_url, command_body(response_url=fake_slack.response_url("good")))
    assert status == 200 and "MiniMax" in acked(text).text


async def test_forged_request_body_does_not_leak_secrets_into_logs(slack_settings, fake_slack, backend):
    from bot.logs import setup_logging
    from tests.slack.conftest import running_bot

    settings = slack_settings(log_level="DEBUG", log_format="json")
    stream = io.StringIO()
    setup_logging(settings, stream=stream)
    try:
        async with running_bot(settings) as bot:
            verification_token = "gIkuvaNzQIHg97ATvDxqgjtO"
            forged = json.dumps({"token": verification_token, "bot_token": BOT_TOKEN,
                                 "secret": SIGNING_SECRET, "type": "event_callback"})
            status, _ = await post(bot.session, bot.events_url, forged,
                                   headers=signed_headers(forged, secret="forged", content_type="application/json"))
            assert status == 401
            await post(bot.session, bot.events_url, command_body(response_url=fake_slack.response_url()))
            for _ in range(500):  # the bot logs its line just after Slack took the answer
                if '"slack command answered"' in stream.getvalue():
                    break
                await asyncio.sleep(0.02)
    finally:
        logging.getLogger().handlers.clear()
    written = stream.getvalue()
    assert "Rejected" in written or "Invalid request signature" in written  # the rejection is logged
    for secret in (verification_token, BOT_TOKEN, SIGNING_SECRET):
        assert secret not in written
    handled = [json.loads(line) for line in written.splitlines() if '"slack command answered"' in line]
    assert handled and handled[0]["platform"] == "slack" and handled[0]["command"] == "ai-stock"
    assert {"request_id", "latency_ms", "channel"} <= handled[0].keys()


@pytest.mark.parametrize("status,retry_after", [(429, 1), (500, None)])
async def test_rate_limit_and_server_error_are_retried_once_delivered(bot, fake_slack, status, retry_after, backend):
    fake_slack.fail("chat.postMessage", status=status, retry_after=retry_after)
    await post(bot.session, bot.events_url, event_body("direct_message"), json_body=True)
    await fake_slack.until("chat.postMessage")
    # A later message is answered next: the retried one was not posted a second time.
    await post(bot.session, bot.events_url, event_body("direct_message", event_id="EvLATER", text="stock Zhipu"),
               json_body=True)
    answers = await fake_slack.until("chat.postMessage", 2)
    assert len(answers) == 2
    assert "MiniMax" in answers[0].text and "Zhipu" in answers[1].text


async def test_event_whose_answer_failed_is_answered_on_redelivery(bot, fake_slack, backend):
    fake_slack.fail("chat.postMessage", status=500, times=3)  # the first try and both retries
    body = event_body("direct_message")
    await post(bot.session, bot.events_url, body, json_body=True)
    db = bot.services.knowledge.engine
    for _ in range(1000):  # all three attempts failed, and the answer released its claim on the event
        await asyncio.sleep(0.02)
        if not fake_slack._failures and await asyncio.to_thread(records.claim_event, db, event_id="Ev0DIRECT01"):
            await asyncio.to_thread(records.release_event, db, event_id="Ev0DIRECT01")
            break
    assert fake_slack.calls_to("chat.postMessage") == []
    headers = {**signed_headers(body, content_type="application/json"), "X-Slack-Retry-Num": "1"}
    await post(bot.session, bot.events_url, body, headers=headers)
    [answer] = await fake_slack.until("chat.postMessage")
    assert "MiniMax" in answer.text
