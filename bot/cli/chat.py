"""`aibot chat`: the interactive terminal chat (the console adapter)."""

from __future__ import annotations

import typer

from bot.cli.common import services


def chat() -> None:
    """Chat with the bot in the terminal, using the same engine as Slack and Discord."""
    from bot.app import load_adapter

    load_adapter("console")(services()).chat()


def register(app: typer.Typer) -> None:
    app.command()(chat)
