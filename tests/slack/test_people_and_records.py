"""Who counts as a Slack admin (for digest subscriptions), and the database records behind
"answered once" and thread follow-ups, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from adapters.slack import records
from adapters.slack.client import web_client
from adapters.slack.conversation import Conversation, Where
from adapters.slack.people import AdminCheck
from tests.slack.slack_requests import BOT_TOKEN


async def test_message_knows_workspace_admins_and_configured_users(services, make_settings, fake_slack):
    settings = make_settings(slack_api_url=fake_slack.api_url)
    client = web_client(settings, token=BOT_TOKEN)
    conversation = Conversation(services, AdminCheck(["U0CONFIGURED"]))
    where = Where(channel_id="C1", team_id="T0TEAM")

    async def admin(user_id: str) -> bool:
        where.user_id = user_id
        return (await conversation.message(client, "/ai-digest subscribe", where)).user_is_admin

    assert await admin("U0ADMIN") is True  # Slack says is_admin
    assert await admin("U0ASKER") is False
    assert await admin("U0CONFIGURED") is True  # SLACK_ADMIN_USERS, no need to ask Slack
    assert await admin("U0ADMIN") is True
    asked = [c.body["user"] for c in fake_slack.calls_to("users.info")]
    assert asked == ["U0ADMIN", "U0ASKER"]  # cached, and never asked about configured users


async def test_only_the_digest_command_asks_slack_who_is_an_admin(services, make_settings, fake_slack):
    settings = make_settings(slack_api_url=fake_slack.api_url)
    client = web_client(settings, token=BOT_TOKEN)
    conversation = Conversation(services, AdminCheck([]))
    where = Where(channel_id="C1", user_id="U0ADMIN", team_id="T0TEAM")
    for text in ("<@U0BOT> who built GLM-5?", "stock MiniMax", "/ai-stock MiniMax"):
        assert (await conversation.message(client, text, where)).user_is_admin is False
    assert fake_slack.calls_to("users.info") == []  # a question or another command: no users.info
    for text in ("<@U0BOT> digest subscribe", "/ai-digest status"):
        assert (await conversation.message(client, text, where)).user_is_admin is True
    assert [c.body["user"] for c in fake_slack.calls_to("users.info")] == ["U0ADMIN"]  # then cached


def test_event_claims_are_exclusive_and_old_ones_are_forgotten(db_url, services):
    engine = services.knowledge.engine
    assert records.claim_event(engine, event_id="Ev1") is True
    assert records.claim_event(engine, event_id="Ev1") is False
    records.release_event(engine, event_id="Ev1")
    assert records.claim_event(engine, event_id="Ev1") is True
    assert records.forget_old(engine, now=datetime.now(timezone.utc)) == (0, 0)
    assert records.forget_old(engine, now=datetime.now(timezone.utc) + timedelta(days=3)) == (1, 0)
    assert records.claim_event(engine, event_id="Ev1") is True


def test_threads_are_remembered_once(db_url, services):
    engine = services.knowledge.engine
    assert not records.is_bot_thread(engine, channel_id="C1", thread_ts="1.2")
    records.remember_thread(engine, channel_id="C1", thread_ts="1.2")
    records.remember_thread(engine, channel_id="C1", thread_ts="1.2")
    assert records.is_bot_thread(engine, channel_id="C1", thread_ts="1.2")
    assert not records.is_bot_thread(engine, channel_id="C2", thread_ts="1.2")


def test_old_threads_are_forgotten_and_an_uninstalled_workspace_leaves_nothing(db_url, services):
    engine = services.knowledge.engine
    records.remember_thread(engine, channel_id="C1", thread_ts="1.2", team_id="T1")
    records.remember_thread(engine, channel_id="C9", thread_ts="3.4", team_id="T2")
    records.claim_event(engine, event_id="Ev1", team_id="T1")
    records.claim_event(engine, event_id="Ev2", team_id="T2")
    assert records.forget_old(engine, now=datetime.now(timezone.utc) + timedelta(days=30)) == (2, 0)
    assert records.forget_old(engine, now=datetime.now(timezone.utc) + timedelta(days=91)) == (0, 2)
    assert not records.is_bot_thread(engine, channel_id="C1", thread_ts="1.2")

    records.remember_thread(engine, channel_id="C1", thread_ts="1.2", team_id="T1")
    records.remember_thread(engine, channel_id="C9", thread_ts="3.4", team_id="T2")
    records.claim_event(engine, event_id="Ev3", team_id="T1")
    assert records.forget_workspace(engine, team_id="T1") == 2
    assert not records.is_bot_thread(engine, channel_id="C1", thread_ts="1.2")
    assert records.is_bot_thread(engine, channel_id="C9", thread_ts="3.4")  # another workspace's
