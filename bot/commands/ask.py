"""/ai-ask QUESTION (or plain text): a free question about the Chinese AI industry."""

from bot.answering.ask import answer_question
from bot.commands.registry import Command, Option, Registry
from bot.replies import Reply

QUESTION = Option("question", "Your question, in English or Chinese")


def ask(ctx, options: dict[str, str]) -> Reply:
    return answer_question(ctx.snapshot, options["question"])


def register(registry: Registry) -> None:
    registry.add(Command(
        name="ai-ask", summary="Ask a question about Chinese AI firms, models, people and policy",
        handler=ask, options=(QUESTION,), words=("ask",),
        examples=("/ai-ask Who built GLM-5?", "/ai-ask Why are Chinese labs releasing open models?"),
    ))
