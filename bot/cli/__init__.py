"""The `aibot` command line. Each area's verbs live in their own module and are added here."""

from __future__ import annotations

import typer

from bot.cli import ask, chat, config, db, digest, feeds, ingest, knowledge, quotes, run

app = typer.Typer(
    name="aibot",
    help="A chat bot that answers questions about the Chinese AI industry, with sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (ask, chat, run, knowledge, config, db, ingest, feeds, quotes, digest):
    module.register(app)


def main() -> None:
    app()
