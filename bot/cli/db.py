"""`aibot db upgrade | current | check`: Alembic migrations for the configured database."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)


def _engine():
    from bot.cli.common import settings_and_logging
    from knowledge.db import create_db_engine

    return create_db_engine(settings_and_logging().effective_database_url)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision")) -> None:
    """Migrate the database to the newest schema (also done whenever the bot starts)."""
    from knowledge.migrate import current_revision, upgrade as run_upgrade

    engine = _engine()
    before = current_revision(engine)
    run_upgrade(engine, revision)
    after = current_revision(engine)
    typer.echo(f"Database at revision {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@db_app.command("current")
def current() -> None:
    """Show the database's revision and the newest one available."""
    from knowledge.migrate import current_revision, head_revision

    typer.echo(f"current: {current_revision(_engine()) or 'none'}; newest: {head_revision()}")


@db_app.command("check")
def check() -> None:
    """Exit 1 if the models and the database schema differ (a migration is missing)."""
    from knowledge.migrate import pending_differences

    differences = pending_differences(_engine())
    for difference in differences:
        typer.echo(str(difference))
    typer.echo("Schema matches the models" if not differences else f"{len(differences)} difference(s)")
    raise typer.Exit(1 if differences else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
