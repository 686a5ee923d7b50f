"""The real `aibot run` process, with Discord pointed at the fake through the two URL settings."""

from __future__ import annotations

import asyncio
import json
import signal

import discord
from fake_discord import FakeDiscord

from tests.processes import AIBOT, aibot_env

CALLBACK = r"/interactions/\d+/[^/]+/callback"


async def test_aibot_run_answers_on_discord_and_never_logs_the_token(db_url, tmp_path):
    token = "MTIz-not-a-real-token.but-secret-all-the-same.0123456789"
    fake = await FakeDiscord(token=token).start()
    env = aibot_env(db_url, tmp_path, LOG_LEVEL="DEBUG", LOG_FORMAT="json", HOST="127.0.0.1", PORT="0",
                    DISCORD_TOKEN=token, DISCORD_API_URL=fake.api_url, DISCORD_GATEWAY_URL=fake.gateway_url)
    log_path = tmp_path / "aibot.log"
    with log_path.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(AIBOT, "run", env=env, cwd=tmp_path,
                                                       stdout=log_file, stderr=log_file)
    try:
        await fake.wait_ready(timeout=60)
        assert fake.identifies[0]["token"] == token  # the token goes to Discord, and only there
        payload = await fake.slash_command("ai-stock", {"firm": "稀宇"})
        callback = await fake.wait_for_request("POST", CALLBACK, timeout=60)
        assert callback.json["data"]["embeds"][0]["title"].startswith("MiniMax")
        assert callback.json["data"]["allowed_mentions"] == {"parse": []}
    finally:
        process.send_signal(signal.SIGTERM)  # only the process this test started
        returncode = await asyncio.wait_for(process.wait(), 60)
        await fake.stop()

    output = log_path.read_text()
    assert returncode == 0, output[-3000:]
    assert token not in output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    handled = [line for line in lines if line.get("request_id") == payload["id"]]
    assert [(h["platform"], h["command"]) for h in handled] == [("discord", "ai-stock")]
    assert "latency_ms" in handled[0]
    invite = next(line["message"] for line in lines if "invite it with" in line["message"])
    assert f"client_id={FakeDiscord.APP_ID}&scope=bot+applications.commands&permissions=" in invite
    granted = discord.Permissions(int(invite.rsplit("permissions=", 1)[1].split()[0]))
    assert granted.send_messages and granted.embed_links and granted.attach_files and granted.read_message_history
    assert not granted.administrator and not granted.mention_everyone
