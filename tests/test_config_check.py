"""`aibot config check` through the real CLI: it names what is missing and never shows a secret."""

SECRET = "s3cr3t-signing-value-123"


def test_config_check_passes_with_no_platform(cli):
    result = cli("config", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration OK" in result.stdout
    assert "terminal chat" in result.stdout
    assert "Schema" in result.stdout


def test_config_check_names_what_is_missing_without_printing_secrets(cli):
    result = cli("config", "check", env={"SLACK_BOT_TOKEN": "xoxb-" + SECRET, "TIMEZONE": "Mars/Base"})
    assert result.returncode == 1
    assert "SLACK_SIGNING_SECRET" in result.stdout and "SLACK_APP_TOKEN" in result.stdout
    assert "Mars/Base" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_config_check_reports_invalid_values_without_echoing_them(cli):
    result = cli("config", "check", env={"PORT": "not-a-port", "SLACK_SIGNING_SECRET": SECRET})
    assert result.returncode == 1
    assert "PORT" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_config_check_rejects_bad_shards_and_app_token(cli):
    result = cli("config", "check", env={
        "DISCORD_TOKEN": SECRET, "DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,5",
        "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "not-an-app-token"})
    assert result.returncode == 1
    assert "DISCORD_SHARD_IDS" in result.stdout
    assert "xapp-" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_config_check_reports_unreachable_database(cli):
    result = cli("config", "check", env={"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert result.returncode == 1
    assert "Database unreachable" in result.stdout


def test_config_check_uses_the_digest_parsers(make_settings):
    from bot.config_check import check_settings

    def problems(**overrides):
        return check_settings(make_settings(**overrides), probe_database=False).problems

    assert problems(digest_default_weekday="Monday", digest_default_time="9:30", timezone="utc") == []
    [weekday] = problems(digest_default_weekday="Mondays")
    assert weekday.startswith("DIGEST_DEFAULT_WEEKDAY") and "not a weekday" in weekday
    [time] = problems(digest_default_time="24:00")
    assert time.startswith("DIGEST_DEFAULT_TIME") and "not a time" in time
