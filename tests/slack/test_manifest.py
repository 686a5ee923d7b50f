"""The shipped manifest is exactly what the registry and the adapter's listeners generate."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from adapters.slack.manifest import manifest_yaml
from bot.commands import build_registry
from tests.slack.slack_requests import post

MANIFEST = Path(__file__).resolve().parents[2] / "adapters" / "slack" / "manifest.yml"


def test_manifest_file_matches_the_registry():
    assert MANIFEST.read_text() == manifest_yaml(), (
        "adapters/slack/manifest.yml is stale: python -m adapters.slack.manifest > adapters/slack/manifest.yml")


def test_manifest_has_every_command_with_its_usage():
    registry = build_registry()
    manifest = yaml.safe_load(MANIFEST.read_text())
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {f"/{c.name}" for c in registry}
    for command in registry:
        entry = commands[f"/{command.name}"]
        assert entry["description"] == command.summary
        # Slack shows the hint after the command name: the options' placeholders, or nothing.
        assert entry.get("usage_hint") == (" ".join(o.placeholder for o in command.options) or None)
    assert any("usage_hint" in entry for entry in commands.values())


# Slack event types a bot could subscribe to but this one does not use.
UNUSED_EVENTS = ["reaction_added", "member_joined_channel", "app_home_opened", "team_join", "channel_created",
                 "file_shared", "pin_added", "user_change"]
CHANNEL_TYPES = {"channels": "channel", "groups": "group", "im": "im", "mpim": "mpim"}


def _event(name: str, index: int) -> str:
    """An Events API callback for a manifest event name ("message.im" is a message from a DM)."""
    kind, _, where = name.partition(".")
    event = {"type": kind, "user": "U0ASKER", "ts": f"1700000900.00000{index}", "channel": "C0ELSEWHERE"}
    if kind == "message":
        event.update(text="hello there", channel_type=CHANNEL_TYPES[where])
    return json.dumps({"token": "verification-token", "team_id": "T0TEAM", "api_app_id": "A0APP", "event": event,
                       "type": "event_callback", "event_id": f"EvMANIFEST{index}", "event_time": 1700000900})


async def test_the_app_listens_to_exactly_the_events_the_manifest_subscribes_to(bot, backend):
    manifest = yaml.safe_load(MANIFEST.read_text())
    subscribed = manifest["settings"]["event_subscriptions"]["bot_events"]
    for index, name in enumerate(subscribed + UNUSED_EVENTS):
        status, _ = await post(bot.session, bot.events_url, _event(name, index), json_body=True)
        # Bolt answers 404 for an event no listener takes: subscribed but unhandled, or handled
        # but never sent because the manifest does not subscribe to it.
        assert status == (200 if name in subscribed else 404), name
