"""End to end: the real `aibot run` process in HTTP mode, talking to the fake Slack Web API."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request

from tests.processes import AIBOT, aibot_env
from tests.slack.slack_requests import (BOT_TOKEN, SIGNING_SECRET, acked, command_body, event_body, free_port,
                                        post_signed)


def test_aibot_run_answers_signed_slack_requests(db_url, tmp_path, fake_slack):
    port = free_port()
    env = aibot_env(db_url, tmp_path, LOG_LEVEL="INFO", LOG_FORMAT="json", SLACK_BOT_TOKEN=BOT_TOKEN,
                    SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url, HOST="127.0.0.1",
                    PORT=str(port))
    process = subprocess.Popen([AIBOT, "run"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            assert process.poll() is None, process.stderr.read()
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        status, body = post_signed(f"{base}/slack/events", command_body(response_url=fake_slack.response_url()),
                             "application/x-www-form-urlencoded")
        answer = acked(body)
        assert status == 200 and answer.body["response_type"] == "in_channel" and "MiniMax" in answer.text
        assert post_signed(f"{base}/slack/events", event_body("app_mention"), "application/json")[0] == 200
        [mention] = fake_slack.wait_for("chat.postMessage")
        assert mention.body["thread_ts"] == "1700000100.000200" and "GLM-5" in mention.text
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr
    assert '"platform": "slack"' in stderr and '"latency_ms"' in stderr
