"""What the fake Slack records: one Call per request, with the text a Slack user would read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Call:
    method: str  # "chat.postMessage", "response_url", "upload"
    body: dict
    headers: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The message text plus every text inside its blocks: what a user would read."""
        parts = [str(self.body.get("text") or "")]
        parts.extend(_block_texts(self.body.get("blocks")))
        return "\n".join(p for p in parts if p)


def _block_texts(blocks) -> list[str]:
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return found
