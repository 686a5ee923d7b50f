"""Slack endpoint throughput: signed slash commands over loopback HTTP against the real bot
(`aibot run` in HTTP mode, a fake Slack Web API on 127.0.0.1 taking its answers), at rising
concurrency up to 500 requests in flight.

    python benchmarks/slack_endpoint.py [--requests 600] [--rounds 9] [--levels 1,10,50,100,250,500]

The floor, measured in the same run, is the same stack doing nothing: a Bolt app on the same
aiohttp server and signature check whose slash command only acks with a constant string. Beside
it run the bot as shipped and the bot with ANSWER_MEMO_SIZE=0. Every request asks the same thing,
the burst the memo is for (everyone asking about the firm in the news): the shipped bot computes
and renders that answer once per knowledge snapshot; with the memo off it computes every one.

Each round runs the three back to back in a rotating order, and the throughput ratio (floor
req/s / bot req/s; 1.0 means no cost over the floor) is taken within the round, so a busy spell
elsewhere on the machine hits all three alike; the table shows the median over the rounds and
its range. Target: within 1.3x, zero errors, every ack well inside Slack's 3 seconds. The bot
answers in the acknowledgement itself when the answer is ready in time (it nearly always is); an
answer that is not follows through the fake's response_url, and the benchmark waits for those
before going on ("then s": how long the last of them took after the last ack).

Both sides pay the same ~10 ms at one request in flight: async Bolt polls for the listener's
ack every 10 ms before it responds. What remains at higher concurrency is the bot's own work
(the engine, rendering the blocks, a larger acknowledgement), which the floor does not do; on a
small machine the load generator shares the CPU with the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.slack.fake_slack import FakeSlack  # noqa: E402
from tests.slack.slack_requests import BOT_TOKEN, SIGNING_SECRET, command_body, free_port, signed_headers  # noqa: E402

ACK_BUDGET_MS = 3000.0


def floor_server(port: int, api_url: str) -> None:
    """The floor: a Bolt app on the same aiohttp stack that only acks with a constant string."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SIGNING_SECRET)

    @app.command("/ai-stock")
    async def constant(ack):
        await ack("ok")

    async def events(request):
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/healthz", lambda request: web.json_response({"status": "ok"}))
    web.run_app(web_app, host="127.0.0.1", port=port, access_log=None, print=None)


def start(args: list[str], env: dict) -> subprocess.Popen:
    """stderr goes to a temporary file, read only if the process dies before it is ready: a pipe
    nobody reads would fill up under a chatty run and stall the process being measured."""
    stderr = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    process.stderr_file = stderr
    return process


async def wait_ready(session: aiohttp.ClientSession, url: str, process: subprocess.Popen) -> None:
    for _ in range(1200):
        if process.poll() is not None:
            process.stderr_file.seek(0)
            raise RuntimeError(process.stderr_file.read())
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} never became ready")


async def load(session, url: str, fake: FakeSlack, *, total: int, concurrency: int, tag: str) -> dict:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    errors = answered = 0

    async def one(index: int) -> None:
        nonlocal errors, answered
        body = command_body(response_url=fake.response_url(f"{tag}-{index}"), text="MiniMax")
        async with gate:
            started = time.perf_counter()
            try:
                async with session.post(url, data=body.encode(), headers=signed_headers(body)) as response:
                    text = await response.text()
                    if response.status != 200:
                        errors += 1
                    elif "+11%" in text:  # the answer rode in the acknowledgement
                        answered += 1
            except aiohttp.ClientError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(total)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"throughput": total / elapsed, "p50": statistics.median(latencies),
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "max": latencies[-1],
            "errors": errors, "answered": answered}


