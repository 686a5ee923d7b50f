"""Sharding: processes configured with different shard ids share the work (issue 8 builds on it)."""

from __future__ import annotations

MESSAGES = r"/channels/\d+/messages"
COMMANDS = r"/applications/\d+(/guilds/\d+)?/commands"


async def test_two_clients_take_different_shards_and_only_shard_zero_syncs(fake, start_adapter):
    fake.shard_count = 2
    second = await start_adapter(discord_shard_count=2, discord_shard_ids=[1])
    assert fake.find("PUT", COMMANDS) == []  # shard 1 leaves syncing to the holder of shard 0
    first = await start_adapter(discord_shard_count=2, discord_shard_ids=[0])
    await fake.wait_ready(shards=2)

    assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
    assert len(fake.find("PUT", COMMANDS)) == 1

    owner = first if fake.shard_of(fake.GUILD_ID) == 0 else second
    assert owner.client.get_guild(fake.GUILD_ID) is not None
    assert (second if owner is first else first).client.get_guild(fake.GUILD_ID) is None
    await fake.user_message(f"<@{fake.APP_ID}> stock MiniMax")
    await fake.user_message("help", dm=True)  # DMs arrive on shard 0
    await fake.wait_for_request("POST", MESSAGES, count=2)
    assert sorted(r.path for r in fake.find("POST", MESSAGES)) == sorted(
        [f"/channels/{fake.CHANNEL_ID}/messages", f"/channels/{fake.DM_CHANNEL_ID}/messages"])
