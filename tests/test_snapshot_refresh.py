"""The in-memory snapshot: reused while fresh, rebuilt when the store's revision moves, and
rebuilt at once after `invalidate()` whatever the clock says."""

from bot.messages import Message
from knowledge.db import bump_revision, session_scope
from knowledge.store import Knowledge


def test_invalidate_rebuilds_even_just_after_boot(db_url, monkeypatch):
    # time.monotonic() counts from boot on Linux: minutes after a boot it is smaller than a long
    # refresh interval, and an "invalid" timestamp of 0.0 would still look fresh.
    monkeypatch.setattr("knowledge.store.time.monotonic", lambda: 60.0)
    knowledge = Knowledge(Knowledge.open(db_url, auto_seed=False).engine, refresh_seconds=3600)
    first = knowledge.snapshot()
    assert knowledge.is_fresh() and knowledge.snapshot() is first
    with session_scope(knowledge.engine) as session:  # another writer moves the revision
        bump_revision(session)
    assert knowledge.snapshot() is first  # within refresh_seconds: not looked at yet
    knowledge.invalidate()
    assert not knowledge.is_fresh()
    assert knowledge.snapshot().revision == first.revision + 1
    knowledge.engine.dispose()


def test_a_new_snapshot_means_new_answers(services):
    ask = lambda: services.engine.handle(Message(text="/ai-stock MiniMax"))  # noqa: E731
    before = ask()
    assert ask() is before  # remembered for this snapshot
    with session_scope(services.knowledge.engine) as session:
        bump_revision(session)
    services.knowledge.invalidate()
    after = ask()
    assert after is not before and after == before  # computed again, from the same facts
