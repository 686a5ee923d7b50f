"""Facts read from ingested text, and the /ai-stock answer that prefers the newest dated one."""

from __future__ import annotations

from datetime import date

import pytest

ARTICLE = """---
title: Hong Kong AI stocks retreat
publisher: Harbour Markets Daily
published: 2026-03-09
---
Hong Kong AI stocks retreated on Monday as investors took profits after a strong February.
MiniMax shares fell 7% by the close, while Tesla shares fell 3% in New York.
The Hang Seng index fell 2% over the session.
Zhipu AI released GLM-5.1 to developers on the same day, and SenseTime launched its new SenseNova platform.
"""


def test_a_new_article_about_a_fall_changes_the_stock_answer_with_its_source(cli, tmp_path):
    before = cli("ask", "/ai-stock MiniMax")
    assert "rose 11%" in before.stdout.splitlines()[1]  # the seed article's rise leads today
    path = tmp_path / "retreat.md"
    path.write_text(ARTICLE, encoding="utf-8")
    ingested = cli("ingest", str(path))
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr

    after = cli("ask", "/ai-stock MiniMax")
    assert after.returncode == 0
    lead = after.stdout.splitlines()[1]
    assert "MiniMax shares fell 7%, as of 2026-03-09 (reported by Harbour Markets Daily)" in lead
    assert "“MiniMax shares fell 7% by the close, while Tesla shares fell 3% in New York.”" in lead
    assert "Earlier: MiniMax shares rose 11%" in after.stdout  # the older move is still shown
    assert "Change: -7%" in after.stdout
    assert "Hong Kong AI stocks retreat, Harbour Markets Daily, 2026-03-09" in after.stdout
    assert "(as of 2026-03-09)" in after.stdout

    # Ask it as a question too, in Chinese: the same newest move.
    chinese = cli("ask", "稀宇的股价怎么样？")
    assert "7%" in chinese.stdout


def test_only_tracked_firms_and_clear_patterns_become_facts(services):
    from sqlmodel import Session

    from knowledge.ingest.facts import extract_facts
    from knowledge.queries import build_resolver

    with Session(services.knowledge.engine) as session:
        resolver = build_resolver(session)
    facts = extract_facts(ARTICLE.split("---\n", 2)[2], resolver, published=date(2026, 3, 9))
    found = {(f.kind, f.subject_name, f.predicate, f.number, f.value) for f in facts}
    assert found == {
        ("stock_move", "MiniMax", "down", -7.0, "-7%"),
        ("event", "Zhipu AI", "release", None, "GLM-5.1"),
        ("event", "SenseTime", "release", None, "SenseNova"),
    }  # Tesla is not tracked and the index is not a firm: no facts for them
    move = next(f for f in facts if f.kind == "stock_move")
    assert move.evidence.startswith("MiniMax shares fell 7% by the close")
    assert move.as_of == date(2026, 3, 9)


@pytest.mark.parametrize("sentence, firm, number", [
    ("Shares of UCloud jumped 12.5 percent after the deal.", "UCloud Tech", 12.5),
    ("Tencent's stock slipped by about 4% on Friday.", "Tencent", -4.0),
    ("智谱股价大涨30%。", "Zhipu AI", 30.0),
])
def test_share_move_phrasings(services, sentence, firm, number):
    from sqlmodel import Session

    from knowledge.ingest.facts import extract_facts
    from knowledge.queries import build_resolver

    with Session(services.knowledge.engine) as session:
        resolver = build_resolver(session)
    facts = extract_facts(sentence, resolver)
    assert [(f.subject_name, f.number) for f in facts] == [(firm, number)]


def test_the_next_digest_lists_the_ingested_article(cli, tmp_path):
    path = tmp_path / "retreat.md"
    path.write_text(ARTICLE, encoding="utf-8")
    before = cli("digest", "--preview")
    assert before.returncode == 0, before.stderr
    assert "Hong Kong AI stocks retreat" not in before.stdout
    assert cli("ingest", str(path)).returncode == 0
    after = cli("digest", "--preview")
    assert "Hong Kong AI stocks retreat" in after.stdout
