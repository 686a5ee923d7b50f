"""The claim row on SQLite and Postgres: one winner per period, leases, retries and outcomes."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.digest import claims
from knowledge.store import Knowledge

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=10)


@pytest.fixture
def store(db_url):
    knowledge = Knowledge.open(db_url, auto_seed=False)
    yield knowledge
    knowledge.engine.dispose()


@pytest.fixture
def sub(store, subscribe_channel):
    return subscribe_channel(store, "C1")


def claim(store, sub, owner, now, period="2027-W09"):
    return claims.try_claim(store.engine, subscription_id=sub.id, period=period, due_at=T0, owner=owner,
                            now=now, lease=LEASE)


def test_first_claim_wins_and_the_second_loses_cleanly(store, sub):
    first = claim(store, sub, "a", T0)
    assert first is not None and first.attempts == 1
    assert claim(store, sub, "b", T0) is None  # no exception: the conflicting insert did nothing
    assert claim(store, sub, "a", T0) is None  # not even the holder claims twice
    assert claim(store, sub, "b", T0, period="2027-W10") is not None  # another period is free


def test_a_dead_claimers_lease_expires_and_another_process_takes_over(store, sub):
    dead = claim(store, sub, "dead", T0)
    assert claim(store, sub, "b", T0 + LEASE - timedelta(seconds=1)) is None
    taken = claim(store, sub, "b", T0 + LEASE + timedelta(seconds=1))
    assert taken is not None and taken.attempts == 2
    # The dead process, were it to wake up, can no longer record anything.
    assert not claims.record_sent(store.engine, dead, now=T0, covered_until=T0)
    assert claims.record_sent(store.engine, taken, now=T0, covered_until=T0)
    assert claims.status(store.engine, subscription_id=sub.id, period="2027-W09") == "sent"


def test_a_failed_post_is_retried_after_backoff_and_never_after_it_is_sent(store, sub):
    first = claim(store, sub, "a", T0)
    assert claims.record_failed(store.engine, first, now=T0, error="HTTP 500")
    assert claims.status(store.engine, subscription_id=sub.id, period="2027-W09") == "failed"
    wait = claims.backoff(1)
    assert claim(store, sub, "b", T0 + wait - timedelta(seconds=1)) is None
    second = claim(store, sub, "b", T0 + wait)
    assert second is not None and second.attempts == 2
    assert claims.record_sent(store.engine, second, now=T0 + wait, covered_until=T0 + wait)
    assert claim(store, sub, "c", T0 + timedelta(days=1)) is None


def test_backoff_grows_and_is_capped():
    waits = [claims.backoff(n) for n in range(1, 12)]
    assert waits == sorted(waits) and waits[0] < waits[1] and waits[-1] == claims.BACKOFF_CAP


def test_repeated_failures_end_as_abandoned_not_as_endless_posts(store, sub):
    now = T0
    for attempt in range(1, claims.MAX_ATTEMPTS + 1):
        held = claim(store, sub, f"p{attempt}", now)
        assert held is not None and held.attempts == attempt
        claims.record_failed(store.engine, held, now=now, error="HTTP 429")
        now += claims.BACKOFF_CAP
    assert claims.status(store.engine, subscription_id=sub.id, period="2027-W09") == "abandoned"
    assert claim(store, sub, "late", now + timedelta(days=1)) is None


def test_a_holder_dying_on_the_last_attempt_leaves_the_period_abandoned_not_claimed(store, sub):
    now = T0
    for attempt in range(1, claims.MAX_ATTEMPTS):
        claims.record_failed(store.engine, claim(store, sub, f"p{attempt}", now), now=now, error="HTTP 500")
        now += claims.BACKOFF_CAP
    assert claim(store, sub, "dies", now).attempts == claims.MAX_ATTEMPTS  # and never records anything
    assert claim(store, sub, "late", now + LEASE / 2) is None
    assert claims.status(store.engine, subscription_id=sub.id, period="2027-W09") == "claimed"
    assert claim(store, sub, "late", now + LEASE * 2) is None  # may have posted: not tried again
    assert claims.status(store.engine, subscription_id=sub.id, period="2027-W09") == "abandoned"


def test_unsubscribing_removes_the_claims_too(store, sub):
    from bot.digest.subscriptions import unsubscribe

    claim(store, sub, "a", T0)
    assert unsubscribe(store.engine, platform="slack", workspace_id="T1", channel_id="C1")
    assert claims.history(store.engine, subscription_id=sub.id) == []
