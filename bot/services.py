"""The long-lived objects of one bot process, built once by the composition root and passed to
adapters explicitly (no global accessor for "the running bot")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.commands import Registry, build_registry
from bot.config import Settings
from bot.engine import AnswerEngine
from knowledge.store import Knowledge


@dataclass
class Services:
    settings: Settings
    knowledge: Knowledge
    engine: AnswerEngine
    registry: Registry
    # Shared extras: the aiohttp web application adapters add routes to ("web"), the digest
    # service ("digest"), adapters by platform name ("adapters").
    extra: dict[str, Any] = field(default_factory=dict)


def build_services(settings: Settings) -> Services:
    knowledge = Knowledge.open(settings.effective_database_url, seeds_dir=settings.seeds_dir,
                               auto_seed=settings.auto_seed)
    registry = build_registry()
    extra: dict[str, Any] = {}
    engine = AnswerEngine(knowledge, settings, registry, services=extra)
    return Services(settings=settings, knowledge=knowledge, engine=engine, registry=registry, extra=extra)
