"""Typed settings, read from the environment and `.env` (one place for every variable).

Secrets are `SecretStr`, so printing a Settings object or logging it never shows them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    # platformdirs is imported here, not at module level: `aibot ask` should start fast.
    from platformdirs import user_data_dir

    return Path(user_data_dir("aibot", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # --- store ---------------------------------------------------------------------------
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite under the user data directory"
    )
    data_dir: Path | None = Field(default=None, description="Where the default SQLite store lives")
    seeds_dir: Path | None = Field(default=None, description="Seed folder; default: the bundled one")
    auto_seed: bool = Field(default=True, description="Load the seed knowledge into an empty store")

    # --- general -------------------------------------------------------------------------
    log_level: str = "INFO"
    log_format: str = Field(default="text", description="text or json (one line per event)")
    timezone: str = Field(default="UTC", description="Default timezone for digests")
    host: str = Field(default="0.0.0.0", description="HTTP server bind address")
    port: int = Field(default=3000, description="HTTP server port")
    max_question_chars: int = Field(default=2000, description="Longer questions are refused")
    answer_memo_size: int = Field(
        default=1024, ge=0,
        description="Answers remembered per knowledge snapshot, so a burst of one question is answered once (0: off)",
    )

    # --- Slack ---------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_admin_users: list[str] = Field(default_factory=list, description="User ids allowed to manage digests")

    # --- Discord -------------------------------------------------------------------------
    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg"
    discord_guild_id: int | None = None
    discord_shard_count: int | None = None
    discord_shard_ids: list[int] | None = None

    # --- digest --------------------------------------------------------------------------
    digest_default_weekday: str = "mon"
    digest_default_time: str = "09:00"
    digest_grace_hours: float = 24.0
    digest_lease_seconds: int = 600

    # --- feeds ---------------------------------------------------------------------------
    feed_poll_minutes: int = 60
    feed_timeout_seconds: float = 20.0
    feed_max_bytes: int = 5_000_000
    max_document_bytes: int = 5_000_000

    @field_validator("slack_admin_users", mode="before")
    @classmethod
    def _split_users(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("discord_shard_ids", mode="before")
    @classmethod
    def _split_shards(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.split(",") if part.strip()]
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        data_dir = self.data_dir or default_data_dir()
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{data_dir / 'aibot.db'}"

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_bot_token or self.slack_client_id) and bool(
            self.slack_signing_secret or self.slack_app_token
        )

    @property
    def discord_configured(self) -> bool:
        return self.discord_token is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
