"""Slash commands, autocomplete and buttons through the real discord.py client and the fake Discord."""

from __future__ import annotations

import asyncio
import logging

from bot.messages import Message

CALLBACK = r"/interactions/\d+/[^/]+/callback"
EPHEMERAL = 64


def expected(adapter, name: str, options: dict):
    return adapter.services.engine.run_command(name, options, Message(text="", platform="discord"))


async def test_slash_command_answers_with_the_engines_reply_as_an_embed(fake, start_adapter):
    adapter = await start_adapter()
    assert adapter.is_ready()  # what /readyz reports
    await fake.slash_command("ai-stock", {"firm": "MiniMax"})
    callback = await fake.wait_for_request("POST", CALLBACK)

    reply = expected(adapter, "ai-stock", {"firm": "MiniMax"})
    assert callback.query.get("with_response")
    assert callback.json["type"] == 4  # answered at once: no defer needed
    data = callback.json["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert not data.get("flags", 0) & EPHEMERAL
    [embed] = data["embeds"]
    assert embed["title"] == reply.title
    assert embed["description"] == reply.text
    assert [(f["name"], f["value"]) for f in embed["fields"]] == [(f.label, f.value) for f in reply.fields]
    assert embed["footer"]["text"] == reply.source_line()


async def test_autocomplete_offers_firms_by_prefix_and_by_chinese_name(fake, start_adapter):
    await start_adapter()
    latin_id = (await fake.autocomplete("ai-stock", "firm", "zhi"))["id"]
    chinese_id = (await fake.autocomplete("ai-compare", "first", "稀宇"))["id"]
    # Both are answered concurrently: each callback is matched by its interaction's id, not by order.
    latin = await fake.wait_for_request("POST", rf"/interactions/{latin_id}/[^/]+/callback")
    chinese = await fake.wait_for_request("POST", rf"/interactions/{chinese_id}/[^/]+/callback")

    assert latin.json["type"] == 8 and chinese.json["type"] == 8
    assert "Zhipu AI" in [c["value"] for c in latin.json["data"]["choices"]]
    assert chinese.json["data"]["choices"][0]["value"] == "MiniMax"
    assert len(latin.json["data"]["choices"]) <= 25


async def test_did_you_mean_candidates_come_as_buttons_that_answer_when_pressed(fake, start_adapter):
    adapter = await start_adapter()
    await fake.slash_command("ai-stock", {"firm": "Acme"})
    callback = await fake.wait_for_request("POST", CALLBACK)
    reply = expected(adapter, "ai-stock", {"firm": "Acme"})
    assert reply.suggestions, "the engine should offer candidates for an unknown firm"

    buttons = [b for row in callback.json["data"]["components"] for b in row["components"]]
    assert [b["label"] for b in buttons] == [s.label for s in reply.suggestions]
    assert all(b["custom_id"].startswith("aibot:run:/ai-stock ") for b in buttons)

    # Press one as if after a restart: nothing but the custom_id tells the bot what to run.
    message = fake.message(fake.CHANNEL_ID, callback.json["data"])
    await fake.press_button(buttons[1]["custom_id"], message)
    pressed = await fake.wait_for_request("POST", CALLBACK, count=2)
    answer = expected(adapter, "ai-stock", {"firm": reply.suggestions[1].label})
    assert pressed.json["data"]["embeds"][0]["title"] == answer.title
    assert pressed.json["data"]["allowed_mentions"] == {"parse": []}


async def test_errors_and_usage_are_ephemeral(fake, start_adapter):
    await start_adapter()
    await fake.press_button("aibot:run:/ai-nonsense", fake.message_with_button("aibot:run:/ai-nonsense"))
    callback = await fake.wait_for_request("POST", CALLBACK)
    assert callback.json["data"]["flags"] & EPHEMERAL
    assert callback.json["data"]["embeds"][0]["title"] == "Unknown command"


async def test_slow_answers_are_deferred_then_sent_as_follow_ups(fake, start_adapter):
    adapter = await start_adapter(defer_after=0)  # every answer counts as slow
    await fake.slash_command("ai-firm", {"firm": "MiniMax"})
    deferred = await fake.wait_for_request("POST", CALLBACK)
    follow_up = await fake.wait_for_request("POST", rf"/webhooks/{fake.APP_ID}/[^/]+")
    assert deferred.json["type"] == 5
    assert follow_up.json["embeds"][0]["title"] == expected(adapter, "ai-firm", {"firm": "MiniMax"}).title
    assert follow_up.json["allowed_mentions"] == {"parse": []}


async def test_a_private_answer_after_a_defer_replaces_the_public_placeholder(fake, start_adapter):
    await start_adapter(defer_after=0)
    await fake.press_button("aibot:run:/ai-nonsense", fake.message_with_button("aibot:run:/ai-nonsense"))
    await fake.wait_for_request("POST", CALLBACK)
    follow_up = await fake.wait_for_request("POST", rf"/webhooks/{fake.APP_ID}/[^/]+")
    assert fake.find("DELETE", rf"/webhooks/{fake.APP_ID}/[^/]+/messages/@original")
    assert follow_up.json["flags"] & EPHEMERAL


async def test_manage_server_decides_who_is_an_admin(fake, start_adapter):
    adapter = await start_adapter()
    seen: list[Message] = []
    engine = adapter.services.engine
    run_command = engine.run_command

    def spy(name, options, message):
        seen.append(message)
        return run_command(name, options, message)

    engine.run_command = spy
    await fake.slash_command("ai-digest", {"action": "subscribe"}, admin=False)
    refused = await fake.wait_for_request("POST", CALLBACK, count=1)
    await fake.slash_command("ai-digest", {"action": "subscribe"}, admin=True)
    accepted = await fake.wait_for_request("POST", CALLBACK, count=2)

    assert [m.user_is_admin for m in seen] == [False, True]
    assert seen[0].workspace_id == str(fake.GUILD_ID) and seen[0].channel_id == str(fake.CHANNEL_ID)
    assert refused.json["data"]["flags"] & EPHEMERAL
    assert not accepted.json["data"].get("flags", 0) & EPHEMERAL


async def test_a_429_on_the_interaction_callback_is_retried_and_answered_once(fake, start_adapter):
    await start_adapter()
    fake.fail_once("POST", CALLBACK)
    await fake.slash_command("ai-stock", {"firm": "MiniMax"})
    await fake.wait_for_request("POST", CALLBACK)
    await fake.slash_command("ai-help")  # a later interaction, answered after the retried one
    await fake.wait_for_request("POST", CALLBACK, count=2)
    assert fake.rejected == 1
    titles = [r.json["data"]["embeds"][0]["title"] for r in fake.find("POST", CALLBACK)]
    assert titles.count("MiniMax: reported stock move") == 1


async def test_one_log_line_per_interaction_with_its_fields(fake, start_adapter, caplog):
    await start_adapter()
    with caplog.at_level(logging.INFO, logger="adapters.discord"):
        payload = await fake.slash_command("ai-stock", {"firm": "MiniMax"})
        await fake.wait_for_request("POST", CALLBACK)
        # The line is written once the response has been sent, just after the fake recorded it.
        for _ in range(200):
            if any(getattr(r, "request_id", None) == payload["id"] for r in caplog.records):
                break
            await asyncio.sleep(0.05)
    [record] = [r for r in caplog.records if getattr(r, "request_id", None) == payload["id"]]
    assert (record.platform, record.command) == ("discord", "ai-stock")
    assert record.latency_ms >= 0


async def test_a_reply_with_an_attachment_uploads_it_with_the_interaction_response(fake, start_adapter):
    from bot.replies import Attachment

    adapter = await start_adapter()
    engine = adapter.services.engine
    run_command = engine.run_command
    png = b"\x89PNG\r\n\x1a\n" + b"chart" * 100

    def with_chart(name, options, message):  # a command whose reply carries a chart
        reply = run_command(name, options, message)
        reply.attachments.append(Attachment("chart.png", png))
        return reply

    engine.run_command = with_chart
    await fake.slash_command("ai-stock", {"firm": "MiniMax"})
    callback = await fake.wait_for_request("POST", CALLBACK)
    assert callback.files == {"chart.png": png}
    assert callback.json["data"]["embeds"][0]["image"]["url"] == "attachment://chart.png"


async def test_slash_commands_work_in_direct_messages(fake, start_adapter):
    adapter = await start_adapter()
    answer = expected(adapter, "ai-model", {"model": "GLM-5"})
    seen: list[Message] = []
    engine = adapter.services.engine
    run_command = engine.run_command
    engine.run_command = lambda name, options, message: seen.append(message) or run_command(name, options, message)

    await fake.slash_command("ai-model", {"model": "GLM-5"}, dm=True)
    callback = await fake.wait_for_request("POST", CALLBACK)
    assert callback.json["data"]["embeds"][0]["title"] == answer.title
    [message] = seen
    assert message.is_direct and message.workspace_id is None and not message.user_is_admin
    assert message.channel_id == str(fake.DM_CHANNEL_ID)
