"""Multi-workspace install: Slack's OAuth flow on /slack/install and /slack/oauth_redirect keeps
the installation in the bot's database, and the bot then posts to that workspace with its token."""

from __future__ import annotations

import asyncio
import json
import re

from sqlalchemy import text

from bot.replies import Reply
from tests.slack.conftest import running_bot
from tests.slack.slack_requests import command_body, event_body, post


def multi_workspace_settings(slack_settings):
    return slack_settings(slack_bot_token=None, slack_client_id="1111.2222",
                          slack_client_secret="client-secret-for-tests")


async def install(bot, fake_slack) -> None:
    """Slack's OAuth flow as a browser walks it: the install page, then the redirect back."""
    async with bot.session.get(f"{bot.url}/slack/install", allow_redirects=False) as response:
        assert response.status in (200, 302)
        page = await response.text() + response.headers.get("Location", "")
        cookie = response.headers["Set-Cookie"].split(";")[0]
    assert f"{fake_slack.url}/oauth/v2/authorize" in page and "client_id=1111.2222" in page
    state = re.search(r"state=([\w-]+)", page).group(1)
    async with bot.session.get(f"{bot.url}/slack/oauth_redirect", params={"code": "abc", "state": state},
                               headers={"Cookie": cookie}) as response:
        assert response.status == 200, await response.text()


async def test_install_flow_stores_the_workspace_and_delivers_with_its_token(slack_settings, fake_slack, backend):
    async with running_bot(multi_workspace_settings(slack_settings)) as bot:
        await install(bot, fake_slack)
        [exchange] = fake_slack.calls_to("oauth.v2.access")
        assert exchange.body["code"] == "abc"
        with bot.services.knowledge.engine.connect() as conn:
            teams = conn.execute(text("SELECT team_id FROM slack_bots")).scalars().all()
        assert teams == ["T0OTHER"]
        await bot.adapter.deliver("C0DIGEST", Reply(title="Weekly digest", text="Hello"), workspace="T0OTHER")
        [posted] = fake_slack.calls_to("chat.postMessage")
        assert posted.headers["Authorization"] == "Bearer xoxb-installed-abc"


async def test_installed_workspace_is_answered_with_its_token_checked_once(slack_settings, fake_slack, backend):
    async with running_bot(multi_workspace_settings(slack_settings)) as bot:
        await install(bot, fake_slack)
        checked_at_install = len(fake_slack.calls_to("auth.test"))
        for index in range(2):
            payload = json.loads(event_body("direct_message", event_id=f"EvOTHER{index}"))
            payload["team_id"] = "T0OTHER"
            status, _ = await post(bot.session, bot.events_url, json.dumps(payload), json_body=True)
            assert status == 200
        answers = await fake_slack.until("chat.postMessage", 2)
    assert {a.headers["Authorization"] for a in answers} == {"Bearer xoxb-installed-abc"}
    # Bolt's authorize found the bot token and remembered its auth.test: one call, not one per event.
    [check] = fake_slack.calls_to("auth.test")[checked_at_install:]
    assert check.headers["Authorization"] == "Bearer xoxb-installed-abc"


async def until(condition, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    assert condition()


def uninstalled_body(team: str, event_id: str = "EvUNINSTALL") -> str:
    """Slack's app_uninstalled event (https://api.slack.com/events/app_uninstalled)."""
    return json.dumps({"token": "verification-token", "team_id": team, "api_app_id": "A0APP",
                       "event": {"type": "app_uninstalled"}, "type": "event_callback",
                       "event_id": event_id, "event_time": 1700000000})


async def test_uninstalling_drops_the_workspace_its_tokens_and_its_digests(slack_settings, fake_slack, backend):
    from bot.digest import subscriptions
    from bot.digest.schedule import Schedule

    async with running_bot(multi_workspace_settings(slack_settings)) as bot:
        await install(bot, fake_slack)
        engine = bot.services.knowledge.engine
        for workspace in ("T0OTHER", "T0KEEP"):
            subscriptions.subscribe(engine, platform="slack", workspace_id=workspace, channel_id="C0DIGEST",
                                    schedule=Schedule("mon", "09:00", "UTC"))
        status, _ = await post(bot.session, bot.events_url, uninstalled_body("T0OTHER"), json_body=True)
        assert status == 200
        # Bolt acknowledges an event first and runs its listener after.
        await until(lambda: [s.workspace_id for s in subscriptions.all_subscriptions(engine)] == ["T0KEEP"])
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM slack_installations")).scalar() == 0
        # The workspace's requests are refused from now on: Bolt's authorize finds no token.
        body = command_body(response_url=fake_slack.response_url("after"), team_id="T0OTHER")
        status, acknowledged = await post(bot.session, bot.events_url, body)
        assert status == 200 and "+11%" not in acknowledged


async def test_a_single_workspace_bot_says_its_token_stopped_working(bot, fake_slack, caplog, backend):
    from bot.digest import subscriptions
    from bot.digest.schedule import Schedule

    engine = bot.services.knowledge.engine
    subscriptions.subscribe(engine, platform="slack", workspace_id="T0TEAM", channel_id="C0DIGEST",
                            schedule=Schedule("mon", "09:00", "UTC"))
    status, _ = await post(bot.session, bot.events_url, uninstalled_body("T0TEAM"), json_body=True)
    assert status == 200
    # The warning is the listener's last step: once it is logged, everything before it is done.
    await until(lambda: any("SLACK_BOT_TOKEN no longer works" in r.getMessage() for r in caplog.records))
    assert subscriptions.all_subscriptions(engine) == []
