"""`aibot digest` through the real executable."""

from datetime import datetime, timedelta, timezone

import pytest
import typer

import bot.app
import bot.cli.digest as cli_digest
from bot.digest import claims
from bot.digest.schedule import period_of
from knowledge.store import Knowledge


def test_preview_prints_the_digest(cli):
    result = cli("digest", "--preview")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Weekly AI digest")
    assert "Stock moves, largest first: 1. Zhipu AI: +30%" in result.stdout
    assert "Sources:" in result.stdout


def test_chart_writes_a_png(cli, tmp_path):
    target = tmp_path / "moves.png"
    result = cli("digest", "--chart", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000
    assert "Chart written" in result.stdout and "Weekly AI digest" not in result.stdout


def test_send_without_subscribers_says_so(cli):
    result = cli("digest", "--send")
    assert result.returncode == 0 and "No channel subscribes" in result.stdout


def test_send_to_an_unconfigured_platform_fails_clearly_and_claims_nothing(cli, db_url, subscribe_channel):
    from bot.digest.claims import history

    knowledge = Knowledge.open(db_url, auto_seed=False)
    sub = subscribe_channel(knowledge, "C1", platform="discord", workspace="G1")
    result = cli("digest", "--send")
    assert result.returncode == 1
    assert "discord:G1/C1: not sent, discord is not configured" in result.stdout
    assert history(knowledge.engine, subscription_id=sub.id) == []
    knowledge.engine.dispose()


def test_send_alone_builds_no_preview_and_names_why_a_week_was_not_sent(services, recorder, subscribe_channel,
                                                                        monkeypatch, capsys):
    """In process, with a recording adapter: --send builds only the digests it posts, and a week
    given up after repeated failures is not reported as "already sent"."""
    sub = subscribe_channel(services.knowledge, "C1")
    now = datetime.now(timezone.utc)
    for attempt in range(claims.MAX_ATTEMPTS):
        moment = now - timedelta(hours=3 * (claims.MAX_ATTEMPTS - attempt))
        held = claims.try_claim(services.knowledge.engine, subscription_id=sub.id,
                                period=period_of(now, sub.schedule.zone), due_at=moment, owner="x", now=moment,
                                lease=timedelta(minutes=5))
        claims.record_failed(services.knowledge.engine, held, now=moment, error="platform answered 500")

    def no_preview(*args, **kwargs):
        raise AssertionError("--send alone built the terminal preview")

    slack = recorder()
    monkeypatch.setattr(cli_digest, "services", lambda: services)
    monkeypatch.setattr("bot.digest.runner.channel_digest", no_preview)
    monkeypatch.setattr(bot.app, "build_adapters", lambda _: {"slack": slack})
    with pytest.raises(typer.Exit):
        cli_digest.digest(preview=False, chart=None, send=True)
    out = capsys.readouterr().out
    assert "slack:T1/C1: not sent" in out and "given up" in out and "already sent" not in out
    assert slack.posts == []
