"""The one place that creates database engines and opens sessions.

Any SQLAlchemy URL works. SQLite gets the pragmas it needs to behave like a real database when
several processes share it (foreign keys, WAL, a busy timeout); nothing here is SQLite-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

REVISION_KEY = "revision"


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        in_memory = parsed.database in (None, "", ":memory:")

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or rolls back whole on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def bump_revision(session: Session) -> None:
    """Mark the store changed, so every process's in-memory index knows to rebuild."""
    from knowledge.models import StoreMeta

    updated = session.exec(
        text("UPDATE store_meta SET number = number + 1 WHERE key = :k"), params={"k": REVISION_KEY}
    ).rowcount
    if not updated:
        session.add(StoreMeta(key=REVISION_KEY, number=1))
        session.flush()


def read_revision(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.execute(
            text("SELECT number FROM store_meta WHERE key = :k"), {"k": REVISION_KEY}
        ).scalar()
    return int(value or 0)
