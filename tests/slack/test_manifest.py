"""The shipped manifest is exactly what the registry and the adapter's listeners generate."""

from __future__ import annotations

from pathlib import Path

import yaml

from adapters.slack.manifest import manifest_yaml
from bot.commands import build_registry

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
