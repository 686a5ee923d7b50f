"""Polite HTTP fetching for feeds and their article pages.

aiohttp does the HTTP; what is written here is the politeness every request must have: a user
agent naming the bot, a timeout, a size limit enforced while reading (a server can lie about or
omit Content-Length), and conditional GET with the validators of the last answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import aiohttp


def user_agent() -> str:
    try:
        release = version("aibot")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        release = "dev"
    return f"aibot/{release} (news feed reader; polls at most hourly)"


class FetchError(Exception):
    """The request failed; the message is short and says why."""


@dataclass
class Fetched:
    status: int  # 200 or 304
    body: bytes
    url: str
    content_type: str
    etag: str | None
    last_modified: str | None
    charset: str | None = None

    def text(self) -> str:
        """The body as text, in the charset the server declared (Chinese sites often use GBK)."""
        if b"\x00" in self.body[:8192]:
            raise FetchError("not text (binary content)")
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def open_client(*, timeout_seconds: float) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout_seconds),
        headers={"User-Agent": user_agent()},
    )


async def fetch(client: aiohttp.ClientSession, url: str, *, max_bytes: int, etag: str | None = None,
                last_modified: str | None = None) -> Fetched:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with client.get(url, headers=headers, allow_redirects=True, max_redirects=5) as response:
            if response.status == 304:
                return Fetched(304, b"", str(response.url), "", etag, last_modified)
            if response.status != 200:
                raise FetchError(f"HTTP {response.status} {response.reason or ''}".strip())
            if response.content_length is not None and response.content_length > max_bytes:
                raise FetchError(f"too large ({response.content_length:,} bytes; the limit is {max_bytes:,})")
            body = bytearray()
            async for chunk in response.content.iter_chunked(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"too large (over {max_bytes:,} bytes)")
            return Fetched(200, bytes(body), str(response.url), response.content_type or "",
                           response.headers.get("ETag"), response.headers.get("Last-Modified"), response.charset)
    except TimeoutError:
        raise FetchError("timed out") from None
    except aiohttp.InvalidURL:
        raise FetchError("not a valid URL") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"network error ({type(exc).__name__}: {exc})"[:200]) from None
