"""`aibot knowledge reload` and `aibot stats`: look after the store's curated knowledge."""

from __future__ import annotations

import typer
from sqlmodel import Session

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


def stats() -> None:
    """Counts of documents, passages, entities, facts and mentions in the store."""
    from knowledge.queries import counts

    bot = services()
    with Session(bot.knowledge.engine) as session:
        for name, number in counts(session).items():
            print(f"{name:<10} {number}")


def register(app: typer.Typer) -> None:
    app.add_typer(knowledge_app, name="knowledge")
    app.command()(stats)
