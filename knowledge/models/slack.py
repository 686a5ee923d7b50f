"""Slack's own rows: event ids already answered, threads the bot answered in, and the tables of
slack_sdk's SQLAlchemy installation and OAuth-state stores (multi-workspace installs).

The first two live in the database, not in memory, so that a redelivered event is answered once
and a thread follow-up is recognised across restarts and across replicas behind a load balancer.
"""

from __future__ import annotations

from datetime import datetime

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


def declare_slack_sdk_tables(metadata) -> None:
    """Declare the tables of slack_sdk's installation and OAuth-state stores on `metadata`, so
    Alembic creates and checks them with the rest (the stores use the same default names).

    A function, called by the migrations, rather than module-level tables: importing slack_sdk's
    stores costs about 40 ms, which every `aibot ask` would pay for tables it never touches."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    builders = {
        SQLAlchemyInstallationStore.default_bots_table_name: SQLAlchemyInstallationStore.build_bots_table,
        SQLAlchemyInstallationStore.default_installations_table_name:
            SQLAlchemyInstallationStore.build_installations_table,
        SQLAlchemyOAuthStateStore.default_table_name: SQLAlchemyOAuthStateStore.build_oauth_states_table,
    }
    for name, build in builders.items():
        if name not in metadata.tables:
            build(metadata, name)
