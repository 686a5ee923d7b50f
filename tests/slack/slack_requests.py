"""Requests built and signed exactly as Slack builds and signs them, from the JSON fixtures."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from pathlib import Path
from urllib.parse import urlencode

FIXTURES = Path(__file__).parent / "fixtures"
SIGNING_SECRET = "test-signing-secret-8f3a9c"
BOT_TOKEN = "xoxb-1111-2222-testbottoken"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fixture(name: str, **values: str) -> dict:
    """A recorded payload with its "{placeholders}" filled in."""
    def fill(node):
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        if isinstance(node, str) and node.startswith("{") and node.endswith("}") and node[1:-1] in values:
            return values[node[1:-1]]
        return node

    return fill(json.loads((FIXTURES / f"{name}.json").read_text()))


def signed_headers(body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict:
    """Slack's v0 signature: HMAC-SHA256 over "v0:{timestamp}:{body}" with the signing secret."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}",
            "Content-Type": content_type}


def command_body(*, response_url: str, command: str = "/ai-stock", text: str = "MiniMax", **fields) -> str:
    payload = fixture("slash_command", response_url=response_url)
    payload.update(command=command, text=text, **fields)
    return urlencode(payload)


def event_body(name: str, **changes) -> str:
    payload = fixture(name)
    event_fields = {k: v for k, v in changes.items() if k != "event_id"}
    payload["event"].update(event_fields)
    if "event_id" in changes:
        payload["event_id"] = changes["event_id"]
    return json.dumps(payload)


def action_body(*, value: str, response_url: str, **container) -> str:
    payload = fixture("block_actions", value=value, response_url=response_url)
    payload["container"].update(container)
    return urlencode({"payload": json.dumps(payload)})


async def post(session, url: str, body: str, *, json_body: bool = False, headers: dict | None = None, **sign):
    """POST a body to the bot signed as Slack would (or with the given headers); (status, text)."""
    content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
    headers = headers if headers is not None else signed_headers(body, content_type=content_type, **sign)
    async with session.post(url, data=body.encode(), headers=headers) as response:
        return response.status, await response.text()


def acked(body: str):
    """The message a slash command's acknowledgement carries: what Slack shows at once."""
    from tests.slack.fake_calls import Call

    return Call("ack", json.loads(body) if body else {})


def post_signed(url: str, body: str, content_type: str, **headers) -> tuple[int, str]:
    """POST a signed body from synchronous code (tests driving an `aibot run` subprocess)."""
    import urllib.request

    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={**signed_headers(body, content_type=content_type), **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()
