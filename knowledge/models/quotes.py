"""Daily closing prices imported from CSV (`aibot quotes import`), one row per firm, ticker and day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from knowledge.models.core import utcnow


class Quote(SQLModel, table=True):
    __tablename__ = "quote"
    __table_args__ = (UniqueConstraint("entity_id", "ticker", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True, ondelete="CASCADE")
    ticker: str = Field(max_length=40)
    day: date = Field(index=True)
    close: float
    change: float | None = None  # percent change on the day, when the file gives it
    source: str | None = Field(default=None, max_length=300)  # the file it came from
    imported_at: datetime = Field(default_factory=utcnow)
