"""Block Kit rendering: within Slack's limits, nothing cut, mentions inert."""

from __future__ import annotations

from adapters.slack.blocks import (
    BLOCKS_PER_MESSAGE,
    FIELD_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    render,
)
from bot.replies import Reply, ReplyField, Source, Suggestion


def _all_text(messages) -> str:
    parts = []
    for message in messages:
        for block in message.blocks:
            if block["type"] == "section":
                parts.append(block.get("text", {}).get("text", ""))
                parts.extend(f["text"] for f in block.get("fields", []))
    return "\n".join(parts)


def test_long_answer_is_split_within_limits_and_nothing_is_lost():
    paragraphs = [f"Paragraph {i}: " + ("word " * 120).strip() for i in range(400)]
    reply = Reply(title="A long answer", text="\n\n".join(paragraphs),
                  fields=[ReplyField(f"Fact {i}", "value " * 50) for i in range(30)],
                  sources=[Source(key="k", title="An article")], as_of="2026-01-01")
    messages = render(reply)
    assert len(messages) > 1
    for message in messages:
        assert len(message.blocks) <= BLOCKS_PER_MESSAGE
        for block in message.blocks:
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
            for field in block.get("fields", []):
                assert len(field["text"]) <= FIELD_TEXT_LIMIT
    shown = _all_text(messages)
    for paragraph in paragraphs:
        assert paragraph in shown
    assert all(f"Fact {i}" in shown for i in range(30))
    assert messages[-1].blocks[-1]["type"] == "context"  # the sources close the last message


def test_mentions_and_markup_are_inert():
    reply = Reply(title="@everyone", text="<!channel> hi @here <@U123> <https://evil|click> & more")
    [message] = render(reply)
    shown = message.text + _all_text([message]) + message.blocks[0]["text"]["text"]
    for live in ("<!channel>", "<@U123>", "<https://evil|click>", "@here", "@everyone"):
        assert live not in shown
    assert "&amp;" in shown


def test_suggestions_become_buttons_carrying_their_command():
    reply = Reply(title="Not tracked", text="No such firm.",
                  suggestions=[Suggestion("MiniMax", "/ai-firm MiniMax"), Suggestion("Zhipu AI", "/ai-firm Zhipu AI")])
    [message] = render(reply)
    [actions] = [b for b in message.blocks if b["type"] == "actions"]
    assert [(e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("MiniMax", "/ai-firm MiniMax"), ("Zhipu AI", "/ai-firm Zhipu AI")]
    assert len({e["action_id"] for e in actions["elements"]}) == 2


def test_a_reply_is_rendered_once_however_often_it_is_sent():
    reply = Reply(title="MiniMax: reported stock move", text="Shares rose 11%.",
                  fields=[ReplyField("Change", "+11%")], sources=[Source(key="k", title="An article")])
    first = render(reply)
    again = render(reply)
    assert again == first and all(a is b for a, b in zip(again, first))
    assert again is not first  # callers get their own list
