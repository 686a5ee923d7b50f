"""Terminal chat: read a line, answer it with the same engine the platforms use, print it."""

from __future__ import annotations

import asyncio
import sys

from rich.console import Console
from rich.text import Text

from bot.messages import Message
from bot.replies import Reply

PROMPT = "you> "
GOODBYE = {"/quit", "/exit", "quit", "exit"}


def render(reply: Reply) -> Text:
    """Plain text with a bold title; user text is never interpreted as markup."""
    out = Text()
    out.append(reply.title + "\n", style="bold red" if reply.private and reply.kind.value == "error" else "bold")
    out.append(reply.plain_text())
    return out


class ConsoleAdapter:
    name = "console"

    def __init__(self, services, *, stdin=None, stdout=None):
        self.services = services
        self.stdin = stdin or sys.stdin
        self.console = Console(file=stdout or sys.stdout, highlight=False, soft_wrap=True)

    def chat(self) -> None:
        """The blocking chat loop behind `aibot chat`."""
        self.console.print(Text("Ask about Chinese AI firms, models and markets. /ai-help for commands, "
                                "/quit to leave.", style="dim"))
        while True:
            if self.stdin.isatty():
                self.console.print(PROMPT, end="")
            line = self.stdin.readline()
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line.casefold() in GOODBYE:
                break
            reply = self.services.engine.handle(Message(text=line, platform="console", user_id="local",
                                                        channel_id="terminal", is_direct=True,
                                                        user_is_admin=True))
            self.console.print(render(reply))
            self.console.print()

    async def start(self, *, receive: bool = True) -> None:
        if receive:  # deliver prints; only the chat reads the terminal
            await asyncio.to_thread(self.chat)

    async def stop(self) -> None:
        return None

    async def deliver(self, channel: str, reply: Reply, *, workspace: str | None = None) -> None:
        self.console.print(render(reply))


def create(services) -> ConsoleAdapter:
    return ConsoleAdapter(services)
