"""One unusable subscription row does not stop the others; a digest is built from the store as it
is when posted, not from a cached snapshot."""

from datetime import datetime, timedelta, timezone

from bot.digest import claims
from bot.digest.runner import DigestRunner
from knowledge.store import Knowledge

UTC = timezone.utc
MONDAY_9 = datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


def test_a_bad_schedule_row_is_skipped_and_the_others_are_due(services, recorder, subscribe_channel, caplog):
    created = MONDAY_9 - timedelta(days=1)
    subscribe_channel(services.knowledge, "C-BAD-DAY", weekday="xyz", created_at=created)
    subscribe_channel(services.knowledge, "C-BAD-ZONE", timezone="Mars/Base", created_at=created)
    good = subscribe_channel(services.knowledge, "C-GOOD", created_at=created)
    runner = DigestRunner(services.knowledge, services.settings, {"slack": recorder()})
    runs = runner.due(MONDAY_9 + timedelta(minutes=1))
    assert [run.subscription.id for run in runs] == [good.id]
    assert "C-BAD-DAY" in caplog.text and "C-BAD-ZONE" in caplog.text


async def test_the_digest_posted_includes_what_the_store_got_moments_ago(db_url, make_settings, recorder,
                                                                         subscribe_channel, add_doc_at):
    # A long refresh interval makes a stale snapshot certain: the runner must not rely on it.
    knowledge = Knowledge(Knowledge.open(db_url, auto_seed=False).engine, refresh_seconds=3600)
    sub = subscribe_channel(knowledge, "C1", created_at=MONDAY_9 - timedelta(days=1))
    knowledge.snapshot()  # cached now, before the document arrives
    other = Knowledge.open(db_url, auto_seed=False)  # another process writes to the store
    add_doc_at(other, MONDAY_9 - timedelta(minutes=1), key="late-news", title="Late-breaking model release",
               body="DeepSeek released a new model on Monday morning.")
    slack = recorder()
    runner = DigestRunner(knowledge, make_settings(), {"slack": slack})
    [outcome] = await runner.run_due(MONDAY_9)
    assert outcome.status == "sent"
    _, _, reply = slack.posts[0]
    assert "Late-breaking model release" in reply.plain_text()
    assert claims.last_sent(knowledge.engine, subscription_id=sub.id).covered_until == MONDAY_9
    other.engine.dispose()
    knowledge.engine.dispose()
