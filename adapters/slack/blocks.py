"""A Reply as Slack Block Kit: a header, the text, the facts as fields, a context line naming the
sources and dates, and "did you mean" buttons, split into as many messages as Slack's limits need.

Nothing is ever cut: text longer than a section allows is split across sections, and more blocks
than a message allows go into further messages. Every message carries a plain-text fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.replies import Reply
from bot.safety import defuse_mentions
from bot.text_split import clip, split_text

# Slack's documented limits (https://api.slack.com/reference/block-kit/blocks).
SECTION_TEXT_LIMIT = 3000
FIELD_TEXT_LIMIT = 2000
FIELDS_PER_SECTION = 10
HEADER_LIMIT = 150
CONTEXT_TEXT_LIMIT = 3000
BLOCKS_PER_MESSAGE = 50
BUTTON_TEXT_LIMIT = 75
BUTTONS_PER_BLOCK = 25
FALLBACK_LIMIT = 3000  # notifications show far less; the blocks carry the whole answer
SUGGESTION_ACTION = "aibot_suggestion"


@dataclass(frozen=True)
class SlackMessage:
    text: str  # the plain-text fallback (notifications, screen readers, old clients)
    blocks: list[dict]


def escape(text: str) -> str:
    """User-derived text made inert: no mass mentions, no Slack control sequences, no markup."""
    text = defuse_mentions(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _field_blocks(reply: Reply) -> list[dict]:
    blocks: list[dict] = []
    fields: list[dict] = []
    for item in reply.fields:
        shown = f"*{escape(item.label)}*\n{escape(item.value)}"
        if item.inline and len(shown) <= FIELD_TEXT_LIMIT:
            fields.append({"type": "mrkdwn", "text": shown})
            if len(fields) == FIELDS_PER_SECTION:
                blocks.append({"type": "section", "fields": fields})
                fields = []
            continue
        if fields:  # keep the order of the facts
            blocks.append({"type": "section", "fields": fields})
            fields = []
        blocks.extend(_section(piece) for piece in split_text(shown, SECTION_TEXT_LIMIT))
    if fields:
        blocks.append({"type": "section", "fields": fields})
    return blocks


def _suggestion_blocks(reply: Reply) -> list[dict]:
    if not reply.suggestions:
        return []
    ending = "?" if reply.suggestions_label == "Did you mean" else ""
    blocks = [_section(f"*{escape(reply.suggestions_label)}{ending}*")]
    buttons = [
        {"type": "button", "action_id": f"{SUGGESTION_ACTION}_{index}", "value": s.command[:2000],
         "text": {"type": "plain_text", "text": clip(defuse_mentions(s.label), BUTTON_TEXT_LIMIT)}}
        for index, s in enumerate(reply.suggestions)
    ]
    for start in range(0, len(buttons), BUTTONS_PER_BLOCK):
        blocks.append({"type": "actions", "elements": buttons[start:start + BUTTONS_PER_BLOCK]})
    return blocks


def reply_blocks(reply: Reply) -> list[dict]:
    """Every block of the reply, in reading order, each within its own size limit."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text",
                                                      "text": clip(defuse_mentions(reply.title), HEADER_LIMIT)}}]
    if len(reply.title) > HEADER_LIMIT:  # the header had to be clipped: keep the whole title too
        blocks.append(_section(f"*{escape(reply.title)}*"))
    blocks.extend(_section(piece) for piece in split_text(escape(reply.text), SECTION_TEXT_LIMIT))
    blocks.extend(_field_blocks(reply))
    blocks.extend(_suggestion_blocks(reply))
    source = reply.source_line()
    for piece in split_text(escape(source), CONTEXT_TEXT_LIMIT) if source else []:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]})
    return blocks


def render(reply: Reply) -> list[SlackMessage]:
    """The reply as one or more Slack messages (more only when it exceeds 50 blocks), rendered
    once per Reply: a memoized answer served to a burst of askers is not rendered again."""
    rendered = reply.rendered.get("slack")
    if rendered is None:
        rendered = reply.rendered["slack"] = tuple(_render(reply))
    return list(rendered)


def _render(reply: Reply) -> list[SlackMessage]:
    blocks = reply_blocks(reply)
    fallback = clip(escape(reply.plain_text()), FALLBACK_LIMIT)
    groups = [blocks[start:start + BLOCKS_PER_MESSAGE] for start in range(0, len(blocks), BLOCKS_PER_MESSAGE)]
    if len(groups) == 1:
        return [SlackMessage(text=fallback, blocks=groups[0])]
    return [SlackMessage(text=fallback if index == 0 else f"{clip(escape(reply.title), 100)} "
                         f"(part {index + 1} of {len(groups)})", blocks=group)
            for index, group in enumerate(groups)]
