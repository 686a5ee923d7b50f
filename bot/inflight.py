"""Replies being worked on, so a shutdown lets them finish instead of cutting them off.

Adapters wrap the handling of each request in `track()`; on SIGTERM the composition root stops
taking requests first, then each adapter `drain()`s before closing its connections.
"""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)
# How long a shutdown waits for replies in flight (container runtimes allow 10 to 30 seconds).
SHUTDOWN_GRACE_SECONDS = 10.0


class InFlight:
    def __init__(self) -> None:
        self.count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def track(self) -> "_Tracked":
        """`async with in_flight.track():` around the handling of one request."""
        return _Tracked(self)

    def _enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def _exit(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def drain(self, timeout: float) -> bool:
        """Wait until nothing is in flight (True), or give up after `timeout` seconds (False)."""
        if self.count:
            log.info("waiting for %d replies in flight", self.count)
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            log.warning("%d replies still in flight at shutdown", self.count)
            return False


class _Tracked:
    """A plain async context manager rather than `contextlib.asynccontextmanager`: this wraps
    every request, and an async generator per request cost measurable time under load."""

    __slots__ = ("_in_flight",)

    def __init__(self, in_flight: InFlight) -> None:
        self._in_flight = in_flight

    async def __aenter__(self) -> None:
        self._in_flight._enter()

    async def __aexit__(self, *exc_info) -> None:
        self._in_flight._exit()
