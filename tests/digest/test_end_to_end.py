"""The digest end to end: the composition root (`serve`, as `aibot run` calls it) with the real
Slack and Discord adapters against the fakes on 127.0.0.1. A channel whose digest fell due while
the bot was down gets it, chart attached, when the bot starts; /ai-digest arrives through each
platform's real door; a post that fails past the client library's own retries is retried by the
digest's claim row, later, and delivered once."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.digest import claims
from knowledge.store import Knowledge
from tests.slack.conftest import running_bot
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.slack_requests import BOT_TOKEN, SIGNING_SECRET, acked, command_body, free_port, signed_headers

UTC = timezone.utc
MESSAGES = r"/channels/\d+/messages"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def fake_slack():
    with FakeSlack(admins=("U0ADMIN",)) as slack:
        yield slack


@pytest.fixture
async def fake_discord():
    from tests.discord.fake_discord import FakeDiscord

    server = await FakeDiscord().start()
    yield server
    await server.stop()


@pytest.fixture
def overdue(db_url, subscribe_channel):
    """Subscribe a channel whose digest fell due three hours ago (within the grace period)."""
    opened = []

    def make(platform: str, workspace: str, channel: str):
        due = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
        weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[due.weekday()]
        knowledge = Knowledge.open(db_url, auto_seed=False)
        opened.append(knowledge)
        sub = subscribe_channel(knowledge, channel, platform=platform, workspace=workspace, weekday=weekday,
                                time=f"{due:%H:%M}", timezone="UTC", created_at=due - timedelta(days=2))
        return knowledge, sub

    yield make
    for knowledge in opened:
        knowledge.engine.dispose()


async def wait_for_status(knowledge, sub, wanted: str) -> list:
    for _ in range(1000):
        rows = await asyncio.to_thread(claims.history, knowledge.engine, subscription_id=sub.id)
        if rows and rows[-1].status == wanted:
            return rows
        await asyncio.sleep(0.02)
    raise AssertionError(f"claim never became {wanted}: {rows}")


def slack_settings(make_settings, fake_slack):
    return make_settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                         slack_api_url=fake_slack.api_url, host="127.0.0.1", port=free_port())


def discord_settings(make_settings, fake):
    return make_settings(discord_token=fake.token, discord_api_url=fake.api_url,
                         discord_gateway_url=fake.gateway_url, host="127.0.0.1", port=free_port())


# -- Slack ---------------------------------------------------------------------------------


async def test_slack_gets_the_overdue_digest_with_its_chart_on_start(make_settings, fake_slack, overdue):
    knowledge, sub = overdue("slack", TEAM_ID, "C0DIGEST")
    async with running_bot(slack_settings(make_settings, fake_slack)):
        [complete] = await fake_slack.until("files.completeUploadExternal")
        await wait_for_status(knowledge, sub, "sent")
    posts = fake_slack.calls_to("chat.postMessage")
    assert posts and all(p.body["channel"] == "C0DIGEST" for p in posts)
    shown = "\n".join(p.text for p in posts)
    assert "Weekly AI digest" in shown and "Zhipu AI: +30%" in shown and "Claims and their status" in shown
    [upload] = fake_slack.calls_to("upload")
    chart = fake_slack.uploads[upload.body["file_id"]]
    assert chart.startswith(PNG) and len(chart) > 10_000
    assert complete.body["channel_id"] == "C0DIGEST"


async def test_slack_admins_subscribe_with_the_slash_command_and_others_are_refused(make_settings, fake_slack):
    from bot.digest.subscriptions import all_subscriptions

    async with running_bot(slack_settings(make_settings, fake_slack)) as bot:
        answers = []
        for user, name in (("U0ASKER", "asker"), ("U0ADMIN", "admin")):
            body = command_body(response_url=fake_slack.response_url(name), command="/ai-digest",
                                text="subscribe fri 08:30 Asia/Shanghai", user_id=user, channel_id="C0NEWS")
            async with bot.session.post(bot.events_url, data=body, headers=signed_headers(body)) as response:
                assert response.status == 200
                answers.append(acked(await response.text()))
        subs = await asyncio.to_thread(all_subscriptions, bot.services.knowledge.engine)
    text = {a.text for a in answers}
    assert any("Only Slack workspace admins" in t for t in text)
    assert any("every Fri at 08:30 (Asia/Shanghai)" in t for t in text)
    assert [(s.platform, s.workspace_id, s.channel_id) for s in subs] == [("slack", TEAM_ID, "C0NEWS")]


async def test_a_slack_500_past_the_sdk_retries_is_posted_once_later(make_settings, fake_slack, overdue):
    knowledge, sub = overdue("slack", TEAM_ID, "C0DIGEST")
    # Three 500s: more than slack_sdk's server-error retry handler absorbs, so the delivery fails.
    fake_slack.fail("chat.postMessage", status=500, times=3)
    async with running_bot(slack_settings(make_settings, fake_slack)) as bot:
        [failed] = await wait_for_status(knowledge, sub, "failed")
        assert fake_slack.calls_to("chat.postMessage") == []
        service = bot.services.extra["digest"]
        await service.runner.run_due(datetime.now(UTC))  # before the backoff: nothing
        assert fake_slack.calls_to("chat.postMessage") == []
        await service.runner.run_due(datetime.now(UTC) + claims.backoff(1) + timedelta(seconds=1))
        [sent] = await wait_for_status(knowledge, sub, "sent")
        await service.runner.run_due(datetime.now(UTC) + timedelta(hours=1))  # later sweeps: nothing more
    assert sent.attempts == 2
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    first_parts = [p for p in fake_slack.calls_to("chat.postMessage") if "Weekly AI digest" in p.text]
    assert len(first_parts) == 1


# -- Discord -------------------------------------------------------------------------------


async def test_discord_gets_the_overdue_digest_with_its_chart_on_start(make_settings, fake_discord, overdue):
    fake = fake_discord
    knowledge, sub = overdue("discord", str(fake.GUILD_ID), str(fake.CHANNEL_ID))
    async with running_bot(discord_settings(make_settings, fake)):
        first = await fake.wait_for_request("POST", MESSAGES)
        await wait_for_status(knowledge, sub, "sent")
    assert first.path == f"/channels/{fake.CHANNEL_ID}/messages"
    assert first.files["stock-moves.png"].startswith(PNG) and len(first.files["stock-moves.png"]) > 10_000
    embeds = [e for r in fake.find("POST", MESSAGES) for e in r.json["embeds"]]
    assert embeds[0]["title"].startswith("Weekly AI digest")
    assert any(e.get("image", {}).get("url") == "attachment://stock-moves.png" for e in embeds)
    values = " ".join(f["value"] for e in embeds for f in e.get("fields", []))
    assert "Zhipu AI: +30%" in values
    assert all(r.json["allowed_mentions"] == {"parse": []} for r in fake.find("POST", MESSAGES))


async def test_discord_manage_server_members_subscribe_and_others_are_refused(make_settings, fake_discord):
    from bot.digest.subscriptions import all_subscriptions

    fake = fake_discord
    callback = r"/interactions/\d+/[^/]+/callback"
    async with running_bot(discord_settings(make_settings, fake)) as bot:
        await fake.wait_ready()
        await fake.slash_command("ai-digest", {"action": "subscribe", "weekday": "wed"}, admin=False)
        refused = await fake.wait_for_request("POST", callback)
        await fake.slash_command("ai-digest", {"action": "subscribe", "weekday": "wed", "time": "07:00"}, admin=True)
        accepted = await fake.wait_for_request("POST", callback, count=2)
        subs = await asyncio.to_thread(all_subscriptions, bot.services.knowledge.engine)
    assert "Manage Server" in str(refused.json) and refused.json["data"].get("flags", 0) & 64
    assert "every Wed at 07:00" in str(accepted.json)
    assert [(s.platform, s.workspace_id, s.channel_id) for s in subs] == [
        ("discord", str(fake.GUILD_ID), str(fake.CHANNEL_ID))]


async def test_a_discord_429_is_absorbed_and_a_403_is_retried_later_and_posted_once(make_settings, fake_discord,
                                                                                    overdue):
    fake = fake_discord
    knowledge, sub = overdue("discord", str(fake.GUILD_ID), str(fake.CHANNEL_ID))
    fake.fail_once("POST", MESSAGES, status=429)  # discord.py waits out the rate limit itself
    fake.fail_once("POST", MESSAGES, status=403, code=50013)  # Missing Permissions: the post fails
    async with running_bot(discord_settings(make_settings, fake)) as bot:
        await wait_for_status(knowledge, sub, "failed")
        assert fake.find("POST", MESSAGES) == []
        service = bot.services.extra["digest"]
        await service.runner.run_due(datetime.now(UTC) + claims.backoff(1) + timedelta(seconds=1))
        [sent] = await wait_for_status(knowledge, sub, "sent")
        await service.runner.run_due(datetime.now(UTC) + timedelta(hours=1))
    assert fake.rejected == 2 and sent.attempts == 2
    with_chart = [r for r in fake.find("POST", MESSAGES) if r.files]
    assert len(with_chart) == 1


# -- aibot digest --send -------------------------------------------------------------------


def test_aibot_digest_send_posts_now_once_per_week_through_the_configured_adapter(cli, db_url, fake_slack,
                                                                                  subscribe_channel):
    knowledge = Knowledge.open(db_url, auto_seed=False)
    subscribe_channel(knowledge, "C0DIGEST", workspace=TEAM_ID)
    knowledge.engine.dispose()
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_APP_TOKEN": "xapp-1-test",
           "SLACK_API_URL": fake_slack.api_url, "PORT": str(free_port()), "HOST": "127.0.0.1"}
    first = cli("digest", "--send", env=env)
    assert first.returncode == 0, first.stderr
    assert f"slack:{TEAM_ID}/C0DIGEST: sent" in first.stdout
    assert BOT_TOKEN not in first.stdout + first.stderr
    posted = fake_slack.calls_to("chat.postMessage")
    assert posted and "Weekly AI digest" in posted[0].text
    assert fake_slack.uploads and all(chart.startswith(PNG) for chart in fake_slack.uploads.values())

    again = cli("digest", "--send", env=env)  # the same week: claimed already, nothing posted twice
    assert again.returncode == 0 and "already sent this week" in again.stdout
    assert len(fake_slack.calls_to("chat.postMessage")) == len(posted)
    # Sending only: no Socket Mode connection, so Slack never routes a user's event to this process.
    assert fake_slack.calls_to("apps.connections.open") == []


async def test_digest_send_logs_in_to_discord_without_joining_the_gateway(make_settings, fake_discord,
                                                                         subscribe_channel):
    from bot.cli.digest import send_to_subscribers
    from bot.services import build_services

    services = build_services(discord_settings(make_settings, fake_discord))
    try:
        subscribe_channel(services.knowledge, "555", platform="discord", workspace="777")
        assert await send_to_subscribers(services, datetime.now(UTC)) == 0
        [posted] = fake_discord.find("POST", MESSAGES)
        assert "Weekly AI digest" in json.dumps(posted.json)
        assert fake_discord.identifies == []  # the running bot's shards keep the users' events
    finally:
        services.knowledge.engine.dispose()
