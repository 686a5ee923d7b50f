"""Polite HTTP fetching for feeds and their article pages.

aiohttp does the HTTP; what is written here is the politeness every request must have: a user
agent naming the bot, a timeout, a size limit enforced while reading (a server can lie about or
omit Content-Length), and conditional GET with the validators of the last answer.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import aiohttp


def user_agent() -> str:
    try:
        release = version("aibot")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        release = "dev"
    return f"aibot/{release} (news feed reader; polls at most hourly)"


# A charset declared in the page itself: <meta charset="gbk"> or
# <meta http-equiv="Content-Type" content="text/html; charset=gbk">, looked for near the top as browsers do.
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 4096
# Pages labelled GB2312 or GBK are in practice written in their superset (as browsers assume).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def _codec(name: str | None) -> str | None:
    """A charset name Python can decode with, or None for a missing or unknown one."""
    if not name:
        return None
    name = _SUPERSETS.get(name.strip().casefold(), name.strip())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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
        self._check_text()
        return self.body.decode(_codec(self.charset) or "utf-8", errors="replace")

    def html(self) -> str | bytes:
        """The page for the HTML reader: text in the charset the HTTP header declares, else the one
        the page's own <meta> declares; with neither, the raw bytes, for trafilatura to decode (it
        takes valid UTF-8 as such and otherwise guesses), instead of UTF-8 with replacements."""
        self._check_text()
        declared = _codec(self.charset)
        if declared is None:
            found = _META_CHARSET.search(self.body[:_PRESCAN_BYTES])
            declared = _codec(found.group(1).decode("ascii")) if found else None
            if declared and declared.startswith(("utf-16", "utf-32")):
                declared = "utf-8"  # a <meta> read as ASCII cannot be UTF-16 (browsers do the same)
        return self.body.decode(declared, errors="replace") if declared else self.body

    def _check_text(self) -> None:
        if b"\x00" in self.body[:8192]:
            raise FetchError("not text (binary content)")

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
            # aiohttp reports a missing Content-Type as application/octet-stream: say "unknown"
            # instead, so the reader guesses from the body rather than refusing the page.
            content_type = response.content_type if "Content-Type" in response.headers else ""
            return Fetched(200, bytes(body), str(response.url), content_type,
                           response.headers.get("ETag"), response.headers.get("Last-Modified"), response.charset)
    except TimeoutError:
        raise FetchError("timed out") from None
    except aiohttp.InvalidURL:
        raise FetchError("not a valid URL") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"network error ({type(exc).__name__}: {exc})"[:200]) from None
