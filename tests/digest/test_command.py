"""/ai-digest through the engine, with messages as the adapters build them."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.digest import claims
from bot.digest.subscriptions import all_subscriptions
from bot.messages import Message


def say(services, text, *, platform="slack", admin=False, channel="C1", workspace="T1"):
    return services.engine.handle(Message(text=text, platform=platform, user_id="U1", channel_id=channel,
                                          workspace_id=workspace, user_is_admin=admin))


@pytest.mark.parametrize("platform, who", [("slack", "Slack workspace admins"), ("discord", "Manage Server")])
def test_only_admins_subscribe_or_unsubscribe(services, platform, who):
    for action in ("subscribe", "unsubscribe"):
        reply = say(services, f"/ai-digest {action}", platform=platform)
        assert reply.private and who in reply.text
    assert all_subscriptions(services.knowledge.engine) == []


def test_subscribe_status_preview_unsubscribe(services):
    reply = say(services, "/ai-digest subscribe thu 07:45 Asia/Shanghai", admin=True)
    assert not reply.private and "every Thu at 07:45 (Asia/Shanghai)" in reply.text
    status = say(services, "/ai-digest status")
    assert "Next due: Thu" in status.text and "None sent yet." in status.text

    sub = all_subscriptions(services.knowledge.engine)[0]
    assert (sub.platform, sub.workspace_id, sub.channel_id) == ("slack", "T1", "C1")
    now = datetime.now(timezone.utc)
    held = claims.try_claim(services.knowledge.engine, subscription_id=sub.id, period="2026-W01", due_at=now,
                            owner="x", now=now, lease=timedelta(minutes=5))
    claims.record_sent(services.knowledge.engine, held, now=now, covered_until=now)
    assert "Last sent:" in say(services, "digest status").text  # the command word works in threads too

    preview = say(services, "/ai-digest preview")
    assert preview.private and preview.title.startswith("Preview: Weekly AI digest") and not preview.attachments

    assert "Unsubscribed" in say(services, "/ai-digest unsubscribe", admin=True).text
    assert "not subscribed" in say(services, "/ai-digest status").text


def test_the_same_channel_id_in_another_workspace_is_another_subscription(services):
    say(services, "/ai-digest subscribe", admin=True, workspace="T1")
    say(services, "/ai-digest subscribe", admin=True, workspace="T2")
    say(services, "/ai-digest subscribe fri", admin=True, workspace="T2")  # changes, does not duplicate
    subs = all_subscriptions(services.knowledge.engine)
    assert sorted((s.workspace_id, s.schedule.weekday) for s in subs) == [("T1", "mon"), ("T2", "fri")]


@pytest.mark.parametrize("text, complaint", [
    ("/ai-digest subscribe 25:00", "not a time"),
    ("/ai-digest subscribe mon 09:00 Nowhere/Land", "not a timezone"),
    ("/ai-digest subscribe someday", "not a weekday"),
    ("/ai-digest dance", "not an action"),
    ("/ai-digest status please", "takes no further words"),
])
def test_bad_input_gets_a_short_clear_reply_and_writes_nothing(services, text, complaint):
    reply = say(services, text, admin=True)
    assert reply.private and complaint in reply.text
    assert all_subscriptions(services.knowledge.engine) == []


def test_typed_options_from_discord(services):
    message = Message(text="", platform="discord", channel_id="123", workspace_id="456", user_is_admin=True)
    ok = services.engine.run_command("ai-digest", {"action": "subscribe", "weekday": "sat", "time": "6:05",
                                                   "timezone": "Europe/Madrid"}, message)
    assert "every Sat at 06:05 (Europe/Madrid)" in ok.text
    bad = services.engine.run_command("ai-digest", {"action": "subscribe", "time": "noon"}, message)
    assert bad.private and "not a time" in bad.text


def test_the_terminal_counts_as_admin_and_a_message_without_channel_is_told_where(services):
    console = services.engine.handle(Message(text="/ai-digest subscribe", platform="console", channel_id="terminal"))
    assert "Subscribed" in console.text
    nowhere = services.engine.handle(Message(text="/ai-digest subscribe", platform="cli", user_is_admin=True))
    assert nowhere.private and "in the channel" in nowhere.text
