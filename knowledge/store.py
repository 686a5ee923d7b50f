"""The knowledge store as the rest of the bot sees it: a database plus a fresh snapshot.

`Knowledge.snapshot()` returns the in-memory view, rebuilt when another process (or this one)
has written to the store. The revision is checked at most every `refresh_seconds`, so a busy
bot does not query the database for every question.
"""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from knowledge.db import create_db_engine, read_revision
from knowledge.migrate import ensure_current
from knowledge.seeding import ensure_seeded
from knowledge.snapshot import Snapshot, load_snapshot


class Knowledge:
    def __init__(self, engine: Engine, *, refresh_seconds: float = 2.0):
        self.engine = engine
        self.refresh_seconds = refresh_seconds
        self._snapshot: Snapshot | None = None
        # Never checked: minus infinity, not 0.0. time.monotonic() counts from boot on Linux, so
        # for the first `refresh_seconds` after a boot "0.0" would still look fresh.
        self._checked_at = -math.inf
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str, *, seeds_dir: Path | None = None, auto_seed: bool = True,
             migrate: bool = True) -> Knowledge:
        """Open (and on first use create and seed) the store at a SQLAlchemy URL."""
        engine = create_db_engine(url)
        if migrate:
            ensure_current(engine)  # Alembic migrations; a no-op when already at the newest
        if auto_seed:
            ensure_seeded(engine, seeds_dir)
        return cls(engine)

    def snapshot(self) -> Snapshot:
        if self.is_fresh():
            return self._snapshot
        with self._lock:
            revision = read_revision(self.engine)
            if self._snapshot is None or self._snapshot.revision != revision:
                with Session(self.engine) as session:
                    self._snapshot = load_snapshot(session, revision)
            self._checked_at = time.monotonic()
            return self._snapshot

    def is_fresh(self) -> bool:
        """True when `snapshot()` will return at once, without touching the database."""
        return self._snapshot is not None and time.monotonic() - self._checked_at < self.refresh_seconds

    def invalidate(self) -> None:
        """Called after this process wrote to the store: rebuild on the next question."""
        self._checked_at = -math.inf
