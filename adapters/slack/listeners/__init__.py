"""Every Bolt listener, registered explicitly (no import side effects), one area per module."""

from slack_bolt.async_app import AsyncApp

from adapters.slack.conversation import Conversation
from adapters.slack.listeners import actions, commands, events, lifecycle
from bot.commands import Registry


def register_all(app: AsyncApp, conversation: Conversation, registry: Registry) -> None:
    commands.register(app, conversation, registry)
    events.register(app, conversation)
    actions.register(app, conversation)
    lifecycle.register(app, conversation)
