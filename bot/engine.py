"""The answer engine: a neutral message in, a structured Reply out. Knows no platform.

Text that starts with "/" is a command; text whose first word is a command word ("stock
MiniMax", "help") runs that command, which is how commands work inside Slack threads and
mentions; anything else is a free question. Nothing a user types can make this raise.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any

from bot.answering.ask import answer_question
from bot.commands import Command, Registry, UsageError, build_registry
from bot.commands.context import CommandContext
from bot.config import Settings
from bot.messages import Message
from bot.replies import Reply, error, usage
from bot.safety import clean_input, looks_like_junk, quote_user_text
from knowledge.resolver import EntityRef
from knowledge.snapshot import Snapshot
from knowledge.store import Knowledge

log = logging.getLogger(__name__)
GREETINGS = {"hi", "hello", "hey", "hiya", "yo", "thanks", "thank you", "good morning", "你好", "您好", "谢谢"}


class AnswerEngine:
    def __init__(self, knowledge: Knowledge, settings: Settings, registry: Registry | None = None,
                 services: dict[str, Any] | None = None):
        self.knowledge = knowledge
        self.settings = settings
        self.registry = registry or build_registry()
        self.services = services if services is not None else {}
        self._memo: tuple[Snapshot, Callable[[str], Reply]] | None = None

    # -- entry points used by adapters ------------------------------------------------------

    def handle(self, message: Message) -> Reply:
        """Answer whatever the user typed: a /command, a command word, or a question."""
        if len(message.text) > self.settings.max_question_chars:
            return error(
                f"That message is {len(message.text):,} characters long; please keep questions under "
                f"{self.settings.max_question_chars:,}.", title="Too long",
            )
        text = clean_input(message.text)
        if not text:
            return usage("Ask me something", "Ask me about Chinese AI firms, models and markets, "
                         "for example “How did MiniMax's shares move?”. Type /ai-help for commands.")
        if looks_like_junk(text):
            return error("I couldn't find a question in that. Try “Who built GLM-5?” or /ai-help.",
                         title="No question found")
        if text.casefold().strip("!.? ") in GREETINGS:
            return usage("Hello!", "Ask me about Chinese AI firms, models and markets, for example "
                         "“How did MiniMax's shares move?” or “Who built GLM-5?”. Type /ai-help for commands.")
        try:
            snapshot = self.knowledge.snapshot()
            command, rest = self.route(text)
            if command is not None and command.reads_message:
                return self._run_text(command, rest, message, snapshot)
            return self._memo_for(snapshot)(text)
        except Exception:
            log.exception("failed to answer", extra={"platform": message.platform})
            return error("Something went wrong while answering; it has been logged. Please try again.")

    # -- the same, for adapters running in an event loop ---------------------------------------

    async def handle_async(self, message: Message) -> Reply:
        # The command word comes first (after any mention): no need to clean a long question whole.
        command, _ = self.route(clean_input(message.text[:200]))
        return await self._in_loop_or_thread(self.handle, message, uses_store=_uses_store(command))

    async def run_command_async(self, name: str, options: dict[str, str], message: Message) -> Reply:
        return await self._in_loop_or_thread(self.run_command, name, options, message,
                                             uses_store=_uses_store(self.registry.get(name)))

    async def complete_async(self, kinds: tuple[str, ...], prefix: str, limit: int = 25) -> list[EntityRef]:
        return await self._in_loop_or_thread(self.complete, kinds, prefix, limit)

    async def _in_loop_or_thread(self, function, *args, uses_store: bool = False):
        # An answer from the in-memory snapshot takes well under a millisecond: less than the hop
        # to a worker thread would cost. When the snapshot may need a database read or a rebuild
        # (seconds on a large store), or the command works on the database itself, the work goes
        # to a thread so the event loop never stalls.
        if self.knowledge.is_fresh() and not uses_store:
            return function(*args)
        return await asyncio.to_thread(function, *args)

    def run_command(self, name: str, options: dict[str, str], message: Message) -> Reply:
        """Run a command whose options arrived already typed (Discord, Slack buttons)."""
        command = self.registry.get(name)
        if command is None:
            return self._unknown_command(name)
        cleaned = {k: clean_input(str(v)) for k, v in options.items() if v is not None and str(v).strip()}
        if any(len(v) > self.settings.max_question_chars for v in cleaned.values()):
            return error("That is too long for a command option.", title="Too long")
        try:
            return command.handler(self._context(message), command.validate(cleaned))
        except UsageError as exc:
            return usage(f"/{command.name}", f"{exc}\nUsage: {command.usage}")
        except Exception:
            log.exception("command failed", extra={"command": name, "platform": message.platform})
            return error("Something went wrong while answering; it has been logged. Please try again.")

    def complete(self, kinds: tuple[str, ...], prefix: str, limit: int = 25) -> list[EntityRef]:
        """Autocomplete for firm and model options, from the same resolver answers use."""
        return self.knowledge.snapshot().resolver.complete(clean_input(prefix)[:100], kinds, limit)

    # -- internals --------------------------------------------------------------------------

    def _context(self, message: Message, snapshot: Snapshot | None = None) -> CommandContext:
        return CommandContext(self.knowledge, snapshot or self.knowledge.snapshot(), message, self.registry,
                              self.settings, self.services)

    def route(self, text: str) -> tuple[Command | None, str]:
        """The command the text runs (None: a question or an unknown /command) and its arguments."""
        first, _, rest = text.partition(" ")
        if first.startswith("/"):
            return self.registry.get(first), rest
        command = self.registry.by_word(first.rstrip(":,"))
        if command is not None and (rest.strip() or not any(o.required for o in command.options)):
            if command.name != "ai-help" or not rest or self.registry.get(rest.split()[0]):
                return command, rest
        return None, text

    def _memo_for(self, snapshot: Snapshot):
        """The answer function for this snapshot, remembering its last answers.

        A snapshot never changes, and apart from commands that read the message (the digest) an
        answer depends only on the text and the snapshot: a burst of the same question (everyone
        asking about the firm in the news, everyone pressing the same button) is answered once.
        A new snapshot gets a new memo, so nothing stale is served (functools.lru_cache is
        thread-safe; a size of 0 remembers nothing).
        """
        memo = self._memo
        if memo is None or memo[0] is not snapshot:
            answer = functools.partial(self._answer_text, snapshot)
            memo = self._memo = (snapshot, functools.lru_cache(maxsize=self.settings.answer_memo_size)(answer))
        return memo[1]

    def _answer_text(self, snapshot: Snapshot, text: str) -> Reply:
        """The answer from the text alone: the commands run here get a message holding only the
        text, so what they answer cannot depend on who asked or where."""
        command, rest = self.route(text)
        if command is not None:
            return self._run_text(command, rest, Message(text=text), snapshot)
        if text.startswith("/"):
            return self._unknown_command(text.partition(" ")[0])
        return answer_question(snapshot, text)

    def _run_text(self, command: Command, rest: str, message: Message, snapshot: Snapshot) -> Reply:
        ctx = self._context(message, snapshot)
        try:
            options = command.parse(ctx, rest)
        except UsageError as exc:
            return usage(f"/{command.name}", f"{exc}\nUsage: {command.usage}")
        return command.handler(ctx, options)

    def _unknown_command(self, name: str) -> Reply:
        names = ", ".join(f"/{c.name}" for c in self.registry)
        return usage("Unknown command", f"I don't know the command {quote_user_text(name, 40)}. "
                     f"Commands: {names}.")


def _uses_store(command: Command | None) -> bool:
    return command is not None and command.uses_store
