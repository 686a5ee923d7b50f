"""Ingestion speed: documents per second for synthetic articles, against a floor.

    python benchmarks/ingest_speed.py [--count 1000] [--url postgresql+psycopg://postgres@127.0.0.1/test]

Each article (four paragraphs naming tracked firms, models and Chinese names, some with a share
move) is ingested the way `aibot ingest` does it: read from a file, split into passages, linked
to entities by the alias resolver, facts extracted, one transaction per document with a
revision bump. The floor, measured in the same run on a fresh store of the same kind, inserts
the same document and passage rows with plain SQLAlchemy Core, also one transaction per
document: the cost of the database itself. Without --url a temporary SQLite file is used; with
--url the given Postgres server gets two scratch databases, dropped at the end.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from knowledge.ingest.files import ingest_files  # noqa: E402
from knowledge.models import Document, Passage  # noqa: E402
from knowledge.store import Knowledge  # noqa: E402
from knowledge.text import content_hash, split_passages  # noqa: E402

FIRMS = ["MiniMax", "Zhipu AI", "SenseTime", "UCloud", "Tencent", "Alibaba", "DeepSeek", "Moonshot AI", "稀宇", "智谱"]
MODELS = ["GLM-5", "Qwen3-Coder", "Kimi", "MiniMax M2.5", "DeepSeek-R1"]
VERBS = ["rose", "fell", "jumped", "slid", "gained", "dropped"]


def synthetic_article(i: int, rng: random.Random) -> str:
    firm, other = rng.sample(FIRMS, 2)
    model = rng.choice(MODELS)
    day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paragraphs = [
        f"{firm} shares {rng.choice(VERBS)} {rng.randint(1, 30)}% on trading day {i} after analysts "
        f"revisited forecasts for {model} and its rivals.",
        f"Investors compared {firm} with {other}, citing usage of {model} among developers in {rng.randint(2, 90)} "
        "countries and the cost of training new open models on domestic chips.",
        f"{other} released a new assistant update number {i}, and said enterprise customers had doubled "
        "over the year, though it gave no figures for revenue or margins.",
        f"Report {i}: policy support, cloud capacity and talent remain the main themes for the sector, "
        f"according to brokers who follow {firm} and {other}.",
    ]
    return f"---\ntitle: Synthetic market report {i}\npublisher: Bench Wire\npublished: {day}\n---\n" + "\n".join(paragraphs) + "\n"


def scratch_url(base: str | None, folder: Path, name: str, created: list[str]) -> str:
    if base is None:
        return f"sqlite:///{folder / (name + '.db')}"
    database = f"aibot_bench_{name}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    created.append(database)
    return make_url(base).set(database=database).render_as_string(hide_password=False)


def run_pipeline(url: str, files: list[Path]) -> tuple[float, int]:
    knowledge = Knowledge.open(url)  # schema and seeds, outside the timing
    start = time.perf_counter()
    report = ingest_files(knowledge.engine, files, max_bytes=1_000_000)
    elapsed = time.perf_counter() - start
    knowledge.engine.dispose()
    return elapsed, report.count("added")


def run_floor(url: str, texts: list[str]) -> float:
    knowledge = Knowledge.open(url)
    engine = knowledge.engine
    rows = []
    for i, raw in enumerate(texts):
        body = raw.split("---\n", 2)[2]
        rows.append((f"raw-{i}", body, split_passages(body)))  # splitting is not the database's cost
    start = time.perf_counter()
    for key, body, passages in rows:
        with engine.begin() as conn:
            doc_id = conn.execute(insert(Document).values(
                key=key, title=key, body=body, content_hash=content_hash(body), origin="bench",
            ).returning(Document.id)).scalar_one()
            conn.execute(insert(Passage), [{"document_id": doc_id, "position": n, "text": p}
                                           for n, p in enumerate(passages)])
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--url", help="a Postgres server URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    rng = random.Random(11)
    texts = [synthetic_article(i, rng) for i in range(args.count)]
    created: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for i, raw in enumerate(texts):
            path = folder / f"article-{i:05d}.md"
            path.write_text(raw, encoding="utf-8")
            files.append(path)
        try:
            pipeline, added = run_pipeline(scratch_url(args.url, folder, "pipeline", created), files)
            floor = run_floor(scratch_url(args.url, folder, "floor", created), texts)
        finally:
            if created:
                admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    for database in created:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                admin.dispose()
    backend = "postgres" if args.url else "sqlite"
    assert added == args.count, f"only {added} of {args.count} articles were stored"
    print(f"Ingestion of {args.count} synthetic articles ({backend}, one transaction per document)")
    print(f"{'run':<44} {'seconds':>8} {'docs/s':>8} {'x floor':>8}")
    print(f"{'floor: raw insert of document + passage rows':<44} {floor:>8.2f} {args.count / floor:>8.0f} {1:>8.1f}")
    print(f"{'aibot ingest pipeline (read, link, facts)':<44} {pipeline:>8.2f} {args.count / pipeline:>8.0f} "
          f"{pipeline / floor:>8.1f}")


if __name__ == "__main__":
    main()
