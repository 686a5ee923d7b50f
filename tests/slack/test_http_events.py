"""Mentions, direct messages, thread follow-ups and buttons over HTTP, as a Slack user sees them."""

from __future__ import annotations

from tests.slack.fake_slack import BOT_USER_ID
from tests.slack.slack_requests import acked, action_body, command_body, event_body, post


async def test_mention_is_answered_in_its_thread(bot, fake_slack, backend):
    status, _ = await post(bot.session, bot.events_url, event_body("app_mention"), json_body=True)
    assert status == 200
    [answer] = await fake_slack.until("chat.postMessage")
    assert answer.body["channel"] == "C0GENERAL"
    assert answer.body["thread_ts"] == "1700000100.000200"  # the mention's own ts: its thread
    assert "GLM-5" in answer.text and "Zhipu" in answer.text
    assert fake_slack.calls_to("users.info") == []  # a question needs no admin check


async def test_mention_runs_commands_written_as_words_or_slashes(bot, fake_slack, backend):
    for index, text in enumerate([f"<@{BOT_USER_ID}> stock MiniMax", f"<@{BOT_USER_ID}> /ai-stock MiniMax"]):
        await post(bot.session, bot.events_url,
                   event_body("app_mention", text=text, ts=f"1700000500.00000{index}", event_id=f"EvCMD{index}"),
                   json_body=True)
    answers = await fake_slack.until("chat.postMessage", 2)
    for answer in answers:
        assert answer.body["blocks"][0]["text"]["text"].startswith("MiniMax")
        assert "stock" in answer.body["blocks"][0]["text"]["text"]


async def test_direct_message_gets_a_direct_answer(bot, fake_slack, backend):
    await post(bot.session, bot.events_url, event_body("direct_message"), json_body=True)
    [answer] = await fake_slack.until("chat.postMessage")
    assert answer.body["channel"] == "D0DIRECT"
    assert not answer.body.get("thread_ts")
    assert "MiniMax" in answer.text


async def test_follow_up_in_an_answered_thread_needs_no_mention(bot, fake_slack, backend):
    # A reply in a thread the bot never answered in is ignored ...
    await post(bot.session, bot.events_url,
               event_body("thread_reply", thread_ts="1699999999.000001", event_id="EvOTHER"), json_body=True)
    # ... while after a mention, the same kind of reply in the mention's thread is answered.
    await post(bot.session, bot.events_url, event_body("app_mention"), json_body=True)
    await fake_slack.until("chat.postMessage", 1)
    await post(bot.session, bot.events_url, event_body("thread_reply"), json_body=True)
    answers = await fake_slack.until("chat.postMessage", 2)
    assert [a.body["thread_ts"] for a in answers] == ["1700000100.000200", "1700000100.000200"]
    assert "Zhipu" in answers[1].text
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_thread_is_remembered_across_restarts(slack_settings, fake_slack, backend):
    from tests.slack.conftest import running_bot

    settings = slack_settings()
    async with running_bot(settings) as first:
        await post(first.session, first.events_url, event_body("app_mention"), json_body=True)
        await fake_slack.until("chat.postMessage", 1)
    async with running_bot(settings) as second:
        await post(second.session, second.events_url, event_body("thread_reply"), json_body=True)
        answers = await fake_slack.until("chat.postMessage", 2)
    assert answers[1].body["thread_ts"] == "1700000100.000200"


async def test_redelivered_event_is_answered_once(bot, fake_slack, backend):
    body = event_body("app_mention")
    await post(bot.session, bot.events_url, body, json_body=True)
    await fake_slack.until("chat.postMessage", 1)
    retry_headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    from tests.slack.slack_requests import signed_headers

    headers = {**signed_headers(body, content_type="application/json"), **retry_headers}
    status, _ = await post(bot.session, bot.events_url, body, headers=headers)
    assert status == 200
    # A later, different event is answered; the redelivery before it was not.
    await post(bot.session, bot.events_url, event_body("direct_message"), json_body=True)
    answers = await fake_slack.until("chat.postMessage", 2)
    assert [a.body["channel"] for a in answers] == ["C0GENERAL", "D0DIRECT"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_unknown_name_offers_buttons_and_a_press_answers(bot, fake_slack, backend):
    _, text = await post(bot.session, bot.events_url,
                         command_body(response_url=fake_slack.response_url("first"), command="/ai-firm", text="Mini"))
    first = acked(text)
    buttons = [e for b in first.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and buttons[0]["text"]["text"] == "MiniMax"
    status, _ = await post(bot.session, bot.events_url,
                           action_body(value=buttons[0]["value"], response_url=fake_slack.response_url("press")))
    assert status == 200
    [pressed] = await fake_slack.until("response_url")
    assert pressed.headers["name"] == "press" and pressed.body["response_type"] == "in_channel"
    assert pressed.body["blocks"][0]["text"]["text"].startswith("MiniMax")


async def test_same_event_at_two_replicas_is_answered_once(slack_settings, fake_slack, backend):
    import asyncio

    from tests.slack.conftest import running_bot

    async with running_bot(slack_settings()) as first, running_bot(slack_settings()) as second:
        body = event_body("app_mention")
        statuses = await asyncio.gather(post(first.session, first.events_url, body, json_body=True),
                                        post(second.session, second.events_url, body, json_body=True))
        assert [s for s, _ in statuses] == [200, 200]
        await fake_slack.until("chat.postMessage", 1)
        # Each replica then answers a different event; the shared one was answered by one only.
        await post(first.session, first.events_url, event_body("direct_message"), json_body=True)
        await post(second.session, second.events_url, event_body("direct_message", event_id="EvSECOND"),
                   json_body=True)
        answers = await fake_slack.until("chat.postMessage", 3)
    assert [a.body["channel"] for a in answers].count("C0GENERAL") == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 3


async def test_usage_reply_to_a_bare_mention_is_ephemeral_in_its_thread(bot, fake_slack, backend):
    await post(bot.session, bot.events_url, event_body("app_mention", text=f"<@{BOT_USER_ID}>"), json_body=True)
    [answer] = await fake_slack.until("chat.postEphemeral")
    assert answer.body["user"] == "U0ASKER" and answer.body["thread_ts"] == "1700000100.000200"
    assert fake_slack.calls_to("chat.postMessage") == []
