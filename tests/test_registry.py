"""The command registry is the single declaration every platform is generated from."""

import pytest

from bot.commands import Command, Registry, build_registry
from bot.commands.registry import UsageError


def test_core_commands_are_declared_with_typed_options():
    registry = build_registry()
    names = {c.name for c in registry}
    assert {"ai-stock", "ai-model", "ai-firm", "ai-compare", "ai-ask", "ai-help"} <= names
    stock = registry.get("ai-stock")
    assert stock.options[0].autocomplete and stock.options[0].entity_kinds == ("firm", "org")
    assert registry.get("/stock") is stock and registry.by_word("stock") is stock
    for command in registry:
        assert command.summary and len(command.summary) <= 100
        assert all(o.description for o in command.options)


def test_a_command_cannot_be_declared_twice():
    registry = Registry()
    command = Command(name="ai-x", summary="x", handler=lambda ctx, o: None)
    registry.add(command)
    with pytest.raises(ValueError):
        registry.add(command)


def test_invalid_names_are_refused():
    with pytest.raises(ValueError):
        Registry().add(Command(name="AI Stock", summary="x", handler=lambda ctx, o: None))


def test_missing_required_option_is_a_usage_error():
    with pytest.raises(UsageError):
        build_registry().get("ai-stock").parse(None, "")