def median_run(runs: list[dict]) -> dict:
    """The run with the median throughput (its latencies too); errors and worst ack over all runs."""
    middle = dict(sorted(runs, key=lambda r: r["throughput"])[len(runs) // 2])
    middle["errors"] = sum(r["errors"] for r in runs)
    middle["max"] = max(r["max"] for r in runs)
    return middle


async def drain(fake: FakeSlack, expected: int) -> int:
    """Wait until the answers that follow through response_url (those not ready within the ack
    budget) have all arrived, or stop after 10 minutes."""
    for _ in range(6000):
        answered = len(fake.calls_to("response_url"))
        if answered >= expected:
            return answered
        await asyncio.sleep(0.1)
    return len(fake.calls_to("response_url"))


async def main(total: int, levels: list[int], rounds: int) -> None:
    fake = FakeSlack().start()
    workdir = tempfile.mkdtemp(prefix="aibot-slack-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "ANSWER_MEMO"))}
    env.update({"HOME": workdir, "LOG_LEVEL": "WARNING",
                "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.api_url, "HOST": "127.0.0.1"})
    aibot = str(Path(sys.executable).with_name("aibot"))
    ports = {name: free_port() for name in SERVERS}
    # The bot as shipped, and the same bot with its answer memo off (every answer computed), each
    # on its own SQLite file (one process per SQLite store, as the README says).
    processes = {
        "floor": start([sys.executable, __file__, "--floor", str(ports["floor"]), fake.api_url], env),
        "bot": start([aibot, "run"], {**env, "PORT": str(ports["bot"]),
                                      "DATABASE_URL": f"sqlite:///{workdir}/bot.db"}),
        "no memo": start([aibot, "run"], {**env, "PORT": str(ports["no memo"]), "ANSWER_MEMO_SIZE": "0",
                                          "DATABASE_URL": f"sqlite:///{workdir}/no-memo.db"}),
    }
    rows = []
    try:
        connector = aiohttp.TCPConnector(limit=max(levels))
        async with aiohttp.ClientSession(connector=connector) as session:
            for name, process in processes.items():
                path = "healthz" if name == "floor" else "readyz"
                await wait_ready(session, f"http://127.0.0.1:{ports[name]}/{path}", process)
            for name in SERVERS:  # warm up (auth.test, caches)
                await load(session, f"http://127.0.0.1:{ports[name]}/slack/events", fake, total=20, concurrency=5,
                           tag=f"warm-{name}")
            expected = 0
            for concurrency in levels:
                count = max(total, concurrency * 2)
                runs = {name: [] for name in SERVERS}
                answered = {name: 0 for name in SERVERS}
                drains = []
                for round_ in range(rounds):
                    # Each round runs all three back to back, in a rotating order, and a ratio is
                    # taken within the round: load from elsewhere on the machine hits all alike.
                    order = SERVERS[round_ % 3:] + SERVERS[:round_ % 3]
                    for name in order:
                        run = await load(session, f"http://127.0.0.1:{ports[name]}/slack/events", fake, total=count,
                                         concurrency=concurrency, tag=f"{name}{concurrency}-{round_}")
                        runs[name].append(run)
                        if name == "floor":
                            continue
                        later = count - run["answered"]  # acknowledged empty, answer to follow
                        expected += later
                        began = time.perf_counter()
                        answered[name] += run["answered"] + await drain(fake, expected) - (expected - later)
                        drains.append(time.perf_counter() - began)
                rows.append((concurrency, runs, answered, count * rounds, max(drains)))
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
            process.stderr_file.close()
        fake.stop()
    report(rows, total, rounds)


SERVERS = ["floor", "bot", "no memo"]


def paired_ratio(runs: dict, name: str) -> tuple[float, float, float]:
    """floor throughput / `name` throughput within each round: the median, lowest and highest."""
    ratios = sorted(f["throughput"] / b["throughput"] for f, b in zip(runs["floor"], runs[name]))
    return statistics.median(ratios), ratios[0], ratios[-1]


def report(rows: list, total: int, rounds: int) -> None:
    print(f"Slack endpoint: {total}+ signed /ai-stock requests per run, {rounds} rounds per level, each round "
          "running the floor, the bot and the bot with ANSWER_MEMO_SIZE=0 back to back; medians shown, the "
          "throughput ratio taken within each round (floor: Bolt acking a constant)")
    print(f"{'in flight':>9} | {'bot req/s':>9} | {'bot p50 ms':>10} | {'bot p99 ms':>10} | {'errors':>6} | "
          f"{'answered':>11} | {'then s':>6} | {'floor req/s':>11} | {'floor p99 ms':>12} | "
          f"{'ratio tput (range)':>18} | {'ratio p99':>9} | {'no memo: ratio tput (range)':>27}")
    worst = worst_off = 0.0
    for concurrency, runs, answered, count, drained in rows:
        b, f = median_run(runs["bot"]), median_run(runs["floor"])
        ratio, low, high = paired_ratio(runs, "bot")
        off, off_low, off_high = paired_ratio(runs, "no memo")
        worst, worst_off = max(worst, ratio), max(worst_off, off)
        errors = b["errors"] + f["errors"] + median_run(runs["no memo"])["errors"]
        both = f"{answered['bot'] + answered['no memo']}/{count * 2}"
        print(f"{concurrency:>9} | {b['throughput']:>9.0f} | {b['p50']:>10.1f} | {b['p99']:>10.1f} | {errors:>6} | "
              f"{both:>11} | {drained:>6.1f} | {f['throughput']:>11.0f} | {f['p99']:>12.1f} | "
              f"{ratio:>5.2f}x ({low:.2f}-{high:.2f}) | {b['p99'] / f['p99']:>8.2f}x | "
              f"{off:>12.2f}x ({off_low:.2f}-{off_high:.2f})")
    slowest_ack = max(max(median_run(runs[name])["max"] for name in SERVERS) for _, runs, _, _, _ in rows)
    print(f"worst median throughput ratio {worst:.2f}x (target 1.3x), {worst_off:.2f}x with the memo off; "
          f"slowest ack {slowest_ack:.0f} ms (budget {ACK_BUDGET_MS:.0f} ms)")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--floor":
        floor_server(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="requests per run (at least 2x the level)")
    parser.add_argument("--levels", default="1,10,50,100,250,500")
    parser.add_argument("--rounds", type=int, default=9, help="rounds per level (floor, bot, bot without memo)")
    options = parser.parse_args()
    asyncio.run(main(options.requests, [int(x) for x in options.levels.split(",")], options.rounds))
