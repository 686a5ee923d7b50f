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


def test_status_is_the_channels_own_whoever_asked_the_same_words_before(services):
    say(services, "/ai-digest subscribe", admin=True, channel="C1")
    assert "Next due" in say(services, "/ai-digest status", channel="C1").text
    assert "not subscribed" in say(services, "/ai-digest status", channel="C2").text
    assert "Next due" in say(services, "/ai-digest status", channel="C1").text


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


def test_the_default_schedule_is_parsed_like_a_typed_one(make_settings):
    from bot.services import build_services

    bot = build_services(make_settings(digest_default_weekday="Monday", digest_default_time="9:30",
                                       timezone="Asia/Shanghai"))
    try:
        reply = say(bot, "/ai-digest subscribe", admin=True)
        assert "every Mon at 09:30 (Asia/Shanghai)" in reply.text
        [sub] = all_subscriptions(bot.knowledge.engine)
        assert sub.schedule.weekday == "mon" and sub.schedule.trigger() is not None
    finally:
        bot.knowledge.engine.dispose()


def test_a_bad_default_schedule_is_named_and_nothing_is_saved(make_settings):
    from bot.services import build_services

    bot = build_services(make_settings(digest_default_weekday="someday"))
    try:
        reply = say(bot, "/ai-digest subscribe", admin=True)
        assert reply.private and "DIGEST_DEFAULT_WEEKDAY" in reply.text and "not a weekday" in reply.text
        assert "DIGEST_DEFAULT_WEEKDAY" in say(bot, "/ai-digest preview").text
        assert "DIGEST_DEFAULT_WEEKDAY" in say(bot, "/ai-digest subscribe fri 08:00 UTC", admin=True).text
        assert all_subscriptions(bot.knowledge.engine) == []
    finally:
        bot.knowledge.engine.dispose()


def _claim(engine, sub, period, due_at, *, outcome, attempts=1):
    """`attempts` tries at the period, three hours apart (longer than any backoff)."""
    for attempt in range(attempts):
        moment = due_at + attempt * timedelta(hours=3)
        held = claims.try_claim(engine, subscription_id=sub.id, period=period, due_at=due_at, owner="x",
                                now=moment, lease=timedelta(minutes=5))
        if outcome == "sent":
            claims.record_sent(engine, held, now=moment, covered_until=moment)
        else:
            claims.record_failed(engine, held, now=moment, error="platform answered 500")


def test_status_reports_only_failures_since_the_last_digest(services, subscribe_channel):
    from bot.digest.schedule import latest_due, period_of

    engine = services.knowledge.engine
    sub = subscribe_channel(services.knowledge, "C1", workspace="T1")
    now = datetime.now(timezone.utc)
    current = latest_due(sub.schedule, now)
    week = timedelta(weeks=1)

    def period(due):
        return period_of(due, sub.schedule.zone)

    _claim(engine, sub, period(current - 3 * week), current - 3 * week, outcome="failed",
           attempts=claims.MAX_ATTEMPTS)  # abandoned, before the last digest sent: old news
    assert "the bot gave up after repeated failures" in say(services, "/ai-digest status").text
    _claim(engine, sub, period(current - 2 * week), current - 2 * week, outcome="sent")
    assert "failed to post" not in say(services, "/ai-digest status").text

    _claim(engine, sub, period(current - week), current - week, outcome="failed")  # a past period: not retried
    text = say(services, "/ai-digest status").text
    assert f"The {period(current - week)} digest failed to post; the next digest covers its news." in text

    _claim(engine, sub, period(current), current, outcome="failed")
    text = say(services, "/ai-digest status").text
    assert f"The {period(current)} digest failed to post; it will be retried." in text


async def test_digest_commands_work_on_the_database_off_the_event_loop(services, monkeypatch):
    import threading

    from bot.digest import subscriptions

    on_loop_thread = []
    original = subscriptions.find

    def spy(*args, **kwargs):
        on_loop_thread.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(subscriptions, "find", spy)
    services.knowledge.snapshot()  # fresh: a question would be answered inline
    await services.engine.handle_async(Message(text="/ai-digest status", platform="slack", channel_id="C1"))
    await services.engine.run_command_async("ai-digest", {"action": "status"},
                                            Message(text="", platform="discord", channel_id="1"))
    assert on_loop_thread == [False, False]
