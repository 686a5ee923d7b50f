"""Logs: one line per event, structured fields in JSON, and no secret in any line."""

import io
import json
import logging

from bot.config import Settings
from bot.logs import setup_logging

TOKEN = "xoxb-1111-2222-abcdefSECRET"
SIGNING = "signing-secret-value-42"
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"


def _logging_to(stream, **overrides):
    settings = Settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING,
                        discord_token=DISCORD, log_level="DEBUG", **overrides)
    return setup_logging(settings, stream=stream)


def test_secrets_never_reach_a_log_line():
    stream = io.StringIO()
    _logging_to(stream)
    log = logging.getLogger("slack_bolt.test")
    log.info("request body: token=%s&team_id=T1", TOKEN)
    log.warning("signature mismatch with secret %s", SIGNING)
    log.error("discord login with %s failed", DISCORD)
    log.info("someone else's token xoxp-9999-8888-zzzz and xapp-1-A1-123-abc showed up")
    try:
        raise RuntimeError(f"boom {TOKEN}")
    except RuntimeError:
        log.exception("failed")
    output = stream.getvalue()
    for secret in (TOKEN, SIGNING, DISCORD, "xoxp-9999-8888-zzzz", "xapp-1-A1-123-abc"):
        assert secret not in output
    assert output.count("[redacted]") >= 6
    assert "signature mismatch" in output and "RuntimeError" in output


def test_json_lines_carry_request_fields():
    stream = io.StringIO()
    _logging_to(stream, log_format="json")
    logging.getLogger("adapters.slack").info(
        "answered", extra={"request_id": "r-1", "platform": "slack", "command": "ai-stock", "latency_ms": 12.5})
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines == [{"level": "INFO", "logger": "adapters.slack", "message": "answered", "request_id": "r-1",
                      "platform": "slack", "command": "ai-stock", "latency_ms": 12.5}]
