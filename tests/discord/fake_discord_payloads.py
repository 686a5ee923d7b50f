"""Payloads the fake Discord sends: users, members, the guild, messages and interactions.

Shaped like Discord's API v10 objects, with only the fields discord.py reads.
"""

from __future__ import annotations

from datetime import datetime, timezone

MANAGE_GUILD = 1 << 5
VIEW_AND_SEND = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)  # view, send, embed, attach, history


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


class Payloads:
    """Mixed into FakeDiscord; `self._ids` hands out snowflakes."""

    APP_ID = 900000000000000001
    GUILD_ID = 900000000000000010
    CHANNEL_ID = 900000000000000020
    DM_CHANNEL_ID = 900000000000000021
    USER_ID = 900000000000000030
    ADMIN_ROLE_ID = 900000000000000040

    # -- identities the fake hands out -----------------------------------------------------

    @property
    def bot_user(self) -> dict:
        return {"id": str(self.APP_ID), "username": "aibot", "discriminator": "0", "global_name": None,
                "avatar": None, "bot": True, "flags": 0}

    def user(self, user_id: int | None = None, name: str = "asker") -> dict:
        return {"id": str(user_id or self.USER_ID), "username": name, "discriminator": "0",
                "global_name": name, "avatar": None, "flags": 0}

    def member(self, *, admin: bool = False, user: dict | None = None) -> dict:
        data = {"roles": [str(self.ADMIN_ROLE_ID)] if admin else [], "joined_at": now_iso(), "deaf": False,
                "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False}
        if user is not None:
            data["user"] = user
        return data

    def guild(self) -> dict:
        everyone = {"id": str(self.GUILD_ID), "name": "@everyone", "permissions": str(VIEW_AND_SEND),
                    "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        admins = dict(everyone, id=str(self.ADMIN_ROLE_ID), name="Mods", position=1,
                      permissions=str(VIEW_AND_SEND | MANAGE_GUILD))
        channel = {"id": str(self.CHANNEL_ID), "type": 0, "name": "general", "position": 0,
                   "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None,
                   "last_message_id": None, "rate_limit_per_user": 0, "guild_id": str(self.GUILD_ID)}
        return {
            "id": str(self.GUILD_ID), "name": "Fake Guild", "icon": None, "splash": None, "banner": None,
            "discovery_splash": None, "description": None, "owner_id": str(self.USER_ID + 99),
            "roles": [everyone, admins], "channels": [channel], "emojis": [], "stickers": [], "threads": [],
            "members": [self.member(user=self.bot_user)], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
            "member_count": 2, "large": False, "unavailable": False, "features": [], "joined_at": now_iso(),
            "premium_tier": 0, "mfa_level": 0, "verification_level": 0, "explicit_content_filter": 0,
            "default_message_notifications": 0, "afk_channel_id": None, "afk_timeout": 300,
            "system_channel_id": None, "system_channel_flags": 0, "rules_channel_id": None,
            "public_updates_channel_id": None, "preferred_locale": "en-US", "nsfw_level": 0,
            "premium_progress_bar_enabled": False, "application_id": None, "vanity_url_code": None,
            "premium_subscription_count": 0, "max_members": 1000,
        }

    def shard_of(self, guild_id: int | None) -> int:
        return 0 if guild_id is None else (guild_id >> 22) % self.shard_count

    def interaction(self, kind: int, data: dict, *, admin: bool = False, dm: bool = False,
                    message: dict | None = None) -> dict:
        interaction_id = next(self._ids)
        payload = {
            "id": str(interaction_id), "application_id": str(self.APP_ID), "type": kind, "data": data,
            "token": f"itoken{interaction_id}", "version": 1, "locale": "en-US", "entitlements": [],
            "app_permissions": str(VIEW_AND_SEND), "authorizing_integration_owners": {"0": str(self.GUILD_ID)},
            "attachment_size_limit": 8388608,
        }
        if dm:
            payload.update(channel_id=str(self.DM_CHANNEL_ID), user=self.user(), context=1,
                           channel={"id": str(self.DM_CHANNEL_ID), "type": 1})
        else:
            permissions = VIEW_AND_SEND | (MANAGE_GUILD if admin else 0)
            payload.update(guild_id=str(self.GUILD_ID), channel_id=str(self.CHANNEL_ID), guild_locale="en-US",
                           member=dict(self.member(admin=admin, user=self.user()), permissions=str(permissions)),
                           context=0, channel={"id": str(self.CHANNEL_ID), "type": 0, "guild_id": str(self.GUILD_ID),
                                               "name": "general", "position": 0, "permission_overwrites": [],
                                               "nsfw": False, "parent_id": None})
        if message is not None:
            payload["message"] = message
        return payload

    def message(self, channel_id: int, body: dict) -> dict:
        attachments = [{"id": str(next(self._ids)), "filename": a.get("filename", "file"), "size": 1,
                        "url": "http://127.0.0.1/a", "proxy_url": "http://127.0.0.1/a"}
                       for a in body.get("attachments", [])]
        return {"id": str(next(self._ids)), "channel_id": str(channel_id), "author": self.bot_user,
                "content": body.get("content") or "", "timestamp": now_iso(), "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": attachments, "embeds": body.get("embeds") or [], "pinned": False, "type": 0,
                "components": body.get("components") or [], "flags": body.get("flags") or 0}
