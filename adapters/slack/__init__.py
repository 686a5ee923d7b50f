"""Slack, through slack-bolt's async app: slash commands, mentions, DMs, thread follow-ups and
buttons over HTTP (/slack/events) or Socket Mode. Loaded by name via the `aibot.adapters` entry
point; `create` returns None when Slack is not configured."""

from __future__ import annotations

from bot.services import Services


def create(services: Services):
    if not services.settings.slack_configured:
        return None
    from adapters.slack.adapter import SlackAdapter  # Bolt is imported only when Slack is used

    return SlackAdapter(services)


__all__ = ["create"]
