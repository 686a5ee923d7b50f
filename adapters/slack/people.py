"""Who may manage workspace settings (digest subscriptions): the users listed in
SLACK_ADMIN_USERS, or Slack's own workspace admins and owners (users.info)."""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
CACHE_SECONDS = 600.0


class AdminCheck:
    def __init__(self, configured: list[str]):
        self.configured = set(configured)
        # A short cache: one users.info call per person per ten minutes, not one per message.
        self._cache: dict[tuple[str | None, str], tuple[bool, float]] = {}

    async def is_admin(self, client: AsyncWebClient, *, user_id: str | None, team_id: str | None) -> bool:
        if not user_id:
            return False
        if user_id in self.configured:
            return True
        key = (team_id, user_id)
        cached = self._cache.get(key)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            user = (await client.users_info(user=user_id)).get("user") or {}
            admin = bool(user.get("is_admin") or user.get("is_owner"))
        except SlackApiError as exc:  # no users:read scope, or the user vanished: not an admin
            reason = exc.response.data.get("error") if isinstance(exc.response.data, dict) else exc.response.status_code
            log.warning("users.info failed (%s); treating the user as a non-admin", reason)
            return False
        self._cache[key] = (admin, time.monotonic() + CACHE_SECONDS)
        return admin
