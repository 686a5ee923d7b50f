"""render(): however long the reply and however many its sources, every embed and every message
stays within Discord's limits, and no text is lost."""

from __future__ import annotations

import pytest

from adapters.discord.render import render
from bot.replies import Reply, ReplyField, Source


def embed_size(embed: dict) -> int:
    """The characters Discord counts towards its 6,000 limit."""
    return (len(embed.get("title", "")) + len(embed.get("description") or "")
            + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
            + len(embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", "")))


def sources(count: int) -> list[Source]:
    return [Source(key=f"s{i}", title=f"Article number {i}", publisher="Paper") for i in range(count)]


def words(count: int) -> str:
    return " ".join(f"word{i}" for i in range(count))


REPLIES = {
    # The last description embed is nearly full (title + 4,096) and the footer just fits in 2,048.
    "full description, full footer": Reply(title="T" * 250, text=words(520), sources=sources(57)),
    "long text, fields and a footer": Reply(title="Long", text=words(3000), sources=sources(50),
                                            fields=[ReplyField(f"F{i}", "v" * 900) for i in range(30)]),
    "more sources than a footer holds": Reply(title="T" * 300, text=words(1000), sources=sources(400)),
    "nothing but sources": Reply(title="Sources", text="", sources=sources(53)),
}


@pytest.mark.parametrize("reply", REPLIES.values(), ids=REPLIES.keys())
def test_every_embed_and_every_message_stays_within_discords_limits(reply):
    messages = [[embed.to_dict() for embed in part.embeds] for part in render(reply)]
    embeds = [embed for message in messages for embed in message]

    for message in messages:
        assert 1 <= len(message) <= 10
        assert sum(embed_size(e) for e in message) <= 6000
    for embed in embeds:
        assert embed_size(embed) <= 6000
        assert len(embed.get("title", "")) <= 256 and len(embed.get("description") or "") <= 4096
        assert len(embed.get("footer", {}).get("text", "")) <= 2048
        assert len(embed.get("fields", [])) <= 25
        assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", []))
        assert embed_size(embed) > 0  # Discord refuses an empty embed

    shown = " ".join(word for e in embeds  # whitespace made single: a piece may end mid-source
                     for word in f"{e.get('description') or ''} {e.get('footer', {}).get('text', '')}".split())
    assert reply.text.split() == [w for w in shown.split() if w.startswith("word")]
    assert all(f"Article number {i}," in shown for i in range(len(reply.sources)))
    assert sum(len(e.get("fields", [])) for e in embeds) >= len(reply.fields)


def test_a_footer_that_does_not_fit_beside_a_full_description_gets_an_embed_of_its_own():
    reply = REPLIES["full description, full footer"]
    footer = reply.source_line()
    assert len(footer) <= 2048 and len("T" * 250 + reply.text) + len(footer) > 6000  # the case itself

    embeds = [embed.to_dict() for part in render(reply) for embed in part.embeds]
    assert [e.get("footer", {}).get("text") for e in embeds] == [None, footer]
