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
from aiohttp import WSMsgType, web

# Imported as `tests.discord.fake_discord` (other folders' tests) or as `fake_discord` (this folder's).
if __package__:
    from .fake_discord_payloads import Payloads, now_iso
else:
    from fake_discord_payloads import Payloads, now_iso

API_PREFIX = "/api/v10"
JSON = "application/json"  # discord.py insists on exactly this content type


@dataclass
class Recorded:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict
    json: dict | list | None
    files: dict[str, bytes] = field(default_factory=dict)  # multipart file parts by filename


class FakeDiscord(Payloads):
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
