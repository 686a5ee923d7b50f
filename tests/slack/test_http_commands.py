"""Slash commands over HTTP: signed as Slack signs them, acknowledged at once, answered through
the response_url in the channel (or only to the asker for usage help and errors)."""

from __future__ import annotations

from tests.slack.slack_requests import command_body, post


async def test_slash_command_is_acked_then_answered_in_channel(bot, fake_slack, backend):
    status, text = await post(bot.session, bot.events_url,
                              command_body(response_url=fake_slack.response_url(), text="MiniMax"))
    assert status == 200 and text == ""
    [answer] = await fake_slack.until("response_url")
    assert answer.body["response_type"] == "in_channel"
    assert "MiniMax" in answer.text
    blocks = answer.body["blocks"]
    assert blocks[0]["type"] == "header"
    assert any(b["type"] == "context" and "Source" in b["elements"][0]["text"] for b in blocks)


async def test_usage_help_is_ephemeral(bot, fake_slack, backend):
    status, _ = await post(bot.session, bot.events_url,
                           command_body(response_url=fake_slack.response_url(), command="/ai-compare", text=""))
    assert status == 200
    [answer] = await fake_slack.until("response_url")
    assert answer.body["response_type"] == "ephemeral"
    assert "/ai-compare" in answer.text


async def test_mass_mentions_in_the_question_are_not_echoed(bot, fake_slack, backend):
    await post(bot.session, bot.events_url,
               command_body(response_url=fake_slack.response_url(), command="/ai-firm",
                            text="<!channel> @here Nonexistent Robotics Lab"))
    [answer] = await fake_slack.until("response_url")
    shown = answer.text
    assert "<!channel>" not in shown and "<!here" not in shown
    assert "@here" not in shown and "@channel" not in shown


async def test_every_command_in_the_manifest_is_served(bot, fake_slack, backend):
    from adapters.slack.manifest import build_manifest

    names = [c["command"].lstrip("/") for c in build_manifest()["features"]["slash_commands"]]
    for index, name in enumerate(names):
        await post(bot.session, bot.events_url,
                   command_body(response_url=fake_slack.response_url(f"r{index}"), command=f"/{name}", text=""))
    answers = await fake_slack.until("response_url", len(names))
    assert {a.headers["name"] for a in answers} == {f"r{i}" for i in range(len(names))}
    assert not any("Unknown command" in a.text for a in answers)
