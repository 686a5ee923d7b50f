"""Mentions and DMs are answered as replies; nothing can ping; a 429 never doubles a reply."""

from __future__ import annotations

from bot.messages import Message

MESSAGES = r"/channels/\d+/messages"


def engine_answer(adapter, text: str):
    return adapter.services.engine.handle(Message(text=text, platform="discord"))


async def test_a_mention_with_a_command_word_is_answered_as_a_reply(fake, start_adapter):
    adapter = await start_adapter()
    mention = await fake.user_message(f"<@{fake.APP_ID}> stock MiniMax")
    reply = await fake.wait_for_request("POST", MESSAGES)

    assert reply.path == f"/channels/{fake.CHANNEL_ID}/messages"
    assert str(reply.json["message_reference"]["message_id"]) == mention["id"]
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    expected = adapter.services.engine.run_command("ai-stock", {"firm": "MiniMax"}, Message(text=""))
    assert reply.json["embeds"][0]["title"] == expected.title


async def test_a_dm_is_answered_and_other_channel_chatter_is_ignored(fake, start_adapter):
    adapter = await start_adapter()
    await fake.user_message("who built GLM-5?", mention_bot=False)  # not for us
    await fake.user_message("who built GLM-5?", dm=True)
    reply = await fake.wait_for_request("POST", MESSAGES)

    assert reply.path == f"/channels/{fake.DM_CHANNEL_ID}/messages"
    assert reply.json["embeds"][0]["description"] == engine_answer(adapter, "who built GLM-5?").text
    assert len(fake.find("POST", MESSAGES)) == 1


async def test_mass_mentions_in_a_message_can_never_ping(fake, start_adapter):
    await start_adapter()
    await fake.user_message(f"<@{fake.APP_ID}> @everyone @here what is <@&{fake.ADMIN_ROLE_ID}>?")
    reply = await fake.wait_for_request("POST", MESSAGES)
    assert reply.json["allowed_mentions"]["parse"] == []
    sent = str(reply.json)
    assert "@everyone" not in sent and "@here" not in sent and f"<@&{fake.ADMIN_ROLE_ID}>" not in sent


async def test_a_429_on_a_reply_is_retried_by_discord_py_and_the_reply_arrives_once(fake, start_adapter):
    await start_adapter()
    fake.fail_once("POST", MESSAGES)
    first = await fake.user_message(f"<@{fake.APP_ID}> stock MiniMax")
    await fake.wait_for_request("POST", MESSAGES)
    second = await fake.user_message(f"<@{fake.APP_ID}> help")  # answered after the retried one
    await fake.wait_for_request("POST", MESSAGES, count=2)

    assert fake.rejected == 1
    answered = [str(r.json["message_reference"]["message_id"]) for r in fake.find("POST", MESSAGES)]
    assert sorted(answered) == sorted([first["id"], second["id"]])


async def test_long_answers_are_split_into_several_replies_without_losing_text(fake, start_adapter):
    from bot.replies import Reply, ReplyField

    adapter = await start_adapter()
    words = [f"word{i}" for i in range(3000)]  # about 25,000 characters
    long_reply = Reply(title="Long", text=" ".join(words),
                       fields=[ReplyField(f"F{i}", "v" * 900) for i in range(30)])
    await adapter.deliver(str(fake.CHANNEL_ID), long_reply)
    await fake.wait_for_request("POST", MESSAGES)

    posts = fake.find("POST", MESSAGES)  # deliver has returned, so every part is recorded
    assert len(posts) > 1
    embeds = [e for p in posts for e in p.json["embeds"]]
    for post in posts:
        assert len(post.json["embeds"]) <= 10
        assert sum(len(e.get("title", "")) + len(e.get("description", "") or "")
                   + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
                   + len(e.get("footer", {}).get("text", "")) for e in post.json["embeds"]) <= 6000
        assert post.json["allowed_mentions"] == {"parse": []}
    assert all(len(e.get("description") or "") <= 4096 and len(e.get("fields", [])) <= 25 for e in embeds)
    sent_words = " ".join(e.get("description") or "" for e in embeds).split()
    assert sent_words == words
    assert sum(len(e.get("fields", [])) for e in embeds) == 30


async def test_without_embed_permission_the_reply_falls_back_to_plain_text(fake, start_adapter):
    adapter = await start_adapter()
    fake.fail_once("POST", MESSAGES, status=403, code=50013)  # Missing Permissions (Embed Links)
    await fake.user_message(f"<@{fake.APP_ID}> who built GLM-5?")
    reply = await fake.wait_for_request("POST", MESSAGES)

    answer = engine_answer(adapter, "who built GLM-5?")
    assert fake.rejected == 1
    assert not reply.json.get("embeds")
    assert answer.title in reply.json["content"] and answer.text in reply.json["content"]
    assert reply.json["allowed_mentions"]["parse"] == []
