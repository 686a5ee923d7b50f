"""Shared fixtures: a fresh, seeded store for each test, on SQLite and on a real Postgres.

Every test that takes `db_url` runs twice, once per backend. Seeding happens once per run into a
template (a SQLite file copied per test; a Postgres database cloned with CREATE DATABASE ...
TEMPLATE), so a fresh store costs milliseconds. Each run creates its own Postgres databases,
named after the run, and drops them at the end, so runs never see each other's rows.

Postgres comes from TEST_DATABASE_URL (default: the local server on 127.0.0.1:5432, database
`test`). If it is unreachable its tests are skipped, unless AIBOT_REQUIRE_POSTGRES=1 (as in
.ci/run), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.processes import AIBOT, aibot_env

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"


def _pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)


class PostgresDatabases:
    """Creates databases for this run on the Postgres server, and drops them all at the end."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        self.created: list[str] = []
        self.template: str | None = None

    def url_for(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        self.created.append(name)
        return self.url_for(name)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in reversed(self.created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def _seed(url: str) -> None:
    from knowledge.store import Knowledge

    knowledge = Knowledge.open(url)
    knowledge.engine.dispose()


@pytest.fixture(scope="session")
def postgres():
    try:
        databases = PostgresDatabases(_pg_admin_url())
        with databases.admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("AIBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"Postgres is required but unreachable: {exc}")
        pytest.skip(f"Postgres unreachable ({exc.__class__.__name__}); set TEST_DATABASE_URL")
    template = f"aibot_{RUN_ID}_tpl"
    _seed(databases.create(template))
    databases.template = template
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "aibot.db"
    _seed(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path) -> str:
    """A fresh, seeded store for this test, on the backend of this parametrisation."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "aibot.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    databases: PostgresDatabases = request.getfixturevalue("postgres")
    return databases.create(f"aibot_{RUN_ID}_{uuid.uuid4().hex[:8]}", template=databases.template)


@pytest.fixture
def empty_db_url(backend, request, tmp_path) -> str:
    """A database with nothing in it (no tables), on the backend of this parametrisation."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    databases: PostgresDatabases = request.getfixturevalue("postgres")
    return databases.create(f"aibot_{RUN_ID}_{uuid.uuid4().hex[:8]}")


@pytest.fixture
def make_settings(db_url, tmp_path):
    """Settings for this test's store, ignoring any .env and the caller's environment."""
    from bot.config import Settings

    def factory(**overrides):
        values = {"database_url": db_url, "data_dir": tmp_path, "log_level": "WARNING"}
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return factory


@pytest.fixture
def services(make_settings):
    from bot.services import build_services

    bot = build_services(make_settings())
    yield bot
    bot.knowledge.engine.dispose()


@pytest.fixture
def cli(db_url, tmp_path):
    """Run the real `aibot` executable against this test's store."""

    def run(*args: str, input: str | None = None, env: dict | None = None, timeout: float = 120):
        environment = aibot_env(db_url, tmp_path, LOG_LEVEL="WARNING", **(env or {}))
        return subprocess.run([AIBOT, *args], input=input, capture_output=True, text=True,
                              env=environment, cwd=tmp_path, timeout=timeout)

    return run
