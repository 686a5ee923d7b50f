"""Health endpoints on the shared HTTP server, for load balancers and orchestrators.

`/healthz` says the process is up. `/readyz` says it can do its job: the database answers and
every started adapter reports itself connected (an adapter without an `is_ready()` method counts
as ready once started).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text

from bot.services import Services

log = logging.getLogger(__name__)


def _database_ok(services: Services) -> bool:
    try:
        with services.knowledge.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception as exc:  # the reason goes to the log, never to the caller
        log.warning("readiness: database unreachable (%s)", exc.__class__.__name__)
        return False


def add_health_routes(app: web.Application, services: Services) -> None:
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(request: web.Request) -> web.Response:
        checks = {"database": await asyncio.to_thread(_database_ok, services),
                  "started": bool(services.extra.get("ready"))}
        for name, adapter in services.extra.get("adapters", {}).items():
            is_ready = getattr(adapter, "is_ready", None)
            checks[name] = bool(is_ready()) if callable(is_ready) else checks["started"]
        ok = all(checks.values())
        return web.json_response({"status": "ready" if ok else "not ready", "checks": checks},
                                 status=200 if ok else 503)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
