"""What every CLI verb needs: settings, logging and the services, built the same way each time."""

from __future__ import annotations

import sys

from bot.config import Settings, get_settings
from bot.logs import setup_logging


def settings_and_logging(*, quiet: bool = True) -> Settings:
    settings = get_settings()
    if quiet and settings.log_level.upper() == "INFO":
        # The terminal verbs print answers on stdout; only warnings belong on stderr.
        settings = settings.model_copy(update={"log_level": "WARNING"})
    setup_logging(settings, stream=sys.stderr)
    return settings


def services(*, quiet: bool = True):
    from bot.services import build_services

    return build_services(settings_and_logging(quiet=quiet))
