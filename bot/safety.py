"""Cleaning user text on the way in, and making anything echoed back harmless on the way out.

Platform-specific escaping (Slack's `&<>`, Discord's allowed_mentions) lives in each adapter;
this is the platform-neutral part every reply passes through, so no adapter can forget it.
"""

from __future__ import annotations

import re
import unicodedata

# Slack control sequences: <!channel>, <!here|here>, <@U123>, <#C123|name>, <https://...|label>
_SLACK_SEQUENCE = re.compile(r"<[!@#][^>]*>")
# Discord mentions: <@123>, <@!123>, <@&123> (roles), <#123>
_DISCORD_MENTION = re.compile(r"<(@[!&]?|#)\d+>")
_MASS_MENTION = re.compile(r"@(everyone|here|channel)\b", re.IGNORECASE)
_ZERO_WIDTH = "\u200b"
_SPACES = re.compile(r"\s+")


def clean_input(text: str) -> str:
    """Normalise what a user typed: NFKC, no control characters, single spaces, no mentions.

    Mentions and control sequences carry no meaning for a question, and dropping them here means
    they can never be echoed back.
    """
    text = unicodedata.normalize("NFKC", text)
    # Every pattern below needs a "<" or an "@"; most questions have neither (every request in a
    # busy chat passes through here, so the checks are worth their line).
    if "<" in text or "@" in text:
        text = _SLACK_SEQUENCE.sub(" ", text)
        text = _DISCORD_MENTION.sub(" ", text)
        text = _MASS_MENTION.sub(" ", text)
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def looks_like_junk(text: str) -> bool:
    """True for input with no letters or digits at all (punctuation, symbols, emoji only)."""
    return not any(ch.isalnum() for ch in text)


def defuse_mentions(text: str) -> str:
    """Make mass mentions inert in anything we send: `@everyone` -> `@\u200beveryone`."""
    if "@" not in text and "<" not in text:  # nothing to defuse (every pattern needs one of them)
        return text
    text = _MASS_MENTION.sub(lambda m: "@" + _ZERO_WIDTH + m.group(1), text)
    text = _SLACK_SEQUENCE.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)
    return _DISCORD_MENTION.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


def quote_user_text(text: str, limit: int = 60) -> str:
    """A short, inert copy of user text for use inside a reply ("I don't track 'Foo'")."""
    text = defuse_mentions(clean_input(text))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
