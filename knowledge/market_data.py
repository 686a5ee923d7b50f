"""The read side of market data: each quoted firm's latest close and its change over a week and a
month, for the in-memory snapshot `/ai-stock` answers from. Importing the CSV is
knowledge/ingest/quotes.py; nothing here depends on it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from knowledge.models import Quote


@dataclass
class QuoteSummary:
    ticker: str
    day: date
    close: float
    week_change: float | None  # percent, against the last close at least 7 days earlier
    month_change: float | None  # the same, against the last close a calendar month earlier or before
    source: str | None


def quote_summaries(session: Session) -> dict[int, QuoteSummary]:
    """Every quoted firm's summary, for the in-memory snapshot (answers never query the store).
    Only the rows a summary can use are read: each firm's last two months or so."""
    summaries: dict[int, QuoteSummary] = {}
    latest = session.exec(select(Quote.entity_id, func.max(Quote.day)).group_by(Quote.entity_id)).all()
    for entity_id, last_day in latest:
        window_start = month_before(last_day) - timedelta(days=31)  # room for gaps (holidays, weekly data)
        rows = session.exec(select(Quote).where(Quote.entity_id == entity_id, Quote.day >= window_start)
                            .order_by(Quote.day.desc(), Quote.id.desc())).all()
        summary = summarize(rows)
        if summary is not None:
            summaries[entity_id] = summary
    return summaries


def summarize(rows: list[Quote]) -> QuoteSummary | None:
    """The latest close of the most recently quoted ticker among `rows` (newest first), and its
    change over a week and over a calendar month."""
    if not rows:
        return None
    latest = rows[0]
    same_ticker = [r for r in rows if r.ticker == latest.ticker]

    def change_since(start: date) -> float | None:
        before = next((r for r in same_ticker if r.day <= start), None)
        if before is None or not before.close:
            return None
        return round((latest.close - before.close) / before.close * 100, 2)

    return QuoteSummary(latest.ticker, latest.day, latest.close, change_since(latest.day - timedelta(days=7)),
                        change_since(month_before(latest.day)), latest.source)


def month_before(day: date) -> date:
    """The same day a calendar month earlier, or that month's last day (31 March -> 28/29 February)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quote_counts(session: Session) -> tuple[int, date | None]:
    count, newest = session.exec(select(func.count(), func.max(Quote.day)).select_from(Quote)).one()
    return count, newest
