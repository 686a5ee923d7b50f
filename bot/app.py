"""The composition root: settings -> store -> engine -> adapters -> scheduler, started together
in one event loop. Adapters are loaded by name from the `aibot.adapters` entry points."""

from __future__ import annotations

import asyncio
import logging
import signal
from importlib.metadata import entry_points

from bot.services import Services

log = logging.getLogger(__name__)
PLATFORMS = ("slack", "discord")


def load_adapter(name: str):
    """The factory registered for an adapter name (`create(services) -> adapter or None`)."""
    for entry in entry_points(group="aibot.adapters"):
        if entry.name == name:
            return entry.load()
    raise LookupError(f"no adapter named {name!r} is installed")


def configured_platforms(services: Services) -> list[str]:
    settings = services.settings
    wanted = {"slack": settings.slack_configured, "discord": settings.discord_configured}
    return [name for name in PLATFORMS if wanted[name]]


async def serve(services: Services) -> None:
    platforms = configured_platforms(services)
    if not platforms:
        print("No Slack or Discord settings found (see .env.example); opening the terminal chat.")
        await load_adapter("console")(services).start()
        return
    adapters = []
    for name in platforms:
        adapter = load_adapter(name)(services)
        if adapter is not None:
            adapters.append(adapter)
    services.extra["adapters"] = {a.name: a for a in adapters}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    for adapter in adapters:
        await adapter.start()
        log.info("adapter started", extra={"platform": adapter.name})
    await stop.wait()
    log.info("shutting down")
    for adapter in reversed(adapters):
        await adapter.stop()
