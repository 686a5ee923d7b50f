"""Scale-out, tested rather than promised: two real `aibot run` processes share one Postgres in
Slack HTTP mode (behind an imaginary load balancer, the test sends requests to both). Both answer
requests; an event redelivered to the other replica is answered once; a channel whose digest is
due gets exactly one digest, whichever process claims it; SIGTERM stops both cleanly."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.digest import claims
from bot.digest.schedule import Schedule
from bot.digest.subscriptions import subscribe
from knowledge.models import DigestSubscription
from knowledge.store import Knowledge
from tests.processes import AIBOT, aibot_env
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.slack_requests import (BOT_TOKEN, SIGNING_SECRET, acked, command_body, event_body, free_port,
                                        post_signed)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _start(db_url: str, fake_slack: FakeSlack, tmp_path: Path, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = aibot_env(db_url, tmp_path, LOG_LEVEL="INFO", LOG_FORMAT="json", SLACK_BOT_TOKEN=BOT_TOKEN,
                    SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url, HOST="127.0.0.1",
                    PORT=str(port))
    workdir = tmp_path / name
    workdir.mkdir()
    process = subprocess.Popen([AIBOT, "run"], env=env, cwd=workdir, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    return process, f"http://127.0.0.1:{port}"


def _wait_ready(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"{base} never became ready")


@pytest.mark.parametrize("backend", ["postgres"])
def test_two_replicas_on_one_postgres_share_the_work_and_post_one_digest(db_url, tmp_path):
    # A channel whose weekly digest fell due an hour ago (the replicas were "down" then).
    due = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(second=0, microsecond=0)
    knowledge = Knowledge.open(db_url, auto_seed=False)
    sub, _ = subscribe(knowledge.engine, platform="slack", workspace_id=TEAM_ID, channel_id="C0DIGEST",
                       schedule=Schedule(WEEKDAYS[due.weekday()], f"{due:%H:%M}", "UTC"))
    with Session(knowledge.engine) as session:  # subscribed a week ago, so this week's is owed
        row = session.get(DigestSubscription, sub.id)
        row.created_at = due - timedelta(days=7)
        session.add(row)
        session.commit()

    with FakeSlack() as fake_slack:
        replicas = [_start(db_url, fake_slack, tmp_path, name) for name in ("a", "b")]
        try:
            for process, base in replicas:
                _wait_ready(process, base)
            # Requests spread over both replicas, as a load balancer would.
            for i in range(6):
                _, base = replicas[i % 2]
                body = command_body(response_url=fake_slack.response_url(f"r{i}"), text="MiniMax")
                status, answer = post_signed(f"{base}/slack/events", body, "application/x-www-form-urlencoded")
                assert status == 200 and "+11%" in acked(answer).text

            # One event, delivered to replica A and redelivered (a Slack retry) to replica B.
            event = event_body("app_mention", event_id="Ev0SCALE01")
            assert post_signed(f"{replicas[0][1]}/slack/events", event, "application/json")[0] == 200
            assert post_signed(f"{replicas[1][1]}/slack/events", event, "application/json",
                               **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})[0] == 200

            fake_slack.wait_for("files.completeUploadExternal", count=1, timeout=60)
            time.sleep(3)  # room for a second replica's digest or a second answer, if there were one
        finally:
            outputs = []
            for process, _ in replicas:
                process.send_signal(signal.SIGTERM)
            for process, _ in replicas:
                outputs.append(process.communicate(timeout=60))

    for process, _ in replicas:
        assert process.returncode == 0, outputs
    logs = "".join(out + err for out, err in outputs)
    assert BOT_TOKEN not in logs and SIGNING_SECRET not in logs
    # Both replicas answered requests (one log line per answered request, with its command).
    answered = [err.count('"command": "ai-stock"') for _, err in outputs]
    assert all(answered) and sum(answered) == 6, answered
    # The mention was answered once, in its thread.
    mention_posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("channel") != "C0DIGEST"]
    assert len(mention_posts) == 1
    # One digest for the channel, with one chart.
    digest_posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("channel") == "C0DIGEST"]
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    assert "Weekly AI digest" in "\n".join(c.text for c in digest_posts)
    [claim] = claims.history(knowledge.engine, subscription_id=sub.id)  # one claim row, posted once
    assert claim.status == "sent"
    knowledge.engine.dispose()
