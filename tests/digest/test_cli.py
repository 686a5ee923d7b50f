"""`aibot digest` through the real executable."""

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
