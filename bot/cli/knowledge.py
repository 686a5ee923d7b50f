"""`aibot knowledge reload` and `aibot stats`: look after the store's curated knowledge."""

from __future__ import annotations

import typer

from bot.cli.common import services

knowledge_app = typer.Typer(help="Manage the curated knowledge file.", no_args_is_help=True)


@knowledge_app.command("reload")
def reload() -> None:
    """Re-read the curated knowledge file after an edit (adds, updates and removes facts)."""
    from knowledge.seeding import reload_curated

    bot = services()
    report = reload_curated(bot.knowledge.engine, bot.settings.seeds_dir)
    print(f"entities: +{report.entities_added} ~{report.entities_updated} -{report.entities_removed}; "
          f"facts: +{report.facts_added} -{report.facts_removed}" + ("" if report.changed else " (no change)"))


def register(app: typer.Typer) -> None:
    app.add_typer(knowledge_app, name="knowledge")
    from bot.cli.stats import stats

    knowledge_app.command("stats")(stats)
    app.command()(stats)
