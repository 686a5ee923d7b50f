"""The Slack Web API clients: every call goes to SLACK_API_URL and retries on rate limits
(429 with Retry-After), server errors and dropped connections, with slack_sdk's own handlers."""

from __future__ import annotations

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.config import Settings


def retry_handlers() -> list:
    return [AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2)]


def api_base_url(settings: Settings) -> str:
    url = settings.slack_api_url
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, token: str | None = None,
               session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """`session`: one shared connection pool (without it slack_sdk opens a session per call)."""
    return AsyncWebClient(token=token, base_url=api_base_url(settings), retry_handlers=retry_handlers(),
                          session=session)


def response_client(response_url: str, session: aiohttp.ClientSession | None = None) -> AsyncWebhookClient:
    """For a slash command's or button's response_url (Bolt's own `respond` does not retry)."""
    return AsyncWebhookClient(response_url, retry_handlers=retry_handlers(), session=session)


def oauth_authorize_url(settings: Settings) -> str:
    """Slack's install page on the same host as the API (slack.com, slack-gov.com, a fake)."""
    base = api_base_url(settings)
    root = base[: -len("api/")] if base.endswith("/api/") else base
    return root + "oauth/v2/authorize"
