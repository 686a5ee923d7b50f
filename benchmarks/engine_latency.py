"""Per-question latency of the answer engine, in process, on the seed store and on a synthetic
store 100x larger (firms, models, people, aliases, stock moves, articles).

    python benchmarks/engine_latency.py [--scale 100] [--rounds 20]

Prints one table. Targets (issue 3): p99 under 5 ms at seed size and under 20 ms at 100x, on one
core. The floor, measured in the same run on the same store, is the two library calls every
answer needs at least: one bm25s query over the store's passages and one rapidfuzz lookup over
all aliases; the engine's cost is reported as a ratio to it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.engine import AnswerEngine  # noqa: E402
from bot.messages import Message  # noqa: E402
from knowledge.store import Knowledge  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "eval" / "sample.jsonl"
# Questions beyond the sample: commands, typos, aliases, Chinese, unknown firms, retrieval.
EXTRA = [
    "/ai-stock MiniMax", "/ai-stock zhipuu", "/ai-firm 智谱", "/ai-model glm5", "/ai-compare minimax zhipu",
    "/ai-stock Apple", "Which Chinese AI stocks fell?", "Who is Yao Shunyu?", "智谱的股价涨了多少？",
    "What did Justin Lin say about the US?", "What is the AI+ plan?", "How many Qwen models are there?",
    "What are the risks of Chinese open-source models?", "Is Meta buying Manus?", "help", "hello",
]
SYLLABLES = ["ka", "lo", "mi", "ra", "xi", "zen", "qu", "ta", "vor", "shu", "lan", "po", "dex", "ni", "hua", "yun"]


def questions() -> list[str]:
    sample = [json.loads(line)["q"] for line in SAMPLE.read_text().splitlines() if line.strip()] \
        if SAMPLE.exists() else []
    return sample + EXTRA


def synthetic_seeds(scale: int, target: Path) -> list[str]:
    """The bundled seeds plus (scale - 1) times as many synthetic entities and articles."""
    from knowledge.seeding import bundled_seeds_dir

    source = bundled_seeds_dir()
    for path in source.iterdir():
        if path.suffix in (".txt", ".yaml"):
            shutil.copy(path, target / path.name)
    data = yaml.safe_load((target / "knowledge.yaml").read_text())
    rng = random.Random(7)
    base = {k: len(data.get(k) or []) for k in ("firms", "models", "people", "stock_moves")}
    names: set[str] = set()

    def name() -> str:
        while True:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            if word not in names:
                names.add(word)
                return word

    firms = []
    for i in range((scale - 1) * base["firms"]):
        word = name()
        firms.append({"key": f"syn-firm-{i}", "name": f"{word} AI", "aliases": [word, f"{word} Labs"],
                      "country": "China", "summary": f"{word} AI is a synthetic firm for benchmarks.",
                      "source": f"{100 + i % ((scale - 1) * 4):03d}"})
    models = [{"key": f"syn-model-{i}", "name": f"{name()}-{rng.randint(1, 9)}", "maker": rng.choice(firms)["key"],
               "open": True, "does": "a synthetic language model", "source": "000"}
              for i in range((scale - 1) * base["models"])]
    people = [{"key": f"syn-person-{i}", "name": f"{name()} {name()}", "firm": rng.choice(firms)["key"],
               "role": "researcher", "source": "000"} for i in range((scale - 1) * base["people"])]
    moves = [{"firm": f["key"], "change": rng.randint(-30, 30) or 1,
              "statement": f"{f['name']} shares moved.", "source": "000"}
             for f in rng.sample(firms, (scale - 1) * base["stock_moves"])]
    data["firms"] += firms
    data["models"] += models
    data["people"] += people
    data["stock_moves"] += moves
    # Articles: (scale - 1) * 4 synthetic articles of seed-like length mentioning synthetic names.
    words = (source / "000_c04b250c322b28b2.txt").read_text().split()
    for i in range((scale - 1) * 4):
        firm, model = rng.choice(firms), rng.choice(models)
        paragraphs = []
        for _ in range(8):
            filler = " ".join(rng.choice(words) for _ in range(60))
            paragraphs.append(f"{firm['name']} released {model['name']} this week. {filler}.")
        (target / f"{100 + i:03d}_synthetic.txt").write_text(
            f"---\ntitle: Synthetic article {i}\n---\n" + "\n\n".join(paragraphs), encoding="utf-8")
    (target / "knowledge.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return [f"/ai-stock {f['name'].lower()[:-1]}" for f in rng.sample(firms, 10)] + \
           [f"What does {m['name']} do?" for m in rng.sample(models, 10)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(engine: AnswerEngine, knowledge: Knowledge, asked: list[str], rounds: int) -> dict:
    for question in asked:  # warm-up: the snapshot is built on the first question
        engine.handle(Message(text=question))
    engine_times, floor_times = [], []
    snapshot = knowledge.snapshot()
    aliases = snapshot.resolver._alias_texts  # the same alias list the resolver matches against
    from rapidfuzz import process, utils

    for _ in range(rounds):
        for question in asked:
            start = time.perf_counter()
            engine.handle(Message(text=question))
            engine_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            snapshot.search(question, k=5)
            process.extractOne(question, aliases, processor=utils.default_process)
            floor_times.append((time.perf_counter() - start) * 1000)
    return {"p50": statistics.median(engine_times), "p99": percentile(engine_times, 0.99),
            "max": max(engine_times), "floor_p50": statistics.median(floor_times),
            "floor_p99": percentile(floor_times, 0.99), "n": len(engine_times)}


def run_store(label: str, seeds_dir: Path | None, extra_questions: list[str], rounds: int, workdir: Path):
    url = f"sqlite:///{workdir / (label + '.db')}"
    start = time.perf_counter()
    knowledge = Knowledge.open(url, seeds_dir=seeds_dir)
    knowledge.snapshot()
    load_s = time.perf_counter() - start
    # The memo off: every round must compute its answers, not find the first round's.
    settings = Settings(_env_file=None, database_url=url, answer_memo_size=0)
    engine = AnswerEngine(knowledge, settings)
    snap = knowledge.snapshot()
    result = measure(engine, knowledge, questions() + extra_questions, rounds)
    result.update(label=label, load_s=load_s, entities=len(snap.entities),
                  passages=len(snap.units))
    knowledge.engine.dispose()
    return result


def process_times(url: str, runs: int = 5) -> tuple[float, float]:
    """Median wall time of a whole `aibot ask` process, and of a bare interpreter start (floor)."""
    import os
    import subprocess

    aibot = Path(sys.executable).with_name("aibot")
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}

    def wall(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    return wall([str(aibot), "ask", "How did MiniMax's shares move?"]), wall([sys.executable, "-c", "pass"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rows = [run_store("seed", None, [], args.rounds, workdir)]
        ask_ms, python_ms = process_times(f"sqlite:///{workdir / 'seed.db'}")
        synthetic = workdir / "seeds"
        synthetic.mkdir()
        extra = synthetic_seeds(args.scale, synthetic)
        rows.append(run_store(f"{args.scale}x", synthetic, extra, max(1, args.rounds // 2), workdir))
    targets = {"seed": 5.0}
    print(f"{'store':<6} {'entities':>8} {'passages':>8} {'load s':>7} {'questions':>9} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'floor p50':>9} {'ratio p50':>9} {'target p99':>10}")
    for row in rows:
        target = targets.get(row["label"], 20.0)
        verdict = "ok" if row["p99"] < target else "MISSED"
        print(f"{row['label']:<6} {row['entities']:>8} {row['passages']:>8} {row['load_s']:>7.1f} {row['n']:>9} "
              f"{row['p50']:>7.2f} {row['p99']:>7.2f} {row['max']:>7.2f} {row['floor_p50']:>9.2f} "
              f"{row['p50'] / row['floor_p50']:>8.1f}x {f'<{target:g} {verdict}':>10}")
    print(f"\nwhole `aibot ask` process: {ask_ms:.0f} ms median (bare `python -c pass`: {python_ms:.0f} ms; "
          f"target well under 1000 ms)")


if __name__ == "__main__":
    main()
