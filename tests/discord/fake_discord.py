"""A small fake Discord on 127.0.0.1: the REST endpoints discord.py calls, and a gateway websocket.

Only Discord's servers are fake; the bot under test runs the real discord.py client, pointed here
through DISCORD_API_URL and DISCORD_GATEWAY_URL. The fake records every REST request, can answer
one chosen request with a 429 (as Discord does, with `Via` and `retry_after`), and sends gateway
events (INTERACTION_CREATE, MESSAGE_CREATE) to whichever shard owns the guild.

Usage (others' tests may import it):

    fake = FakeDiscord(shard_count=1)
    await fake.start()                       # binds 127.0.0.1 on a free port
    fake.api_url, fake.gateway_url, fake.token
    await fake.wait_ready()                  # a client identified and got READY + GUILD_CREATE
    await fake.slash_command("ai-stock", {"firm": "MiniMax"})
    request = await fake.wait_for_request("POST", r"/interactions/.*/callback")
    fake.fail_once("POST", r"/channels/\\d+/messages")   # next such request gets a 429
    await fake.stop()
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"
JSON = "application/json"  # discord.py insists on exactly this content type
MANAGE_GUILD = 1 << 5
VIEW_AND_SEND = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)  # view, send, embed, attach, history


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict
    json: dict | list | None
    files: dict[str, bytes] = field(default_factory=dict)  # multipart file parts by filename


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


class FakeDiscord:
    APP_ID = 900000000000000001
    GUILD_ID = 900000000000000010
    CHANNEL_ID = 900000000000000020
    DM_CHANNEL_ID = 900000000000000021
    USER_ID = 900000000000000030
    ADMIN_ROLE_ID = 900000000000000040

    def __init__(self, *, shard_count: int = 1, token: str = "fake-discord-token-kept-secret-0123456789"):
        self.shard_count = shard_count
        self.token = token
        self.requests: list[Recorded] = []  # answered requests (an injected failure is not one)
        self.rejected = 0  # requests answered with an injected failure
        self.identifies: list[dict] = []
        self._ids = itertools.count(910000000000000000)
        self._failures: list[tuple[str, re.Pattern, int, int]] = []
        self._shards: dict[int, tuple[web.WebSocketResponse, list[int]]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._commands: dict[str, list] = {}
        self.port = 0

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

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for ws, _ in list(self._shards.values()):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- what tests call -------------------------------------------------------------------

    def fail_once(self, method: str, path_pattern: str, status: int = 429, code: int = 0) -> None:
        """The next request matching gets `status` (a 429 carries retry_after, like Discord's; other
        statuses carry Discord's JSON error `code`, e.g. 50013 Missing Permissions with a 403)."""
        self._failures.append((method, re.compile(path_pattern), status, code))

    def find(self, method: str, path_pattern: str) -> list[Recorded]:
        pattern = re.compile(path_pattern)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    async def wait_for_request(self, method: str, path_pattern: str, *, count: int = 1,
                               timeout: float = 20) -> Recorded:
        """The `count`-th request matching (waiting for it); raises TimeoutError if it never comes."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.find(method, path_pattern)) >= count), timeout)
        return self.find(method, path_pattern)[count - 1]

    async def wait_ready(self, shards: int | None = None, timeout: float = 30) -> None:
        wanted = self.shard_count if shards is None else shards
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self._shards) >= wanted), timeout)

    async def dispatch(self, event: str, data: dict, *, guild_id: int | None = None) -> None:
        ws, sequence = self._shards[self.shard_of(guild_id)]
        sequence[0] += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": sequence[0], "d": data}))

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

    async def slash_command(self, name: str, options: dict[str, str] | None = None, **kwargs) -> dict:
        data = {"id": self._command_id(name), "name": name, "type": 1,
                "options": [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]}
        if not kwargs.get("dm"):
            data["guild_id"] = str(self.GUILD_ID)
        payload = self.interaction(2, data, **kwargs)
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=None if kwargs.get("dm") else self.GUILD_ID)
        return payload

    async def autocomplete(self, name: str, option: str, value: str, **kwargs) -> dict:
        data = {"id": self._command_id(name), "name": name, "type": 1, "guild_id": str(self.GUILD_ID),
                "options": [{"name": option, "type": 3, "value": value, "focused": True}]}
        payload = self.interaction(4, data, **kwargs)
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=self.GUILD_ID)
        return payload

    def message_with_button(self, custom_id: str, label: str = "button") -> dict:
        """A bot message carrying one button (Discord sends the pressed message with the press)."""
        button = {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
        return self.message(self.CHANNEL_ID, {"components": [{"type": 1, "components": [button]}]})

    async def press_button(self, custom_id: str, message: dict, **kwargs) -> dict:
        payload = self.interaction(3, {"custom_id": custom_id, "component_type": 2}, message=message, **kwargs)
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=self.GUILD_ID)
        return payload

    async def user_message(self, content: str, *, dm: bool = False, mention_bot: bool = True,
                           admin: bool = False) -> dict:
        payload = {
            "id": str(next(self._ids)), "author": self.user(), "content": content, "timestamp": now_iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [self.bot_user] if mention_bot else [], "mention_roles": [], "attachments": [],
            "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": [],
        }
        if dm:
            payload["channel_id"] = str(self.DM_CHANNEL_ID)
            await self.dispatch("MESSAGE_CREATE", payload)
        else:
            payload.update(channel_id=str(self.CHANNEL_ID), guild_id=str(self.GUILD_ID),
                           member=self.member(admin=admin))
            await self.dispatch("MESSAGE_CREATE", payload, guild_id=self.GUILD_ID)
        return payload

    def synced_commands(self) -> list[dict]:
        """The last command list the bot PUT (guild or global)."""
        puts = self.find("PUT", r"/applications/\d+(/guilds/\d+)?/commands")
        return puts[-1].json if puts else []

    def _command_id(self, name: str) -> str:
        for commands in self._commands.values():
            for command in commands:
                if command["name"] == name:
                    return command["id"]
        return str(next(self._ids))

    # -- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        # Text frames are always accepted, so zlib-stream compression is not needed.
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        sequence = [0]
        shard_id = None
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:  # heartbeat
                await ws.send_str(json.dumps({"op": 11}))
            elif message["op"] == 2:  # identify
                self.identifies.append(message["d"])
                shard_id, count = message["d"].get("shard", [0, 1])
                await self._ready(ws, sequence, shard_id, count)
        if shard_id is not None and self._shards.get(shard_id, (None,))[0] is ws:
            del self._shards[shard_id]
        return ws

    async def _ready(self, ws, sequence, shard_id: int, count: int) -> None:
        owns_guild = self.shard_of(self.GUILD_ID) == shard_id
        ready = {"v": 10, "user": self.bot_user, "session_id": f"session{shard_id}",
                 "resume_gateway_url": self.gateway_url, "shard": [shard_id, count],
                 "guilds": [{"id": str(self.GUILD_ID), "unavailable": True}] if owns_guild else [],
                 "application": {"id": str(self.APP_ID), "flags": 0}, "private_channels": [],
                 "relationships": [], "presences": []}
        for event, data in (("READY", ready), ("GUILD_CREATE", self.guild() if owns_guild else None)):
            if data is None:
                continue
            sequence[0] += 1
            await ws.send_str(json.dumps({"op": 0, "t": event, "s": sequence[0], "d": data}))
        async with self._changed:
            self._shards[shard_id] = (ws, sequence)
            self._changed.notify_all()

    # -- REST ------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        record = Recorded(request.method, path, dict(request.query), body, files)
        failure = next((f for f in self._failures if f[0] == request.method and f[1].fullmatch(path)), None)
        if failure is not None:
            self._failures.remove(failure)
            self.rejected += 1
            return self._failure(failure[2], failure[3])
        async with self._changed:
            self.requests.append(record)
            self._changed.notify_all()
        return self._json(self._answer(request.method, path, body))

    def _failure(self, status: int, code: int) -> web.Response:
        if status == 429:
            body = {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
            return web.Response(status=429, body=json.dumps(body).encode(),
                                headers={"Content-Type": JSON, "Via": "1.1 google", "Retry-After": "1",
                                         "X-RateLimit-Scope": "user"})
        return web.Response(status=status, body=json.dumps({"message": "fake failure", "code": code}).encode(),
                            headers={"Content-Type": JSON})

    @staticmethod
    def _json(data) -> web.Response:
        if data is None:
            return web.Response(status=204)
        return web.Response(body=json.dumps(data).encode(), headers={"Content-Type": JSON})

    @staticmethod
    async def _read_body(request: web.Request):
        if request.content_type == "multipart/form-data":
            body, files = None, {}
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files[part.filename] = bytes(await part.read())
            return body, files
        if request.can_read_body:
            return await request.json(), {}
        return None, {}

    def _answer(self, method: str, path: str, body):
        if path == "/users/@me":
            return self.bot_user
        if path == "/oauth2/applications/@me":
            return {"id": str(self.APP_ID), "name": "aibot", "icon": None, "description": "", "summary": "",
                    "bot_public": True, "bot_require_code_grant": False, "owner": self.user(self.USER_ID + 99, "owner"),
                    "verify_key": "0" * 64, "flags": 0, "team": None}
        if path == "/gateway/bot":
            return {"url": self.gateway_url, "shards": self.shard_count,
                    "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            return self._sync(path, body) if method == "PUT" else self._commands.get(path, [])
        if match := re.fullmatch(r"/channels/(\d+)/messages", path):
            return self.message(int(match[1]), body or {})
        if match := re.fullmatch(r"/users/@me/channels", path):
            return {"id": str(self.DM_CHANNEL_ID), "type": 1, "recipients": [self.user(int(body["recipient_id"]))]}
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return self._callback(int(match[1]), body or {})
        if re.fullmatch(r"/webhooks/\d+/[^/]+(/messages/@original)?", path):
            return None if method == "DELETE" else self.message(self.CHANNEL_ID, body or {})
        return {}

    def _sync(self, path: str, commands: list) -> list:
        stored = [dict(c, id=str(next(self._ids)), application_id=str(self.APP_ID), version="1",
                       default_member_permissions=c.get("default_member_permissions"), type=c.get("type", 1))
                  for c in commands]
        self._commands[path] = stored
        return stored

    def message(self, channel_id: int, body: dict) -> dict:
        attachments = [{"id": str(next(self._ids)), "filename": a.get("filename", "file"), "size": 1,
                        "url": "http://127.0.0.1/a", "proxy_url": "http://127.0.0.1/a"}
                       for a in body.get("attachments", [])]
        return {"id": str(next(self._ids)), "channel_id": str(channel_id), "author": self.bot_user,
                "content": body.get("content") or "", "timestamp": now_iso(), "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
                "attachments": attachments, "embeds": body.get("embeds") or [], "pinned": False, "type": 0,
                "components": body.get("components") or [], "flags": body.get("flags") or 0}

    def _callback(self, interaction_id: int, body: dict) -> dict:
        kind = body.get("type")
        data = body.get("data") or {}
        result = {"interaction": {"id": str(interaction_id), "type": 2,
                                  "response_message_loading": kind == 5,
                                  "response_message_ephemeral": bool((data.get("flags") or 0) & 64)},
                  "resource": {"type": kind}}
        if kind in (4, 5, 7):
            message = self.message(self.CHANNEL_ID, data)
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"]["message"] = message
        return result
