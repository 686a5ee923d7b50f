"""Schema migrations with Alembic: every database, SQLite or Postgres, reaches the current
schema the same way (`aibot db upgrade`, also run when the bot opens its store).

The migration scripts live in knowledge/migrations (shipped inside the package, so an installed
bot can migrate without a checkout); the Alembic config is built here rather than read from an
alembic.ini, so the database URL always comes from the bot's settings.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Taken by many processes at once (several replicas starting together on one Postgres): a
# transaction-level advisory lock makes them migrate one after another.
_PG_LOCK_ID = 0x41_49_42_4F_54  # "AIBOT"


def target_metadata() -> MetaData:
    """Everything the bot stores, including slack_sdk's installation and OAuth-state tables."""
    from sqlmodel import SQLModel

    import knowledge.models  # noqa: F401  (registers every table)
    from knowledge.models.slack import declare_slack_sdk_tables

    declare_slack_sdk_tables(SQLModel.metadata)
    return SQLModel.metadata


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=]*=\s*['\"]?([\w]+)?", re.MULTILINE)


def quick_head() -> str | None:
    """The newest revision, read from the scripts' `revision = ...` lines. Importing Alembic costs
    about a quarter of a second, which every `aibot ask` would pay just to learn that nothing
    needs doing; this answers the same question in a millisecond."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        fields = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if fields.get("revision"):
            revisions.add(fields["revision"])
        if fields.get("down_revision") and fields["down_revision"] != "None":
            parents.add(fields["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def ensure_current(engine: Engine) -> None:
    """Migrate to the newest schema unless the database is already there (the common case)."""
    try:
        with engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:
        versions = []  # no version table yet: a new or pre-migration database
    head = quick_head()
    if head is None or versions != [head]:
        upgrade(engine)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (default: the newest), one transaction for the lot."""
    # Alembic narrates every plugin and step at INFO; one line of ours says what changed.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from alembic import command
    from alembic.migration import MigrationContext

    config = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_ID})")
        elif conn.dialect.name == "sqlite":
            # pysqlite opens no transaction before DDL, so each CREATE TABLE would commit on its
            # own and two processes starting on a new file would both create the tables (one
            # fails). BEGIN IMMEDIATE takes the write lock now: the migration is one transaction,
            # and a second process waits for it (the busy timeout), then finds nothing to do.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        before = MigrationContext.configure(conn).get_current_revision()
        config.attributes["connection"] = conn
        existing = set(inspect(conn).get_table_names())
        if before is None and "document" in existing:
            # A store made before migrations existed (create_all): record the revision its tables
            # match, the newest if it has them all, and migrate on from there instead of failing
            # on CREATE TABLE.
            adopted = "head" if set(target_metadata().tables) <= existing else _first_revision()
            log.info("adopting a store made before migrations, at revision %s", adopted)
            command.stamp(config, adopted)
        command.upgrade(config, revision)
        after = MigrationContext.configure(conn).get_current_revision()
    if after != before:
        log.info("database schema migrated from %s to %s", before or "empty", after)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _first_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return list(script.walk_revisions())[-1].revision


def pending_differences(engine: Engine) -> list:
    """What autogenerate would change: empty when the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, target_metadata())
