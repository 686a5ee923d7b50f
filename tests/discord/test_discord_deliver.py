"""deliver(): the weekly digest's door into Discord, with its chart attached."""

from __future__ import annotations

from bot.replies import Attachment, Reply, Source

MESSAGES = r"/channels/\d+/messages"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


async def test_deliver_posts_the_reply_with_its_png_in_the_embed(fake, start_adapter):
    adapter = await start_adapter()
    reply = Reply(title="Weekly digest", text="Three things happened @everyone.",
                  sources=[Source(key="a", title="An article", publisher="Paper")],
                  attachments=[Attachment("chart.png", PNG, title="Share moves")])
    await adapter.deliver(str(fake.CHANNEL_ID), reply, workspace=str(fake.GUILD_ID))
    post = await fake.wait_for_request("POST", MESSAGES)

    assert post.files == {"chart.png": PNG}
    [embed] = post.json["embeds"]
    assert embed["image"]["url"] == "attachment://chart.png"
    assert embed["title"] == "Weekly digest"
    assert "@everyone" not in embed["description"]
    assert embed["footer"]["text"] == reply.source_line()
    assert post.json["allowed_mentions"] == {"parse": []}


async def test_over_long_titles_fields_and_sources_are_split_not_cut(fake, start_adapter):
    from bot.replies import ReplyField

    adapter = await start_adapter()
    title = "T" * 300
    value = " ".join(f"v{i}" for i in range(800))  # about 3,900 characters: four field values
    sources = [Source(key=f"s{i}", title=f"Article number {i}", publisher="Paper") for i in range(120)]
    await adapter.deliver(str(fake.CHANNEL_ID), Reply(title=title, text="Body.", sources=sources,
                                                      fields=[ReplyField("Long", value)]))
    embeds = [e for p in fake.find("POST", MESSAGES) for e in p.json["embeds"]]

    assert all(len(e.get("title", "")) <= 256 for e in embeds)
    assert title in embeds[0]["description"]  # the whole title survives
    values = [f["value"] for e in embeds for f in e.get("fields", []) if f["name"].startswith("Long")]
    assert all(len(v) <= 1024 for v in values) and " ".join(values).split() == value.split()
    shown = " ".join((e.get("description") or "") + e.get("footer", {}).get("text", "") for e in embeds)
    assert all(f"Article number {i}," in shown for i in range(120))
    assert all(len(e.get("footer", {}).get("text", "")) <= 2048 for e in embeds)


async def test_readiness_follows_the_gateway_connection(fake, start_adapter):
    adapter = await start_adapter()
    assert adapter.is_ready()
    await adapter.stop()
    assert not adapter.is_ready()
