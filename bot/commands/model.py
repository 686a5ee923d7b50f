"""/ai-model MODEL: what a model is, who makes it, and what is claimed about it."""

from bot.answering.profiles import model_reply
from bot.commands.entity_args import resolve_arg
from bot.commands.registry import Command, Option, OptionKind, Registry
from bot.replies import Reply

MODEL = Option("model", "Model name, such as GLM-5 or Kimi K2", OptionKind.MODEL)


def model(ctx, options: dict[str, str]) -> Reply:
    found = resolve_arg(ctx, options["model"], MODEL.entity_kinds, "ai-model")
    return found if isinstance(found, Reply) else model_reply(ctx.snapshot, found)


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-model", summary="What a model does, who makes it, and claims about it",
        handler=model, options=(MODEL,), words=("model",),
        examples=("/ai-model Ming-Flash-Omni 2.0", "/ai-model glm5"),
    ))
