"""Slash commands over HTTP: signed as Slack signs them, and answered in the acknowledgement
itself, in the channel (or only to the asker for usage help and errors)."""

from __future__ import annotations

from bot.messages import Message
from tests.slack.fake_calls import _block_texts
from tests.slack.slack_requests import acked, command_body, post


async def test_slash_command_is_acked_then_answered_in_channel(bot, fake_slack, backend):
    status, text = await post(bot.session, bot.events_url,
                              command_body(response_url=fake_slack.response_url(), text="MiniMax"))
    assert status == 200
    answer = acked(text)
    assert answer.body["response_type"] == "in_channel"
    assert "MiniMax" in answer.text
    blocks = answer.body["blocks"]
    assert blocks[0]["type"] == "header"
    assert any(b["type"] == "context" and "Source" in b["elements"][0]["text"] for b in blocks)


async def test_usage_help_is_ephemeral(bot, fake_slack, backend):
    status, text = await post(bot.session, bot.events_url,
                              command_body(response_url=fake_slack.response_url(), command="/ai-compare", text=""))
    assert status == 200
    answer = acked(text)
    assert answer.body["response_type"] == "ephemeral"
    assert "/ai-compare" in answer.text


async def test_mass_mentions_in_the_question_are_not_echoed(bot, fake_slack, backend):
    _, text = await post(bot.session, bot.events_url,
                         command_body(response_url=fake_slack.response_url(), command="/ai-firm",
                                      text="<!channel> @here Nonexistent Robotics Lab"))
    answer = acked(text)
    shown = answer.text
    assert "<!channel>" not in shown and "<!here" not in shown
    assert "@here" not in shown and "@channel" not in shown


async def test_every_command_in_the_manifest_is_served(bot, fake_slack, backend):
    from adapters.slack.manifest import build_manifest

    names = [c["command"].lstrip("/") for c in build_manifest()["features"]["slash_commands"]]
    answers = []
    for index, name in enumerate(names):
        _, text = await post(bot.session, bot.events_url,
                             command_body(response_url=fake_slack.response_url(f"r{index}"), command=f"/{name}",
                                          text=""))
        answers.append(acked(text))
    assert all(a.body.get("blocks") for a in answers)
    assert not any("Unknown command" in a.text for a in answers)


async def test_an_answer_longer_than_one_message_continues_through_response_url(bot, fake_slack, backend,
                                                                                 monkeypatch):
    from adapters.slack import blocks

    monkeypatch.setattr(blocks, "BLOCKS_PER_MESSAGE", 2)  # any real answer now needs several messages
    status, text = await post(bot.session, bot.events_url,
                              command_body(response_url=fake_slack.response_url(), text="MiniMax"))
    first = acked(text)
    assert status == 200 and len(first.body["blocks"]) == 2
    reply = bot.services.engine.handle(Message(text="/ai-stock MiniMax"))
    parts = -(-len(blocks.reply_blocks(reply)) // 2)
    rest = await fake_slack.until("response_url", parts - 1)
    assert all(r.body["response_type"] == "in_channel" for r in rest)
    # The blocks alone (not the plain-text fallback, which holds the whole answer) carry it all.
    shown = "\n".join(_block_texts(first.body["blocks"]) + [t for r in rest for t in _block_texts(r.body["blocks"])])
    assert "+11%" in shown and "Source" in shown


async def test_a_slow_answer_is_acknowledged_in_time_and_follows(bot, fake_slack, backend, monkeypatch):
    import time as clock

    from adapters.slack import conversation

    monkeypatch.setattr(conversation, "ACK_ANSWER_SECONDS", 0.2)
    engine = bot.services.engine
    answer = engine.handle

    def slow(message):
        clock.sleep(0.5)
        return answer(message)

    monkeypatch.setattr(engine, "handle", slow)
    monkeypatch.setattr(bot.services.knowledge, "is_fresh", lambda: False)  # the answer goes to a thread
    status, text = await post(bot.session, bot.events_url,
                              command_body(response_url=fake_slack.response_url(), text="MiniMax"))
    assert status == 200 and text == ""  # acknowledged empty, before the answer was ready
    [later] = await fake_slack.until("response_url")
    assert later.body["response_type"] == "in_channel" and "+11%" in later.text
