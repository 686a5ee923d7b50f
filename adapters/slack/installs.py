"""Multi-workspace installs: Slack's OAuth flow with slack_sdk's SQLAlchemy installation and
state stores on the bot's own database (tables declared in knowledge/models/slack.py).

slack_sdk's *async* SQLAlchemy stores need an async database driver the bot does not otherwise
use; the synchronous stores work on the engine the store already has, so these two thin
wrappers run them in a worker thread for the async Bolt app.
"""

from __future__ import annotations

import asyncio

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from adapters.slack.client import oauth_authorize_url
from bot.config import Settings

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    def __init__(self, store: SQLAlchemyInstallationStore):
        self.store = store

    @property
    def logger(self):
        return self.store.logger

    async def async_save(self, installation):
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot):
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, **kwargs):
        return await asyncio.to_thread(lambda: self.store.find_bot(**kwargs))

    async def async_find_installation(self, **kwargs):
        return await asyncio.to_thread(lambda: self.store.find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs):
        await asyncio.to_thread(lambda: self.store.delete_bot(**kwargs))

    async def async_delete_installation(self, **kwargs):
        await asyncio.to_thread(lambda: self.store.delete_installation(**kwargs))

    async def async_delete_all(self, **kwargs):
        await asyncio.to_thread(lambda: self.store.delete_all(**kwargs))


class ThreadedStateStore(AsyncOAuthStateStore):
    def __init__(self, store: SQLAlchemyOAuthStateStore):
        self.store = store

    @property
    def logger(self):
        return self.store.logger

    async def async_issue(self, *args, **kwargs) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


def installation_store(settings: Settings, engine: Engine) -> ThreadedInstallationStore:
    return ThreadedInstallationStore(SQLAlchemyInstallationStore(client_id=settings.slack_client_id,
                                                                 engine=engine))


def oauth_settings(settings: Settings, engine: Engine, scopes: list[str]) -> AsyncOAuthSettings:
    state_secret = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
    oauth = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=scopes,
        installation_store=installation_store(settings, engine),
        # The bot asks for no user tokens: one find_bot per request instead of find_installation
        # twice (the workspace's, then the asker's).
        installation_store_bot_only=True,
        state_store=ThreadedStateStore(state_secret),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=oauth_authorize_url(settings),
    )
    # Bolt's own authorize, but remembering each token's auth.test answer rather than calling
    # auth.test on every request (a revoked install is still refused: find_bot finds no token).
    # AsyncOAuthSettings takes no cache option; its authorize (bot-only above) has the switch.
    oauth.authorize.cache_enabled = True
    return oauth
