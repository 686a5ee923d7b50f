"""Honest answers for names we do not track, names that match several entities, and questions
the sources do not answer. None of these ever states a figure."""

from __future__ import annotations

from bot.replies import Reply, ReplyKind, Suggestion
from bot.safety import quote_user_text
from knowledge.resolver import EntityRef
from knowledge.snapshot import Snapshot

COMMAND_FOR_KIND = {"firm": "ai-firm", "org": "ai-firm", "model": "ai-model", "product": "ai-model", "person": "ai-ask"}


def suggestion_for(entity: EntityRef, command: str | None = None) -> Suggestion:
    command = command or COMMAND_FOR_KIND.get(entity.kind, "ai-ask")
    argument = entity.name if command != "ai-ask" else f"Who is {entity.name}?"
    return Suggestion(label=entity.name, command=f"/{command} {argument}")


def not_tracked(snap: Snapshot, name: str, *, kinds: tuple[str, ...], command: str) -> Reply:
    """`/ai-stock Apple`: say plainly we do not track it, and offer what is close or what we have."""
    shown = quote_user_text(name)
    close = [e for e, _score in snap.resolver.resolve(name, kinds).candidates][:3]
    if close:
        hint = "The closest names I know are below."
        suggestions = [suggestion_for(e, command) for e in close]
    else:
        tracked = _tracked_examples(snap, kinds)
        hint = "I track firms and models from the Chinese AI industry, such as " + ", ".join(e.name for e in tracked) + "."
        suggestions = [suggestion_for(e, command) for e in tracked]
    noun = "firm" if set(kinds) & {"firm", "org"} else "model" if set(kinds) & {"model", "product"} else "name"
    return Reply(
        title=f"Not tracked: {shown}",
        text=f"I don't track {shown}: it is not a {noun} in my sources, so I have no data on it. {hint}",
        kind=ReplyKind.NOT_FOUND,
        suggestions=suggestions,
    )


def ambiguous(query: str, candidates: list[EntityRef], command: str | None = None) -> Reply:
    names = [c.name for c in candidates[:5]]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return Reply(
        title="Which one did you mean?",
        text=f"“{quote_user_text(query)}” is close to more than one name: {listed}. Which one did you mean?",
        kind=ReplyKind.NOT_FOUND,
        suggestions=[suggestion_for(c, command) for c in candidates[:5]],
    )


def not_in_sources(topic: str | None = None, *, known: list[EntityRef] = ()) -> Reply:
    what = f" about {quote_user_text(topic)}" if topic else ""
    text = f"I don't know: my sources say nothing{what} that answers that."
    if known:
        text += " I do have information on " + ", ".join(e.name for e in known) + "."
    else:
        text += " Try /ai-help to see what I can answer."
    return Reply(
        title="Not in my sources",
        text=text,
        kind=ReplyKind.NOT_FOUND,
        suggestions=[suggestion_for(e) for e in known[:3]],
        suggestions_label="See also",
    )


def _tracked_examples(snap: Snapshot, kinds: tuple[str, ...], limit: int = 4) -> list[EntityRef]:
    if set(kinds) & {"firm", "org"}:
        with_moves, seen = [], set()
        for fact in snap.facts:
            if fact.kind == "stock_move" and fact.number is not None and fact.subject.id not in seen:
                seen.add(fact.subject.id)
                with_moves.append(fact.subject)
                if len(with_moves) == limit:
                    break
        if with_moves:
            return with_moves[:limit]
    pool = [e.ref for e in snap.entities.values() if e.ref.kind in kinds and e.data.get("country") != "United States"]
    return sorted(pool, key=lambda e: e.name)[:limit]
