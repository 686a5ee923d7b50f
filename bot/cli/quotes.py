"""`aibot quotes import FILE.csv`: load daily closes that `/ai-stock` shows beside reported moves."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.common import services

quotes_app = typer.Typer(help="Market data: daily closing prices.", no_args_is_help=True)


@quotes_app.command("import")
def import_(path: Path = typer.Argument(..., help="CSV with date, ticker (or firm), close and optional change.")) -> None:
    """Import closes; unknown tickers and firms are listed, never guessed."""
    from knowledge.ingest.quotes import QuoteFileError, import_quotes

    bot = services()
    try:
        report = import_quotes(bot.knowledge.engine, path)
    except QuoteFileError as exc:
        print(f"Not imported: {exc}")
        raise typer.Exit(code=1) from None
    for name, lines in sorted(report.unknown.items()):
        shown = ", ".join(map(str, lines[:5])) + (" ..." if len(lines) > 5 else "")
        print(f"unknown  {name!r} (line {shown}): not a tracked ticker or firm; not imported")
    for problem in report.bad_lines:
        print(f"bad      {problem}")
    print(f"Summary: {report.summary}")
    if report.unknown or report.bad_lines:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(quotes_app, name="quotes")
