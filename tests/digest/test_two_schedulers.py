"""Two bot processes on one database (here: two threads, each with its own engine, event loop and
scheduler) still post exactly one digest per channel per period, on SQLite and on Postgres."""

import asyncio
import threading
import time
from datetime import datetime, timedelta, timezone

from bot.digest.runner import DigestRunner
from bot.digest.service import DigestService
from bot.services import build_services
from knowledge.store import Knowledge

UTC = timezone.utc
MONDAY_9 = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)
CHANNELS = [f"C{n:02d}" for n in range(12)]


def subscribe_all(db_url, subscribe_channel):
    knowledge = Knowledge.open(db_url, auto_seed=False)
    for channel in CHANNELS:
        subscribe_channel(knowledge, channel, created_at=MONDAY_9 - timedelta(days=1))
    return knowledge


def test_two_runners_racing_on_every_tick_post_once_per_channel_per_period(db_url, make_settings, recorder,
                                                                           subscribe_channel):
    setup = subscribe_all(db_url, subscribe_channel)
    slack = recorder()
    settings = make_settings()
    ticks = [MONDAY_9 + timedelta(weeks=w, minutes=m) for w in range(3) for m in (0, 1, 30)]
    barrier = threading.Barrier(2)
    errors = []

    def process():
        knowledge = Knowledge.open(db_url, auto_seed=False)
        runner = DigestRunner(knowledge, settings, {"slack": slack})
        try:
            for now in ticks:
                barrier.wait(timeout=30)  # both processes look at the same moment
                asyncio.run(runner.run_due(now))
        except Exception as exc:  # surfaced below: a thread's failure must fail the test
            errors.append(exc)
            barrier.abort()
        finally:
            knowledge.engine.dispose()

    threads = [threading.Thread(target=process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    for channel in CHANNELS:
        assert slack.count(channel) == 3, channel
    setup.engine.dispose()


class Clock:
    """The moment both schedulers believe it is; the test moves it."""

    def __init__(self, moment: datetime):
        self.moment = moment
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            return self.moment

    def set(self, moment: datetime) -> None:
        with self.lock:
            self.moment = moment


def test_two_real_schedulers_post_once_per_channel_per_period(db_url, make_settings, recorder, subscribe_channel):
    setup = subscribe_all(db_url, subscribe_channel)
    slack = recorder()
    clock = Clock(MONDAY_9 - timedelta(hours=1))
    stop = threading.Event()
    sweeps = [0, 0]
    services_started = threading.Barrier(3)
    errors = []

    def process(index: int):
        async def main():
            services = build_services(make_settings())
            services.extra["adapters"] = {"slack": slack}
            service = DigestService(services, clock=clock, sweep_seconds=0.05)
            run_due = service.runner.run_due

            async def counted(now):  # count finished sweeps, so the test knows both kept looking
                outcome = await run_due(now)
                sweeps[index] += 1
                return outcome

            service.runner.run_due = counted
            await service.start()
            services_started.wait(timeout=30)
            while not stop.is_set():
                await asyncio.sleep(0.02)
            await service.stop()
            services.knowledge.engine.dispose()

        try:
            asyncio.run(main())
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=process, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        services_started.wait(timeout=60)
        for week in range(3):
            clock.set(MONDAY_9 + timedelta(weeks=week, seconds=30))
            wait_until(lambda: all(slack.count(c) == week + 1 for c in CHANNELS) or errors)
            seen = list(sweeps)
            wait_until(lambda: sweeps[0] >= seen[0] + 3 and sweeps[1] >= seen[1] + 3)  # both looked again
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors
    for channel in CHANNELS:
        assert slack.count(channel) == 3, channel
    setup.engine.dispose()


def wait_until(condition, limit: float = 60.0) -> None:
    """Poll for a condition (a generous limit that only guards against hanging, not a speed check)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.02)


def test_a_process_without_a_platform_leaves_its_channels_to_the_process_that_has_it(db_url, make_settings,
                                                                                      recorder, subscribe_channel):
    knowledge = Knowledge.open(db_url, auto_seed=False)
    subscribe_channel(knowledge, "C1", platform="slack", created_at=MONDAY_9 - timedelta(days=1))
    subscribe_channel(knowledge, "D1", platform="discord", created_at=MONDAY_9 - timedelta(days=1))
    slack, discord = recorder(name="slack"), recorder(name="discord")
    slack_only = DigestRunner(knowledge, make_settings(), {"slack": slack})
    discord_only = DigestRunner(knowledge, make_settings(), {"discord": discord})
    asyncio.run(slack_only.run_due(MONDAY_9))
    asyncio.run(discord_only.run_due(MONDAY_9 + timedelta(minutes=1)))
    assert (slack.count("C1"), slack.count("D1"), discord.count("D1")) == (1, 0, 1)
    knowledge.engine.dispose()
