"""Stock moves: one firm's, two firms side by side, and all reported moves ranked."""

from __future__ import annotations

from datetime import date

from bot.answering.sources import cite, sources_of
from bot.answering.unknown import suggestion_for
from bot.replies import Reply, ReplyField, ReplyKind, Source
from knowledge.market_data import QuoteSummary
from knowledge.resolver import EntityRef
from knowledge.snapshot import FactInfo, Snapshot


def moves_for(snap: Snapshot, firm: EntityRef) -> list[FactInfo]:
    """A firm's reported moves, newest first (dated facts before undated ones)."""
    moves = [f for f in snap.facts_about(firm.id, "stock_move") if f.subject.id == firm.id]
    return sorted(moves, key=recency, reverse=True)


def reported_day(fact: FactInfo) -> date | None:
    """The day a fact is known as of: its own date, else its article's."""
    return fact.as_of or (fact.document.published if fact.document else None)


def recency(fact: FactInfo):
    """A sort key: dated before undated, newer days first, then newer in the store."""
    day = reported_day(fact)
    return (day is not None, day.toordinal() if day else 0, fact.created_at.timestamp())


def move_label(fact: FactInfo) -> str:
    if fact.number is not None:
        return fact.value or f"{fact.number:+g}%"
    return "down (no figure given)" if fact.predicate == "down" else "up (no figure given)"


def reported_when(fact: FactInfo) -> str:
    if fact.when:
        return fact.when
    day = reported_day(fact)
    return day.isoformat() if day else "undated article"


def listing_text(snap: Snapshot, firm: EntityRef) -> str | None:
    listings = [f for f in snap.facts_about(firm.id, "listing") if f.subject.id == firm.id]
    return ", ".join(f"{f.predicate}: {f.value}" for f in listings) or None


def move_line(fact: FactInfo) -> str:
    """A move with its date and, for a fact read from an ingested article, the sentence it came from."""
    when = reported_day(fact)
    statement = fact.statement.rstrip(".")
    if when and fact.document is not None:
        by = fact.document.publisher or f"“{fact.document.title}”"
        line = f"{statement}, as of {when.isoformat()} (reported by {by})"
    else:
        line = f"{statement} (reported by {cite(fact)})"
    if fact.origin == "extracted" and fact.evidence and fact.evidence != fact.statement:
        return f"{line}: “{fact.evidence}”"
    return line + "."


def quote_lines(quotes: QuoteSummary) -> tuple[str, list[ReplyField]]:
    """Market data beside the reported moves: latest close, and change over a week and a month."""
    week = _signed(quotes.week_change) if quotes.week_change is not None else "no close a week earlier"
    month = _signed(quotes.month_change) if quotes.month_change is not None else "no close a month earlier"
    line = (f"Market data: {quotes.ticker} closed at {quotes.close:g} on {quotes.day.isoformat()}; "
            f"over a week {week}, over a month {month}.")
    fields = [ReplyField("Close", f"{quotes.close:g} ({quotes.day.isoformat()})"),
              ReplyField("Week", week), ReplyField("Month", month)]
    return line, fields


def quote_source(quotes: QuoteSummary) -> Source:
    return Source(key=f"quotes:{quotes.source}", title=f"market data ({quotes.source or 'imported quotes'})",
                  published=quotes.day)


