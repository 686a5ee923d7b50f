"""Multi-workspace install: Slack's OAuth flow on /slack/install and /slack/oauth_redirect keeps
the installation in the bot's database, and the bot then posts to that workspace with its token."""

from __future__ import annotations

import re

from sqlalchemy import text

from bot.replies import Reply
from tests.slack.conftest import running_bot


async def test_install_flow_stores_the_workspace_and_delivers_with_its_token(slack_settings, fake_slack, backend):
    settings = slack_settings(slack_bot_token=None, slack_client_id="1111.2222",
                              slack_client_secret="client-secret-for-tests")
    async with running_bot(settings) as bot:
        async with bot.session.get(f"{bot.url}/slack/install", allow_redirects=False) as response:
            assert response.status in (200, 302)
            page = await response.text() + response.headers.get("Location", "")
            cookie = response.headers["Set-Cookie"].split(";")[0]
        assert f"{fake_slack.url}/oauth/v2/authorize" in page and "client_id=1111.2222" in page
        state = re.search(r"state=([\w-]+)", page).group(1)
        async with bot.session.get(f"{bot.url}/slack/oauth_redirect", params={"code": "abc", "state": state},
                                   headers={"Cookie": cookie}) as response:
            assert response.status == 200, await response.text()
        [exchange] = fake_slack.calls_to("oauth.v2.access")
        assert exchange.body["code"] == "abc"
        with bot.services.knowledge.engine.connect() as conn:
            teams = conn.execute(text("SELECT team_id FROM slack_bots")).scalars().all()
        assert teams == ["T0OTHER"]
        await bot.adapter.deliver("C0DIGEST", Reply(title="Weekly digest", text="Hello"), workspace="T0OTHER")
        [posted] = fake_slack.calls_to("chat.postMessage")
        assert posted.headers["Authorization"] == "Bearer xoxb-installed-abc"
