"""Market data: daily closes imported from CSV (the summary `/ai-stock` shows beside the moves
reported in articles is read by knowledge/market_data.py).

The CSV has a header with `date`, `ticker` or `firm`, `close`, and optionally `change` (percent).
A ticker must match a listing in the curated knowledge ("0100", "0100.HK" and "HKEX:0100" all
match MiniMax's HKEX listing); a firm must match a name or alias exactly. Anything else is
reported with its line number and never guessed: a price filed under the wrong firm is worse
than a missing one. The stdlib csv module is enough for this shape; pandas would be a heavy
dependency for four columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from knowledge.db import bump_revision, session_scope
from knowledge.models import Fact, Quote
from knowledge.queries import build_resolver
from knowledge.resolver import FIRM_KINDS
from knowledge.text import parse_date

TICKER_COLUMNS = ("ticker", "symbol", "code")
FIRM_COLUMNS = ("firm", "company", "name")
_EXCHANGE_PREFIX = re.compile(r"^[A-Z]+:")
_EXCHANGE_SUFFIX = re.compile(r"\.(HK|SS|SH|SZ|US|N|O)$")


def normalize_ticker(ticker: str) -> str:
    """"HKEX:0100", "0100.HK", "100" -> "100"; "baba" -> "BABA"."""
    text = _EXCHANGE_SUFFIX.sub("", _EXCHANGE_PREFIX.sub("", ticker.strip().upper()))
    return text.lstrip("0") or "0" if text.isdigit() else text


@dataclass
class QuoteImport:
    imported: int = 0
    updated: int = 0
    unknown: dict[str, list[int]] = field(default_factory=dict)  # name -> line numbers
    bad_lines: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        parts = [f"{self.imported} quotes imported", f"{self.updated} updated"]
        if self.unknown:
            parts.append(f"{sum(len(v) for v in self.unknown.values())} rows for unknown tickers or firms")
        if self.bad_lines:
            parts.append(f"{len(self.bad_lines)} bad rows")
        return ", ".join(parts)


class QuoteFileError(ValueError):
    pass


def import_quotes(engine: Engine, path: Path) -> QuoteImport:
    """Load a CSV of closes in one transaction (rows are upserted by firm, ticker and day)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuoteFileError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().casefold(): c for c in reader.fieldnames or []}
    ticker_col = next((columns[c] for c in TICKER_COLUMNS if c in columns), None)
    firm_col = next((columns[c] for c in FIRM_COLUMNS if c in columns), None)
    if "date" not in columns or "close" not in columns or not (ticker_col or firm_col):
        raise QuoteFileError(f"{path}: needs a header with date, ticker (or firm) and close columns")
    report = QuoteImport()
    with session_scope(engine) as session:
        listings = _listings(session)
        resolver = build_resolver(session)
        for line, row in enumerate(reader, start=2):
            raw_ticker = (row.get(ticker_col) or "").strip() if ticker_col else ""
            raw_firm = (row.get(firm_col) or "").strip() if firm_col else ""
            day = parse_date((row.get(columns["date"]) or "").strip())
            close = _number(row.get(columns["close"]))
            change = _number(row.get(columns["change"])) if "change" in columns else None
            if day is None or close is None or not (raw_ticker or raw_firm):
                report.bad_lines.append(f"line {line}: needs a date (YYYY-MM-DD), a close and a ticker or firm")
                continue
            found = _match(raw_ticker, raw_firm, listings, resolver)
            if found is None:
                report.unknown.setdefault(raw_ticker or raw_firm, []).append(line)
                continue
            entity_id, ticker = found
            existing = session.exec(select(Quote).where(
                Quote.entity_id == entity_id, Quote.ticker == ticker, Quote.day == day)).first()
            if existing is None:
                session.add(Quote(entity_id=entity_id, ticker=ticker, day=day, close=close, change=change,
                                  source=path.name[:300]))
                report.imported += 1
            elif (existing.close, existing.change) != (close, change):
                existing.close, existing.change, existing.source = close, change, path.name[:300]
                session.add(existing)
                report.updated += 1
        if report.imported or report.updated:
            bump_revision(session)
    return report


def _number(value: str | None) -> float | None:
    text = (value or "").strip().rstrip("%").replace(",", "")
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _listings(session: Session) -> dict[str, tuple[int, str]]:
    """Normalised ticker -> (entity id, ticker as listed), from the curated listing facts."""
    out = {}
    for subject_id, ticker in session.exec(select(Fact.subject_id, Fact.value).where(Fact.kind == "listing")):
        if ticker:
            out[normalize_ticker(ticker)] = (subject_id, ticker)
    return out


def _match(ticker: str, firm: str, listings, resolver) -> tuple[int, str] | None:
    if ticker:
        return listings.get(normalize_ticker(ticker))
    # The whole name must be a name or alias: resolve() would also find "Tencent" inside
    # "Tencent Music", another firm, and file its prices under the wrong one.
    entity = resolver.exact(firm, FIRM_KINDS)
    if entity is None:
        return None
    tickers = [t for eid, t in listings.values() if eid == entity.id]
    return entity.id, (tickers[0] if len(tickers) == 1 else entity.name)
