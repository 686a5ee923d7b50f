"""`aibot ingest PATH...`: add article files and folders to the store, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.cli.common import services


def ingest(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .md, .html) or folders of them."),
    title: str = typer.Option(None, "--title", help="Title (one file only; otherwise from front matter or the page)."),
    source: str = typer.Option(None, "--source", help="Publisher name, for every file."),
    url: str = typer.Option(None, "--url", help="The article's URL (one file only)."),
    published: str = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD, for every file."),
) -> None:
    """Add articles: each is split into passages, linked to the firms, models and people it names,
    and searchable at once. Duplicates are skipped; bad files are refused with the reason."""
    from knowledge.ingest.files import collect_files, ingest_files
    from knowledge.ingest.reading import Overrides
    from knowledge.text import parse_date

    console = Console(stderr=True)
    day = parse_date(published) if published else None
    if published and day is None:
        raise typer.BadParameter(f"{published!r} is not a date like 2026-03-02", param_hint="--published")
    files, early = collect_files(paths)  # walked once; the list is passed on
    if (title or url) and len(files) != 1:
        raise typer.BadParameter("--title and --url describe one article; give exactly one file",
                                 param_hint="--title/--url")
    bot = services()
    overrides = Overrides(title=title, publisher=source, url=url, published=day)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                        disable=len(files) < 2, transient=True)
    with progress:
        task = progress.add_task("Ingesting", total=len(files))
        report = ingest_files(bot.knowledge.engine, files, early, max_bytes=bot.settings.max_document_bytes,
                              overrides=overrides, on_progress=lambda _o: progress.advance(task))
    _print_report(report)
    if report.count("refused"):
        raise typer.Exit(code=1)


def _print_report(report) -> None:
    # Plain lines, one per file, so the output reads the same in a terminal, a log or a pipe.
    for outcome in report.outcomes:
        if outcome.status == "added":
            print(f"added    {outcome.name}: {outcome.title!r} ({outcome.facts} facts)")
        else:
            print(f"{outcome.status:<8} {outcome.name}: {outcome.reason}")
    print(f"Summary: {report.summary}")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
