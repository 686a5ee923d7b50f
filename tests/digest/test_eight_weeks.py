"""Eight simulated weeks, driven by an explicit clock: restarts, downtime across due times, a process
that dies holding a claim, and a failed post. Each channel still gets exactly eight digests, one
per week, and each digest carries what was new since that channel's previous one."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.digest import claims
from bot.digest.runner import DigestRunner
from bot.digest.schedule import latest_due, period_of
from knowledge.store import Knowledge

UTC = timezone.utc
START = datetime(2030, 3, 4, 0, 0, tzinfo=UTC)  # a Monday; US clocks change on 10 Mar, EU on 31 Mar
END = START + timedelta(weeks=8)
TICK = timedelta(hours=2)
RESTART_EVERY = 41  # ticks (a little under 3.5 days, so restarts land at varying times of day)
# The bot is down across three due times, each for less than the 24 h grace period.
DOWN = [
    (datetime(2030, 3, 18, 6, tzinfo=UTC), datetime(2030, 3, 18, 20, tzinfo=UTC)),  # London Mon 09:00
    (datetime(2030, 3, 29, 20, tzinfo=UTC), datetime(2030, 3, 30, 12, tzinfo=UTC)),  # New York Fri 17:30
    (datetime(2030, 4, 14, 10, tzinfo=UTC), datetime(2030, 4, 15, 2, tzinfo=UTC)),  # Shanghai Sun 23:45
]
CHANNELS = [  # (platform, channel, weekday, time, timezone)
    ("slack", "C-LONDON", "mon", "09:00", "Europe/London"),
    ("discord", "111222333", "fri", "17:30", "America/New_York"),
    ("slack", "C-SHANGHAI", "sun", "23:45", "Asia/Shanghai"),
]
NEWS_AT = datetime(2030, 3, 22, 12, tzinfo=UTC)


def is_down(moment: datetime) -> bool:
    return any(start <= moment < end for start, end in DOWN)


@pytest.mark.parametrize("crash_and_fail", [False, True], ids=["clean", "crash-and-failure"])
async def test_eight_weeks_give_exactly_eight_digests_per_channel(db_url, make_settings, recorder,
                                                                  subscribe_channel, add_doc_at, crash_and_fail):
    settings = make_settings(digest_grace_hours=24, digest_lease_seconds=600)
    setup = Knowledge.open(db_url, auto_seed=False)
    subs = [subscribe_channel(setup, channel, platform=platform, workspace="W1", weekday=day, time=at,
                              timezone=zone, created_at=START)
            for platform, channel, day, at, zone in CHANNELS]
    slack, discord = recorder(name="slack"), recorder(name="discord")
    adapters = {"slack": slack, "discord": discord}

    runner, knowledge, ticks, crashed = None, None, 0, False
    now = START
    while now <= END:
        if not is_down(now):
            if runner is None or ticks % RESTART_EVERY == 0:  # a restart: new engine, new process id
                if knowledge is not None:
                    knowledge.engine.dispose()
                knowledge = Knowledge.open(db_url, auto_seed=False)
                runner = DigestRunner(knowledge, settings, adapters)
            if now >= NEWS_AT and not setup.snapshot().document("news-week-3"):
                add_doc_at(setup, NEWS_AT, key="news-week-3", title="Zhipu AI ships GLM-6 in week three",
                           body="Zhipu AI released GLM-6 to developers on Monday.")
            if crash_and_fail and not crashed and now >= datetime(2030, 4, 8, 8, tzinfo=UTC):  # 09:00 BST
                # A process claims London's 8 Apr digest and dies before posting; Discord's next post fails once.
                due = latest_due(subs[0].schedule, now)
                assert claims.try_claim(knowledge.engine, subscription_id=subs[0].id, owner="died",
                                        period=period_of(due, subs[0].schedule.zone), due_at=due, now=now,
                                        lease=timedelta(seconds=settings.digest_lease_seconds))
                discord.fail_next = 1
                crashed = True
            await runner.run_due(now)
            ticks += 1
        now += TICK
    knowledge.engine.dispose()

    for (platform, channel, *_), sub in zip(CHANNELS, subs):
        target = adapters[platform]
        assert target.count(channel) == 8, f"{channel} got {target.count(channel)} digests"
        sent = [c for c in claims.history(setup.engine, subscription_id=sub.id) if c.status == "sent"]
        assert len({c.period for c in sent}) == 8
        texts = [reply.plain_text() for posted, _, reply in target.posts if posted == channel]
        with_news = [t for t in texts if "GLM-6 in week three" in t]
        assert len(with_news) == 1, "the new article appears in exactly one digest per channel"
        assert "Zhipu AI: 1 article (Test Wire)" in with_news[0]  # most-mentioned firms, with source
        assert sum(t.startswith("Nothing new since") for t in texts) == 7
    if crash_and_fail:
        london = claims.history(setup.engine, subscription_id=subs[0].id)
        assert max(c.attempts for c in london) == 2  # taken over after the lease, posted once
        assert discord.fail_next == 0  # the failure happened, and the post came later, once
    setup.engine.dispose()


async def test_downtime_longer_than_grace_skips_that_week_instead_of_posting_late(db_url, make_settings, recorder,
                                                                                   subscribe_channel):
    settings = make_settings(digest_grace_hours=6)
    knowledge = Knowledge.open(db_url, auto_seed=False)
    subscribe_channel(knowledge, "C1", weekday="mon", time="09:00", created_at=START - timedelta(days=1))
    slack = recorder()
    runner = DigestRunner(knowledge, settings, {"slack": slack})
    monday = START + timedelta(hours=9)
    await runner.run_due(monday + timedelta(hours=5))  # 5 h late: within grace, posted
    await runner.run_due(monday + timedelta(days=7, hours=7))  # 7 h late: past grace, skipped
    await runner.run_due(monday + timedelta(days=7, hours=8))
    await runner.run_due(monday + timedelta(days=14, minutes=1))  # back on time the week after
    assert slack.count("C1") == 2
    knowledge.engine.dispose()
