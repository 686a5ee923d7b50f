"""Syncing the application commands with Discord, only when they changed.

Discord rate-limits command syncs hard, and a bot restarts often, so the hash of the last payload
synced (per application and target) is kept in the store's key/value table and a restart with
the same commands makes no request at all.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging

import discord
from discord import app_commands
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from knowledge.db import session_scope
from knowledge.models import StoreMeta

log = logging.getLogger(__name__)


def payload_hash(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> str:
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _key(application_id: int, guild_id: int | None) -> str:
    return f"discord.commands.{application_id}.{guild_id or 'global'}"


def _read(engine: Engine, key: str) -> str | None:
    with session_scope(engine) as session:
        row = session.get(StoreMeta, key)
        return row.text if row else None


def _write(engine: Engine, key: str, digest: str) -> None:
    try:
        with session_scope(engine) as session:
            row = session.get(StoreMeta, key) or StoreMeta(key=key)
            row.text = digest
            session.add(row)
    except IntegrityError:  # another shard process recorded the same sync first
        pass


async def sync_if_changed(tree: app_commands.CommandTree, engine: Engine, *, application_id: int,
                          guild_id: int | None) -> bool:
    """Sync to the development guild (instant) or globally; True when a sync was sent."""
    guild = discord.Object(id=guild_id) if guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    key = _key(application_id, guild_id)
    digest = payload_hash(tree, guild)
    if await asyncio.to_thread(_read, engine, key) == digest:
        log.info("discord commands unchanged; not syncing", extra={"platform": "discord"})
        return False
    synced = await tree.sync(guild=guild)
    await asyncio.to_thread(_write, engine, key, digest)
    log.info("synced %d discord commands to %s", len(synced), f"guild {guild_id}" if guild else "all guilds",
             extra={"platform": "discord"})
    return True
