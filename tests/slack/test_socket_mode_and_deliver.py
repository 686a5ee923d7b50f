"""Socket Mode against a fake socket server, and unprompted delivery (the weekly digest) with a
chart uploaded through slack_sdk's files_upload_v2 flow."""

from __future__ import annotations

from bot.replies import Attachment, Reply, ReplyField
from tests.slack.slack_requests import fixture


async def test_socket_mode_slash_command_is_acked_and_answered(slack_settings, fake_slack, backend):
    from tests.slack.conftest import running_bot

    settings = slack_settings(slack_app_token="xapp-1-A0APP-test-apptoken", slack_signing_secret=None)
    async with running_bot(settings) as bot:
        async with bot.session.get(f"{bot.url}/readyz") as response:
            assert (await response.json())["checks"]["slack"] is True
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.headers["Authorization"] == "Bearer xapp-1-A0APP-test-apptoken"
        envelope = fixture("socket_slash_command", envelope_id="env-1", response_url=fake_slack.response_url())
        fake_slack.send_envelope(envelope)
        ack = await _ack(fake_slack, "env-1")
        assert ack["envelope_id"] == "env-1"
        answer = ack["payload"]  # the answer rides in the acknowledgement
        assert answer["response_type"] == "in_channel"
        assert answer["blocks"][0]["text"]["text"].startswith("MiniMax")
        # Events arrive the same way; a mention is answered in its thread.
        fake_slack.send_envelope(fixture("socket_app_mention", envelope_id="env-2"))
        await _ack(fake_slack, "env-2")
        [mention] = await fake_slack.until("chat.postMessage")
    assert mention.body["thread_ts"] == "1700000600.000700" and "MiniMax" in mention.text
    assert fake_slack.calls_to("auth.test")  # Bolt's token check went to SLACK_API_URL too


async def _ack(fake_slack, envelope_id):
    import asyncio

    return await asyncio.to_thread(fake_slack.wait_for_ack, envelope_id)


async def test_deliver_posts_blocks_and_uploads_the_chart(bot, fake_slack, backend):
    chart = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
    reply = Reply(title="Weekly digest", text="What happened this week.",
                  fields=[ReplyField("Top mover", "MiniMax")],
                  attachments=[Attachment(filename="week.png", content=chart, title="Share moves")])
    await bot.adapter.deliver("C0DIGEST", reply)
    [message] = fake_slack.calls_to("chat.postMessage")
    assert message.body["channel"] == "C0DIGEST" and "Top mover" in message.text
    [requested] = fake_slack.calls_to("files.getUploadURLExternal")
    assert requested.body["filename"] == "week.png" and int(requested.body["length"]) == len(chart)
    [upload] = fake_slack.calls_to("upload")
    assert fake_slack.uploads[upload.body["file_id"]] == chart
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.body["channel_id"] == "C0DIGEST"
    assert complete.body["files"] == [{"id": upload.body["file_id"], "title": "Share moves"}]
