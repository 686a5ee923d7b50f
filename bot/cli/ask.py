"""`aibot ask`: one question, or a batch from standard input as JSON lines."""

from __future__ import annotations

import json
import sys

import typer

from bot.cli.common import services
from bot.messages import Message
from bot.replies import Reply


def reply_json(question: str, reply: Reply) -> dict:
    """The stable batch-mode record that benchmarks and evaluations read."""
    return {
        "question": question,
        "text": reply.plain_text(),
        "sources": [s.label if not s.note else f"{s.title} ({s.note})" for s in reply.sources],
        "entities": reply.entities,
    }


def ask(
    question: str = typer.Argument(None, help="The question, or a /command. Omit to read one question per line from stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the reply as one JSON object."),
) -> None:
    """Ask a question (or run a /command) and print the answer with its sources."""
    bot = services()

    def answer(text: str) -> Reply:
        return bot.engine.handle(Message(text=text, platform="cli", user_id="local", is_direct=True))

    if question is None:
        for line in sys.stdin:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            print(json.dumps(reply_json(line, answer(line)), ensure_ascii=False), flush=True)
        return
    reply = answer(question)
    if as_json:
        print(json.dumps(reply_json(question, reply), ensure_ascii=False))
    else:
        print(reply.title)
        print(reply.plain_text())


def register(app: typer.Typer) -> None:
    app.command()(ask)
