"""The terminal adapter: chat with the bot with no Slack or Discord account at all."""

from adapters.console.adapter import ConsoleAdapter, create, render

__all__ = ["ConsoleAdapter", "create", "render"]
