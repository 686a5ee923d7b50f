""""Did you mean" candidates as buttons that keep working after a restart.

Each button carries its command in the custom_id and is a discord.py DynamicItem registered on the
client, so a press is routed by the custom_id alone: no view has to be held in memory.
"""

from __future__ import annotations

import discord

from bot.replies import Reply, Suggestion

PREFIX = "aibot:run:"
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
BUTTONS_LIMIT = 25  # 5 rows of 5


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button], template=r"aibot:run:(?P<command>.+)"):
    def __init__(self, command: str, label: str | None = None):
        super().__init__(discord.ui.Button(label=(label or command)[:LABEL_LIMIT],
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=PREFIX + command))
        self.command = command

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match):
        return cls(match["command"], item.label)

    async def callback(self, interaction: discord.Interaction) -> None:
        # The client owns the answering logic; the button only says which command to run.
        await interaction.client.answers.on_button(interaction, self.command)


def as_buttons(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The suggestions that become buttons (the rest are listed in the embed by render)."""
    return [s for s in suggestions if len(PREFIX + s.command) <= CUSTOM_ID_LIMIT][:BUTTONS_LIMIT]


def suggestion_view(reply: Reply) -> discord.ui.View | None:
    """A view with one button per suggestion whose command fits in a custom_id, or None."""
    buttons = [SuggestionButton(s.command, s.label) for s in as_buttons(reply.suggestions)]
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button)
    return view
