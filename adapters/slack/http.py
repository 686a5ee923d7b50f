"""HTTP mode: Slack's events, slash commands and button presses all POST to /slack/events on
the bot's shared aiohttp server; with OAuth configured it also serves the install flow. A thin
translator to Bolt's neutral request and back (Bolt verifies every signature)."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.installs import INSTALL_PATH, REDIRECT_PATH

EVENTS_PATH = "/slack/events"


def add_routes(web_app: web.Application, app: AsyncApp) -> None:
    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app.router.add_post(EVENTS_PATH, events)
    flow = app.oauth_flow
    if flow is None:
        return

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    web_app.router.add_get(INSTALL_PATH, install)
    web_app.router.add_get(REDIRECT_PATH, redirect)
