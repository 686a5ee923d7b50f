"""/ai-firm FIRM: a firm's profile (names, models, people, listing, moves, events)."""

from bot.answering.profiles import firm_reply
from bot.commands.entity_args import resolve_arg
from bot.commands.registry import Command, Registry
from bot.commands.stock import FIRM
from bot.replies import Reply


def firm(ctx, options: dict[str, str]) -> Reply:
    found = resolve_arg(ctx, options["firm"], FIRM.entity_kinds, "ai-firm")
    return found if isinstance(found, Reply) else firm_reply(ctx.snapshot, found)


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-firm", summary="A firm's profile: names, models, people, listing, news",
        handler=firm, options=(FIRM,), words=("firm", "company"),
        examples=("/ai-firm Zhipu", "/ai-firm 月之暗面"),
    ))
