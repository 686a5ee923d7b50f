"""`aibot digest`: print this week's digest, write its chart, or post it now to every subscriber."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

import typer

from bot.cli.common import services


def digest(
    preview: bool = typer.Option(False, "--preview", help="Print the past week's digest in the terminal."),
    chart: Path = typer.Option(None, "--chart", help="Write the stock-move chart (PNG) to this file.",
                               dir_okay=False, writable=True),
    send: bool = typer.Option(False, "--send", help="Post this week's digest now to every subscribed channel "
                              "that has not had it yet (needs the Slack/Discord settings of `aibot run`)."),
) -> None:
    """The weekly digest: preview it, write its chart, or send it now.

    --send claims this week for each channel exactly as the scheduler does, so a running bot will
    not post the same week again, and running --send twice posts once.
    """
    if not (preview or chart or send):
        preview = True
    bot = services()
    now = datetime.now(timezone.utc)
    if preview or chart:  # --send builds each channel's own digest when it posts it
        from zoneinfo import ZoneInfo

        from bot.digest.runner import channel_digest

        reply = channel_digest(bot.knowledge, None, now, zone=ZoneInfo(bot.settings.timezone), with_chart=bool(chart))
        if preview:
            typer.echo(reply.title)
            typer.echo(reply.plain_text())
        if chart:
            if not reply.attachments:
                typer.echo("No stock moves with a figure were reported this week, so there is no chart.", err=True)
                raise typer.Exit(1)
            chart.write_bytes(reply.attachments[0].content)
            typer.echo(f"Chart written to {chart} ({len(reply.attachments[0].content):,} bytes).")
    if send:
        failed = asyncio.run(send_to_subscribers(bot, now))
        raise typer.Exit(1 if failed else 0)


async def send_to_subscribers(bot, now: datetime) -> int:
    """Start the configured adapters for sending only, post to each subscriber, stop them.
    Returns the failures."""
    from aiohttp import web

    from bot.app import build_adapters
    from bot.digest import claims
    from bot.digest.runner import DigestRunner, DueRun
    from bot.digest.schedule import period_of
    from bot.digest.subscriptions import all_subscriptions

    subs = await asyncio.to_thread(all_subscriptions, bot.knowledge.engine)
    if not subs:
        typer.echo("No channel subscribes to the digest yet (an admin types /ai-digest subscribe in one).")
        return 0
    bot.extra["web"] = web.Application()  # adapters may add routes; nothing serves it in this command
    adapters = build_adapters(bot)
    failures = 0
    started = []
    try:
        for adapter in adapters.values():
            await adapter.start(receive=False)  # the running bot keeps answering users
            started.append(adapter)
        runner = DigestRunner(bot.knowledge, bot.settings, adapters)
        for sub in subs:
            if sub.platform not in adapters:
                typer.echo(f"{sub.label}: not sent, {sub.platform} is not configured (see .env.example)")
                failures += 1
                continue
            try:
                period = period_of(now, sub.schedule.zone)
            except Exception as exc:  # a stored timezone this machine does not know
                typer.echo(f"{sub.label}: not sent, its schedule is unusable ({exc})")
                failures += 1
                continue
            outcome = await runner.post(DueRun(sub, now, period), now)
            if outcome.status == "sent":
                typer.echo(f"{sub.label}: sent")
            elif outcome.status == "skipped":
                typer.echo(f"{sub.label}: {await _why_skipped(bot, sub, outcome.period)}")
            else:
                failures += 1
                state = await asyncio.to_thread(claims.status, bot.knowledge.engine, subscription_id=sub.id,
                                                period=outcome.period)
                later = "given up after repeated failures" if state == "abandoned" else "it will be retried"
                typer.echo(f"{sub.label}: failed ({outcome.error[:200]}); {later}")
    finally:
        for adapter in reversed(started):
            await adapter.stop()
    return failures


async def _why_skipped(bot, sub, period: str) -> str:
    """Why the claim was not won, from the period's claim row."""
    from bot.digest import claims

    state = await asyncio.to_thread(claims.status, bot.knowledge.engine, subscription_id=sub.id, period=period)
    if state == "sent":
        return "already sent this week"
    if state == "abandoned":
        return "not sent: this week's digest failed too often and was given up"
    if state == "failed":
        return "not sent: this week's digest failed recently and is retried after a pause"
    return "not sent: the running bot is sending it now"


def register(app: typer.Typer) -> None:
    app.command()(digest)
