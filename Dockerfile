# The bot in one slim image: the seeds are baked in (they ship inside the package), it runs as a
# non-root user, and it starts with the same commands the test suite drives.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATA_DIR=/data HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json

RUN useradd --create-home --uid 10001 aibot && mkdir /data && chown aibot /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY seeds ./seeds
RUN pip install .

USER aibot
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
# Migrations run at start (and can be run alone with `aibot db upgrade`).
CMD ["aibot", "run"]