def stock_reply(snap: Snapshot, firm: EntityRef) -> Reply:
    quotes = snap.quotes.get(firm.id)
    moves = moves_for(snap, firm)
    listing = listing_text(snap, firm)
    if not moves and quotes is None:
        where = f" ({listing})" if listing else ""
        return Reply(
            title=f"{firm.name}: no reported stock move",
            text=f"My sources report no stock move for {firm.name}{where}.",
            kind=ReplyKind.NOT_FOUND,
            entities=[firm.name],
            suggestions=[suggestion_for(firm, "ai-firm")],
            suggestions_label="See also",
        )
    lines: list[str] = []
    fields: list[ReplyField] = []
    if moves:
        latest = moves[0]
        lines.append(move_line(latest))
        lines += [f"Earlier: {move_line(older)}" for older in moves[1:4]]
        fields += [ReplyField("Change", move_label(latest)), ReplyField("Reported", reported_when(latest))]
    else:
        lines.append(f"My sources report no stock move for {firm.name} in articles.")
    if quotes is not None:
        line, quote_fields = quote_lines(quotes)
        lines.append(line)
        fields += quote_fields
    if listing:
        fields.append(ReplyField("Listing", listing))
    used = moves[:4] + [f for f in snap.facts_about(firm.id, "listing") if f.subject.id == firm.id]
    sources, as_of = sources_of(used)
    if quotes is not None:
        sources.append(quote_source(quotes))
        as_of = max(filter(None, [as_of, quotes.day.isoformat()]))
    return Reply(
        title=f"{firm.name}: reported stock move" if moves else f"{firm.name}: market data",
        text="\n".join(lines),
        fields=fields,
        sources=sources,
        as_of=as_of,
        entities=[firm.name],
    )


def compare_reply(snap: Snapshot, first: EntityRef, second: EntityRef) -> Reply:
    from bot.answering.profiles import one_line  # profiles imports this module too

    fields: list[ReplyField] = []
    used: list[FactInfo] = []
    lines: list[str] = []
    numbers: dict[str, float] = {}
    for entity in (first, second):
        moves = moves_for(snap, entity)
        summary, summary_facts = one_line(snap, entity)
        used += summary_facts
        if moves:
            used.append(moves[0])
            fields.append(ReplyField(f"{entity.name} stock", move_label(moves[0])))
            if moves[0].number is not None:
                numbers[entity.name] = moves[0].number
        lines.append(f"{entity.name}: {summary}")
    if len(numbers) == 2:
        (a, x), (b, y) = numbers.items()
        if x != y:
            hi, lo = (a, b) if x > y else (b, a)
            lines.insert(0, f"{hi} shares moved more: {_signed(numbers[hi])} against {_signed(numbers[lo])} for {lo}.")
        else:
            lines.insert(0, f"Both shares moved {_signed(x)}.")
    sources, as_of = sources_of(used)
    return Reply(
        title=f"{first.name} vs {second.name}",
        text="\n".join(lines),
        fields=fields,
        sources=sources,
        as_of=as_of,
        entities=[first.name, second.name],
    )


def ranking_reply(snap: Snapshot, *, falling_first: bool = False) -> Reply:
    """Every firm's latest reported move, largest gain first (or falls first when asked)."""
    latest: dict[int, FactInfo] = {}
    for fact in snap.facts:
        if fact.kind == "stock_move" and fact.subject.id not in latest:
            latest[fact.subject.id] = moves_for(snap, fact.subject)[0]
    if not latest:
        return Reply(title="Stock moves", text="My sources report no stock moves yet.", kind=ReplyKind.NOT_FOUND)
    ordered = sorted(latest.values(), key=_size, reverse=not falling_first)
    falls = [f for f in ordered if _size(f) < 0]
    if falling_first:
        lead = ("Reported falls: " + ", ".join(f"{f.subject.name} ({move_label(f)})" for f in falls) + "."
                if falls else "My sources report no falls.")
        title = "Reported stock moves, falls first"
    else:
        lead = f"The largest reported move is {ordered[0].subject.name}, {move_label(ordered[0])}."
        title = "Reported stock moves, largest first"
    lines = [f"{i}. {f.subject.name}: {move_label(f)} ({cite(f)})" for i, f in enumerate(ordered, 1)]
    sources, as_of = sources_of(ordered)
    return Reply(title=title, text=lead + "\n" + "\n".join(lines), sources=sources, as_of=as_of,
                 entities=[f.subject.name for f in ordered])


def _size(fact: FactInfo) -> float:
    """Signed size of a move; a fall with no figure ranks below every known figure."""
    if fact.number is not None:
        return fact.number
    return -0.001 if fact.predicate == "down" else 0.001


def _signed(number: float) -> str:
    return f"{number:+g}%"
