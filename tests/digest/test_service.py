"""The APScheduler service as the composition root starts it: jobs follow the store, with the
grace period as misfire_grace_time and a CronTrigger in each channel's timezone; a digest missed
while the bot was down is posted once on start; a restart adds nothing twice."""

from datetime import datetime, timedelta, timezone

from bot.app import BACKGROUND, load_factory
from bot.digest.service import SWEEP_ID, DigestService
from bot.messages import Message


async def started_service(services, slack):
    services.extra["adapters"] = {"slack": slack}
    service = load_factory(BACKGROUND[0])(services)  # exactly as serve() builds it
    assert isinstance(service, DigestService) and services.extra["digest"] is service
    await service.start()
    return service


async def test_jobs_mirror_the_subscriptions_with_grace_and_timezone(services, recorder, subscribe_channel):
    subscribe_channel(services.knowledge, "C1", weekday="fri", time="17:30", timezone="America/New_York")
    subscribe_channel(services.knowledge, "C2", weekday="mon", time="08:00", timezone="Asia/Shanghai")
    service = await started_service(services, recorder())
    try:
        jobs = {job.name: job for job in service.cron_jobs()}
        assert set(jobs) == {"weekly digest for slack:T1/C1", "weekly digest for slack:T1/C2"}
        grace = services.settings.digest_grace_hours * 3600
        assert all(job.misfire_grace_time == grace and job.coalesce for job in jobs.values())
        assert str(jobs["weekly digest for slack:T1/C1"].trigger.timezone) == "America/New_York"
        assert service.scheduler.get_job(SWEEP_ID) is not None

        # Syncing again (every sweep does) adds nothing; a schedule change replaces that one job.
        await service.sync_jobs()
        assert len(service.cron_jobs()) == 2
        admin = Message(text="/ai-digest subscribe tue 10:00 Europe/Paris", platform="slack", workspace_id="T1",
                        channel_id="C1", user_is_admin=True)
        assert "every Tue at 10:00 (Europe/Paris)" in services.engine.handle(admin).text
        await service.sync_jobs()
        names = {job.name: job for job in service.cron_jobs()}
        assert len(names) == 2 and str(names["weekly digest for slack:T1/C1"].trigger.timezone) == "Europe/Paris"
        gone = Message(text="/ai-digest unsubscribe", platform="slack", workspace_id="T1", channel_id="C2",
                       user_is_admin=True)
        services.engine.handle(gone)
        await service.sync_jobs()
        assert [job.name for job in service.cron_jobs()] == ["weekly digest for slack:T1/C1"]
    finally:
        await service.stop()


async def test_a_digest_missed_during_downtime_is_posted_once_on_start_and_not_after_restart(
        services, recorder, subscribe_channel):
    now = datetime.now(timezone.utc)
    due = (now - timedelta(hours=3)).replace(second=0, microsecond=0)  # three hours ago, within the grace period
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[due.weekday()]
    subscribe_channel(services.knowledge, "C9", weekday=weekday, time=f"{due:%H:%M}", timezone="UTC",
                      created_at=due - timedelta(days=1))
    slack = recorder()
    for _ in range(2):  # start, stop, start again (a restart)
        service = await started_service(services, slack)
        try:
            await wait_until_async(lambda: slack.count("C9") >= 1)
            await service.sweep()  # and once more, explicitly, after the catch-up
        finally:
            await service.stop()
    assert slack.count("C9") == 1
    _, workspace, reply = slack.posts[0]
    assert workspace == "T1" and reply.title.startswith("Weekly AI digest")


async def wait_until_async(condition, limit: float = 60.0):
    import asyncio
    import time

    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)



async def test_a_bad_schedule_row_gets_no_job_and_the_others_still_do(services, recorder, subscribe_channel,
                                                                      caplog):
    subscribe_channel(services.knowledge, "C-BAD", weekday="xyz")
    subscribe_channel(services.knowledge, "C-GOOD", weekday="fri")
    service = await started_service(services, recorder())
    try:
        assert [job.name for job in service.cron_jobs()] == ["weekly digest for slack:T1/C-GOOD"]
        assert await service.sweep() == []  # nothing due yet ...
        assert "digest sweep failed" not in caplog.text  # ... and the sweep went on past the bad row
    finally:
        await service.stop()


async def test_a_subscribe_from_another_thread_adds_its_job_without_waiting_for_the_sweep(services, recorder):
    import asyncio

    service = await started_service(services, recorder())
    try:
        admin = Message(text="/ai-digest subscribe wed 06:00", platform="slack", workspace_id="T1",
                        channel_id="C7", user_is_admin=True)
        await asyncio.to_thread(services.engine.handle, admin)  # adapters run commands off the loop
        # The job appears, and the resync task (held so it is not collected mid-run) is then released.
        await wait_until_async(lambda: len(service.cron_jobs()) == 1 and not service._resyncs, limit=10)
        assert service.cron_jobs()[0].name == "weekly digest for slack:T1/C7"
    finally:
        await service.stop()
