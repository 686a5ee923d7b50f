"""The claim row: before posting a period's digest a process claims it in the store, and only the
process whose claim succeeded posts. This, not the scheduler, guarantees one post per channel per
period: two APScheduler instances sharing a job store both run the same job.

- A fresh claim is an INSERT that loses cleanly on conflict (ON CONFLICT DO NOTHING on SQLite and
  Postgres), so of several racing processes exactly one gets the row.
- A claim whose holder died is taken over after its lease expires; a failed post is retried after
  a backoff. Both take-overs are one conditional UPDATE, so again exactly one process wins.
- The outcome (sent, failed, abandoned) is written only by the claim's current owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.digest.schedule import as_utc
from knowledge.db import session_scope
from knowledge.models.digest import DigestClaim

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=2)
BACKOFF_CAP = timedelta(hours=2)


@dataclass(frozen=True)
class Claim:
    id: int
    subscription_id: int
    period: str
    attempts: int
    owner: str


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 2, 4, 8... minutes, at most two hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _insert_or_nothing(session: Session, values: dict):
    """The new row's (id, attempts), or None when the period is claimed already (SQLite and
    Postgres, the two databases the bot runs on, both have ON CONFLICT DO NOTHING ... RETURNING)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(DigestClaim).values(**values).on_conflict_do_nothing(
        index_elements=["subscription_id", "period"]).returning(DigestClaim.id, DigestClaim.attempts)
    return session.exec(statement).first()


def try_claim(engine: Engine, *, subscription_id: int, period: str, due_at: datetime, owner: str,
              now: datetime, lease: timedelta) -> Claim | None:
    """Claim the period for this owner, or None if it is sent, held by another, or not yet retryable."""
    now = as_utc(now)
    this_period = (DigestClaim.subscription_id == subscription_id, DigestClaim.period == period)
    lease_expired = and_(DigestClaim.status == "claimed", DigestClaim.lease_until < now)
    with session_scope(engine) as session:
        won = _insert_or_nothing(session, {
            "subscription_id": subscription_id, "period": period, "due_at": as_utc(due_at),
            "status": "claimed", "owner": owner, "lease_until": now + lease, "attempts": 1,
        })
        if won is None:
            retry_due = and_(DigestClaim.status == "failed", DigestClaim.retry_at <= now)
            won = session.exec(
                update(DigestClaim)
                .where(*this_period, or_(lease_expired, retry_due), DigestClaim.attempts < MAX_ATTEMPTS)
                .values(status="claimed", owner=owner, lease_until=now + lease, attempts=DigestClaim.attempts + 1)
                .returning(DigestClaim.id, DigestClaim.attempts)
            ).first()
        if won is None:
            # A holder that died on the last attempt: give the period up (it may have posted), so
            # it is reported as abandoned instead of staying "claimed" for ever.
            session.exec(update(DigestClaim)
                         .where(*this_period, lease_expired, DigestClaim.attempts >= MAX_ATTEMPTS)
                         .values(status="abandoned", error="the process posting it stopped answering"))
            return None
        return Claim(won[0], subscription_id, period, won[1], owner)


def _finish(engine: Engine, claim: Claim, **values) -> bool:
    with session_scope(engine) as session:
        return session.exec(
            update(DigestClaim)
            .where(DigestClaim.id == claim.id, DigestClaim.owner == claim.owner, DigestClaim.status == "claimed")
            .values(**values)
            .returning(DigestClaim.id)
        ).first() is not None


def record_sent(engine: Engine, claim: Claim, *, now: datetime, covered_until: datetime) -> bool:
    return _finish(engine, claim, status="sent", sent_at=as_utc(now), covered_until=as_utc(covered_until),
                   error=None, retry_at=None)


def record_failed(engine: Engine, claim: Claim, *, now: datetime, error: str) -> bool:
    """Failed: retry after a backoff, or give up after MAX_ATTEMPTS (never post twice)."""
    if claim.attempts >= MAX_ATTEMPTS:
        return _finish(engine, claim, status="abandoned", error=error[:500])
    return _finish(engine, claim, status="failed", error=error[:500],
                   retry_at=as_utc(now) + backoff(claim.attempts))


def status(engine: Engine, *, subscription_id: int, period: str) -> str | None:
    """The period's claim status, or None if nobody has claimed it yet."""
    with Session(engine) as session:
        return session.exec(select(DigestClaim.status).where(
            DigestClaim.subscription_id == subscription_id, DigestClaim.period == period)).first()


def last_sent(engine: Engine, *, subscription_id: int) -> DigestClaim | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(
            select(DigestClaim)
            .where(DigestClaim.subscription_id == subscription_id, DigestClaim.status == "sent")
            .order_by(DigestClaim.sent_at.desc())
        ).first()


def history(engine: Engine, *, subscription_id: int) -> list[DigestClaim]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(DigestClaim).where(DigestClaim.subscription_id == subscription_id)
                                 .order_by(DigestClaim.due_at)))
