"""The `aibot` command line, run as a real process, the way users and the evaluation run it."""

import json
import os
import subprocess

import pytest

from tests.processes import AIBOT



def test_ask_prints_a_grounded_answer_with_its_source(cli):
    result = cli("ask", "How much did MiniMax stock rise?")
    assert result.returncode == 0, result.stderr
    assert "11%" in result.stdout
    assert "Archyworldys" in result.stdout  # the publisher of the article it rests on


def test_text_starting_with_a_slash_is_a_command(cli):
    result = cli("ask", "/ai-stock Zhipu")
    assert result.returncode == 0
    assert "+30%" in result.stdout


def test_batch_mode_answers_each_line_in_order_as_json(cli):
    questions = ["/ai-stock sensetime", "Who built GLM-5?", "/ai-stock Tesla", "月之暗面"]
    result = cli("ask", input="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert set(rows[0]) == {"question", "text", "sources", "entities"}
    assert "+5%" in rows[0]["text"] and rows[0]["entities"] == ["SenseTime"]
    assert rows[0]["sources"] and "Archyworldys" in rows[0]["sources"][0]
    assert "Zhipu AI" in rows[1]["text"]
    assert "%" not in rows[2]["text"] and "track" in rows[2]["text"]
    assert "Moonshot AI" in rows[3]["entities"]


def test_json_flag_gives_the_same_record_for_one_question(cli):
    one = json.loads(cli("ask", "--json", "Who acquired Manus?").stdout)
    batch = json.loads(cli("ask", input="Who acquired Manus?\n").stdout)
    assert one == batch
    assert "Meta" in one["text"]


def test_chat_answers_lines_until_quit(cli):
    result = cli("chat", input="/ai-stock minimaxx\nWho is Yao Shunyu?\n/quit\nnever read\n")
    assert result.returncode == 0, result.stderr
    assert "+11%" in result.stdout
    assert "Tencent" in result.stdout
    assert "never read" not in result.stdout


@pytest.mark.parametrize("verb", ["ask", "chat", "run", "stats", "knowledge"])
def test_every_verb_has_help(verb):
    result = subprocess.run([AIBOT, verb, "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_first_run_creates_and_seeds_a_sqlite_store_in_the_user_data_dir(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATA_DIR")}
    env.update({"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")})
    result = subprocess.run([AIBOT, "ask", "/ai-stock UCloud"], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "+20%" in result.stdout
    assert (tmp_path / "data" / "aibot" / "aibot.db").exists()


def test_stats_and_knowledge_reload_on_an_unchanged_store(cli):
    stats = cli("stats")
    assert stats.returncode == 0
    counts = dict(line.split() for line in stats.stdout.splitlines())
    assert int(counts["documents"]) == 4 and int(counts["facts"]) > 50
    reload = cli("knowledge", "reload")
    assert reload.returncode == 0
    assert "no change" in reload.stdout
