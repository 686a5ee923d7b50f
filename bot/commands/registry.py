"""The one command registry: each chat command is declared once, here, and every platform (the
terminal, Slack's slash commands and manifest, Discord's application commands) and the help text
are generated from these declarations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from bot.replies import Reply
from knowledge.resolver import FIRM_KINDS, MODEL_KINDS

if TYPE_CHECKING:
    from bot.commands.context import CommandContext


class OptionKind(str, Enum):
    TEXT = "text"
    FIRM = "firm"  # a firm name: resolved fuzzily, autocompleted
    MODEL = "model"  # a model or product name: resolved fuzzily, autocompleted
    CHOICE = "choice"


ENTITY_KINDS = {OptionKind.FIRM: FIRM_KINDS, OptionKind.MODEL: MODEL_KINDS}


@dataclass(frozen=True)
class Option:
    name: str
    description: str
    kind: OptionKind = OptionKind.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()

    @property
    def autocomplete(self) -> bool:
        return self.kind in ENTITY_KINDS

    @property
    def entity_kinds(self) -> tuple[str, ...]:
        return ENTITY_KINDS.get(self.kind, ())

    @property
    def placeholder(self) -> str:
        shown = self.name.upper() if self.kind != OptionKind.CHOICE else "|".join(self.choices)
        return shown if self.required else f"[{shown}]"


class UsageError(ValueError):
    """The user's text does not fit the command's options."""


Handler = Callable[["CommandContext", dict[str, str]], Reply]
Parser = Callable[["CommandContext", str], dict[str, str]]


@dataclass(frozen=True)
class Command:
    name: str  # "ai-stock": the slash command everywhere
    summary: str  # one line (Slack and Discord show at most 100 characters)
    handler: Handler
    options: tuple[Option, ...] = ()
    words: tuple[str, ...] = ()  # plain words that invoke it in a mention: "stock MiniMax"
    examples: tuple[str, ...] = ()
    details: str = ""
    parser: Parser | None = None  # for commands whose free text needs more than the default split
    # True when the reply depends on who asks and where (the channel's digest), not only on the
    # text and the knowledge: such replies are never memoized.
    reads_message: bool = False
    # True when the handler reads or writes the database (the digest's subscriptions and claims),
    # not only the in-memory snapshot: adapters in an event loop run it in a worker thread.
    uses_store: bool = False

    @property
    def usage(self) -> str:
        return " ".join([f"/{self.name}", *(o.placeholder for o in self.options)])

    def parse(self, ctx: CommandContext, text: str) -> dict[str, str]:
        """Free text after the command name -> option values (Discord sends them typed)."""
        text = text.strip()
        if self.parser:
            values = self.parser(ctx, text)
        elif not self.options:
            values = {}
        elif len(self.options) == 1:
            values = {self.options[0].name: text} if text else {}
        else:
            parts = text.split(maxsplit=len(self.options) - 1)
            values = dict(zip((o.name for o in self.options), parts))
        return self.validate(values)

    def validate(self, values: dict[str, str]) -> dict[str, str]:
        """Check required options and choices; raises UsageError with a message for the user."""
        values = dict(values)
        for option in self.options:
            value = values.get(option.name)
            if option.required and not value:
                raise UsageError(f"{self.name} needs {option.name.upper()}: {option.description}")
            if option.kind == OptionKind.CHOICE and value and value.casefold() not in option.choices:
                raise UsageError(f"{option.name} must be one of: {', '.join(option.choices)}")
            if option.kind == OptionKind.CHOICE and value:
                values[option.name] = value.casefold()
        return values


@dataclass
class Registry:
    commands: dict[str, Command] = field(default_factory=dict)

    def add(self, command: Command) -> Command:
        if command.name in self.commands:
            raise ValueError(f"command {command.name} declared twice")
        if not re.fullmatch(r"[a-z0-9-]{1,32}", command.name):
            raise ValueError(f"{command.name!r} is not a valid slash command name on every platform")
        if len(command.summary) > 100:
            raise ValueError(f"{command.name}: summary over 100 characters")
        self.commands[command.name] = command
        return command

    def get(self, name: str) -> Command | None:
        """By name, with or without the slash and the "ai-" prefix: /ai-stock, ai-stock, stock."""
        name = name.lstrip("/").casefold()
        return self.commands.get(name) or self.commands.get(f"ai-{name}")

    def by_word(self, word: str) -> Command | None:
        word = word.casefold()
        return next((c for c in self.commands.values() if word in c.words), None)

    def __iter__(self):
        return iter(self.commands.values())
