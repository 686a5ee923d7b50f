"""Discord application commands generated from the core's one command registry.

discord.py reads a command's options from its callback's signature, so each registry command gets
a small callback whose `__signature__` lists that command's options (typed `str`, optional ones
defaulting to None); descriptions, choices and autocomplete are attached with discord.py's own
decorators. Nothing here knows individual commands: a new registry entry appears on Discord as is.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Optional

import discord
from discord import app_commands

from bot.commands.registry import Command, OptionKind, Registry

if TYPE_CHECKING:
    from adapters.discord.answers import Answers

DESCRIPTION_LIMIT = 100
CHOICE_NAME_LIMIT = 100


def _callback_for(command: Command, answers: Answers):
    async def callback(interaction: discord.Interaction, **options: str | None) -> None:
        await answers.on_command(interaction, command.name, options)

    first = inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)
    options = [
        inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY,
                          annotation=str if option.required else Optional[str],  # noqa: UP045 (discord.py reads it)
                          default=inspect.Parameter.empty if option.required else None)
        for option in command.options
    ]
    callback.__signature__ = inspect.Signature([first, *options])
    callback.__name__ = callback.__qualname__ = command.name.replace("-", "_")
    return callback


def _autocomplete_for(kinds: tuple[str, ...], answers: Answers):
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await answers.on_autocomplete(interaction, kinds, current)

    return complete


def build_command(command: Command, answers: Answers) -> app_commands.Command:
    callback = _callback_for(command, answers)
    descriptions = {o.name: o.description[:DESCRIPTION_LIMIT] for o in command.options}
    if descriptions:
        callback = app_commands.describe(**descriptions)(callback)
    choices = {o.name: [app_commands.Choice(name=c[:CHOICE_NAME_LIMIT], value=c) for c in o.choices]
               for o in command.options if o.kind == OptionKind.CHOICE and o.choices}
    if choices:
        callback = app_commands.choices(**choices)(callback)
    completers = {o.name: _autocomplete_for(o.entity_kinds, answers) for o in command.options if o.autocomplete}
    if completers:
        callback = app_commands.autocomplete(**completers)(callback)
    return app_commands.Command(name=command.name, description=command.summary[:DESCRIPTION_LIMIT],
                                callback=callback)


def add_registry_commands(tree: app_commands.CommandTree, registry: Registry, answers: Answers) -> None:
    for command in registry:
        tree.add_command(build_command(command, answers))
