"""`aibot config check`: validate the settings and say exactly what is missing."""

from __future__ import annotations

import typer
from pydantic import ValidationError

config_app = typer.Typer(help="Inspect the bot's configuration.", no_args_is_help=True)


@config_app.command("check")
def check(
    offline: bool = typer.Option(False, "--offline", help="Do not connect to the database"),
) -> None:
    """Validate settings from the environment and .env; exit 1 if anything is wrong. Secrets are shown only as set / not set."""
    from rich.console import Console

    from bot.config import Settings
    from bot.config_check import check_settings, describe_validation_error

    console = Console(highlight=False, soft_wrap=True)
    try:
        settings = Settings()
    except ValidationError as exc:
        for line in describe_validation_error(exc):
            console.print(f"[red]✗[/red] {line}")
        raise typer.Exit(1)
    report = check_settings(settings, probe_database=not offline)
    for label, status in report.lines:
        console.print(f"  {label:<12} {status}")
    for warning in report.warnings:
        console.print(f"[yellow]![/yellow] {warning}")
    for problem in report.problems:
        console.print(f"[red]✗[/red] {problem}")
    console.print("[green]Configuration OK[/green]" if report.ok else
                  f"[red]{len(report.problems)} problem(s) found[/red]")
    raise typer.Exit(0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
