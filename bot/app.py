"""The composition root: settings -> store -> engine -> adapters -> background services, started
together in one event loop. Adapters are loaded by name from the `aibot.adapters` entry points,
so the core never imports adapters/; background services are listed in BACKGROUND."""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import signal
from importlib.metadata import entry_points

from bot.health import add_health_routes
from bot.services import Services

log = logging.getLogger(__name__)
PLATFORMS = ("slack", "discord")

# Long-running services started beside the adapters: "module:factory", where
# factory(services) returns an object with `async start()` and `async stop()`, or None when
# it has nothing to do (for example no feeds configured).
BACKGROUND: tuple[str, ...] = ("bot.digest.service:create", "knowledge.feeds.service:create")


def load_adapter(name: str):
    """The factory registered for an adapter name (`create(services) -> adapter or None`)."""
    for entry in entry_points(group="aibot.adapters"):
        if entry.name == name:
            return entry.load()
    raise LookupError(f"no adapter named {name!r} is installed")


def load_factory(path: str):
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


def configured_platforms(services: Services) -> list[str]:
    settings = services.settings
    wanted = {"slack": settings.slack_configured, "discord": settings.discord_configured}
    return [name for name in PLATFORMS if wanted[name]]


def build_adapters(services: Services) -> dict:
    """Create (but do not start) the adapter of every configured platform."""
    adapters = {}
    for name in configured_platforms(services):
        adapter = load_adapter(name)(services)
        if adapter is not None:
            adapters[adapter.name] = adapter
    services.extra["adapters"] = adapters
    return adapters


async def serve(services: Services, *, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set), then shut down in reverse order."""
    from aiohttp import web

    if not configured_platforms(services):
        print("No Slack or Discord settings found (see .env.example); opening the terminal chat.")
        await load_adapter("console")(services).start()
        return
    app = web.Application()
    services.extra["web"] = app
    add_health_routes(app, services)
    adapters = build_adapters(services)
    background = [s for s in (load_factory(path)(services) for path in BACKGROUND) if s is not None]

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread (tests)
            pass

    started = []
    runner = web.AppRunner(app, access_log=None)
    try:
        for adapter in adapters.values():
            await adapter.start()
            started.append(adapter)
            log.info("adapter started", extra={"platform": adapter.name})
        for service in background:
            await service.start()
            started.append(service)
        await runner.setup()
        site = web.TCPSite(runner, services.settings.host, services.settings.port)
        await site.start()
        log.info("listening on %s:%s", services.settings.host, services.settings.port)
        services.extra["ready"] = True
        # What start-up built (the knowledge snapshot, clients, listeners) lives as long as the
        # process. Freezing it keeps the collector's full passes from rescanning it on every busy
        # spell (measured: 1.35-1.48x -> 1.13-1.20x the floor at 250-500 Slack requests in flight).
        gc.freeze()
        await stop.wait()
    finally:
        log.info("shutting down")
        services.extra["ready"] = False
        # Stop taking requests first; then the scheduler and feeds; then each adapter, which lets
        # its replies in flight finish before it disconnects.
        await runner.cleanup()
        for part in reversed(started):
            try:
                await part.stop()
            except Exception:
                log.exception("error while stopping %s", type(part).__name__)
