"""`aibot feeds add/list/remove/poll`: the RSS and Atom feeds `aibot run` follows."""

from __future__ import annotations

import asyncio

import typer

from bot.cli.common import services

feeds_app = typer.Typer(help="Follow RSS and Atom feeds; `aibot run` polls them on a schedule.",
                        no_args_is_help=True)


@feeds_app.command("add")
def add(url: str = typer.Argument(..., help="The feed's URL (RSS or Atom).")) -> None:
    """Follow a feed. New entries are ingested by `aibot run` (hourly) or `aibot feeds poll`."""
    from knowledge.feeds.subscriptions import FeedError, add_feed

    bot = services()
    try:
        feed = add_feed(bot.knowledge.engine, url)
    except FeedError as exc:
        print(f"Not added: {exc}")
        raise typer.Exit(code=1) from None
    print(f"Following feed {feed.id}: {feed.url}")


@feeds_app.command("list")
def list_() -> None:
    """The feeds followed, with entries ingested and the last poll's result."""
    from knowledge.feeds.subscriptions import list_feeds

    rows = list_feeds(services().knowledge.engine)
    if not rows:
        print("No feeds yet. Add one with: aibot feeds add URL")
        return
    for feed, ingested in rows:
        polled = feed.polled_at.strftime("%Y-%m-%d %H:%M UTC") if feed.polled_at else "never polled"
        title = f" ({feed.title})" if feed.title else ""
        print(f"{feed.id}. {feed.url}{title}: {ingested} ingested; {polled}; {feed.last_status or '-'}")


@feeds_app.command("remove")
def remove(feed: str = typer.Argument(..., help="The feed's URL or its number in `aibot feeds list`.")) -> None:
    """Stop following a feed. Articles already ingested from it stay in the store."""
    from knowledge.feeds.subscriptions import FeedError, remove_feed

    try:
        removed = remove_feed(services().knowledge.engine, feed)
    except FeedError as exc:
        print(f"Not removed: {exc}")
        raise typer.Exit(code=1) from None
    print(f"Stopped following {removed.url}")


@feeds_app.command("poll")
def poll() -> None:
    """Poll every feed now (what `aibot run` does on its schedule) and report each entry."""
    from knowledge.feeds.service import FeedPoller

    bot = services()
    reports = asyncio.run(FeedPoller(bot.knowledge, bot.settings).poll_once())
    if not reports:
        print("No feeds yet. Add one with: aibot feeds add URL")
    for report in reports:
        print(report.line)
        for outcome in report.outcomes:
            detail = f"{outcome.title!r} ({outcome.facts} facts)" if outcome.status == "added" else outcome.reason
            print(f"  {outcome.status:<8} {outcome.name}: {detail}")
    if any(r.status == "error" or r.count("refused") for r in reports):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
