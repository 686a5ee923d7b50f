"""Running the real `aibot` executable from tests: where it is, and the environment it gets."""

from __future__ import annotations

import os
import sys
from pathlib import Path

AIBOT = str(Path(sys.executable).with_name("aibot"))


def aibot_env(db_url: str, home: Path, **settings: str) -> dict[str, str]:
    """This test's store and home, no Slack or Discord settings inherited from the caller's shell
    (a developer's real tokens must never reach a test), and `settings` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update({"DATABASE_URL": db_url, "HOME": str(home)})
    env.update(settings)
    return env
