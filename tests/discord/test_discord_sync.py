"""Commands come from the registry, sync to the dev guild or globally, and only when changed."""

from __future__ import annotations

from bot.commands import Command, Option, build_registry

COMMANDS = r"/applications/\d+(/guilds/\d+)?/commands"


async def test_synced_commands_mirror_the_registry(fake, start_adapter):
    await start_adapter()
    [put] = fake.find("PUT", COMMANDS)
    assert put.path == f"/applications/{fake.APP_ID}/commands"  # global without DISCORD_GUILD_ID
    synced = {c["name"]: c for c in put.json}
    registry = build_registry()
    assert list(synced) == [c.name for c in registry]
    for command in registry:
        assert synced[command.name]["description"] == command.summary
        options = {o["name"]: o for o in synced[command.name].get("options", [])}
        assert set(options) == {o.name for o in command.options}
        for option in command.options:
            sent = options[option.name]
            assert sent["type"] == 3 and sent["required"] == option.required
            assert sent["description"] == option.description[:100]
            assert sent.get("autocomplete", False) == option.autocomplete
            assert [c["value"] for c in sent.get("choices", [])] == list(option.choices)


async def test_a_restart_with_the_same_commands_does_not_sync_again(fake, start_adapter):
    first = await start_adapter(discord_guild_id=fake.GUILD_ID)
    await first.stop()
    await start_adapter(discord_guild_id=fake.GUILD_ID)
    puts = fake.find("PUT", COMMANDS)
    assert [p.path for p in puts] == [f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"]


async def test_changed_commands_are_synced_again(fake, start_adapter, monkeypatch):
    first = await start_adapter()
    await first.stop()

    import bot.services

    def with_extra_command():
        registry = build_registry()
        registry.add(Command(name="ai-extra", summary="An extra command", handler=lambda ctx, o: None,
                             options=(Option("thing", "A thing"),)))
        return registry

    monkeypatch.setattr(bot.services, "build_registry", with_extra_command)
    await start_adapter()
    puts = fake.find("PUT", COMMANDS)
    assert len(puts) == 2
    assert "ai-extra" in [c["name"] for c in puts[1].json]
