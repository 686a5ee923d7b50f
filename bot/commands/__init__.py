"""The chat commands, each declared once in its own module and registered here explicitly."""

from bot.commands import ask, compare, digest, firm, help, model, stock
from bot.commands.registry import Command, Option, OptionKind, Registry, UsageError

__all__ = ["Command", "Option", "OptionKind", "Registry", "UsageError", "build_registry"]


def build_registry() -> Registry:
    registry = Registry()
    for module in (stock, model, firm, compare, ask, digest, help):
        module.register(registry)
    return registry
