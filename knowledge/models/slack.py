"""Slack's own rows: event ids already answered, threads the bot answered in, and the tables of
slack_sdk's SQLAlchemy installation and OAuth-state stores (multi-workspace installs).

The first two live in the database, not in memory, so that a redelivered event is answered once
and a thread follow-up is recognised across restarts and across replicas behind a load balancer.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Field, SQLModel

from knowledge.models.core import utcnow


class SlackHandledEvent(SQLModel, table=True):
    """One row per Events API event id being answered; the primary key makes the claim atomic."""

    __tablename__ = "slack_handled_event"
    event_id: str = Field(primary_key=True, max_length=64)
    team_id: str | None = Field(default=None, max_length=32)
    claimed_at: datetime = Field(default_factory=utcnow, index=True)


class SlackThread(SQLModel, table=True):
    """A thread the bot has answered in: replies there are answered without a new mention."""

    __tablename__ = "slack_thread"
    channel_id: str = Field(primary_key=True, max_length=32)
    thread_ts: str = Field(primary_key=True, max_length=32)
    team_id: str | None = Field(default=None, max_length=32)
    started_at: datetime = Field(default_factory=utcnow)


# slack_sdk's stores define their tables with these classmethods; declaring the same tables on
# SQLModel's metadata means create_all and Alembic both see them (the stores use the same names).
SLACK_BOTS_TABLE = SQLAlchemyInstallationStore.build_bots_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_bots_table_name)
SLACK_INSTALLATIONS_TABLE = SQLAlchemyInstallationStore.build_installations_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_installations_table_name)
SLACK_OAUTH_STATES_TABLE = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SQLModel.metadata, SQLAlchemyOAuthStateStore.default_table_name)
