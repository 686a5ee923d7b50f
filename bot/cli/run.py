"""`aibot run`: start every configured adapter in one process and one event loop."""

from __future__ import annotations

import asyncio

import typer

from bot.cli.common import services


def run() -> None:
    """Start Slack, Discord, the digest scheduler and feed polling as configured.

    With no platform configured, says so and opens the terminal chat instead.
    """
    from bot.app import serve

    asyncio.run(serve(services(quiet=False)))


def register(app: typer.Typer) -> None:
    app.command()(run)
