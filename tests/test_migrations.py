"""Alembic: an empty database and one at the previous revision both upgrade to the newest schema,
the models and the migrations agree, and the bot migrates by itself when it starts."""

from sqlalchemy import func, inspect, select
from sqlmodel import Session

from knowledge.db import create_db_engine
from knowledge.migrate import current_revision, head_revision, pending_differences, upgrade
from knowledge.models import Document, Entity, Fact
from knowledge.seeding import ensure_seeded


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from knowledge.migrate import alembic_config

    return [r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()][::-1]


def test_an_empty_database_upgrades_to_the_newest_schema(empty_db_url):
    engine = create_db_engine(empty_db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert {"document", "entity", "fact", "alembic_version"} <= set(inspect(engine).get_table_names())
    assert pending_differences(engine) == []  # the models and the migrations agree
    upgrade(engine)  # idempotent
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_at_the_previous_revision_upgrades_and_keeps_its_rows(empty_db_url):
    revisions = _revisions()
    assert len(revisions) >= 2
    engine = create_db_engine(empty_db_url)
    upgrade(engine, revisions[-2])
    assert current_revision(engine) == revisions[-2]
    ensure_seeded(engine)  # the knowledge tables exist from the first revision on
    with Session(engine) as session:
        before = [session.exec(select(func.count()).select_from(t)).one() for t in (Document, Entity, Fact)]
    assert all(before)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with Session(engine) as session:
        after = [session.exec(select(func.count()).select_from(t)).one() for t in (Document, Entity, Fact)]
    assert after == before
    assert pending_differences(engine) == []
    engine.dispose()


def test_every_revision_downgrades_cleanly(empty_db_url):
    engine = create_db_engine(empty_db_url)
    upgrade(engine)
    from knowledge.migrate import downgrade

    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_the_bot_migrates_and_seeds_an_empty_database_on_start(empty_db_url, cli):
    result = cli("db", "upgrade", env={"DATABASE_URL": empty_db_url})
    assert result.returncode == 0, result.stderr
    assert f"at revision {head_revision()}" in result.stdout
    result = cli("ask", "/ai-stock MiniMax", env={"DATABASE_URL": empty_db_url})
    assert result.returncode == 0 and "+11%" in result.stdout
    check = cli("db", "check", env={"DATABASE_URL": empty_db_url})
    assert check.returncode == 0, check.stdout


def test_a_store_made_before_migrations_is_adopted(empty_db_url):
    from sqlmodel import SQLModel

    from knowledge.migrate import target_metadata

    engine = create_db_engine(empty_db_url)
    core = [SQLModel.metadata.tables[name] for name in ("store_meta", "document", "passage", "entity",
                                                        "alias", "fact", "mention")]
    target_metadata().create_all(engine, tables=core)  # what create_all made before migrations
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert pending_differences(engine) == []
    engine.dispose()


def test_a_complete_store_made_before_migrations_is_adopted_at_the_newest_revision(empty_db_url):
    from knowledge.migrate import target_metadata

    engine = create_db_engine(empty_db_url)
    target_metadata().create_all(engine)  # every table, as create_all made them before migrations
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert pending_differences(engine) == []
    engine.dispose()


def test_processes_starting_together_on_a_new_store_all_start(empty_db_url, tmp_path):
    """Three `aibot ask` at once on an empty database: one migrates and seeds, the others wait
    for it (Postgres: an advisory lock; SQLite: BEGIN IMMEDIATE), and all answer."""
    import subprocess

    from tests.processes import AIBOT, aibot_env

    env = aibot_env(empty_db_url, tmp_path, LOG_LEVEL="WARNING")
    processes = [subprocess.Popen([AIBOT, "ask", "/ai-stock MiniMax"], env=env, cwd=tmp_path, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    for process in processes:
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
        assert "+11%" in out
    engine = create_db_engine(empty_db_url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 4  # seeded once
    assert current_revision(engine) == head_revision()
    engine.dispose()
