"""/ai-stock FIRM: the firm's reported share moves, newest first, and its imported market data."""

from bot.answering.market import stock_reply
from bot.commands.entity_args import resolve_arg
from bot.commands.registry import Command, Option, OptionKind, Registry
from bot.replies import Reply

FIRM = Option("firm", "Firm name, ticker or Chinese name (typos are fine)", OptionKind.FIRM)


def stock(ctx, options: dict[str, str]) -> Reply:
    firm = resolve_arg(ctx, options["firm"], FIRM.entity_kinds, "ai-stock")
    if isinstance(firm, Reply):
        return firm
    return stock_reply(ctx.snapshot, firm)


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-stock", summary="How a firm's shares moved, as reported, with the source",
        handler=stock, options=(FIRM,), words=("stock", "stocks", "shares"),
        examples=("/ai-stock MiniMax", "/ai-stock 智谱"),
    ))
