"""A small fake of Slack's servers on 127.0.0.1, for tests (the only fake in Slack's tests).

It answers the Web API methods the bot calls (`auth.test`, `chat.postMessage`,
`chat.postEphemeral`, `users.info`, the `files_upload_v2` flow, `oauth.v2.access`,
`apps.connections.open`), records every call, accepts `response_url` posts, and runs a Socket
Mode websocket that can push envelopes to a connected app and collect its acks.

It runs in its own thread with its own event loop, so synchronous tests, async tests and a bot in
a subprocess can all use it the same way:

    with FakeSlack() as slack:              # starts on 127.0.0.1, a free port
        settings = make_settings(slack_api_url=slack.api_url, ...)
        ...
        slack.wait_for("chat.postMessage")  # the calls, once they arrive
        slack.fail("chat.postMessage", status=429, retry_after=1)  # the next call only

Every recorded call is a `Call(method, body, headers)`; `body` is the decoded form or JSON.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.slack.fake_calls import Call

BOT_USER_ID = "UBOTAIBOT"
BOT_ID = "BAIBOT"
TEAM_ID = "T0TEAM"


@dataclass
class Failure:
    status: int
    retry_after: int | None
    times: int


class FakeSlack:
    def __init__(self, *, admins: tuple[str, ...] = (), team_id: str = TEAM_ID):
        self.admins = set(admins)
        self.team_id = team_id
        self.calls: list[Call] = []
        self.uploads: dict[str, bytes] = {}
        self.socket_acks: list[dict] = []
        self._failures: dict[str, Failure] = {}
        self._ts = itertools.count(1)
        self._lock = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.port: int | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="fake-slack", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Slack did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What SLACK_API_URL should be (with the trailing slash, like https://slack.com/api/)."""
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    # -- what tests ask -----------------------------------------------------------------------

    def fail(self, method: str, *, status: int = 500, retry_after: int | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with this HTTP status (429 sets Retry-After)."""
        with self._lock:
            self._failures[method] = Failure(status, retry_after, times)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20) -> list[Call]:
        """Block until `count` calls of `method` were recorded (raises TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.calls_to_unlocked(method)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{method}: wanted {count}, got {self.calls_to_unlocked(method)}")
                self._lock.wait(left)
            return self.calls_to_unlocked(method)

    async def until(self, method: str, count: int = 1, timeout: float = 20) -> list[Call]:
        """`wait_for` for async tests: waits without blocking the loop the bot runs in."""
        return await asyncio.to_thread(self.wait_for, method, count, timeout)

    def calls_to_unlocked(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    # -- Socket Mode --------------------------------------------------------------------------

    def send_envelope(self, envelope: dict) -> None:
        """Push an envelope (`{"envelope_id", "type", "payload", ...}`) to every connected app."""
        async def push():
            for ws in self._sockets:
                if not ws.closed:
                    await ws.send_str(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(push(), self._loop).result(10)

    def wait_for_ack(self, envelope_id: str, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for ack in self.socket_acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no ack for {envelope_id}")
                self._lock.wait(left)

    # -- the server ---------------------------------------------------------------------------

    def _run(self, ready: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._startup())
        ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _startup(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        await self._runner.cleanup()

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _take_failure(self, method: str) -> Failure | None:
        with self._lock:
            failure = self._failures.get(method)
            if failure is None:
                return None
            failure.times -= 1
            if failure.times <= 0:
                del self._failures[method]
            return failure

    async def _read_body(self, request: web.Request) -> dict:
        raw = await request.text()
        body = dict(request.query)  # slack_sdk sends some methods as GET, some with query params
        if request.content_type == "application/json":
            return {**body, **json.loads(raw or "{}")}
        body.update(parse_qsl(raw, keep_blank_values=True))
        for key in ("blocks", "files"):  # form posts carry these as JSON strings
            if isinstance(body.get(key), str):
                try:
                    body[key] = json.loads(body[key])
                except ValueError:
                    pass
        return body

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await self._read_body(request)
        failure = self._take_failure(method)
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response({"ok": False, "error": "ratelimited" if failure.status == 429
                                      else "internal_error"}, status=failure.status, headers=headers)
        self._record(Call(method, body, {"Authorization": request.headers.get("Authorization", "")}))
        return web.json_response(self._answer(method, body))

    def _answer(self, method: str, body: dict) -> dict:
        ts = f"{1700000000 + next(self._ts)}.000100"
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Test", "user": "aibot",
                    "team_id": self.team_id, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": ts,
                    "message": {"text": body.get("text"), "ts": ts, "bot_id": BOT_ID}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "users.info":
            user = body.get("user")
            return {"ok": True, "user": {"id": user, "name": user, "is_admin": user in self.admins,
                                         "is_owner": False}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = body.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": "A0APP", "authed_user": {"id": "U0INSTALLER"},
                    "scope": "commands,chat:write", "token_type": "bot",
                    "access_token": "xoxb-installed-" + body.get("code", "x"), "bot_user_id": BOT_USER_ID,
                    "team": {"id": "T0OTHER", "name": "Other"}, "enterprise": None,
                    "is_enterprise_install": False}
        return {"ok": True}

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await self._read_body(request)
        failure = self._take_failure("response_url")
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.Response(status=failure.status, text="error", headers=headers)
        self._record(Call("response_url", body, {"name": request.match_info["name"]}))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        file_id = request.match_info["file_id"]
        with self._lock:
            self.uploads[file_id] = data
        self._record(Call("upload", {"file_id": file_id, "size": len(data)}))
        return web.Response(text=f"OK - {len(data)}")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A0APP"}}))
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                with self._lock:
                    self.socket_acks.append(json.loads(msg.data))
                    self._lock.notify_all()
        return ws
