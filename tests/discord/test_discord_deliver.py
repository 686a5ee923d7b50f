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
