"""`aibot config check`: what is configured, what is missing, and what is wrong — without ever
showing a secret's value (secrets are reported only as "set" or "not set")."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from bot.config import Settings
from bot.digest.schedule import default_schedule


@dataclass
class CheckReport:
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, status)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def describe_validation_error(exc: ValidationError) -> list[str]:
    """Pydantic's messages name the field and the rule, but also echo the input, which may be a
    secret: keep only the field and the rule."""
    return [f"{'.'.join(str(p) for p in err['loc']).upper() or 'settings'}: {err['msg']}" for err in exc.errors()]


def _set(value) -> str:
    return "set" if value else "not set"


def check_settings(settings: Settings, *, probe_database: bool = True) -> CheckReport:
    report = CheckReport()
    add, problem, warn = report.lines.append, report.problems.append, report.warnings.append

    # --- database -------------------------------------------------------------------------
    url = settings.effective_database_url
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
        add(("Database", f"{parsed.get_backend_name()} ({parsed.render_as_string(hide_password=True)})"))
    except Exception:
        problem("DATABASE_URL is not a valid SQLAlchemy URL (example: postgresql+psycopg://user@host/db)")
        parsed = None
    if parsed is not None and probe_database:
        from knowledge.db import create_db_engine
        from knowledge.migrate import current_revision, head_revision

        engine = None
        try:
            engine = create_db_engine(url)
            current, head = current_revision(engine), head_revision()  # reading the revision is the probe
            state = "up to date" if current == head else f"at {current or 'no revision'}, newest is {head}: run `aibot db upgrade`"
            add(("Schema", state))
        except Exception as exc:
            problem(f"Database unreachable ({exc.__class__.__name__}); check DATABASE_URL and that the server is running")
        finally:
            if engine is not None:
                engine.dispose()

    # --- Slack ----------------------------------------------------------------------------
    token, signing, app_token = settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token
    oauth = settings.slack_client_id and settings.slack_client_secret
    if any((token, signing, app_token, settings.slack_client_id)):
        mode = "Socket Mode" if app_token else "HTTP (POST /slack/events)"
        add(("Slack", f"{mode}; SLACK_BOT_TOKEN {_set(token)}, SLACK_SIGNING_SECRET {_set(signing)}, "
                      f"SLACK_APP_TOKEN {_set(app_token)}, OAuth {'on' if oauth else 'off'}"))
        if not (token or oauth):
            problem("Slack: SLACK_BOT_TOKEN is missing (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for multi-workspace installs)")
        if settings.slack_client_id and not settings.slack_client_secret:
            problem("Slack: SLACK_CLIENT_SECRET is missing (needed with SLACK_CLIENT_ID)")
        if not (signing or app_token):
            problem("Slack: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
        if app_token and not signing and oauth:
            problem("Slack: the OAuth install flow needs HTTP mode, so SLACK_SIGNING_SECRET too")
        if token and not token.get_secret_value().startswith("xoxb-"):
            warn("Slack: SLACK_BOT_TOKEN does not look like a bot token (they start with xoxb-)")
        if app_token and not app_token.get_secret_value().startswith("xapp-"):
            problem("Slack: SLACK_APP_TOKEN must be an app-level token (it starts with xapp-)")
    else:
        add(("Slack", "not configured"))

    # --- Discord --------------------------------------------------------------------------
    if settings.discord_token:
        shards = "automatic"
        if settings.discord_shard_count:
            shards = f"{settings.discord_shard_ids or 'all'} of {settings.discord_shard_count}"
        add(("Discord", f"DISCORD_TOKEN set; commands synced to "
                        f"{'guild ' + str(settings.discord_guild_id) if settings.discord_guild_id else 'all servers (global)'}; "
                        f"shards {shards}"))
        if settings.discord_shard_ids and not settings.discord_shard_count:
            problem("Discord: DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
        if settings.discord_shard_ids and settings.discord_shard_count and \
                any(not 0 <= s < settings.discord_shard_count for s in settings.discord_shard_ids):
            problem(f"Discord: every DISCORD_SHARD_IDS entry must be between 0 and {settings.discord_shard_count - 1}")
    else:
        add(("Discord", "not configured"))
        if settings.discord_shard_count or settings.discord_shard_ids:
            warn("Discord: shard settings are set but DISCORD_TOKEN is not")

    # --- digest and general ---------------------------------------------------------------
    for name, exc in default_schedule(settings)[1]:  # what /ai-digest itself would refuse
        problem(f"{name}: {exc}")
    add(("Digest", f"default {settings.digest_default_weekday} {settings.digest_default_time} {settings.timezone}, "
                   f"catch-up grace {settings.digest_grace_hours:g} h"))
    if settings.log_format not in ("text", "json"):
        problem("LOG_FORMAT must be text or json")
    if settings.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        problem("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
    if not 0 < settings.port < 65536:
        problem("PORT must be between 1 and 65535")
    add(("HTTP server", f"{settings.host}:{settings.port}"))
    if not (settings.slack_configured or settings.discord_configured):
        warn("No platform configured: `aibot run` will open the terminal chat")
    return report
