"""/ai-help [COMMAND]: generated from the registry, so it can never disagree with it."""

from bot.commands.registry import Command, Option, Registry
from bot.replies import ReplyField, usage

TOPIC = Option("command", "A command to explain", required=False)


def help_reply(ctx, options: dict[str, str]):
    registry = ctx.registry
    wanted = options.get("command")
    if wanted:
        command = registry.get(wanted)
        if command is None:
            return usage("Help", f"There is no command called {wanted[:40]!r}. Try /ai-help for the list.")
        lines = [command.summary, f"Usage: {command.usage}"]
        lines += [f"- {o.name}: {o.description}" for o in command.options]
        if command.details:
            lines.append(command.details)
        if command.examples:
            lines.append("Examples: " + "; ".join(command.examples))
        return usage(f"/{command.name}", "\n".join(lines))
    fields = [ReplyField(c.usage, c.summary, inline=False) for c in registry]
    text = (
        "I answer questions about the Chinese AI industry from news articles, and name my source "
        "every time. Ask in plain words (\"How did MiniMax's shares move?\", \"Who built GLM-5?\") "
        "or use a command:"
    )
    return usage("What I can do", text, fields=fields)


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-help", summary="What the bot can do, and how to use each command",
        handler=help_reply, options=(TOPIC,), words=("help",), examples=("/ai-help", "/ai-help ai-stock"),
    ))
