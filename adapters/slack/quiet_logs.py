"""Bolt logs a rejected request's whole body at INFO ("Invalid request signature detected ...
body: ..."), and that body can carry a verification token or whatever a forger put in it.

Bolt copies its base logger's filters onto every logger it creates, so this filter, set on the
logger the app is given, keeps request bodies and token values out of every Bolt log line
(bot/logs.py's RedactSecrets still covers our own configured secrets on the handler)."""

from __future__ import annotations

import logging
import re

_BODY = re.compile(r"body: .*", re.DOTALL)
_TOKEN_VALUE = re.compile(r"""(['"]?token['"]?\s*[:=]\s*['"]?)[^'"&,\s}]+""", re.IGNORECASE)


class HideRequestBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = _TOKEN_VALUE.sub(r"\1[hidden]", _BODY.sub("body: [hidden])", message))
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


def bolt_logger() -> logging.Logger:
    logger = logging.getLogger("adapters.slack.bolt")
    if not any(isinstance(f, HideRequestBodies) for f in logger.filters):
        logger.addFilter(HideRequestBodies())
    return logger
