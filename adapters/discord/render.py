"""A Reply as Discord messages: embeds (title, description, fields, a sources footer), split so every
part fits Discord's limits. Nothing is ever cut: long text continues in the next embed or message.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import discord

from bot.replies import Reply, ReplyKind
from bot.safety import defuse_mentions
from bot.text_split import clip, split_text

from adapters.discord.views import as_buttons

CONTENT_LIMIT = 2000  # characters in a message's plain content
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # all embeds of one message together
EMBEDS_PER_MESSAGE = 10

COLOURS = {
    ReplyKind.ANSWER: discord.Colour.blurple(),
    ReplyKind.NOT_FOUND: discord.Colour.light_grey(),
    ReplyKind.USAGE: discord.Colour.gold(),
    ReplyKind.ERROR: discord.Colour.red(),
}


@dataclass
class Outgoing:
    """One Discord message to send: plain content and/or embeds."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)


def _fields(reply: Reply) -> list[tuple[str, str, bool]]:
    out = []
    for item in reply.fields:
        names = split_text(defuse_mentions(item.label), FIELD_NAME_LIMIT) or [""]
        name = names[0]
        values = split_text(defuse_mentions(item.value), FIELD_VALUE_LIMIT) or ["—"]
        if len(names) > 1:  # an over-long label keeps its tail at the top of the value
            values = split_text(" ".join(names[1:]) + "\n" + "\n".join(values), FIELD_VALUE_LIMIT)
        for index, value in enumerate(values):
            out.append((name if index == 0 else f"{name[:FIELD_NAME_LIMIT - 10]} (cont.)", value,
                        item.inline and len(values) == 1))
    return out


def render_embeds(reply: Reply, *, image: str | None = None) -> list[discord.Embed]:
    """Every embed the reply needs, each within the per-embed limits."""
    colour = COLOURS.get(reply.kind, discord.Colour.blurple())
    title = defuse_mentions(reply.title)
    description = defuse_mentions(reply.text)
    if len(title) > TITLE_LIMIT:  # keep the whole title: the rest opens the description
        title, description = clip(title, TITLE_LIMIT), title + "\n\n" + description
    embeds = [discord.Embed(title=title, description=chunk or None, colour=colour)
              for chunk in split_text(description, DESCRIPTION_LIMIT) or [""]]
    for name, value, inline in _fields(reply):
        last = embeds[-1]
        if len(last.fields) >= FIELDS_PER_EMBED or len(last) + len(name) + len(value) > EMBED_TOTAL_LIMIT - FOOTER_LIMIT:
            last = discord.Embed(colour=colour)
            embeds.append(last)
        last.add_field(name=name, value=value, inline=inline)
    buttons = as_buttons(reply.suggestions)
    unbuttoned = [s.label for s in reply.suggestions if s not in buttons]
    if unbuttoned:
        text = defuse_mentions(", ".join(unbuttoned))
        for piece in split_text(text, FIELD_VALUE_LIMIT):
            embeds.append(discord.Embed(colour=colour).add_field(name=reply.suggestions_label, value=piece))
    footer = defuse_mentions(reply.source_line())
    if len(footer) > FOOTER_LIMIT:  # too many sources for a footer: they get embeds of their own
        embeds.extend(discord.Embed(description=piece, colour=colour) for piece in split_text(footer, DESCRIPTION_LIMIT))
    elif footer:
        if len(embeds[-1]) + len(footer) > EMBED_TOTAL_LIMIT:  # no room on the last embed: a new one
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].set_footer(text=footer)
    if image:
        embeds[0].set_image(url=f"attachment://{image}")
    return embeds


def render(reply: Reply, *, image: str | None = None) -> list[Outgoing]:
    """The embeds packed into messages of at most 10 embeds and 6,000 characters each."""
    messages = [Outgoing()]
    for embed in render_embeds(reply, image=image):
        current = messages[-1]
        size = sum(len(e) for e in current.embeds)
        if current.embeds and (len(current.embeds) >= EMBEDS_PER_MESSAGE or size + len(embed) > EMBED_TOTAL_LIMIT):
            current = Outgoing()
            messages.append(current)
        current.embeds.append(embed)
    return messages


def part_extras(index: int, count: int, *, files: list[discord.File] | None = None,
                view: discord.ui.View | None = None) -> dict:
    """What part `index` of `count` carries besides its text: the files go with the first part,
    the buttons under the last."""
    extra: dict = {}
    if index == 0 and files:
        extra["files"] = files
    if view is not None and index == count - 1:
        extra["view"] = view
    return extra


def attachment_files(reply: Reply) -> tuple[list[discord.File], str | None]:
    """The reply's attachments as discord.py files, and the first image's name (shown in the embed)."""
    files = [discord.File(io.BytesIO(a.content), filename=a.filename, description=a.title)
             for a in reply.attachments]
    image = next((a.filename for a in reply.attachments if a.mime_type.startswith("image/")), None)
    return files, image


def render_plain(reply: Reply) -> list[Outgoing]:
    """The plain-text fallback (for channels where the bot may not embed links), split at 2,000."""
    text = defuse_mentions(f"**{reply.title}**\n{reply.plain_text()}")
    return [Outgoing(content=piece) for piece in split_text(text, CONTENT_LIMIT)]
